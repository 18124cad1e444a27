import pino from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCommandModules } from '../../src/compose.ts';
import { DEFAULT_LIMITS } from '../../src/config.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { createRequestLimits } from '../../src/interactions/cooldown.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { AutoAnswerChannels } from '../../src/runtime/auto-answer-channels.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import { openOrThrow, tempDir } from '../store/helpers.ts';

/** Posts in a help channel (commands/answer/auto-answer.ts): answered when sure, otherwise silence. */

const GUILD = '222222222222222222';
const HELP = '444444444444444444';
const SURE = 'How many lines of import torch are on GitHub?';

let engine: Engine;
let router: CommandRouter;
let store: SqliteStore;
let dir: ReturnType<typeof tempDir>;
let services: Services;

beforeAll(async () => {
  engine = await loadEngine('knowledge');
  router = new CommandRouter(await loadCommandModules());
});
beforeEach(async () => {
  dir = tempDir();
  store = openOrThrow({ path: `${dir.dir}/citebot.sqlite` });
  await store.setAutoAnswerChannel(GUILD, HELP, '1');
  services = {
    engine,
    store,
    pinIndexFor: pinIndexesOf(store, engine),
    logger: pino({ level: 'silent' }),
    autoAnswerEnabled: true,
    autoAnswerChannels: new AutoAnswerChannels(store),
  };
});
afterEach(async () => {
  await store.close();
  dir.cleanup();
});

let counter = 0;
function post(question: string, over: Partial<CommandRequest> = {}): CommandRequest {
  return {
    kind: 'post',
    id: String(900000000000000000n + BigInt(++counter)),
    commandName: 'ask',
    options: { question },
    attachments: {},
    user: { id: '111111111111111111', username: 'member' },
    guildId: GUILD,
    channelId: '555555555555555555',
    postedIn: HELP,
    memberPermissions: 0n,
    locale: 'en-US',
    ...over,
  };
}

/** What the transport would post: nothing for a quiet response. */
function sent(response: CommandResponse): string | undefined {
  if (response.type !== 'message' || response.quiet) return undefined;
  expect(response.data.allowed_mentions).toEqual({ parse: [] });
  expect(response.data.flags ?? 0).toBe(0);
  return JSON.stringify(response.data.embeds);
}

describe('auto-answer', () => {
  it('answers a sure question posted in the chosen channel, at the Answer level', async () => {
    const answer = sent(await router.route(post(SURE), services));
    expect(answer).toContain('**Answer**');
    expect(answer).toContain('390 万行');
  });

  it('stays silent on a possible answer (answered, but below the Answer level) and on no answer', async () => {
    // The engine answers this one, unsure: /ask would show "Possible answer — check the passage".
    const possible = engine.ask('PyTorch 贡献者的数量？');
    expect(possible.answered).toBe(true);
    expect(possible.confidence).toBeLessThan(0.9);
    expect(sent(await router.route(post('PyTorch 贡献者的数量？'), services))).toBeUndefined();
    expect(sent(await router.route(post('显卡驱动装不上，装了三次都失败'), services))).toBeUndefined();
  });

  it('stays silent on thanks and greetings posted in the channel', async () => {
    for (const chat of ['thanks!', 'Thanks, solved it', 'ok thanks', '谢谢大家', 'hello everyone'])
      expect(sent(await router.route(post(chat), services)), chat).toBeUndefined();
  });

  it('stays silent in another channel, when off, without AUTO_ANSWER, and where citebot is not installed', async () => {
    expect(
      sent(await router.route(post(SURE, { postedIn: '666666666666666666' }), services)),
    ).toBeUndefined();
    expect(sent(await router.route(post(SURE), { ...services, autoAnswerEnabled: false }))).toBeUndefined();
    expect(sent(await router.route(post(SURE, { serverInstalled: false }), services))).toBeUndefined();
    expect(sent(await router.route(post(SURE, { guildId: '777777777777777777' }), services))).toBeUndefined();
    await services.autoAnswerChannels!.set(GUILD, null, '1');
    expect(sent(await router.route(post(SURE), services))).toBeUndefined();
  });

  it('keeps nothing of the post: no question is recorded for insights', async () => {
    await router.route(post(SURE), services);
    await router.route(post('显卡驱动装不上'), services);
    const insights = await store.insights(GUILD);
    expect(insights.mostAsked).toEqual([]);
    expect(insights.unanswered).toEqual([]);
  });

  it('spends the member’s cooldown only on answers given, and is silent over the limit', async () => {
    const limits = createRequestLimits({ ...DEFAULT_LIMITS, askBurst: 1, askCooldownSeconds: 60 });
    const limited = { ...services, limits };
    // Silences first: they cost nothing.
    for (let i = 0; i < 3; i++)
      expect(sent(await router.route(post('显卡驱动装不上'), limited))).toBeUndefined();
    expect(sent(await router.route(post(SURE), limited))).toContain('**Answer**');
    // Over the limit: no notice either, the member did not ask the bot.
    expect(sent(await router.route(post(SURE), limited))).toBeUndefined();
  });

  it('a post that does not fit, or a handler that fails, is logged and never answered in public', async () => {
    const long = post('x'.repeat(5000));
    expect(sent(await router.route(long, services))).toBeUndefined();
    const failing = { ...services, pinIndexFor: () => Promise.reject(new Error('boom')) };
    const broken = {
      ...failing,
      get engine(): Engine {
        throw new Error('boom');
      },
    };
    expect(sent(await router.route(post(SURE), broken as Services))).toBeUndefined();
  });
});
