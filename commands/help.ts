import { SlashCommandBuilder } from 'discord.js';
import { localizations, pick } from '../src/interactions/i18n.ts';
import { reply } from '../src/interactions/reply.ts';
import { usableEverywhere } from '../src/interactions/availability.ts';
import { isModerator } from '../src/interactions/preconditions.ts';
import type { CommandRequest, CommandResponse } from '../src/interactions/contract.ts';

export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('help')
    .setDescription('What this bot does and how to ask')
    .setDescriptionLocalizations(
      localizations({ en: '', 'zh-CN': '机器人能做什么、如何提问', 'zh-TW': '機器人能做什麼、如何提問' }),
    ),
).toJSON();

const HELP = {
  en: [
    'I answer questions about the articles I was given, always by quoting a passage word for word and citing it (§12). When the articles do not say, I tell you so and show the closest passages.',
    '',
    '**/ask** `question` — the cited answer. `hide` shows it only to you; `mention` addresses it to a member.',
    '**/search** `query` — the matching passages with their ids.',
    '**/passage** `id` — one passage in full, with previous/next.',
    '**/about** — which articles I know.',
    '**Apps → Answer from article** (right-click a message) — answers that message.',
    '**@mention me** with a question — I reply to your message.',
    '',
    'Ask in English, 简体中文 or 繁體中文. Buttons under an answer show more sources, the whole passage, and let you rate it 👍/👎.',
  ].join('\n'),
  'zh-CN': [
    '我根据提供给我的文章回答问题，每次都会逐字引用一个段落并注明编号（§12）。文章没有提到时，我会直说，并给出最接近的段落。',
    '',
    '**/ask** `question` —— 带引用的回答。`hide` 只让你自己看到；`mention` 把回答发给某位成员。',
    '**/search** `query` —— 列出匹配的段落及编号。',
    '**/passage** `id` —— 查看完整段落，可翻到上一段/下一段。',
    '**/about** —— 我知道哪些文章。',
    '**应用 → 从文章回答**（右键点击消息）—— 回答那条消息。',
    '**@我** 并附上问题 —— 我会回复你的消息。',
    '',
    '可以用简体中文、繁體中文或英文提问。回答下方的按钮可以查看更多来源、完整段落，并评价 👍/👎。',
  ].join('\n'),
  'zh-TW': [
    '我根據提供給我的文章回答問題，每次都會逐字引用一個段落並註明編號（§12）。文章沒有提到時，我會直說，並列出最接近的段落。',
    '',
    '**/ask** `question` —— 附引用的回答。`hide` 只讓你自己看到；`mention` 把回答發給某位成員。',
    '**/search** `query` —— 列出相符的段落及編號。',
    '**/passage** `id` —— 查看完整段落，可翻到上一段/下一段。',
    '**/about** —— 我知道哪些文章。',
    '**應用程式 → 從文章回答**（右鍵點擊訊息）—— 回答那則訊息。',
    '**@我** 並附上問題 —— 我會回覆你的訊息。',
    '',
    '可以用繁體中文、简体中文或英文提問。回答下方的按鈕可以查看更多來源、完整段落，並評價 👍/👎。',
  ].join('\n'),
};

/** What moderators (Manage Messages) can do, added to their /help only: members cannot use it. */
const FOR_MODERATORS = {
  en: [
    '',
    '**For moderators**',
    '**/pin** `add`, `edit`, `remove`, `post`, `list`, `export`, `import` — facts the articles lack, answered and cited like passages, in this server only.',
    '**Apps → Pin as fact** (right-click a message) — pins that message.',
    '**/insights** — questions nothing answers, the most asked, votes, pins used as answers.',
    '**/setup** `auto-answer` (Manage Server) — let me answer questions in a help channel.',
  ].join('\n'),
  'zh-CN': [
    '',
    '**管理员可用**',
    '**/pin** `add`、`edit`、`remove`、`post`、`list`、`export`、`import` —— 文章缺少的事实，像段落一样回答和引用，仅限本服务器。',
    '**应用 → 置顶为事实**（右键点击消息）—— 把那条消息置顶。',
    '**/insights** —— 没有答案的问题、最常问的问题、投票、被用作答案的置顶。',
    '**/setup** `auto-answer`（需要管理服务器权限）—— 让我在求助频道里回答问题。',
  ].join('\n'),
  'zh-TW': [
    '',
    '**管理員可用**',
    '**/pin** `add`、`edit`、`remove`、`post`、`list`、`export`、`import` —— 文章缺少的事實，像段落一樣回答和引用，僅限本伺服器。',
    '**應用程式 → 置頂為事實**（右鍵點擊訊息）—— 把那則訊息置頂。',
    '**/insights** —— 沒有答案的問題、最常問的問題、投票、被用作答案的置頂。',
    '**/setup** `auto-answer`（需要管理伺服器權限）—— 讓我在求助頻道裡回答問題。',
  ].join('\n'),
};

/** Help is for the asker only, also when it has to wait for the index. */
export function deferEphemeral(): boolean {
  return true;
}

export function handle(request: CommandRequest): CommandResponse {
  const moderators = isModerator(request) ? pick(request.locale, FOR_MODERATORS) : '';
  return reply(
    { embeds: [{ title: 'citebot', description: pick(request.locale, HELP) + moderators }] },
    { ephemeral: true },
  );
}
