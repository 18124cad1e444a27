import fc from 'fast-check';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine } from '../../src/engine.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { ANSWER_TEXTS } from '../../commands/answer/texts.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import { hostileText, PROPS, PROPS_RUNS, snowflake, typedText } from './arbitraries.ts';
import { hasLoneSurrogate, renderedTexts, responseProblems } from './discord-limits.ts';
import { plainQuestion } from '../../src/interactions/chat-text.ts';

/**
 * The real handlers on the payloads that come nearest Discord's limits: `/ask` citing a pin of
 * 1000 characters (the longest a moderator can pin, shown with who pinned it, when and its link), a
 * question of up to 6000 characters (the most Discord sends), an article whose title, author and
 * section name are far longer than an embed field name. Every reply is checked against Discord's
 * own numbers (discord-limits.ts, independent of the reply helper's table), and each case first
 * checks that the long text is really in the reply, so no limit is tested on nothing.
 */

const GUILD = '100000000000000001';
const TIMEOUT = 60_000 + PROPS_RUNS * 100;
const LONG = 'Harbour Guild Records '.repeat(14).trim(); // 307 characters
const PINNED = Object.values(ANSWER_TEXTS.pinned);

let dir: string;
let store: SqliteStore;
let services: Services;
let router: CommandRouter;
let counter = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'citebot-payloads-'));
  const knowledge = path.join(dir, 'knowledge');
  cpSync(path.join(import.meta.dirname, '..', '..', 'knowledge'), knowledge, { recursive: true });
  writeFileSync(
    path.join(knowledge, 'lighthouse.md'),
    `---\ntitle: "The Zephyrine Lighthouse — ${LONG}"\nauthor: "${LONG}"\ndate: 2026-01-01\n` +
      `url: https://example.com/${'l'.repeat(300)}\n---\n\n# ${LONG}\n\n` +
      'The zephyrine lighthouse was built in 1874 by the harbour guild of the town.\n\n' +
      'Its lamp was lit for the last time in 1962, when the harbour closed.\n',
  );
  const engine = await loadEngine(knowledge);
  const opened = openStore({ path: path.join(dir, 'payloads.sqlite'), normalize: normalizeText });
  if (!opened.ok) throw new Error(opened.message);
  store = opened.value;
  router = new CommandRouter(await loadCommandModules());
  services = { engine, store, pinIndexFor: pinIndexesOf(store, engine), logger: pino({ level: 'silent' }) };
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function request(over: Partial<CommandRequest>): CommandRequest {
  return {
    kind: 'command',
    id: String(++counter),
    commandName: 'ask',
    options: {},
    attachments: {},
    user: { id: '100000000000000009', username: 'carol' },
    guildId: GUILD,
    channelId: '100000000000000008',
    memberPermissions: 0n,
    locale: 'en-US',
    ...over,
  };
}

/** Routes the request and fails on any limit or mention problem; returns the message data. */
async function route(over: Partial<CommandRequest>) {
  const response: CommandResponse = await router.route(request(over), services);
  expect(responseProblems(response)).toEqual([]);
  expect(renderedTexts(response).filter(hasLoneSurrogate)).toEqual([]);
  if (response.type !== 'message') throw new Error(`expected a message, got ${response.type}`);
  return response.data;
}

/** Text of exactly `length` UTF-16 units, never splitting a surrogate pair. */
function fill(start: string, filler: string, length: number): string {
  let text = start;
  for (const char of filler.repeat(Math.ceil(length / Math.max(1, filler.length)) + 1)) {
    if (text.length + char.length > length) break;
    text += char;
  }
  return text.padEnd(length, '.');
}

const locale = fc.constantFrom('en-US', 'zh-CN', 'zh-TW');
/** What pads a text to its length: member text, hostile or not, and always some words. */
const filler = fc
  .oneof(typedText, hostileText)
  .map((text) => ` ${text.replace(/quokkaberry|zephyrine/gi, '').replace(/\s+/g, ' ')} and so on`);

