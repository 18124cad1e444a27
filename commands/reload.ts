import { SlashCommandBuilder } from 'discord.js';
import { usableEverywhere } from '../src/interactions/availability.ts';
import { owner } from '../src/interactions/preconditions.ts';
import { localizations, pick } from '../src/interactions/i18n.ts';
import { errorReply, reply, truncateText } from '../src/interactions/reply.ts';
import type { CommandRequest, CommandResponse, Services } from '../src/interactions/contract.ts';

// Hidden from everyone but server admins (default_member_permissions "0"); the `owner` precondition
// checks the user against BOT_OWNER_IDS, since a server admin is not the bot's owner.
export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('reload')
    .setDescription("Re-read the knowledge folder (the bot's owner only)")
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '重新读取文章文件夹（仅限机器人所有者）',
        'zh-TW': '重新讀取文章資料夾（僅限機器人擁有者）',
      }),
    )
    .setDefaultMemberPermissions(0),
).toJSON();

const TEXTS = {
  unavailable: {
    en: 'Reloading is not available here.',
    'zh-CN': '此处无法重新加载。',
    'zh-TW': '此處無法重新載入。',
  },
  reloaded: {
    en: 'Reloaded: {articles} {articles|article|articles}, {passages} {passages|passage|passages}.{problems}',
    'zh-CN': '已重新加载：{articles} 篇文章、{passages} 个段落。{problems}',
    'zh-TW': '已重新載入：{articles} 篇文章、{passages} 個段落。{problems}',
  },
  skipped: { en: ' Skipped: {files}.', 'zh-CN': '已跳过：{files}。', 'zh-TW': '已略過：{files}。' },
  'no-articles': {
    en: 'Kept the previous articles: the folder now has no article that loads.',
    'zh-CN': '保留了之前的文章：文件夹中现在没有能加载的文章。',
    'zh-TW': '保留了之前的文章：資料夾中現在沒有能載入的文章。',
  },
  'article-broken': {
    en: 'Kept the previous articles: an article that loads now would be lost.',
    'zh-CN': '保留了之前的文章：否则会丢失一篇现在能加载的文章。',
    'zh-TW': '保留了之前的文章：否則會遺失一篇現在能載入的文章。',
  },
  'load-failed': {
    en: 'Kept the previous articles: the folder could not be read; the bot log says why.',
    'zh-CN': '保留了之前的文章：无法读取文件夹；原因见机器人日志。',
    'zh-TW': '保留了之前的文章：無法讀取資料夾；原因見機器人日誌。',
  },
};

/** Each file a reload skipped, with the loader's reason (technical, as the log writes it), cut short. */
function filesWithReasons(problems: readonly { path: string; reason: string }[]): string {
  return problems
    .slice(0, MAX_FILES_LISTED)
    .map((problem) => `${problem.path.split('/').at(-1)} (${truncateText(problem.reason, 120)})`)
    .join(', ')
    .concat(problems.length > MAX_FILES_LISTED ? ` … +${problems.length - MAX_FILES_LISTED}` : '');
}

/** Files named in one reply; the log has them all. */
const MAX_FILES_LISTED = 10;

export const preconditions = [owner];

/** Moderators' and owners' replies are private, the wait for a slow reload too. */
export function deferEphemeral(): boolean {
  return true;
}

export async function handle(
  request: CommandRequest,
  services: Pick<Services, 'reloadKnowledge'>,
): Promise<CommandResponse> {
  const locale = request.locale;
  if (!services.reloadKnowledge) return errorReply(pick(locale, TEXTS.unavailable));
  const result = await services.reloadKnowledge();
  if (!result.ok) {
    const files = filesWithReasons(result.refusal.problems);
    return errorReply(`${pick(locale, TEXTS[result.refusal.kind])}${files ? `\n${files}` : ''}`);
  }
  const files = filesWithReasons(result.problems);
  const problems = files ? pick(locale, TEXTS.skipped, { files }) : '';
  return reply(
    {
      content: pick(locale, TEXTS.reloaded, {
        articles: result.articles,
        passages: result.passages,
        problems,
      }),
    },
    { ephemeral: true },
  );
}
