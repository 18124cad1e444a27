import {
  ButtonStyle,
  ComponentType,
  PermissionFlagsBits,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInModalActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import { SlashCommandBuilder, type SlashCommandIntegerOption } from 'discord.js';
import type { PinnedFact } from '../src/answer/types.ts';
import { discordRelativeTime } from '../src/limits/cooldown.ts';
import { STORE_LIMITS } from '../src/store/limits.ts';
import { MAX_PIN_FILE_BYTES, parsePinFile, serializePins } from '../src/store/pin-file.ts';
import type {
  CitebotStore,
  ImportProblem,
  ImportReport,
  StoreFailure,
  StoreProblem,
} from '../src/store/types.ts';
import { passageLabel } from './answer-view.ts';
import { COMMON_TEXTS, localizations, pick, type Texts } from './i18n.ts';
import { DISCORD_LIMITS, errorReply, escapeUserText, modal, reply, truncateText, update } from './reply.ts';
import { serverOnly } from './availability.ts';
import type { CommandRequest, CommandResponse, RequestAttachment, Services } from './types.ts';

/**
 * /pin: moderators' facts for their server. Everything here is scoped by the request's guild id,
 * and every path (command, button, modal, autocomplete) checks Manage Messages on the server side:
 * default_member_permissions only hides the command, it does not stop a forged or stale request.
 */

const MANAGE = PermissionFlagsBits.ManageMessages;

/** The `id` option of /pin edit and /pin remove: a pin of this server, suggested as typed. */
function pinIdOption(option: SlashCommandIntegerOption): SlashCommandIntegerOption {
  return option
    .setName('id')
    .setDescription('The pin')
    .setDescriptionLocalizations(localizations({ en: '', 'zh-CN': '置顶编号', 'zh-TW': '置頂編號' }))
    .setRequired(true)
    .setMinValue(1)
    .setAutocomplete(true);
}

export const definition = serverOnly(
  new SlashCommandBuilder()
    .setName('pin')
    .setDescription("Manage this server's pinned facts (answers use them first)")
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '管理本服务器的置顶事实（回答会优先使用）',
        'zh-TW': '管理本伺服器的置頂事實（回答會優先使用）',
      }),
    )
    .setDefaultMemberPermissions(MANAGE),
)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Pin a fact for this server')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '为本服务器置顶一条事实', 'zh-TW': '為本伺服器置頂一條事實' }),
      )
      .addStringOption((option) =>
        option
          .setName('fact')
          .setDescription('The fact, as members should read it')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '事实内容，成员将看到的原文',
              'zh-TW': '事實內容，成員將看到的原文',
            }),
          )
          .setRequired(true)
          .setMaxLength(STORE_LIMITS.pinText),
      )
      .addStringOption((option) =>
        option
          .setName('keywords')
          .setDescription('Extra words that should find this fact')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '帮助找到这条事实的关键词',
              'zh-TW': '幫助找到這條事實的關鍵詞',
            }),
          )
          .setMaxLength(STORE_LIMITS.keywords),
      )
      .addStringOption((option) =>
        option
          .setName('passage')
          .setDescription('The article passage this fact relates to')
          .setDescriptionLocalizations(
            localizations({ en: '', 'zh-CN': '相关的文章段落', 'zh-TW': '相關的文章段落' }),
          )
          .setAutocomplete(true),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('edit')
      .setDescription('Edit a pinned fact')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '编辑置顶事实', 'zh-TW': '編輯置頂事實' }),
      )
      .addIntegerOption(pinIdOption),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Remove a pinned fact')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '移除置顶事实', 'zh-TW': '移除置頂事實' }),
      )
      .addIntegerOption(pinIdOption),
  )
  .addSubcommand((sub) =>
    sub
      .setName('list')
      .setDescription("List this server's pinned facts")
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '列出本服务器的置顶事实', 'zh-TW': '列出本伺服器的置頂事實' }),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('export')
      .setDescription("Download this server's pinned facts as a JSON file")
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '以 JSON 文件下载本服务器的置顶事实',
          'zh-TW': '以 JSON 檔案下載本伺服器的置頂事實',
        }),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('import')
      .setDescription('Add the pinned facts of a file made by /pin export')
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '导入 /pin export 生成的文件中的置顶事实',
          'zh-TW': '匯入 /pin export 產生的檔案中的置頂事實',
        }),
      )
      .addAttachmentOption((option) =>
        option
          .setName('file')
          .setDescription('A JSON file made by /pin export')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '由 /pin export 生成的 JSON 文件',
              'zh-TW': '由 /pin export 產生的 JSON 檔案',
            }),
          )
          .setRequired(true),
      ),
  )
  .toJSON();

