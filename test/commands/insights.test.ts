import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/interactions/contract.ts';
import { servicesFor } from '../../src/interactions/contract.ts';
import { loadCommandModules, prepareServices } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';

const GUILD = '100000000000000001';
const dir = mkdtempSync(path.join(tmpdir(), 'citebot-insights-'));
const handle = prepareServices(
  { knowledgeDir: 'knowledge', logLevel: 'silent', databasePath: path.join(dir, 'db.sqlite') },
  pino({ level: 'silent' }),
);
afterAll(() => handle.close());

const insights = (locale = 'en-US'): CommandRequest => ({
  kind: 'command',
  id: `insights-${locale}`,
  commandName: 'insights',
  options: {},
  attachments: {},
  user: { id: '300000000000000003', username: 'mod' },
  guildId: GUILD,
  channelId: '200000000000000002',
  memberPermissions: 8n,
  locale,
});

describe('/insights', () => {
  it('says when there are more questions than it lists, and that voted-down answers are among them', async () => {
    const router = new CommandRouter(await loadCommandModules());
    const services = servicesFor(await handle.provider);
    for (let i = 1; i <= 12; i++) await services.store!.recordQuestion(GUILD, `question number ${i}`, false);
    const reply = await router.route(insights(), services);
    if (reply.type !== 'message') throw new Error('expected a message');
    const [field] = reply.data.embeds![0]!.fields!;
    expect(field!.name).toBe('Unanswered or voted down');
    const lines = field!.value.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('… and more: the 10 asked most often are listed');

    const zh = await router.route(insights('zh-CN'), services);
    if (zh.type !== 'message') throw new Error('expected a message');
    expect(zh.data.embeds![0]!.fields![0]!.name).toBe('没有答案或被点踩的问题');
  });

  it('counts a question wrapped in greetings and thanks as the same question', async () => {
    const router = new CommandRouter(await loadCommandModules());
    const services = servicesFor(await handle.provider);
    const ask = (question: string): CommandRequest => ({
      ...insights(),
      id: `ask-${question}`,
      commandName: 'ask',
      options: { question },
      user: { id: `4000000000000000${question.length}`, username: 'member' },
      memberPermissions: 0n,
    });
    await router.route(ask('PyTorch 有多少贡献者？'), services);
    await router.route(ask('大家好，想问一下 PyTorch 有多少贡献者？谢谢！'), services);
    const { mostAsked } = await services.store!.insights(GUILD);
    expect(mostAsked.filter((question) => question.text.includes('贡献者'))).toEqual([
      expect.objectContaining({ text: 'pytorch 有多少贡献者', asked: 2 }),
    ]);
  });
});
