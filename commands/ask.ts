import { SlashCommandBuilder } from 'discord.js';
import {
  ANSWER_TEXTS,
  answerQuestion,
  citationField,
  pinsFor,
  questionOf,
  renderPassageWithNeighbours,
} from './answer-view.ts';
import { COMMON_TEXTS, localizations, pick } from './i18n.ts';
import { DISCORD_LIMITS, errorReply, escapeUserText, reply, truncateText } from './reply.ts';
import { usableEverywhere } from './availability.ts';
import type { CommandRequest, CommandResponse, Services } from './types.ts';

export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the articles; the answer quotes and cites them')
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '就文章提问；回答会引用原文并注明出处',
        'zh-TW': '就文章提問；回答會引用原文並註明出處',
      }),
    ),
)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('Your question, in English or Chinese')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '你的问题（中文或英文）', 'zh-TW': '你的問題（中文或英文）' }),
      )
      .setRequired(true)
      .setMaxLength(500)
      .setAutocomplete(true),
  )
  .addBooleanOption((option) =>
    option
      .setName('hide')
      .setDescription('Only you see the answer')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '只有你能看到回答', 'zh-TW': '只有你能看到回答' }),
      ),
  )
  .addUserOption((option) =>
    option
      .setName('mention')
      .setDescription('Address the answer to this member (they get notified)')
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '把回答发给这位成员（会通知对方）',
          'zh-TW': '把回答發給這位成員（會通知對方）',
        }),
      ),
  )
  .toJSON();

export const customIdPrefixes = ['ask'] as const;

export function deferEphemeral(request: CommandRequest): boolean {
  if (request.kind === 'component') return true;
  return request.options.hide === true;
}

export function handle(request: CommandRequest, services: Services): CommandResponse {
  const question = String(request.options.question ?? '');
  if (request.kind === 'mention') return answerQuestion(question, request, services);
  const hide = request.options.hide === true;
  // Discord sends a user option as the user's id (digits, as src/config.ts accepts ids); anything else is forged.
  const option = request.options.mention;
  const mention = typeof option === 'string' && /^\d{1,20}$/.test(option) ? option : undefined;
  // A hidden answer cannot reach anyone else, so a mention would only confuse.
  return answerQuestion(question, request, services, {
    ephemeral: hide,
    mentionUserId: hide ? undefined : mention,
  });
}

export function autocomplete(request: CommandRequest, services: Services) {
  const typed = request.focused?.value ?? '';
  // Before anything is typed, the server's pinned facts come first, like hoisted tags: they are
  // what moderators expect members to ask about.
  if (!typed.trim() && request.guildId && services.store) {
    try {
      const pins = services.store.listPins(request.guildId).slice(-DISCORD_LIMITS.choices).reverse();
      if (pins.length > 0) {
        return pins.map((pin) => ({
          name: `📌 ${pin.text}`,
          value: pin.text.slice(0, DISCORD_LIMITS.choiceValue),
        }));
      }
    } catch (error) {
      services.logger.warn({ err: error, guildId: request.guildId }, 'pins unavailable for autocomplete');
    }
  }
  return services.engine
    .suggestQuestions(typed, DISCORD_LIMITS.choices)
    .map((question) => ({ name: question, value: question.slice(0, DISCORD_LIMITS.choiceValue) }));
}

export function handleComponent(request: CommandRequest, services: Services): CommandResponse {
  const [, action, ...rest] = (request.customId ?? '').split(':');
  switch (action) {
    case 'more':
      return moreSources(request, services);
    case 'show':
      return showPassage(rest.join(':'), request, services);
    case 'vote':
      return vote(rest[0] === 'u', rest.slice(1).join(':'), request, services);
    default:
      throw new Error(`unknown ask component ${request.customId}`);
  }
}

function moreSources(request: CommandRequest, services: Services): CommandResponse {
  const question = questionOf(request);
  if (!question) return errorReply(pick(request.locale, ANSWER_TEXTS.passageGone));
  const context = pinsFor(request, services);
  const citations = services.engine.ask(question, { pins: context.pins, limit: 6 }).citations.slice(1);
  if (citations.length === 0) return errorReply(pick(request.locale, ANSWER_TEXTS.noMoreSources));
  const fields = citations.map((citation) => {
    const field = citationField(citation, services, request.locale);
    return { ...field, value: truncateText(field.value, 600) };
  });
  return reply(
    {
      embeds: [
        {
          title: truncateText(
            pick(request.locale, ANSWER_TEXTS.moreTitle, { question: escapeUserText(question) }),
            DISCORD_LIMITS.embedTitle,
          ),
          fields,
          ...(context.pinsUnavailable
            ? { footer: { text: pick(request.locale, COMMON_TEXTS.pinsUnavailable) } }
            : {}),
        },
      ],
    },
    { ephemeral: true },
  );
}

function showPassage(key: string, request: CommandRequest, services: Services): CommandResponse {
  const passage = services.engine.findPassage(key);
  if (!passage) return errorReply(pick(request.locale, ANSWER_TEXTS.passageGone));
  return reply({ embeds: [renderPassageWithNeighbours(passage, services)] }, { ephemeral: true });
}

function vote(helpful: boolean, cited: string, request: CommandRequest, services: Services): CommandResponse {
  if (!request.guildId) return errorReply(pick(request.locale, ANSWER_TEXTS.feedbackGuildOnly));
  if (!services.store) return errorReply(pick(request.locale, COMMON_TEXTS.feedbackUnavailable));
  const answerId = request.targetMessage?.id ?? request.id;
  try {
    services.store.recordVote({
      guildId: request.guildId,
      answerId,
      userId: request.user.id,
      helpful,
      question: questionOf(request) ?? '',
      cited,
    });
  } catch (error) {
    services.logger.warn({ err: error, guildId: request.guildId }, 'could not record vote');
    return errorReply(pick(request.locale, COMMON_TEXTS.feedbackUnavailable));
  }
  return errorReply(
    pick(request.locale, helpful ? ANSWER_TEXTS.thanksHelpful : ANSWER_TEXTS.thanksUnhelpful),
  );
}