export const customIdPrefixes = ['pin'] as const;

/** Moderators' replies are private; if the adapter has to defer (index still loading), so is the wait. */
export function deferEphemeral(): boolean {
  return true;
}

export const PIN_TEXTS = {
  needManageMessages: {
    en: 'Only members with the Manage Messages permission can change pinned facts or see insights.',
    'zh-CN': '只有拥有“管理消息”权限的成员才能修改置顶事实或查看洞察。',
    'zh-TW': '只有擁有「管理訊息」權限的成員才能修改置頂事實或查看洞察。',
  },
  storeUnavailable: {
    en: 'Pinned facts are unavailable right now (the database could not be opened). Answers still come from the articles.',
    'zh-CN': '置顶事实暂时不可用（无法打开数据库）。回答仍然来自文章。',
    'zh-TW': '置頂事實暫時無法使用（無法開啟資料庫）。回答仍然來自文章。',
  },
  pinned: { en: '📌 Pinned #{id}', 'zh-CN': '📌 已置顶 #{id}', 'zh-TW': '📌 已置頂 #{id}' },
  edited: { en: '📌 Edited #{id}', 'zh-CN': '📌 已编辑 #{id}', 'zh-TW': '📌 已編輯 #{id}' },
  removed: { en: 'Removed pin #{id}', 'zh-CN': '已移除置顶 #{id}', 'zh-TW': '已移除置頂 #{id}' },
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
    en: 'Related passage (e.g. §12), optional',
    'zh-CN': '相关段落（如 §12），可选',
    'zh-TW': '相關段落（如 §12），可選',
  },
  questionGone: {
    en: 'That question is no longer kept (questions are kept 90 days).',
    'zh-CN': '这个问题已不再保留（问题保留 90 天）。',
    'zh-TW': '這個問題已不再保留（問題保留 90 天）。',
  },
  source: { en: 'Source', 'zh-CN': '出处', 'zh-TW': '出處' },
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
  storage: {
    en: 'Could not save this: the database is busy or unwritable. Try again.',
    'zh-CN': '无法保存：数据库繁忙或不可写。请再试一次。',
    'zh-TW': '無法儲存：資料庫忙碌或無法寫入。請再試一次。',
  },
  'file-too-large': PIN_TEXTS.fileTooLarge,
  'not-json': {
    en: 'That file is not JSON. Use a file made by /pin export.',
    'zh-CN': '该文件不是 JSON。请使用 /pin export 生成的文件。',
    'zh-TW': '該檔案不是 JSON。請使用 /pin export 產生的檔案。',
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

const PIN_COLOR = 0xf1c40f;
const PINS_PER_PAGE = 10;

/** Whether the request comes from a member who may change pins. Administrators have every permission. */
export function canManagePins(request: CommandRequest): boolean {
  const permissions = request.memberPermissions;
  if (request.guildId === null || permissions === null) return false;
  return (permissions & (MANAGE | PermissionFlagsBits.Administrator)) !== 0n;
}

/**
 * The common gate of /pin and /insights: in a server, with Manage Messages, with a store.
 * Returns the guild and store, or the reply that explains why not.
 */
export function moderatorGate(
  request: CommandRequest,
  services: Services,
): { guildId: string; store: CitebotStore } | { refusal: CommandResponse } {
  if (request.guildId === null) return { refusal: errorReply(pick(request.locale, COMMON_TEXTS.guildOnly)) };
  if (!canManagePins(request)) {
    services.logger.info(
      { guildId: request.guildId, userId: request.user.id, kind: request.kind },
      'refused: no Manage Messages',
    );
    return { refusal: errorReply(pick(request.locale, PIN_TEXTS.needManageMessages)) };
  }
  if (!services.store) return { refusal: errorReply(pick(request.locale, PIN_TEXTS.storeUnavailable)) };
  return { guildId: request.guildId, store: services.store };
}

function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

function discordTime(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return Number.isFinite(seconds) ? `<t:${seconds}:d>` : iso;
}

/** A pin as moderators see it after a change: the text verbatim (escaped), keywords, passage, source. */
function pinEmbed(pin: PinnedFact, title: string, locale: string): APIEmbed {
  const fields = [];
  if (pin.keywords)
    fields.push({ name: pick(locale, PIN_TEXTS.keywords), value: escapeUserText(pin.keywords) });
  if (pin.passageKey)
    fields.push({ name: pick(locale, PIN_TEXTS.passage), value: escapeUserText(pin.passageKey) });
  if (pin.sourceUrl) fields.push({ name: pick(locale, PIN_TEXTS.source), value: pin.sourceUrl });
  return {
    title,
    description: escapeUserText(pin.text),
    color: PIN_COLOR,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

/** Turns what a moderator typed or picked ("§12", "article§12") into a passage key, or explains. */
function resolvePassage(
  ref: string | undefined,
  request: CommandRequest,
  services: Services,
): { ok: true; key?: string } | { ok: false; response: CommandResponse } {
  const trimmed = ref?.trim();
  if (!trimmed) return { ok: true };
  const passage = services.engine.findPassage(trimmed);
  if (!passage) {
    return {
      ok: false,
      response: errorReply(pick(request.locale, PIN_TEXTS.noPassage, { ref: escapeUserText(trimmed) })),
    };
  }
  return { ok: true, key: passage.key };
}

function textInput(
  customId: string,
  label: string,
  options: { value?: string; max: number; required: boolean; paragraph?: boolean },
): APIActionRowComponent<APIComponentInModalActionRow> {
  const value = options.value ? options.value.slice(0, options.max) : undefined;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.TextInput,
        custom_id: customId,
        label: truncateText(label, 45),
        style: options.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
        max_length: options.max,
        required: options.required,
        ...(value ? { value } : {}),
      },
    ],
  };
}

