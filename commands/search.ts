import { SlashCommandBuilder } from 'discord.js';
import { plainQuestion } from '../src/interactions/chat-text.ts';
import { citedPassage, passageLabel } from '../src/interactions/formatting.ts';
import { ANSWER_TEXTS } from './answer/texts.ts';
import { pinsFor } from './answer/use-case.ts';
import { COMMON_TEXTS, localizations, pick } from '../src/interactions/i18n.ts';
import { DISCORD_LIMITS, escapeUserText, reply, truncateText } from '../src/interactions/reply.ts';
import { usableEverywhere } from '../src/interactions/availability.ts';
import {
  textOption,
  type CommandRequest,
  type CommandResponse,
  type Services,
} from '../src/interactions/contract.ts';

export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('search')
    .setDescription('List the passages that match a query, with their ids')
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '列出与查询匹配的段落及其编号',
        'zh-TW': '列出與查詢相符的段落及其編號',
      }),
    ),
)
  .addStringOption((option) =>
    option
      .setName('query')
      .setDescription('Words to look for')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '要查找的词语', 'zh-TW': '要查找的詞語' }),
      )
      .setRequired(true)
      .setMaxLength(300),
  )
  .toJSON();

const TEXTS = {
  title: { en: 'Passages for: {query}', 'zh-CN': '搜索结果：{query}', 'zh-TW': '搜尋結果：{query}' },
  none: {
    en: 'No passage matches that. Try other words, or /ask a question.',
    'zh-CN': '没有匹配的段落。换个说法试试，或用 /ask 提问。',
    'zh-TW': '沒有相符的段落。換個說法試試，或用 /ask 提問。',
  },
  empty: {
    en: 'Give me some words to look for, e.g. /search 贡献者.',
    'zh-CN': '请给出要查找的词语，例如 /search 贡献者。',
    'zh-TW': '請給出要查找的詞語，例如 /search 貢獻者。',
  },
  hint: {
    en: 'Use /passage with an id to read one in full.',
    'zh-CN': '用 /passage 加编号查看完整段落。',
    'zh-TW': '用 /passage 加編號查看完整段落。',
  },
};

/** How many passages the list shows; 10 short lines stay readable on a phone. */
const RESULTS = 10;

/** Replies follow the language of the query when it is clear. */
export function questionText(request: CommandRequest): string | undefined {
  return textOption(request, 'query');
}

export async function handle(
  request: CommandRequest,
  services: Pick<Services, 'engine' | 'pinIndexFor' | 'logger'>,
): Promise<CommandResponse> {
  const query = plainQuestion(textOption(request, 'query'));
  // Only pings or markup: no words to look for, and a title with nothing after "Passages for:".
  if (!query) return reply({ content: pick(request.locale, TEXTS.empty) }, { ephemeral: true });
  const context = await pinsFor(request, services);
  const citations = services.engine.search(query, { pins: context.pins, limit: RESULTS });
  const title = truncateText(
    pick(request.locale, TEXTS.title, { query: escapeUserText(query) }),
    DISCORD_LIMITS.embedTitle,
  );
  const lines = citations.map((citation) => {
    const label = citation.pin
      ? pick(request.locale, ANSWER_TEXTS.pinned)
      : `**${passageLabel(citedPassage(citation), services.engine)}**`;
    return `${label} — ${truncateText(citation.text, 180)}`;
  });
  const footer = [pick(request.locale, TEXTS.hint)];
  if (context.pinsUnavailable) footer.push(pick(request.locale, COMMON_TEXTS.pinsUnavailable));
  return reply({
    embeds: [
      {
        title,
        description: lines.length > 0 ? lines.join('\n') : pick(request.locale, TEXTS.none),
        footer: { text: footer.join('\n') },
      },
    ],
  });
}
