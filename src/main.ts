import 'dotenv/config';
import { createLogger, loadCommandModules, prepareServices } from './compose.ts';
import { readConfig } from './config.ts';
import { runEntry } from './entry.ts';
import { flushLogs, stderrDestination } from './logging.ts';
import { CommandRouter } from './interactions/router.ts';
import { logUnhandledRejections, startBot, STOP_GRACE_MS } from './transports/discord/bot.ts';
import { runConsole } from './transports/console/loop.ts';
import { PromptSafeLog } from './transports/console/prompt-safe-log.ts';

/**
 * `npm start` (entry): config -> compose -> Discord or the console. The bot when DISCORD_TOKEN is set; otherwise the local console in a terminal;
 * otherwise (no token, no terminal, e.g. a service manager) a message naming what to set.
 */
async function main(): Promise<number> {
  const checked = readConfig(process.env);
  if (!checked.ok) {
    for (const problem of checked.problems) console.error(problem.message);
    console.error('Fix these in .env (see .env.example) and start again.');
    return 1;
  }
  const { config } = checked;
  const interactive = !config.token;
  if (interactive && !process.stdin.isTTY) {
    console.error(
      'DISCORD_TOKEN is not set, and stdin is not a terminal for the local console. Set DISCORD_TOKEN ' +
        '(and DISCORD_APPLICATION_ID for npm run deploy) in .env to run the bot; see .env.example.',
    );
    return 1;
  }
  // The console shows only problems on stderr, so the conversation stays readable, and redraws
  // its prompt after each.
  const consoleLogs = interactive ? new PromptSafeLog(stderrDestination()) : undefined;
  const logger = createLogger(
    interactive && config.logLevel === 'info' ? 'warn' : config.logLevel,
    [config.token],
    consoleLogs,
  );
  logUnhandledRejections(logger);
  // The console answers under the same limits as Discord, and says which (0 turns one off).
  const handle = prepareServices(config, logger);
  // Handled before anything is awaited: a missing folder fails at once, and must end with the
  // fatal line alone, not an "unhandled promise rejection" before it.
  if (!interactive) {
    handle.ready.catch((error: unknown) => {
      logger.fatal({ err: error }, `could not load the knowledge in ${config.knowledgeDir}`);
      void flushLogs().finally(() => process.exit(1));
    });
  }
  const router = new CommandRouter(await loadCommandModules());

  if (interactive) {
    await runConsole({ router, services: handle.provider, limits: config.limits, logs: consoleLogs });
    await handle.close();
    return 0;
  }

  const bot = await startBot({ config, services: handle.provider, logger, router });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Whatever Discord or the log destination does, a service manager sees the process end.
    setTimeout(() => process.exit(1), STOP_GRACE_MS + 1_500).unref();
    bot
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'logout failed'))
      .then(() => handle.close())
      .catch((error: unknown) => logger.error({ err: error }, 'could not close the database'))
      .finally(() => void flushLogs().finally(() => process.exit(0)));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // A shard (npm run start:sharded) leaves with its manager rather than run on unsupervised.
  if (process.connected) process.once('disconnect', () => stop('manager gone'));
  return new Promise<number>(() => undefined);
}

// Login failures name the cause (bad token, unreachable API) but never the token.
runEntry(main, 'citebot could not start', () => [process.env.DISCORD_TOKEN]);
