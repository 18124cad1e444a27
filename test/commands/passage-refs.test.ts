import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommandModules } from '../../src/compose.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import type { CommandRequest, CommandResponse, ReplyData } from '../../src/interactions/contract.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { formatForTerminal } from '../../src/cli/ask.ts';
import { runConsole } from '../../src/transports/console/loop.ts';

/**
 * Passage ids restart in every article, so with several articles loaded "§12" alone does not say
 * which passage it is: every citation members see names its article, and /passage takes that name
 * back. With one article the short form stays.
 */

let dir: string;
let one: Engine;
let two: Engine;
let router: CommandRouter;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'citebot-two-articles-'));
  copyFileSync('knowledge/pytorch-5th-birthday.html', join(dir, 'pytorch-5th-birthday.html'));
  copyFileSync('test/fixtures/knowledge-mixed/guide.md', join(dir, 'guide.md'));
  [one, two] = await Promise.all([loadEngine('knowledge'), loadEngine(dir)]);
  router = new CommandRouter(await loadCommandModules());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function route(engine: Engine, over: Partial<CommandRequest>): Promise<CommandResponse> {
  const request: CommandRequest = {
    kind: 'command',
    id: String(++counter),
    commandName: 'ask',
    options: {},
    attachments: {},
    user: { id: '333', username: 'carol' },
    guildId: '222222222222222222',
    channelId: '444',
    memberPermissions: 0n,
    locale: 'en-US',
    ...over,
  };
  return router.route(request, { engine, logger: pino({ level: 'silent' }) });
}

function data(response: CommandResponse): ReplyData {
  if (response.type !== 'message' && response.type !== 'update') throw new Error(`got ${response.type}`);
  return response.data;
}

const QUESTION = 'PyTorch 有多少贡献者？';

describe('with two articles loaded, passage ids name their article', () => {
  it('an answer cites "pytorch-5th-birthday §n"; with one article it stays "§n"', async () => {
    const twoFields = data(await route(two, { options: { question: QUESTION } })).embeds![0]!.fields!;
    expect(twoFields[0]!.name).toMatch(/^pytorch-5th-birthday §\d+/);
    const oneFields = data(await route(one, { options: { question: QUESTION } })).embeds![0]!.fields!;
    expect(oneFields[0]!.name).toMatch(/^§\d+/);
  });

  it('/search lines and the closest passages of an abstention name the article', async () => {
    const search = data(await route(two, { commandName: 'search', options: { query: 'starter flour' } }));
    const lines = search.embeds![0]!.description!.split('\n');
    expect(lines[0]).toMatch(/^\*\*guide §\d+/);
    for (const line of lines) expect(line).toMatch(/^\*\*(guide|pytorch-5th-birthday) §\d+/);
    const abstained = data(await route(two, { options: { question: 'When does the ferry leave Oslo?' } }));
    for (const field of abstained.embeds![0]!.fields ?? []) {
      expect(field.name).toMatch(/^(guide|pytorch-5th-birthday) §\d+/);
    }
  });

  it('/passage autocomplete names the article, and /passage takes the qualified id back', async () => {
    const choices = await route(two, {
      kind: 'autocomplete',
      commandName: 'passage',
      focused: { name: 'id', value: 'flour' },
    });
    if (choices.type !== 'autocomplete') throw new Error('expected choices');
    expect(choices.choices[0]!.name).toMatch(/^guide §\d+/);
    const guideSecond = two.passages.find((p) => p.articleId === 'guide' && p.id === '2')!;
    for (const id of ['guide §2', 'guide§2', 'Guide §2']) {
      const shown = data(await route(two, { commandName: 'passage', options: { id } }));
      expect(shown.embeds![0]!.title).toBe('Sourdough guide');
      expect(shown.embeds![0]!.description).toContain(`**guide §2`);
      expect(shown.embeds![0]!.description).toContain(guideSecond.text);
    }
    const pytorch = data(
      await route(two, { commandName: 'passage', options: { id: 'pytorch-5th-birthday §2' } }),
    );
    expect(pytorch.embeds![0]!.description).toContain(two.findPassage('pytorch-5th-birthday§2')!.text);
  });

  it('/passage with words, not an id, says the passage shown is the closest match', async () => {
    const byWords = data(await route(one, { commandName: 'passage', options: { id: 'Hugging Face 模型' } }));
    expect(byWords.content).toBe(
      'No passage is numbered "Hugging Face 模型": this is the one whose words match it best.',
    );
    expect(byWords.embeds).toHaveLength(1);
    const byId = data(await route(one, { commandName: 'passage', options: { id: '§2' } }));
    expect(byId.content).toBeUndefined();
  });

  it('/passage with a number no passage has says there is none, rather than showing a near id', async () => {
    for (const id of ['0', '§0', '999']) {
      const reply = data(await route(one, { commandName: 'passage', options: { id } }));
      expect(reply.embeds, id).toBeUndefined();
      expect(reply.content, id).toMatch(/^There is no passage "§?\d+"/);
    }
  });

  it('a bare id both articles have asks which one, naming both', async () => {
    const reply = data(await route(two, { commandName: 'passage', options: { id: '§2' } }));
    expect(reply.embeds).toBeUndefined();
    expect(reply.content).toContain('guide §2');
    expect(reply.content).toContain('pytorch-5th-birthday §2');
    // With one article the bare id is the passage.
    const single = data(await route(one, { commandName: 'passage', options: { id: '§2' } }));
    expect(single.embeds![0]!.description).toContain('**§2');
  });

  it('npm run ask names the article in its citations', () => {
    const text = formatForTerminal(two.ask(QUESTION), two);
    expect(text).toMatch(/— pytorch-5th-birthday §\d+/);
    expect(formatForTerminal(one.ask(QUESTION), one)).toMatch(/— §\d+/);
  });

  it('the console shows the qualified ids, and /passage takes them', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk.toString()));
    const done = runConsole({
      router,
      services: Promise.resolve({ engine: two, logger: pino({ level: 'silent' }) }),
      input,
      output,
      color: false,
      locale: 'en-US',
    });
    input.end(`${QUESTION}\n/passage guide §1\n`);
    await done;
    expect(text).toMatch(/^pytorch-5th-birthday §\d+/m);
    expect(text).toContain('guide §1');
    expect(text).toContain(two.findPassage('guide§1')!.text);
  });
});
