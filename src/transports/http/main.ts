import 'dotenv/config';
import { REST } from 'discord.js';
import { createLogger, loadCommandModules, prepareServices } from '../../compose.ts';
import { readConfig, readHttpConfig } from '../../config.ts';
import { flushLogs } from '../../logging.ts';
import { runEntry } from '../../entry.ts';
import { servicesFor } from '../../interactions/contract.ts';
import { CommandRouter } from '../../interactions/router.ts';
import { logUnhandledRejections } from '../discord/bot.ts';
import { startHttpServer } from './server.ts';

/**
 * `npm run start:http` (entry): the Interactions Endpoint URL. Stateless apart from the database,
 * so several instances behind a load balancer can share one DATABASE_URL; no gateway connection,
 * so @mentions are left to `npm start` (which can run beside it on the same database).
 */
async function main(): Promise<number> {
  const checked = readConfig(process.env);
  const http = readHttpConfig(process.env);
  const problems = [...(checked.ok ? [] : checked.problems), ...(http.ok ? [] : http.problems)];
  if (!checked.ok || !http.ok) {
    for (const problem of problems) console.error(problem.message);
    console.error('Fix these in .env (see .env.example) and start again.');
    return 1;
  }
  const { config } = checked;
  const logger = createLogger(config.logLevel, [config.token]);
  logUnhandledRejections(logger);
  const handle = prepareServices(config, logger);
  handle.ready.catch((error: unknown) => {
    logger.fatal({ err: error }, `could not load the knowledge in ${config.knowledgeDir}`);
    void flushLogs().finally(() => process.exit(1));
  });
  const router = new CommandRouter(await loadCommandModules());
  // Edits after a deferral go to webhook routes, authorized by the interaction token; the bot
  // token is set when given (DISCORD_TOKEN), for any route that needs it.
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {});
  if (config.token) rest.setToken(config.token);
  const server = await startHttpServer({
    ...http.config,
    router,
    services: handle.provider,
    logger,
    rest,
    // One question in each script before taking traffic, without recording them anywhere.
    warmUp: (provider) => {
      const { engine } = servicesFor(provider);
      engine.ask('How many contributors does it have?');
      engine.ask('有多少贡献者？');
    },
  });
  logger.info(
    { host: http.config.host, port: server.port, database: config.databaseUrl ? 'postgres' : 'sqlite' },
    'listening for interactions',
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => handle.close())
      .catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'))
      .finally(() => void flushLogs().finally(() => process.exit(0)));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return new Promise<number>(() => undefined);
}

runEntry(main, 'citebot (HTTP interactions) could not start');
