import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.ts';
import type { CommandModule, Services } from '../../src/interactions/contract.ts';
import { reply } from '../../src/interactions/reply.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { startBot, type RunningBot } from '../../src/transports/discord/bot.ts';
import { FakeDiscord } from './fake-discord.ts';

/**
 * Shutdown through the real discord.js client: a reply deferred when SIGTERM arrives (the member
 * sees "thinking…") is still sent before the bot logs out, and nothing new is taken meanwhile.
 */

let release: () => void = () => undefined;
const slow: CommandModule = {
  definition: { name: 'slow', description: 'Answers when released' },
  async handle() {
    await new Promise<void>((resolve) => (release = resolve));
    return reply({ content: 'done at last' });
  },
} as unknown as CommandModule;

let fake: FakeDiscord;
let bot: RunningBot;

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  const logger = pino({ level: 'silent' });
  const services: Services = { engine: {} as Engine, logger };
  bot = await startBot({
    config: { token: 'fake-token', apiUrl: fake.apiUrl, knowledgeDir: 'knowledge', logLevel: 'silent' },
    services: Promise.resolve(services),
    logger,
    router: new CommandRouter([slow]),
    deferAfterMs: 50,
  });
  while (!bot.client.isReady()) await new Promise((resolve) => setTimeout(resolve, 10));
});

afterAll(async () => {
  await fake?.stop();
});

describe('shutdown', () => {
  it('lets a deferred reply finish before logging out, and takes nothing new', async () => {
    const first = fake.interaction(2, { id: '1', name: 'slow', type: 1 });
    await fake.waitForRequest((request) => request.path.startsWith(`/interactions/${first.id}/`));
    const stopped = bot.stop(5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const late = fake.interaction(2, { id: '1', name: 'slow', type: 1 });
    setTimeout(() => release(), 300);
    await stopped;
    const edited = fake.requests.find(
      (request) => request.method === 'PATCH' && request.path.includes(`/${first.token}/messages/@original`),
    );
    expect(edited?.body.content).toBe('done at last');
    expect(fake.requests.some((request) => request.path.includes(late.token))).toBe(false);
    expect(fake.openSockets).toBe(0);
  });
});
