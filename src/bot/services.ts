import pino, { type Logger } from 'pino';
import type { Services } from '../../commands/types.ts';
import type { BotConfig } from '../config.ts';
import { loadEngine, type Engine } from '../engine.ts';
import { openStore } from '../store/sqlite.ts';
import type { CitebotStore } from '../store/types.ts';

/** Logs go to stderr, so the console and `ask` keep stdout for answers; tokens are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'config.token', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination(2),
  );
}

export interface ServicesHandle {
  /** Resolves once the knowledge is indexed; the store opens alongside (or is left out, logged). */
  ready: Promise<Services>;
  close(): void;
}

/**
 * Starts loading the engine and opens the store. Returns at once, so the bot can connect and
 * defer interactions while the index builds. A store that cannot open leaves pins unavailable;
 * answers go on from the articles.
 */
export function prepareServices(
  config: BotConfig,
  logger: Logger,
  load: (dir: string) => Promise<Engine> = loadEngine,
): ServicesHandle {
  let store: CitebotStore | undefined;
  const ready = load(config.knowledgeDir).then((engine) => {
    for (const problem of engine.problems)
      logger.warn({ path: problem.path }, `knowledge file skipped: ${problem.reason}`);
    logger.info({ articles: engine.articles.length, passages: engine.passages.length }, 'knowledge loaded');
    const opened = openStore({
      ...(config.databasePath ? { path: config.databasePath } : {}),
      indexPins: (pins) => engine.indexPins(pins),
      logger,
    });
    if (opened.ok) store = opened.value;
    else logger.warn(opened.message);
    return { engine, store, logger, config } satisfies Services;
  });
  return {
    ready,
    close() {
      store?.close();
      store = undefined;
    },
  };
}
