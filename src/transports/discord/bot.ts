import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig } from '../../config.ts';
import type { ServicesProvider } from '../../interactions/contract.ts';
import type { AnswerQueue, AnswerQueueOptions } from '../../interactions/answer-queue.ts';
import type { CommandRouter } from '../../interactions/router.ts';
import { createClient } from './client.ts';
import { attachHandlers } from './respond.ts';

/**
 * Logs promise rejections nobody handled instead of letting Node end the process (its default):
 * one bug in a rarely used path must not take every server's answers down with it.
 */
export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
}

/** How long shutdown waits for replies in flight: well inside a service manager's stop timeout. */
export const STOP_GRACE_MS = 3_000;

export interface RunningBot {
  client: Client;
  /**
   * Stops taking new requests, lets those in flight reply (at most `graceMs`, default 3 s), then
   * logs out and closes the gateway connection.
   */
  stop(graceMs?: number): Promise<void>;
  /** The answers being worked on (interactions/answer-queue.ts). */
  queue: AnswerQueue;
}

/**
 * Connects to Discord while the knowledge may still be loading: interactions that arrive before
 * `services` resolves are deferred and answered when it does.
 */
export async function startBot(options: {
  config: BotConfig;
  services: Promise<ServicesProvider>;
  logger: Logger;
  router: CommandRouter;
  deferAfterMs?: number;
  answerQueue?: AnswerQueueOptions;
}): Promise<RunningBot> {
  const { config, logger } = options;
  if (!config.token) throw new Error('startBot needs config.token');
  const { router } = options;
  const client = createClient(config);
  const handlers = attachHandlers({
    client,
    router,
    services: options.services,
    logger,
    deferAfterMs: options.deferAfterMs,
    autoAnswer: config.autoAnswer,
    answerQueue: options.answerQueue,
  });
  client.once(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord');
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited'),
  );
  // discord.js retries 5xx answers itself (3 times) and 429s after retry_after; each one is logged
  // here, and a request that still fails reaches the responder (respond.ts), which logs it with an error id.
  client.rest.on('response', (request, response) => {
    // A fetch Response arrives cloned; its body is never read here. (undici's own responses arrive
    // as the same body the REST client reads, so they are left alone.)
    if (response instanceof Response) void response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status !== 429 && status < 500) return;
    const fields = { route: request.route, method: request.method, status, retries: request.retries };
    // A 429 is Discord pacing the bot, part of normal work; a 5xx is Discord failing.
    if (status === 429) logger.info(fields, 'Discord answered 429 (rate limited)');
    else logger.warn(fields, 'Discord answered with a server error');
  });
  await client.login(config.token);
  return {
    client,
    queue: handlers.queue,
    async stop(graceMs = STOP_GRACE_MS) {
      await handlers.drain(graceMs);
      await client.destroy();
      logger.info('logged out');
    },
  };
}
