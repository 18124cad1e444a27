/**
 * What the help-channel helper costs. With AUTO_ANSWER the bot receives every member message of
 * every server it is in; a message outside the chosen channel must cost next to nothing (the
 * server's setting is cached, the engine is not asked), a post in it one engine question.
 * `npm run bench` (vitest bench: medians, ratios).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { bench, describe } from 'vitest';
import { loadCommandModules } from '../../src/compose.ts';
import { loadEngine } from '../../src/engine.ts';
import type { CommandRequest, Services } from '../../src/interactions/contract.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { AutoAnswerChannels } from '../../src/runtime/auto-answer-channels.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';

const root = path.join(import.meta.dirname, '..', '..');
const GUILD = '222222222222222222';
const HELP = '444444444444444444';

const engine = await loadEngine(path.join(root, 'knowledge'));
const opened = openStore({
  path: path.join(mkdtempSync(path.join(tmpdir(), 'citebot-bench-')), 'bench.sqlite'),
  normalize: normalizeText,
});
if (!opened.ok) throw new Error(opened.message);
const store = opened.value;
await store.setAutoAnswerChannel(GUILD, HELP, '1');
const router = new CommandRouter(await loadCommandModules());
const services: Services = {
  engine,
  store,
  pinIndexFor: pinIndexesOf(store, engine),
  logger: pino({ level: 'silent' }),
  autoAnswerEnabled: true,
  autoAnswerChannels: new AutoAnswerChannels(store),
};

const post = (question: string, postedIn: string): CommandRequest => ({
  kind: 'post',
  id: '900000000000000001',
  commandName: 'ask',
  options: { question },
  attachments: {},
  user: { id: '111111111111111111', username: 'member' },
  guildId: GUILD,
  channelId: postedIn,
  postedIn,
  memberPermissions: 0n,
  locale: 'en-US',
});

const chatter = post('anyone up for lunch? 有人一起吃午饭吗', '555555555555555555');
const sure = post('How many lines of import torch are on GitHub?', HELP);
const unsure = post('显卡驱动装不上，装了三次都失败', HELP);

// The first English answer reads the gloss data (lazily, once); measure the steady state.
await router.route(sure, services);

describe('a message reaching the bot with AUTO_ANSWER on', () => {
  bench('in another channel (passed over)', async () => {
    await router.route(chatter, services);
  });
  bench('a post in the help channel, not sure (silence)', async () => {
    await router.route(unsure, services);
  });
  bench('a post in the help channel, answered', async () => {
    await router.route(sure, services);
  });
});
