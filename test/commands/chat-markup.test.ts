import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import { plainQuestion } from '../../src/interactions/chat-text.ts';

describe('plainQuestion', () => {
  it.each([
    ['@everyone PyTorch 的创始人是谁？', 'PyTorch 的创始人是谁？'],
    ['<@123456789012345678> <@&222> @HERE 谁是创始人', '谁是创始人'],
    ['**PyTorch** 有多少 [贡献者](https://evil.example) ？', 'PyTorch 有多少 贡献者 ？'],
    ['||spoiler|| ~~old~~ `torch` __new__ *one* _two_', 'spoiler old torch new one two'],
    ['> 引用的问题 <:pytorch:1234> </ask:99>', '引用的问题'],
    ['see <https://pytorch.org> please', 'see https://pytorch.org please'],
  ])('%s -> %s', (typed, plain) => {
    expect(plainQuestion(typed)).toBe(plain);
  });

  it('keeps what is text, not markup: snake_case, C++, 2*3, a lone asterisk', () => {
    expect(plainQuestion('what does import_torch_hub do in C++ with 2*3 *')).toBe(
      'what does import_torch_hub do in C++ with 2*3 *',
    );
  });

  it('leaves nothing of a question that is only markup', () => {
    expect(plainQuestion('@everyone <@&1> <#2>')).toBe('');
  });
});

describe('/ask and /search read the question without chat markup', () => {
  let engine: Engine;
  let router: CommandRouter;
  beforeAll(async () => {
    engine = await loadEngine('knowledge');
    router = new CommandRouter(await loadCommandModules());
  });
  const services = (): Services => ({ engine, logger: pino({ level: 'silent' }) });
  let counter = 0;
  const route = (commandName: string, options: Record<string, string>) =>
    router.route(
      {
        kind: 'command',
        id: String(++counter),
        commandName,
        options,
        attachments: {},
        user: { id: '333', username: 'carol' },
        guildId: null,
        channelId: '444',
        memberPermissions: 0n,
        locale: 'zh-CN',
      } as CommandRequest,
      services(),
    );
  const body = (response: CommandResponse): string => {
    if (response.type !== 'message') throw new Error(`expected a message, got ${response.type}`);
    return JSON.stringify(response.data.embeds ?? response.data.content);
  };

  it('answers a question with a ping and markdown as it answers the plain one', async () => {
    const plain = 'PyTorch 有多少贡献者？';
    expect(engine.ask(plain).answered).toBe(true);
    const expected = body(await route('ask', { question: plain }));
    const marked = body(
      await route('ask', { question: '@everyone **PyTorch** 有多少 [贡献者](https://x.example) ？' }),
    );
    expect(marked.replace(/\s+/g, '')).toBe(expected.replace(/\s+/g, ''));
  });

  it('tells a member who sent only a ping to ask something', async () => {
    const response = await route('ask', { question: '@everyone' });
    expect(body(response)).toMatch(/请问我关于文章的问题/);
  });

  it('tells a member who sent only thanks, a greeting or emoji to ask something, as it does for a ping', async () => {
    // Replies follow the question's language when it is clear, else the client's (zh-CN here).
    for (const question of ['谢谢！', '大家好', '🎉🎉🔥', 'thanks!'])
      expect(body(await route('ask', { question })), question).toMatch(/请问我关于文章的问题/);
    for (const question of ['thank you so much', 'hi there, thanks'])
      expect(body(await route('ask', { question })), question).toMatch(/Ask me something about the articles/);
    // Courtesies around a question leave the question: answered as the plain one.
    const plain = body(await route('ask', { question: 'PyTorch 有多少贡献者？' }));
    const polite = body(await route('ask', { question: '大家好，想问一下 PyTorch 有多少贡献者？谢谢！' }));
    expect(polite.includes('2000贡献者') && plain.includes('2000贡献者')).toBe(true);
  });

  it('asks for words to look for when /search holds only pings or markup', async () => {
    const response = await route('search', { query: '@everyone <@&1>' });
    expect(body(response)).toMatch(/请给出要查找的词语/);
    expect(response.type === 'message' && response.data.flags).toBe(64);
  });

  it('searches with the plain words', async () => {
    const plain = body(await route('search', { query: '贡献者' }));
    expect(body(await route('search', { query: '**贡献者** <@&1>' }))).toBe(plain);
  });
});
