import { ButtonStyle, ComponentType, PermissionFlagsBits, type APIEmbed } from 'discord-api-types/v10';
import { SlashCommandBuilder } from 'discord.js';
import type { DailyQuestions, PinUsage, QuestionStat } from '../src/store/types.ts';
import { localizations, pick, type Texts } from '../src/interactions/i18n.ts';
import { COLORS } from '../src/interactions/formatting.ts';
import { moderator, pinStore, serverOnly, serverStore } from '../src/interactions/preconditions.ts';
import { pinButtonId } from './pin/ids.ts';
import { escapeUserText, reply, truncateText } from '../src/interactions/reply.ts';
import { serverInstallOnly } from '../src/interactions/availability.ts';
import type { CommandRequest, CommandResponse, Services } from '../src/interactions/contract.ts';

/**
 * /insights: what members ask that nothing answers, what they ask most, how answers are rated,
 * which pins are the answer most often, and a chart of questions per day (a PNG attached to the
 * reply, drawn by src/charts/; the same figures are in a text line for clients without images).
 * Each unanswered question gets a "Pin an answer" button (its custom id belongs to /pin:
 * pin/ids.ts builds and parses it, pin/handlers.ts handles it) that opens the pin form with the
 * question filled in.
 */

/**
 * The chart module is loaded on the first /insights, not at start: Skia (@napi-rs/canvas) and
 * Chart.js add ~25 MB of RSS to a process that may never draw a chart.
 */
async function drawChart(days: readonly DailyQuestions[]): Promise<Buffer> {
  const { questionsPerDayPng } = await import('../src/charts/questions-per-day.ts');
  return questionsPerDayPng(days);
}

export const definition = serverInstallOnly(
  new SlashCommandBuilder()
    .setName('insights')
    .setDescription('Questions nothing answers, the most asked ones, and how answers are rated')
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '没有答案的问题、最常问的问题和回答评价',
        'zh-TW': '沒有答案的問題、最常問的問題和回答評價',
      }),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages),
).toJSON();

export const preconditions = [serverOnly, moderator, pinStore];

/** Moderators' replies are private; if the transport has to defer (index still loading), so is the wait. */
export function deferEphemeral(): boolean {
  return true;
}

const TEXTS = {
  title: { en: 'Insights', 'zh-CN': '洞察', 'zh-TW': '洞察' },
  // Also answers voted down more than up: for a moderator both are questions nothing answers well.
  unanswered: {
    en: 'Unanswered or voted down',
    'zh-CN': '没有答案或被点踩的问题',
    'zh-TW': '沒有答案或被倒讚的問題',
  },
  more: {
    en: '… and more: the {shown} asked most often are listed',
    'zh-CN': '……还有更多：只列出被问得最多的 {shown} 个',
    'zh-TW': '……還有更多：只列出被問得最多的 {shown} 個',
  },
  morePins: { en: '… and {count} more', 'zh-CN': '……还有 {count} 条', 'zh-TW': '……還有 {count} 條' },
  mostAsked: { en: 'Most asked', 'zh-CN': '最常问的问题', 'zh-TW': '最常問的問題' },
  feedback: { en: 'Feedback', 'zh-CN': '反馈', 'zh-TW': '回饋' },
  none: { en: 'None yet.', 'zh-CN': '暂无。', 'zh-TW': '暫無。' },
  noVotes: { en: 'No votes yet.', 'zh-CN': '还没有投票。', 'zh-TW': '還沒有投票。' },
  ratio: {
    en: '👍 {up} · 👎 {down} — {percent}% helpful',
    'zh-CN': '👍 {up} · 👎 {down} —— {percent}% 有帮助',
    'zh-TW': '👍 {up} · 👎 {down} —— {percent}% 有幫助',
  },
  asked: { en: '×{count}', 'zh-CN': '×{count}', 'zh-TW': '×{count}' },
  pinAnswer: {
    en: 'Pin an answer: {question}',
    'zh-CN': '置顶答案：{question}',
    'zh-TW': '置頂答案：{question}',
  },
  lastDays: {
    en: 'Last {days} days: {total} asked, {answered} answered, {unanswered} not answered',
    'zh-CN': '最近 {days} 天：提问 {total} 个，有答案 {answered} 个，没有答案 {unanswered} 个',
    'zh-TW': '最近 {days} 天：提問 {total} 個，有答案 {answered} 個，沒有答案 {unanswered} 個',
  },
  perDay: { en: 'Questions per day', 'zh-CN': '每日问题数', 'zh-TW': '每日問題數' },
  pinsUsed: { en: 'Pins used as answers', 'zh-CN': '作为答案的置顶', 'zh-TW': '作為答案的置頂' },
  noPinsUsed: {
    en: 'No pin was the answer yet.',
    'zh-CN': '还没有置顶被用作答案。',
    'zh-TW': '還沒有置頂被用作答案。',
  },
  footer: {
    en: 'Questions are kept {days} days, normalized, without who asked.',
    'zh-CN': '问题以规范化形式保留 {days} 天，不记录提问者。',
    'zh-TW': '問題以規範化形式保留 {days} 天，不記錄提問者。',
  },
} satisfies Record<string, Texts>;