/**
 * The pin form, shared by /pin edit, "Pin as fact" and "Pin an answer". The custom_id says what to
 * do on submit: `pin:edit:<id>`, `pin:msg:<channel>:<message>` (keeps the link) or `pin:add`.
 */
export function pinModal(
  customId: string,
  title: string,
  prefill: { text?: string; keywords?: string; passage?: string },
  locale: string,
): CommandResponse {
  return modal({
    custom_id: customId,
    title,
    components: [
      textInput('text', pick(locale, PIN_TEXTS.fieldFact), {
        value: prefill.text,
        max: STORE_LIMITS.pinText,
        required: true,
        paragraph: true,
      }),
      textInput('keywords', pick(locale, PIN_TEXTS.fieldKeywords), {
        value: prefill.keywords,
        max: STORE_LIMITS.keywords,
        required: false,
      }),
      textInput('passage', pick(locale, PIN_TEXTS.fieldPassage), {
        value: prefill.passage,
        max: STORE_LIMITS.passageKey,
        required: false,
      }),
    ],
  });
}

export function handle(
  request: CommandRequest,
  services: Services,
): Promise<CommandResponse> | CommandResponse {
  const gate = moderatorGate(request, services);
  if ('refusal' in gate) return gate.refusal;
  const { guildId, store } = gate;
  const locale = request.locale;
  switch (request.subcommand) {
    case 'add':
      return addPin(
        {
          text: String(request.options.fact ?? ''),
          keywords: optionalString(request.options.keywords),
          passage: optionalString(request.options.passage),
        },
        undefined,
        request,
        services,
      );
    case 'edit': {
      const id = Number(request.options.id);
      const pin = store.getPin(guildId, id);
      if (!pin) return errorReply(pick(locale, PIN_TEXTS.noPin, { id }));
      return pinModal(
        `pin:edit:${pin.id}`,
        pick(locale, PIN_TEXTS.modalEdit, { id: pin.id }),
        { text: pin.text, keywords: pin.keywords, passage: pin.passageKey },
        locale,
      );
    }
    case 'remove': {
      const limited = pinQuotaRefusal(request, services, guildId);
      if (limited) return limited;
      const id = Number(request.options.id);
      const removed = store.removePin(guildId, id);
      if (!removed.ok) return errorReply(explain(removed, locale));
      return reply(
        { embeds: [pinEmbed(removed.value, pick(locale, PIN_TEXTS.removed, { id }), locale)] },
        { ephemeral: true },
      );
    }
    case 'list':
      return reply(listPage(store, guildId, 1, locale), { ephemeral: true });
    case 'export': {
      const pins = store.listPins(guildId);
      return reply(
        { content: pick(locale, PIN_TEXTS.exported, { count: pins.length }) },
        { ephemeral: true },
        [
          {
            name: `citebot-pins-${guildId}.json`,
            data: serializePins(guildId, pins),
            contentType: 'application/json',
          },
        ],
      );
    }
    case 'import':
      return (
        pinQuotaRefusal(request, services, guildId) ??
        importFile(request.attachments.file, guildId, store, request, services)
      );
    default:
      throw new Error(`unknown /pin subcommand ${request.subcommand}`);
  }
}

