import pino, { type DestinationStream, type Logger } from 'pino';
import { COMMAND_MODULES } from '../commands/index.ts';
import { DEFAULT_DATABASE_PATH, type BotConfig } from './config.ts';
import { loadEngine, type Engine } from './engine.ts';
import type { CommandModule, Services, ServicesProvider } from './interactions/contract.ts';
import { servicesFor } from './interactions/contract.ts';
import {
  createRequestLimits,
  createSharedRequestLimits,
  type RequestLimits,
} from './interactions/cooldown.ts';
import { scrubSecrets, serializeError, stderrDestination } from './logging.ts';
import { EngineHolder, type ReloadResult } from './runtime/engine-holder.ts';
import { PinIndexes } from './runtime/pin-indexes.ts';
import { watchKnowledge, type KnowledgeWatcher } from './runtime/watch.ts';
import { normalizeText } from './search/normalize.ts';
import { openConfiguredStore } from './store/open.ts';
import { PostgresStore } from './store/postgres.ts';
import type { CitebotStore } from './store/types.ts';

/**
 * The wiring, and nothing else: which commands run, how the engine, the store, the pin-index
 * cache and the limits are built from the configuration and handed to transports. The only
 * module under src/ besides entry points that knows commands/.
 */

/** The command modules of commands/index.ts, checked (a module without a definition fails at start). */
export async function loadCommandModules(): Promise<CommandModule[]> {
  return [...COMMAND_MODULES];
}

/**
 * Logs go to stderr, so the console and `ask` keep stdout for answers. Tokens are redacted wherever
 * they appear (`secrets`, e.g. the bot token, are cut out of every line), errors from Discord are
 * logged as status, code, method and route only (src/logging.ts). A log destination that stops
 * reading never blocks the bot: a full pipe drops lines, a broken one ends logging.
 */
export function createLogger(
  level: string,
  secrets: readonly (string | undefined)[] = [],
  destination: DestinationStream = stderrDestination(),
): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'config.token', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError },
      hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
    },
    destination,
  );
}

export interface ServicesHandle {
  /** Resolves once the knowledge is indexed; the store opens alongside (or is left out, logged). */
  ready: Promise<Services>;
  /**
   * What transports take: `ready`'s services, or with KNOWLEDGE_WATCH a function giving each
   * request the engine serving at that moment.
   */
  provider: Promise<ServicesProvider>;
  /** Stops watching and closes the store (a PostgreSQL pool closes its connections). */
  close(): Promise<void>;
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
  let watcher: KnowledgeWatcher | undefined;
  // One set of buckets for the process, shared by every request (and every reloaded engine); with
  // PostgreSQL, buckets in the database, shared by every instance.
  let limits: RequestLimits | undefined = config.limits ? createRequestLimits(config.limits) : undefined;
  const provider = load(config.knowledgeDir).then(async (engine): Promise<ServicesProvider> => {
    for (const problem of engine.problems)
      logger.warn({ path: problem.path }, `knowledge file skipped: ${problem.reason}`);
    logger.info({ articles: engine.articles.length, passages: engine.passages.length }, 'knowledge loaded');
    if (engine.articles.length === 0)
      logger.warn(
        { dir: config.knowledgeDir },
        'the knowledge folder has no articles: nothing can be answered',
      );
    // Every request reads the engine from the holder, so /reload (and, with KNOWLEDGE_WATCH, a
    // saved file) can swap in a new one; a request keeps the engine it started with.
    const holder = new EngineHolder(engine, config.knowledgeDir, {
      logger,
      load: () => load(config.knowledgeDir),
    });
    const opened = await openConfiguredStore({
      databaseUrl: config.databaseUrl,
      path: config.databasePath ?? DEFAULT_DATABASE_PATH,
      normalize: normalizeText,
      logger,
    });
    if (opened.ok) store = opened.value;
    else logger.warn(opened.message);
    if (config.limits && store instanceof PostgresStore) {
      limits = createSharedRequestLimits(config.limits, store.buckets(), (error) =>
        logger.warn({ err: error }, 'limits unavailable for this request (database)'),
      );
    }
    const pinIndexes = store
      ? new PinIndexes(store, (pins) => holder.engine.indexPins(pins), logger)
      : undefined;
    // Pin indexes were built by the previous engine; the next question rebuilds them with the new one.
    const afterReload = (result: ReloadResult): void => {
      if (result.ok) pinIndexes?.forget();
    };
    const reloadKnowledge = async (): Promise<ReloadResult> => {
      const result = await holder.reload();
      afterReload(result);
      return result;
    };
    if (config.watchKnowledge) {
      watcher = watchKnowledge(holder, config.knowledgeDir, { logger, onReload: afterReload });
      logger.info({ dir: config.knowledgeDir }, 'watching the knowledge folder for changes');
    }
    const pinIndexFor = pinIndexes ? (guildId: string | null) => pinIndexes.for(guildId) : undefined;
    return () => ({
      engine: holder.engine,
      store,
      ...(pinIndexFor && store ? { pinIndexFor } : {}),
      logger,
      limits,
      ownerIds: config.ownerIds,
      reloadKnowledge,
    });
  });
  return {
    ready: provider.then(servicesFor),
    provider,
    async close() {
      watcher?.close();
      const closing = store;
      store = undefined;
      await closing?.close();
    },
  };
}
