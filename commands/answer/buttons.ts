import type { Engine } from '../../src/engine.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { COMMON_TEXTS, pick } from '../../src/interactions/i18n.ts';
import { questionWithoutCourtesies } from '../../src/search/courtesies.ts';
import {
  DISCORD_LIMITS,
  errorReply,
  escapeUserText,
  reply,
  truncateText,
} from '../../src/interactions/reply.ts';
import { answerButtonId } from './ids.ts';
import { citationField, questionOf, renderPassageWithNeighbours } from './render.ts';
import { ANSWER_TEXTS } from './texts.ts';
import { pinsFor } from './use-case.ts';

/** The buttons under an answer (ids.ts builds and parses their custom ids). */
export async function handleAnswerButton(
  request: CommandRequest,
  services: Services,
): Promise<CommandResponse> {
  const button = answerButtonId.parse(request.customId ?? '');
  switch (button?.action) {
    case 'more':
      return moreSources(request, services);
    case 'show':
      return showPassage(button.passageKey, request, services.engine);
    case 'vote':
      return vote(button.helpful, button.cited, request, services);
    default:
      throw new Error(`unknown ask component ${request.customId}`);
  }
}

async function moreSources(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const question = questionOf(request);
  if (!question) return errorReply(pick(request.locale, ANSWER_TEXTS.passageGone));
  const context = await pinsFor(request, services);
  const citations = services.engine.ask(question, { pins: context.pins, limit: 6 }).citations.slice(1);
  if (citations.length === 0) return errorReply(pick(request.locale, ANSWER_TEXTS.noMoreSources));
  const fields = citations.map((citation) => {
    const field = citationField(citation, services.engine, request.locale);
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

function showPassage(key: string, request: CommandRequest, engine: Engine): CommandResponse {
  const passage = engine.findPassage(key);
  if (!passage) return errorReply(pick(request.locale, ANSWER_TEXTS.passageGone));
  return reply({ embeds: [renderPassageWithNeighbours(passage, engine)] }, { ephemeral: true });
}

async function vote(
  helpful: boolean,
  cited: string,
  request: CommandRequest,
  services: Services,
): Promise<CommandResponse> {
  if (!request.guildId) return errorReply(pick(request.locale, ANSWER_TEXTS.feedbackGuildOnly));
  if (request.serverInstalled === false) return errorReply(pick(request.locale, COMMON_TEXTS.notInstalled));
  if (!services.store) return errorReply(pick(request.locale, COMMON_TEXTS.feedbackUnavailable));
  const answerId = request.targetMessage?.id ?? request.id;
  try {
    await services.store.recordVote({
      guildId: request.guildId,
      answerId,
      userId: request.user.id,
      helpful,
      question: questionWithoutCourtesies(questionOf(request) ?? ''), // as the question was recorded
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
