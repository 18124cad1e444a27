import { SlashCommandBuilder } from 'discord.js';
import { localizations, pick } from '../src/interactions/i18n.ts';
import { DISCORD_LIMITS, reply, truncateText } from '../src/interactions/reply.ts';
import { usableEverywhere } from '../src/interactions/availability.ts';
import type { CommandRequest, CommandResponse, Services } from '../src/interactions/contract.ts';
import type { APIEmbedField } from 'discord-api-types/v10';

export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('about')
    .setDescription('Which articles the bot answers from')
    .setDescriptionLocalizations(
      localizations({ en: '', 'zh-CN': '机器人依据哪些文章回答', 'zh-TW': '機器人依據哪些文章回答' }),
    ),
).toJSON();

const TEXTS = {
  title: { en: 'What I answer from', 'zh-CN': '我依据的资料', 'zh-TW': '我依據的資料' },
  summary: {
    en: '{articles} {articles|article|articles}, {passages} {passages|passage|passages}. Every answer quotes a passage word for word and names its id (§12).',
    'zh-CN': '共 {articles} 篇文章、{passages} 个段落。每个回答都逐字引用一个段落，并注明编号（§12）。',
    'zh-TW': '共 {articles} 篇文章、{passages} 個段落。每個回答都逐字引用一個段落，並註明編號（§12）。',
  },
  by: { en: 'by {author}', 'zh-CN': '作者：{author}', 'zh-TW': '作者：{author}' },
  passages: { en: '{count} {count|passage|passages}', 'zh-CN': '{count} 个段落', 'zh-TW': '{count} 個段落' },
  pins: {
    en: 'This server has {count} pinned {count|fact|facts}, searched with the articles.',
    'zh-CN': '本服务器有 {count} 条置顶事实，与文章一起检索。',
    'zh-TW': '本伺服器有 {count} 條置頂事實，與文章一起檢索。',
  },
  pinsUnavailable: {
    en: 'Pinned facts are unavailable right now.',
    'zh-CN': '置顶事实暂时不可用。',
    'zh-TW': '置頂事實暫時無法使用。',
  },
  autoAnswer: {
    en: 'New posts in <#{channel}> are answered when I am sure of the answer.',
    'zh-CN': '<#{channel}> 中的新帖子会在我有把握时得到回答。',
    'zh-TW': '<#{channel}> 中的新貼文會在我有把握時得到回答。',
  },
  skipped: {
    en: '{count} {count|file|files} in the knowledge folder could not be read; the bot log says why.',
    'zh-CN': '知识库中有 {count} 个文件无法读取；原因见机器人日志。',
    'zh-TW': '知識庫中有 {count} 個檔案無法讀取；原因見機器人日誌。',
  },
};

export async function handle(
  request: CommandRequest,
  services: Pick<Services, 'engine' | 'store' | 'logger' | 'autoAnswerEnabled' | 'autoAnswerChannels'>,
): Promise<CommandResponse> {
  const { engine } = services;
  const locale = request.locale;
  // One field per article; Discord allows 25, the rest are counted in the summary.
  const fields: APIEmbedField[] = engine.articles.slice(0, 20).map((article) => {
    const parts = [
      article.author ? pick(locale, TEXTS.by, { author: article.author }) : undefined,
      article.date,
      pick(locale, TEXTS.passages, { count: article.passages.length }),
      article.url,
    ].filter((part): part is string => Boolean(part));
    return { name: truncateText(article.title, DISCORD_LIMITS.fieldName), value: parts.join('\n') };
  });
  const notes = [
    pick(locale, TEXTS.summary, { articles: engine.articles.length, passages: engine.passages.length }),
  ];
  if (request.guildId) {
    if (!services.store) notes.push(pick(locale, TEXTS.pinsUnavailable));
    else {
      try {
        notes.push(pick(locale, TEXTS.pins, { count: await services.store.countPins(request.guildId) }));
      } catch (error) {
        services.logger.warn({ err: error }, 'could not count pins');
        notes.push(pick(locale, TEXTS.pinsUnavailable));
      }
    }
  }
  if (request.guildId && services.autoAnswerEnabled && services.autoAnswerChannels) {
    // Members learn where the bot answers unasked (/setup auto-answer).
    const channel = await services.autoAnswerChannels.channelFor(request.guildId).catch(() => undefined);
    if (channel) notes.push(pick(locale, TEXTS.autoAnswer, { channel }));
  }
  if (engine.problems.length > 0) notes.push(pick(locale, TEXTS.skipped, { count: engine.problems.length }));
  return reply({ embeds: [{ title: pick(locale, TEXTS.title), description: notes.join('\n'), fields }] });
}