describe('real replies at Discord’s limits', () => {
  it(
    '/ask citing a 1000-character pin keeps the field within 1024, with the byline',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          filler,
          locale,
          fc.string({ minLength: 1, maxLength: 32 }),
          fc.oneof(
            fc.constant(undefined),
            fc.webUrl(),
            fc.constant(`https://example.com/${'p'.repeat(470)}`),
          ),
          async (pad, language, name, sourceUrl) => {
            // Pins hold no mentions (the store refuses them): hostile filler without its pings, each
            // one a letter (a space would leave runs the store trims off the end; none makes a ping).
            const text = fill(
              'The quokkaberry festival is held every Saturday in the north hall.',
              pad.replace(/@(everyone|here)|<@[!&]?\d+>/g, 'x'),
              1000,
            );
            const added = await store.addPin({
              guildId: GUILD,
              text,
              createdBy: '100000000000000007',
              createdByName: name,
              ...(sourceUrl ? { sourceUrl } : {}),
            });
            if (!added.ok) throw new Error(added.message);
            try {
              expect(added.value.text.length).toBeGreaterThan(990);
              const data = await route({
                options: { question: 'When is the quokkaberry festival?' },
                locale: language,
              });
              const field = data.embeds![0]!.fields![0]!;
              expect(PINNED).toContain(field.name);
              expect(field.value).toContain('quokkaberry festival is held every Saturday');
              // Cut (at a sentence end or space when one is near) to make room for the byline.
              expect(field.value.length).toBeGreaterThan(500);
              expect(field.value).toContain('<t:');
            } finally {
              await store.removePins(GUILD, [added.value.id]);
            }
          },
        ),
        PROPS,
      );
    },
    TIMEOUT,
  );

  it(
    'a question of up to 6000 characters (500 for /ask) is shown within the title’s 256',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          filler,
          fc.oneof(fc.integer({ min: 300, max: 6000 }), fc.constantFrom(500, 501, 4000, 4001, 6000)),
          fc.constantFrom('command', 'mention', 'message-context'),
          locale,
          async (pad, length, kind, language) => {
            // /ask takes at most 500 characters; an @mention or a message answered from the menu,
            // 4000 (Discord's own limit with Nitro). Longer ones are refused, within limits too.
            const question = fill('When was the zephyrine lighthouse built?', pad, length);
            const allowed = kind === 'command' ? 500 : 4000;
            const data = await route(
              kind === 'message-context'
                ? {
                    kind,
                    commandName: 'Answer from article',
                    locale: language,
                    targetMessage: {
                      id: '100000000000000006',
                      content: question,
                      author: { id: '100000000000000005', username: 'bob' },
                      url: 'https://discord.com/channels/1/2/3',
                    },
                  }
                : { kind: kind as CommandRequest['kind'], options: { question }, locale: language },
            );
            // Options are counted in code points, as Discord counts max_length; messages in UTF-16 units.
            if ((kind === 'command' ? [...question].length : question.length) > allowed) {
              expect(data.embeds).toBeUndefined();
              expect(data.content!.length).toBeGreaterThan(0);
              expect(data.flags! & 64).toBe(64);
              return;
            }
            const title = data.embeds![0]!.title!;
            expect(title).toMatch(/^❓ When was the zephyrine lighthouse built\?/);
            // Cut, unless what remains once the chat's markup is dropped (chat-text.ts) fits.
            if (plainQuestion(question).replace(/\s+/g, '').length > 400)
              expect(title.endsWith('…')).toBe(true);
          },
        ),
        PROPS,
      );
    },
    TIMEOUT,
  );

  it(
    'a long section name, title and author stay within field names and values in /ask, /search and /passage',
    async () => {
      await fc.assert(
        fc.asyncProperty(locale, snowflake, async (language, user) => {
          const over = { locale: language, user: { id: user, username: 'dave' } };
          const asked = await route({
            ...over,
            options: { question: 'When was the zephyrine lighthouse built?' },
          });
          const fields = asked.embeds![0]!.fields!;
          // Two articles are loaded (the PyTorch one and this), so the id names its article.
          expect(fields[0]!.name).toMatch(/^lighthouse §\d+ · Harbour Guild Records/);
          expect(fields[0]!.name.endsWith('…')).toBe(true);
          // The passage in full, or only the quote when the answer is the whole passage; then its source.
          expect(`${asked.embeds![0]!.description}${fields[0]!.value}`.replace(/\*\*/g, '')).toContain(
            'built in 1874',
          );
          expect(fields.map((field) => field.value).join('\n')).toContain('The Zephyrine Lighthouse');
          const searched = await route({
            ...over,
            commandName: 'search',
            options: { query: 'zephyrine lighthouse' },
          });
          expect(JSON.stringify(searched)).toContain('zephyrine');
          const id = /^lighthouse §(\d+)/.exec(fields[0]!.name)![1]!;
          const passage = await route({
            ...over,
            commandName: 'passage',
            options: { id: `lighthouse§${id}` },
          });
          expect(JSON.stringify(passage)).toContain('built in 1874');
          await route({ ...over, commandName: 'about' });
        }),
        { ...PROPS, numRuns: Math.min(PROPS.numRuns, 20) },
      );
    },
    TIMEOUT,
  );
});
