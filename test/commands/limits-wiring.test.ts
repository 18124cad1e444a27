import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest, Services } from '../../src/interactions/contract.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { readConfig } from '../../src/config.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import { DEFAULT_LIMITS } from '../../src/config.ts';
import { createRequestLimits } from '../../src/interactions/cooldown.ts';

let engine: Engine;
let router: CommandRouter;
beforeAll(async () => {
  engine = await loadEngine('knowledge');
  router = new CommandRouter(await loadCommandModules());
});

let counter = 0;
function ask(userId: string, locale = 'en-US'): CommandRequest {
  return {
    kind: 'command',
    id: String(++counter),
    commandName: 'ask',
    options: { question: 'PyTorch 有多少贡献者？' },
    attachments: {},
    user: { id: userId, username: 'member' },
    guildId: '100000000000000001',
    channelId: '200000000000000002',
    memberPermissions: 0n,
    locale,
  };
}

function servicesWith(limits: Services['limits']): Services {
  return {
    engine,
    logger: pino({ level: 'silent' }),
    limits,
  };
}

describe('cooldowns reach members', () => {
  it('a member past their burst is told, privately and in their language, when to ask again', async () => {
    let now = 1_000_000;
    const services = servicesWith(
      createRequestLimits({ ...DEFAULT_LIMITS, askBurst: 2, askCooldownSeconds: 10 }, () => now),
    );
    for (let i = 0; i < 2; i++) {
      const ok = await router.route(ask('1'), services);
      expect(ok.type === 'message' && ok.data.embeds?.length).toBeTruthy();
    }
    const refused = await router.route(ask('1', 'zh-CN'), services);
    expect(refused.type).toBe('message');
    if (refused.type !== 'message') return;
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toMatch(/请在<t:\d+:R>再试/);
    // Another member is not affected; the first may ask again once the cooldown has passed.
    const other = await router.route(ask('2'), services);
    expect(other.type === 'message' && other.data.embeds?.length).toBeTruthy();
    now += 10_000;
    const again = await router.route(ask('1'), services);
    expect(again.type === 'message' && again.data.embeds?.length).toBeTruthy();
  });

  it('the configuration reads the limits from the environment and names a malformed one', () => {
    const read = readConfig({ ASK_BURST: '5', ASK_COOLDOWN_SECONDS: '30' });
    expect(read.ok && read.config.limits).toMatchObject({ askBurst: 5, askCooldownSeconds: 30 });
    const bad = readConfig({ ASK_BURST: 'lots' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.variable)).toEqual(['ASK_BURST']);
  });
});

describe("requests beyond a command's limits reach members", () => {
  it('are refused privately, in the language the question is written in', async () => {
    const services = servicesWith(createRequestLimits(DEFAULT_LIMITS));
    const long = (question: string): CommandRequest => ({ ...ask('3'), options: { question } });
    const simplified = await router.route(long('贡献者'.repeat(200)), services);
    expect(simplified.type === 'message' && simplified.data).toMatchObject({
      flags: 64,
      content: expect.stringContaining('这个请求不符合 /ask：“question”最多 500 个字符（这里有 600 个）'),
    });
    const traditional = await router.route(long('貢獻者'.repeat(200)), services);
    expect(traditional.type === 'message' && traditional.data.content).toContain('最多 500 個字元');
    const english = await router.route(long('contributors '.repeat(50)), services);
    expect(english.type === 'message' && english.data.content).toContain(
      '"question" can be at most 500 characters (this one has 650)',
    );
    expect((english.type === 'message' && english.data.embeds) ?? []).toHaveLength(0);
  });
});