/** The server's hourly quota of pin changes (GUILD_PIN_CHANGES_PER_HOUR), as a reply when spent. */
function pinQuotaRefusal(
  request: CommandRequest,
  services: Services,
  guildId: string,
): CommandResponse | undefined {
  const limited = services.limits?.pinChange(guildId);
  if (!limited || limited.ok) return undefined;
  return errorReply(
    pick(request.locale, COMMON_TEXTS.pinQuota, { when: discordRelativeTime(limited.retryAt) }),
  );
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function addPin(
  fields: { text: string; keywords?: string; passage?: string },
  sourceUrl: string | undefined,
  request: CommandRequest,
  services: Services,
  onAdded?: (pin: PinnedFact, store: CitebotStore) => void,
): CommandResponse {
  const gate = moderatorGate(request, services);
  if ('refusal' in gate) return gate.refusal;
  const limited = pinQuotaRefusal(request, services, gate.guildId);
  if (limited) return limited;
  const passage = resolvePassage(fields.passage, request, services);
  if (!passage.ok) return passage.response;
  const added = gate.store.addPin({
    guildId: gate.guildId,
    text: fields.text,
    keywords: fields.keywords,
    passageKey: passage.key,
    sourceUrl,
    createdBy: request.user.id,
    createdByName: request.user.username,
  });
  if (!added.ok) return errorReply(explain(added, request.locale));
  services.logger.info({ guildId: gate.guildId, pinId: added.value.id }, 'pin added');
  onAdded?.(added.value, gate.store);
  return reply(
    {
      embeds: [
        pinEmbed(added.value, pick(request.locale, PIN_TEXTS.pinned, { id: added.value.id }), request.locale),
      ],
    },
    { ephemeral: true },
  );
}

/** One page of the list as message data; buttons page through it (`pin:list:<page>`). */
function listPage(store: CitebotStore, guildId: string, requestedPage: number, locale: string) {
  const pins = store.listPins(guildId);
  const pages = Math.max(1, Math.ceil(pins.length / PINS_PER_PAGE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const shown = pins.slice((page - 1) * PINS_PER_PAGE, page * PINS_PER_PAGE);
  // Ten pins share one embed (6000 chars): each line is cut so the page always fits.
  const lines = shown.map((pin) => {
    const extra = [
      pin.passageKey ? `§ ${escapeUserText(pin.passageKey)}` : '',
      discordTime(pin.createdAt),
    ].filter(Boolean);
    return `**#${pin.id}** ${escapeUserText(truncateText(pin.text.replace(/\s+/g, ' '), 280))} · ${extra.join(' · ')}`;
  });
  const buttons: APIButtonComponent[] = [
    {
      type: ComponentType.Button,
      custom_id: `pin:list:${page - 1}`,
      label: pick(locale, PIN_TEXTS.previous),
      style: ButtonStyle.Secondary,
      disabled: page <= 1,
    },
    {
      type: ComponentType.Button,
      custom_id: `pin:list:${page + 1}`,
      label: pick(locale, PIN_TEXTS.next),
      style: ButtonStyle.Secondary,
      disabled: page >= pages,
    },
  ];
  return {
    embeds: [
      {
        title: pick(locale, PIN_TEXTS.listTitle, { count: pins.length, max: STORE_LIMITS.pinsPerGuild }),
        description: lines.length > 0 ? lines.join('\n') : pick(locale, PIN_TEXTS.listEmpty),
        color: PIN_COLOR,
        footer: { text: pick(locale, PIN_TEXTS.page, { page, pages }) },
      },
    ],
    components: pages > 1 ? [{ type: ComponentType.ActionRow as const, components: buttons }] : [],
  };
}

/**
 * The attachment's text: the adapter may have downloaded it (`content`), else it is fetched from
 * its URL (Discord's CDN, or the fake Discord in tests), never more than the file limit.
 */
async function attachmentText(attachment: RequestAttachment): Promise<string | undefined> {
  if (typeof attachment.content === 'string') return attachment.content;
  try {
    const response = await fetch(attachment.url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return undefined;
    const body = await response.arrayBuffer();
    if (body.byteLength > MAX_PIN_FILE_BYTES) return undefined;
    return new TextDecoder().decode(body);
  } catch {
    return undefined;
  }
}

async function importFile(
  attachment: RequestAttachment | undefined,
  guildId: string,
  store: CitebotStore,
  request: CommandRequest,
  services: Services,
): Promise<CommandResponse> {
  const locale = request.locale;
  if (!attachment) return errorReply(pick(locale, PIN_TEXTS.fileUnreadable));
  if (attachment.size > MAX_PIN_FILE_BYTES) {
    return errorReply(pick(locale, PIN_TEXTS.fileTooLarge, { max: MAX_PIN_FILE_BYTES / 1_000_000 }));
  }
  const text = await attachmentText(attachment);
  if (text === undefined) return errorReply(pick(locale, PIN_TEXTS.fileUnreadable));
  const parsed = parsePinFile(text);
  if (!parsed.ok) return errorReply(explain(parsed, locale));
  // Passage references are checked against the loaded articles, as /pin add does; an entry naming
  // a passage that does not exist is refused rather than linked to nothing.
  const unknownPassages: ImportReport['refused'] = [];
  const entries = parsed.value.flatMap((entry, index) => {
    if (!entry.passageKey?.trim()) return [{ entry, index }];
    const passage = services.engine.findPassage(entry.passageKey);
    if (passage) return [{ entry: { ...entry, passageKey: passage.key }, index }];
    unknownPassages.push({
      index,
      text: entry.text,
      reason: pick(locale, PIN_TEXTS.unknownPassage, { ref: escapeUserText(entry.passageKey) }),
    });
    return [];
  });
  const imported = store.importPins(
    guildId,
    entries.map(({ entry }) => entry),
    { createdBy: request.user.id, createdByName: request.user.username },
  );
  // The store numbers entries by their position among those it got; report positions in the file.
  const fileIndex = <T extends { index: number }>(entry: T): T => ({
    ...entry,
    index: entries[entry.index]?.index ?? entry.index,
  });
  const report: ImportReport = {
    added: imported.added,
    skipped: imported.skipped.map(fileIndex),
    refused: [...imported.refused.map(fileIndex), ...unknownPassages].sort((a, b) => a.index - b.index),
  };
  services.logger.info(
    { guildId, added: report.added.length, skipped: report.skipped.length, refused: report.refused.length },
    'pins imported',
  );
  return reply({ embeds: [importEmbed(report, locale)] }, { ephemeral: true });
}

function importEmbed(report: ImportReport, locale: string): APIEmbed {
  const entryLine = (entry: ImportProblem) =>
    `${entry.index + 1}. ${escapeUserText(truncateText(entry.text.replace(/\s+/g, ' '), 80)) || '—'}` +
    ` — ${explain({ ...entry, message: entry.reason }, locale)}`;
  const list = (lines: string[]) => {
    const shown = lines.slice(0, 10);
    if (lines.length > shown.length) shown.push(`… +${lines.length - shown.length}`);
    return shown.join('\n');
  };
  const fields = [];
  if (report.added.length > 0) {
    fields.push({
      name: pick(locale, PIN_TEXTS.added),
      value: list(report.added.map((pin) => `#${pin.id} ${escapeUserText(truncateText(pin.text, 80))}`)),
    });
  }
  if (report.skipped.length > 0) {
    fields.push({ name: pick(locale, PIN_TEXTS.skipped), value: list(report.skipped.map(entryLine)) });
  }
  if (report.refused.length > 0) {
    fields.push({ name: pick(locale, PIN_TEXTS.refused), value: list(report.refused.map(entryLine)) });
  }
  return {
    title: pick(locale, PIN_TEXTS.importTitle, {
      added: report.added.length,
      skipped: report.skipped.length,
      refused: report.refused.length,
    }),
    color: PIN_COLOR,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

export function autocomplete(request: CommandRequest, services: Services) {
  // Pin texts are for moderators only; passage suggestions need no store.
  if (!canManagePins(request) || request.guildId === null) return [];
  const typed = request.focused?.value.trim() ?? '';
  if (request.focused?.name === 'passage') {
    return services.engine.suggestPassages(typed, DISCORD_LIMITS.choices).map((passage) => ({
      name: `${passageLabel(passage)} ${passage.text.replace(/\s+/g, ' ')}`,
      value: passage.key,
    }));
  }
  if (request.focused?.name === 'id' && services.store) {
    const needle = typed.toLowerCase().replace(/^#/, '');
    return services.store
      .listPins(request.guildId)
      .filter(
        (pin) => !needle || String(pin.id).startsWith(needle) || pin.text.toLowerCase().includes(needle),
      )
      .slice(-DISCORD_LIMITS.choices)
      .reverse()
      .map((pin) => ({ name: `#${pin.id} ${pin.text.replace(/\s+/g, ' ')}`, value: pin.id }));
  }
  return [];
}

export function handleComponent(request: CommandRequest, services: Services): CommandResponse {
  const gate = moderatorGate(request, services);
  if ('refusal' in gate) return gate.refusal;
  const [, action, arg] = (request.customId ?? '').split(':');
  switch (action) {
    case 'list':
      return update(listPage(gate.store, gate.guildId, Number(arg) || 1, request.locale));
    case 'answer': {
      // "Pin an answer" from /insights: the question becomes the keywords, the moderator writes the fact.
      const question = gate.store.getQuestion(gate.guildId, Number(arg));
      if (!question) return errorReply(pick(request.locale, PIN_TEXTS.questionGone));
      return pinModal(
        `pin:add:q:${question.id}`,
        pick(request.locale, PIN_TEXTS.modalAdd),
        { keywords: question.text.slice(0, STORE_LIMITS.keywords) },
        request.locale,
      );
    }
    default:
      throw new Error(`unknown pin component ${request.customId}`);
  }
}

export function handleModal(request: CommandRequest, services: Services): CommandResponse {
  const gate = moderatorGate(request, services);
  if ('refusal' in gate) return gate.refusal;
  const [, action, first, second] = (request.customId ?? '').split(':');
  const fields = {
    text: request.fields?.text ?? '',
    keywords: request.fields?.keywords ?? '',
    passage: request.fields?.passage ?? '',
  };
  switch (action) {
    case 'add': {
      // "Pin an answer" forms carry the question's id (`pin:add:q:<id>`): once pinned, insights
      // stop listing that question until it is asked again.
      const questionId = first === 'q' ? Number(second) : undefined;
      return addPin(fields, undefined, request, services, (_pin, store) => {
        if (questionId) store.markAnswerPinned(gate.guildId, questionId);
      });
    }
    case 'msg':
      if (!first || !second) throw new Error(`bad pin modal ${request.customId}`);
      return addPin(fields, messageLink(gate.guildId, first, second), request, services);
    case 'edit': {
      const limited = pinQuotaRefusal(request, services, gate.guildId);
      if (limited) return limited;
      const id = Number(first);
      const passage = resolvePassage(fields.passage, request, services);
      if (!passage.ok) return passage.response;
      const edited = gate.store.editPin(gate.guildId, id, {
        text: fields.text,
        keywords: fields.keywords,
        passageKey: passage.key ?? '',
      });
      if (!edited.ok) return errorReply(explain(edited, request.locale));
      return reply(
        { embeds: [pinEmbed(edited.value, pick(request.locale, PIN_TEXTS.edited, { id }), request.locale)] },
        { ephemeral: true },
      );
    }
    default:
      throw new Error(`unknown pin modal ${request.customId}`);
  }
}
