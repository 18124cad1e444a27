import type { AnswerResult } from '../../src/engine.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { plainQuestion } from '../../src/interactions/chat-text.ts';
import { questionWithoutCourtesies } from '../../src/search/courtesies.ts';
import { pick } from '../../src/interactions/i18n.ts';
import { askCooldown } from '../../src/interactions/preconditions.ts';
import { reply } from '../../src/interactions/reply.ts';
import { renderAnswer, type AnswerContext, type RenderOptions } from './render.ts';
import { ANSWER_TEXTS } from './texts.ts';

/**
 * Answering a question, shared by /ask, the "Answer from article" menu and @mentions: the cooldown,
 * the server's pins, the engine, the record for /insights, the log line; render.ts draws the result.
 */

/** The guild's pins for search; a failing store is logged and answers go on from the articles. */
export async function pinsFor(
  request: Pick<CommandRequest, 'guildId'>,
  services: Pick<Services, 'pinIndexFor' | 'logger'>,
): Promise<AnswerContext> {
  if (!request.guildId) return { pinsUnavailable: false };
  if (!services.pinIndexFor) return { pinsUnavailable: true };
  try {
    return { pins: await services.pinIndexFor(request.guildId), pinsUnavailable: false };
  } catch (error) {
    services.logger.warn({ err: error, guildId: request.guildId }, 'pins unavailable');
    return { pinsUnavailable: true };
  }
}

async function recordQuestion(
  request: CommandRequest,
  services: Services,
  result: AnswerResult,
): Promise<void> {
  // Nothing is kept for a server that did not install citebot (a member's user install there).
  if (!request.guildId || !services.store || request.serverInstalled === false) return;
  try {
    // A pin counts as used when it is the answer shown, not when it is only suggested.
    const citedPin = result.answered ? result.citations[0]?.pin : undefined;
    // Greetings and thanks aside: "大家好，…谢谢" is the same question as without them.
    const question = questionWithoutCourtesies(result.question);
    await services.store.recordQuestion(request.guildId, question, result.answered, citedPin?.id);
  } catch (error) {
    services.logger.warn({ err: error, guildId: request.guildId }, 'could not record question');
  }
}

/** Asks the engine with the guild's pins, records the question for /insights, renders the reply. */
export async function answerQuestion(
  question: string,
  request: CommandRequest,
  services: Services,
  options: RenderOptions = {},
): Promise<CommandResponse> {
  // Pings, emoji and markdown are not what was asked (chat-text.ts).
  const trimmed = plainQuestion(question);
  // Thanks, a greeting or emoji alone hold nothing to look up (query.ts drops courtesies): a hint,
  // neither a turn of the member's allowance nor a question for /insights.
  if (!trimmed || services.engine.query(trimmed).groups.length === 0)
    return reply({ content: pick(request.locale, ANSWER_TEXTS.emptyQuestion) }, { ephemeral: true });
  // Only now: an empty question costs the member nothing.
  const limited = await askCooldown.check(request, services);
  if (limited) return limited;
  const context = await pinsFor(request, services);
  const result = services.engine.ask(trimmed, { pins: context.pins });
  await recordQuestion(request, services, result);
  services.logger.info(
    {
      kind: request.kind,
      guildId: request.guildId,
      answered: result.answered,
      confidence: result.confidence,
    },
    'answered',
  );
  return renderAnswer(result, request, services.engine, context, options);
}