const SHOWN = 10;
const PINS_SHOWN = 5;
const CHART_FILE = 'questions-per-day.png';
/** One "Pin an answer" button per row; Discord allows five rows. */
const PIN_BUTTONS = 5;

/** The first SHOWN questions (the store is asked for one more, to tell whether there are more). */
function questionLines(questions: readonly QuestionStat[], locale: string, numbered: boolean): string {
  if (questions.length === 0) return pick(locale, TEXTS.none);
  const more = questions.length > SHOWN ? [pick(locale, TEXTS.more, { shown: SHOWN })] : [];
  return questions
    .slice(0, SHOWN)
    .map((question, index) => {
      const votes = question.unhelpful > 0 ? ` · 👎 ${question.unhelpful}` : '';
      const prefix = numbered ? `${index + 1}. ` : '• ';
      return `${prefix}${escapeUserText(truncateText(question.text, 90))} (${pick(locale, TEXTS.asked, { count: question.asked })}${votes})`;
    })
    .concat(more)
    .join('\n');
}

function dailyLine(days: readonly DailyQuestions[], locale: string): string {
  const answered = days.reduce((sum, day) => sum + day.answered, 0);
  const unanswered = days.reduce((sum, day) => sum + day.unanswered, 0);
  return pick(locale, TEXTS.lastDays, {
    days: days.length,
    total: answered + unanswered,
    answered,
    unanswered,
  });
}

function pinLines(usage: readonly PinUsage[], locale: string): string {
  if (usage.length === 0) return pick(locale, TEXTS.noPinsUsed);
  const more =
    usage.length > PINS_SHOWN ? [pick(locale, TEXTS.morePins, { count: usage.length - PINS_SHOWN })] : [];
  return usage
    .slice(0, PINS_SHOWN)
    .map(
      (pin) =>
        `**#${pin.pinId}** ${escapeUserText(truncateText(pin.text.replace(/\s+/g, ' '), 90))} (${pick(locale, TEXTS.asked, { count: pin.cited })})`,
    )
    .concat(more)
    .join('\n');
}

export async function handle(
  request: CommandRequest,
  services: Pick<Services, 'store' | 'logger'>,
): Promise<CommandResponse> {
  const { guildId, store } = serverStore(request, services);
  const locale = request.locale;
  const [insights, pinUsage] = await Promise.all([
    store.insights(guildId, SHOWN + 1),
    store.pinUsage(guildId),
  ]);
  // The chart is a picture of the text line below it: without it the reply still says everything.
  const chart = await drawChart(insights.daily).catch((error: unknown) => {
    services.logger.error({ err: error }, 'could not draw the insights chart');
    return undefined;
  });
  const { helpful, unhelpful } = insights.feedback;
  const votes = helpful + unhelpful;
  const embed: APIEmbed = {
    title: pick(locale, TEXTS.title),
    color: COLORS.answer,
    fields: [
      { name: pick(locale, TEXTS.unanswered), value: questionLines(insights.unanswered, locale, true) },
      { name: pick(locale, TEXTS.mostAsked), value: questionLines(insights.mostAsked, locale, false) },
      {
        name: pick(locale, TEXTS.feedback),
        value:
          votes === 0
            ? pick(locale, TEXTS.noVotes)
            : pick(locale, TEXTS.ratio, {
                up: helpful,
                down: unhelpful,
                percent: Math.round((helpful / votes) * 100),
              }),
      },
      { name: pick(locale, TEXTS.pinsUsed), value: pinLines(pinUsage, locale) },
      { name: pick(locale, TEXTS.perDay), value: dailyLine(insights.daily, locale) },
    ],
    footer: { text: pick(locale, TEXTS.footer, { days: insights.retentionDays }) },
    ...(chart ? { image: { url: `attachment://${CHART_FILE}` } } : {}),
  };
  const components = insights.unanswered.slice(0, PIN_BUTTONS).map((question, index) => ({
    type: ComponentType.ActionRow as const,
    components: [
      {
        type: ComponentType.Button as const,
        custom_id: pinButtonId.build({ action: 'answer', questionId: question.id }),
        style: ButtonStyle.Primary as const,
        emoji: { name: '📌' },
        // Button labels are plain text (no markdown), so the question is shown as typed.
        label: `${index + 1}. ${pick(locale, TEXTS.pinAnswer, { question: truncateText(question.text, 60) })}`,
      },
    ],
  }));
  const files = chart ? [{ name: CHART_FILE, data: chart, contentType: 'image/png' }] : undefined;
  return reply({ embeds: [embed], components }, { ephemeral: true }, files);
}
