import { pick, type Texts } from '../../src/interactions/i18n.ts';
import type { StoreFailure, StoreProblem } from '../../src/store/types.ts';

/** What /pin, "Pin as fact" and "Pin an answer" say, in every reply language. */
export const PIN_TEXTS = {
  pinned: { en: '📌 Pinned #{id}', 'zh-CN': '📌 已置顶 #{id}', 'zh-TW': '📌 已置頂 #{id}' },
  edited: { en: '📌 Edited #{id}', 'zh-CN': '📌 已编辑 #{id}', 'zh-TW': '📌 已編輯 #{id}' },
  removed: { en: 'Removed pin #{id}', 'zh-CN': '已移除置顶 #{id}', 'zh-TW': '已移除置頂 #{id}' },
  removedMany: {
    en: 'Removed {count} {count|pin|pins}',
    'zh-CN': '已移除 {count} 条置顶',
    'zh-TW': '已移除 {count} 條置頂',
  },
  notPins: {
    en: 'Not pins of this server (nothing to remove)',
    'zh-CN': '不是本服务器的置顶（无需移除）',
    'zh-TW': '不是本伺服器的置頂（無需移除）',
  },
  badIds: {
    en: 'Type pin numbers: 12, several as 3 5 7, or a range as 12-40 (at most {max}).',
    'zh-CN': '请输入置顶编号：12，多个如 3 5 7，或范围如 12-40（最多 {max} 个）。',
    'zh-TW': '請輸入置頂編號：12，多個如 3 5 7，或範圍如 12-40（最多 {max} 個）。',
  },
  noPin: {
    en: 'There is no pin #{id} in this server.',
    'zh-CN': '本服务器没有置顶 #{id}。',
    'zh-TW': '本伺服器沒有置頂 #{id}。',
  },
  unknownPassage: {
    en: 'no passage "{ref}" in the articles',
    'zh-CN': '文章中没有段落“{ref}”',
    'zh-TW': '文章中沒有段落「{ref}」',
  },
  noPassage: {
    en: 'There is no passage "{ref}". Pick one from the list.',
    'zh-CN': '没有段落“{ref}”。请从列表中选择。',
    'zh-TW': '沒有段落「{ref}」。請從清單中選擇。',
  },
  linkKept: {
    en: 'There is no passage "{ref}": the rest is saved and the link left as it was. Type - as the passage to remove it.',
    'zh-CN': '没有段落“{ref}”：其余内容已保存，链接保持不变。段落填 - 可移除链接。',
    'zh-TW': '沒有段落「{ref}」：其餘內容已儲存，連結保持不變。段落填 - 可移除連結。',
  },
  listTitle: {
    en: 'Pinned facts ({count}/{max})',
    'zh-CN': '置顶事实（{count}/{max}）',
    'zh-TW': '置頂事實（{count}/{max}）',
  },
  listEmpty: {
    en: 'No pinned facts yet. Add one with /pin add or the "Pin as fact" message menu.',
    'zh-CN': '还没有置顶事实。用 /pin add 或消息菜单“Pin as fact”添加。',
    'zh-TW': '還沒有置頂事實。用 /pin add 或訊息選單「Pin as fact」新增。',
  },
  cited: {
    en: 'the answer {count}×',
    'zh-CN': '作为答案 {count} 次',
    'zh-TW': '作為答案 {count} 次',
  },
  page: { en: 'Page {page} of {pages}', 'zh-CN': '第 {page}/{pages} 页', 'zh-TW': '第 {page}/{pages} 頁' },
  previous: { en: 'Previous', 'zh-CN': '上一页', 'zh-TW': '上一頁' },
  next: { en: 'Next', 'zh-CN': '下一页', 'zh-TW': '下一頁' },
  exported: {
    en: '{count} pinned facts of this server. Keep the file as a backup or import it with /pin import.',
    'zh-CN': '本服务器的 {count} 条置顶事实。可作为备份，或用 /pin import 导入。',
    'zh-TW': '本伺服器的 {count} 條置頂事實。可作為備份，或用 /pin import 匯入。',
  },
  importTitle: {
    en: 'Import: {added} added, {skipped} skipped, {refused} refused',
    'zh-CN': '导入：新增 {added}，跳过 {skipped}，拒绝 {refused}',
    'zh-TW': '匯入：新增 {added}，略過 {skipped}，拒絕 {refused}',
  },
  added: { en: 'Added', 'zh-CN': '新增', 'zh-TW': '新增' },
  unlinked: {
    en: 'Added without their passage link',
    'zh-CN': '已新增，但未保留段落链接',
    'zh-TW': '已新增，但未保留段落連結',
  },
  skipped: { en: 'Skipped (already pinned)', 'zh-CN': '跳过（已置顶）', 'zh-TW': '略過（已置頂）' },
  refused: { en: 'Refused', 'zh-CN': '拒绝', 'zh-TW': '拒絕' },
  fileTooLarge: {
    en: 'That file is too large (at most {max} MB).',
    'zh-CN': '文件太大（最多 {max} MB）。',
    'zh-TW': '檔案太大（最多 {max} MB）。',
  },
  fileUnreadable: {
    en: 'Could not read that file. Try uploading it again.',
    'zh-CN': '无法读取该文件。请重新上传。',
    'zh-TW': '無法讀取該檔案。請重新上傳。',
  },
  modalAdd: { en: 'Pin a fact', 'zh-CN': '置顶一条事实', 'zh-TW': '置頂一條事實' },
  modalEdit: { en: 'Edit pin #{id}', 'zh-CN': '编辑置顶 #{id}', 'zh-TW': '編輯置頂 #{id}' },
  fieldFact: { en: 'Fact', 'zh-CN': '事实', 'zh-TW': '事實' },
  fieldKeywords: {
    en: 'Keywords (words that should find it)',
    'zh-CN': '关键词（帮助找到它的词）',
    'zh-TW': '關鍵詞（幫助找到它的詞）',
  },
  fieldPassage: {
    en: 'Related passage (e.g. §12; - for none)',
    'zh-CN': '相关段落（如 §12；- 表示无）',
    'zh-TW': '相關段落（如 §12；- 表示無）',
  },
  fieldSource: {
    en: 'Source link (http/https; - for none)',
    'zh-CN': '出处链接（http/https；- 表示无）',
    'zh-TW': '出處連結（http/https；- 表示無）',
  },
  questionGone: {
    en: 'That question is no longer kept (questions are kept 90 days).',
    'zh-CN': '这个问题已不再保留（问题保留 90 天）。',
    'zh-TW': '這個問題已不再保留（問題保留 90 天）。',
  },
  source: { en: 'Source', 'zh-CN': '出处', 'zh-TW': '出處' },
  posted: {
    en: '📌 Pinned fact #{id}',
    'zh-CN': '📌 置顶事实 #{id}',
    'zh-TW': '📌 置頂事實 #{id}',
  },
  passage: { en: 'Passage', 'zh-CN': '段落', 'zh-TW': '段落' },
  keywords: { en: 'Keywords', 'zh-CN': '关键词', 'zh-TW': '關鍵詞' },
} satisfies Record<string, Texts>;

