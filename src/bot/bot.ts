import { Events, type Client } from 'discord.js';
import type { Logger } from 'pino';
import type { ServicesProvider } from '../../commands/types.ts';
import type { BotConfig } from '../config.ts';
import { attachHandlers, createClient } from './adapter.ts';
import { CommandRouter, loadCommandModules } from './router.ts';

export interface RunningBot {
  client: Client;
  /** Logs out and closes the gateway connection. */
  stop(): Promise<void>;
}

/**
 * Connects to Discord while the knowledge may still be loading: interactions that arrive before
 * `services` resolves are deferred and answered when it does.
 */
export async function startBot(options: {
  config: BotConfig;
  services: Promise<ServicesProvider>;
  logger: Logger;
  router?: CommandRouter;
  deferAfterMs?: number;
}): Promise<RunningBot> {
  const { config, logger } = options;
  if (!config.token) throw new Error('startBot needs config.token');
  const router = options.router ?? new CommandRouter(await loadCommandModules());
  const client = createClient(config);
  attachHandlers({ client, router, services: options.services, logger, deferAfterMs: options.deferAfterMs });
  client.once(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord');
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js error'));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfter: info.retryAfter, global: info.global }, 'rate limited'),
  );
  await client.login(config.token);
  return {
    client,
    async stop() {
      await client.destroy();
      logger.info('logged out');
    },
  };
}
