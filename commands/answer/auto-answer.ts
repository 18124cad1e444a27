import { answerLevel } from '../../src/answer/level.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { finishReplyData } from '../../src/interactions/reply.ts';
import { renderAnswer } from './render.ts';
import { pinsFor } from './use-case.ts';
import { plainQuestion } from '../../src/interactions/chat-text.ts';

/**
 * The help-channel helper (/setup auto-answer): a member's new post in the server's chosen channel
 * is answered when the engine is sure — the "Answer" level, never "Possible answer" — and met
 * with silence otherwise. Members did not ask the bot, so a doubtful quote, a cooldown notice or
 * an error would be noise. Nothing of the post is stored: no question is recorded for /insights.
 */

/** What became of a post; every outcome but "answered" is silence. */
export type PostOutcome =
  | 'answered'
  | 'auto-answer off'
  | 'another channel'
  | 'empty'
  | 'settings unavailable'
  | 'not sure'
  | 'rate limited';

/** One log line per post, by its id. Posts outside the chosen channel are every message of the server: debug only. */
function logOutcome(
  request: CommandRequest,
  services: Pick<Services, 'logger'>,
  result: PostOutcome,
  fields: Record<string, unknown>,
): void {
  const details = {
    kind: request.kind,
    guildId: request.guildId,
    post: request.id,
    outcome: result,
    ...fields,
  };
  if (result === 'auto-answer off' || result === 'another channel')
    services.logger.debug(details, 'auto-answer');
  else services.logger.info(details, 'auto-answer');
}

/** Silence: a quiet response, which the transport never sends (the text is for the console and tests). */
function silent(
  request: CommandRequest,
  services: Pick<Services, 'logger'>,
  reason: Exclude<PostOutcome, 'answered'>,
  fields: Record<string, unknown> = {},
): CommandResponse {
  logOutcome(request, services, reason, fields);
  return { type: 'message', data: finishReplyData({ content: `(no reply: ${reason})` }), quiet: true };
}

/** The answer to a post, or a quiet response when it is not for us or the engine is not sure. */
export async function answerPost(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const { guildId, postedIn } = request;
  const settings = services.autoAnswerChannels;
  if (!services.autoAnswerEnabled || !guildId || !postedIn || request.serverInstalled === false)
    return silent(request, services, 'auto-answer off');
  if (!settings) return silent(request, services, 'settings unavailable');
  let channel: string | undefined;
  try {
    channel = await settings.channelFor(guildId);
  } catch (error) {
    return silent(request, services, 'settings unavailable', { err: error });
  }
  if (!channel) return silent(request, services, 'auto-answer off');
  if (channel !== postedIn) return silent(request, services, 'another channel');
  const question = plainQuestion(String(request.options.question ?? ''));
  if (!question) return silent(request, services, 'empty');
  const context = await pinsFor(request, services);
  const result = services.engine.ask(question, { pins: context.pins });
  const level = answerLevel(result, services.engine.threshold);
  const fields = { level, confidence: result.confidence };
  if (level !== 'answer') return silent(request, services, 'not sure', fields);
  // The limiter is spent only on answers given: silence costs the member none of their /ask budget.
  const limited = await services.limits?.ask(request.user.id, guildId);
  if (limited && !limited.ok) return silent(request, services, 'rate limited', fields);
  logOutcome(request, services, 'answered', fields);
  return renderAnswer(result, request, services.engine, context);
}