/** Why the store refused, in the moderator's language; the store's English message is the fallback. */
const PROBLEM_TEXTS: Partial<Record<StoreProblem, Texts>> = {
  'empty-text': {
    en: 'A pinned fact needs some text.',
    'zh-CN': '置顶事实不能为空。',
    'zh-TW': '置頂事實不能為空。',
  },
  'punctuation-only': {
    en: 'A pinned fact needs more than punctuation.',
    'zh-CN': '置顶事实不能只有标点。',
    'zh-TW': '置頂事實不能只有標點。',
  },
  'text-too-long': {
    en: 'A pinned fact can be at most {max} characters; this one has {length}.',
    'zh-CN': '置顶事实最多 {max} 个字符；这条有 {length} 个。',
    'zh-TW': '置頂事實最多 {max} 個字元；這條有 {length} 個。',
  },
  'keywords-too-long': {
    en: 'Keywords can be at most {max} characters.',
    'zh-CN': '关键词最多 {max} 个字符。',
    'zh-TW': '關鍵詞最多 {max} 個字元。',
  },
  mention: {
    en: 'A pin cannot contain `{mention}`: answers quote pins to every member, so pins hold no @everyone, @here or mentions.',
    'zh-CN':
      '置顶不能包含 `{mention}`：回答会把置顶展示给所有成员，因此置顶里不能有 @everyone、@here 或提及。',
    'zh-TW':
      '置頂不能包含 `{mention}`：回答會把置頂展示給所有成員，因此置頂裡不能有 @everyone、@here 或提及。',
  },
  'passage-too-long': {
    en: 'A passage reference can be at most {max} characters.',
    'zh-CN': '段落引用最多 {max} 个字符。',
    'zh-TW': '段落引用最多 {max} 個字元。',
  },
  'bad-source': {
    en: 'A pin source must be an http(s) link.',
    'zh-CN': '置顶出处必须是 http(s) 链接。',
    'zh-TW': '置頂出處必須是 http(s) 連結。',
  },
  duplicate: {
    en: 'That fact is already pinned as #{id}.',
    'zh-CN': '这条事实已置顶为 #{id}。',
    'zh-TW': '這條事實已置頂為 #{id}。',
  },
  'pin-limit': {
    en: 'This server already has {max} pinned facts, the most allowed. Remove one with /pin remove before pinning another.',
    'zh-CN': '本服务器已有 {max} 条置顶事实，已达上限。请先用 /pin remove 移除一条再添加。',
    'zh-TW': '本伺服器已有 {max} 條置頂事實，已達上限。請先用 /pin remove 移除一條再新增。',
  },
  'no-such-pin': PIN_TEXTS.noPin,
  'unknown-passage': PIN_TEXTS.unknownPassage,
  storage: {
    en: 'Could not save this: the database is busy or unwritable. Try again.',
    'zh-CN': '无法保存：数据库繁忙或不可写。请再试一次。',
    'zh-TW': '無法儲存：資料庫忙碌或無法寫入。請再試一次。',
  },
  'database-gone': {
    en: 'Could not save this: the database file was deleted or replaced while the bot runs. Ask the bot operator to restart it.',
    'zh-CN': '无法保存：机器人运行期间数据库文件被删除或替换。请让机器人管理员重启机器人。',
    'zh-TW': '無法儲存：機器人執行期間資料庫檔案被刪除或取代。請讓機器人管理員重新啟動機器人。',
  },
  'file-too-large': PIN_TEXTS.fileTooLarge,
  'not-json': {
    en: 'That file is not JSON. Use a file made by /pin export.',
    'zh-CN': '该文件不是 JSON。请使用 /pin export 生成的文件。',
    'zh-TW': '該檔案不是 JSON。請使用 /pin export 產生的檔案。',
  },
  'too-many-entries': {
    en: 'That file holds {count} entries; a server can have at most {max} pins. Nothing was imported.',
    'zh-CN': '该文件包含 {count} 条；每个服务器最多 {max} 条置顶。未导入任何内容。',
    'zh-TW': '該檔案包含 {count} 筆；每個伺服器最多 {max} 條置頂。未匯入任何內容。',
  },
  'not-pin-file': {
    en: 'That file is not a citebot pin export. Use a file made by /pin export.',
    'zh-CN': '该文件不是 citebot 置顶导出文件。请使用 /pin export 生成的文件。',
    'zh-TW': '該檔案不是 citebot 置頂匯出檔案。請使用 /pin export 產生的檔案。',
  },
};

export function explain(
  failure: Pick<StoreFailure, 'message' | 'problem' | 'values'>,
  locale: string,
): string {
  const texts = failure.problem ? PROBLEM_TEXTS[failure.problem] : undefined;
  return texts ? pick(locale, texts, failure.values) : failure.message;
}
