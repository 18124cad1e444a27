import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCommandModules } from '../../src/compose.ts';
import { loadEngine } from '../../src/engine.ts';
import type { Services } from '../../src/interactions/contract.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { AutoAnswerChannels } from '../../src/runtime/auto-answer-channels.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { startBot, type RunningBot } from '../../src/transports/discord/bot.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import {
  BOT_ID,
  CHANNEL_ID,
  FakeDiscord,
  FORUM_ID,
  GUILD_ID,
  MEMBER,
  OTHER_CHANNEL_ID,
  OTHER_MEMBER,
  type RecordedRequest,
} from './fake-discord.ts';

/**
 * The help-channel helper through the real discord.js client and a fake Discord: /setup
 * auto-answer turns it on for a forum or a text channel, new posts there are answered once when
 * the engine is sure, and everything else meets silence.
 */

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000';
const logged: { level: number; msg: string; post?: string; outcome?: string }[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

// Manage Server (1 << 5) on top of the everyday permissions; the fake's default member lacks it.
const MANAGER = String(1071698660928n | (1n << 5n));
const SURE = { title: 'How many lines of import torch are on GitHub?', body: 'I saw a number somewhere' };
const UNSURE = { title: '显卡驱动装不上', body: '装了三次都失败，求助' };

let fake: FakeDiscord;
let store: SqliteStore;
let dir: string;
let bot: RunningBot;

/** POSTs of messages into a channel or thread since `after`. */
function postsTo(channelId: string, after = 0): RecordedRequest[] {
  return fake.requests
    .slice(after)
    .filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
}

function replyTo(channelId: string, after: number): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`,
    after,
  );
}

/** Resolves when the bot has decided about post `id` (its "auto-answer" log line). */
async function decided(id: string): Promise<string | undefined> {
  for (;;) {
    const line = logged.find((entry) => entry.msg === 'auto-answer' && entry.post === id);
    if (line) return line.outcome;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** /setup as a member with (or without) Manage Server; resolves with the interaction's reply. */
async function setup(options: object[], permissions = MANAGER, resolved?: object): Promise<RecordedRequest> {
  const before = fake.requests.length;
  const { id } = fake.interactionIn(
    GUILD_ID,
    2,
    { id: '9', name: 'setup', type: 1, options, ...(resolved ? { resolved } : {}) },
    {},
    { permissions },
  );
  return fake.waitForRequest((r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`), before);
}

const turnOn = (channelId: string, type: number) =>
  setup(
    [
      {
        name: 'auto-answer',
        type: 2,
        options: [{ name: 'on', type: 1, options: [{ name: 'channel', type: 7, value: channelId }] }],
      },
    ],
    MANAGER,
    { channels: { [channelId]: { id: channelId, type, name: 'help', permissions: MANAGER } } },
  );
const turnOff = () => setup([{ name: 'auto-answer', type: 2, options: [{ name: 'off', type: 1 }] }]);

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  const engine = await loadEngine('knowledge');
  dir = mkdtempSync(join(tmpdir(), 'citebot-auto-'));
  const opened = openStore({ path: join(dir, 'citebot.sqlite'), normalize: normalizeText });
  if (!opened.ok) throw new Error(opened.message);
  store = opened.value;
  const services: Services = {
    engine,
    store,
    logger,
    pinIndexFor: pinIndexesOf(store, engine),
    autoAnswerEnabled: true,
    autoAnswerChannels: new AutoAnswerChannels(store),
  };
  bot = await startBot({
    config: {
      token: TOKEN,
      apiUrl: fake.apiUrl,
      knowledgeDir: 'knowledge',
      logLevel: 'silent',
      autoAnswer: true,
    },
    services: Promise.resolve(services),
    logger,
    router: new CommandRouter(await loadCommandModules()),
  });
  while (!bot.client.isReady()) await new Promise((resolve) => setTimeout(resolve, 10));
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('auto-answer in a help channel (AUTO_ANSWER=1)', () => {
  it('identifies with the Message Content intent besides Guilds and Guild Messages', () => {
    expect(fake.identifies[0].intents).toBe((1 << 0) | (1 << 9) | (1 << 15));
  });

  it('/setup auto-answer is refused to a member without Manage Server, and nothing changes', async () => {
    const refused = await setup(
      [
        {
          name: 'auto-answer',
          type: 2,
          options: [{ name: 'on', type: 1, options: [{ name: 'channel', type: 7, value: FORUM_ID }] }],
        },
      ],
      '1071698660928',
    );
    expect(refused.body.data.content).toMatch(/Manage Server/);
    expect(refused.body.data.flags).toBe(64);
    expect(await store.autoAnswerChannel(GUILD_ID)).toBeUndefined();
  });

  it('a forum post is answered once in its thread; later messages, edits and the bot’s own reply are not', async () => {
    const on = await turnOn(FORUM_ID, 15);
    expect(on.body.data.content).toContain(`<#${FORUM_ID}>`);
    expect(await store.autoAnswerChannel(GUILD_ID)).toBe(FORUM_ID);

    const before = fake.requests.length;
    const thread = fake.forumPost(SURE.title, SURE.body);
    const sent = await replyTo(thread, before);
    expect(await decided(thread)).toBe('answered');
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
    expect(sent.body.message_reference).toMatchObject({ message_id: thread });
    expect(sent.body.embeds[0].description).toMatch(/^\*\*Answer\*\*\n> /);
    expect(JSON.stringify(sent.body.embeds)).toContain('390 万行');

    // The same question again inside the thread, an edit of the first message, the bot's reply
    // and another bot's message: none is a new post.
    fake.messageIn(thread, SURE.title);
    fake.editMessage(thread, thread, `${SURE.body} (edited)`);
    fake.messageIn(thread, SURE.title, { author: { id: BOT_ID, username: 'citebot' }, authorIsBot: true });
    fake.messageIn(thread, SURE.title, { author: OTHER_MEMBER, authorIsBot: true });
    // Gateway events are handled in order: once the next post is answered, those were passed over.
    const next = fake.forumPost(SURE.title, 'second post');
    await replyTo(next, before);
    expect(postsTo(thread, before)).toHaveLength(1);
    expect(logged.filter((entry) => entry.post === thread)).toHaveLength(1);
  });

  it('a forum post the engine is not sure about meets silence', async () => {
    const before = fake.requests.length;
    const thread = fake.forumPost(UNSURE.title, UNSURE.body);
    expect(await decided(thread)).toBe('not sure');
    expect(postsTo(thread, before)).toEqual([]);
  });

  it('a message in another channel meets silence', async () => {
    const before = fake.requests.length;
    const id = fake.messageIn(OTHER_CHANNEL_ID, SURE.title);
    expect(await decided(id)).toBe('another channel');
    expect(postsTo(OTHER_CHANNEL_ID, before)).toEqual([]);
  });

  it('after /setup auto-answer off, a forum post meets silence', async () => {
    const off = await turnOff();
    expect(off.body.data.content).toContain(`it was on in <#${FORUM_ID}>`);
    expect(await store.autoAnswerChannel(GUILD_ID)).toBeUndefined();
    const before = fake.requests.length;
    const thread = fake.forumPost(SURE.title, SURE.body);
    expect(await decided(thread)).toBe('auto-answer off');
    expect(postsTo(thread, before)).toEqual([]);
  });

  it('in a text channel: a member’s message is answered; replies and messages to someone are not', async () => {
    await turnOn(CHANNEL_ID, 0);
    const before = fake.requests.length;
    const asked = fake.messageIn(CHANNEL_ID, SURE.title);
    const sent = await replyTo(CHANNEL_ID, before);
    expect(sent.body.message_reference).toMatchObject({ message_id: asked });
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });

    const after = fake.requests.length;
    fake.messageIn(CHANNEL_ID, SURE.title, { replyTo: asked });
    fake.messageIn(CHANNEL_ID, `<@${OTHER_MEMBER.id}> ${SURE.title}`, { mentions: [OTHER_MEMBER] });
    const sentinel = fake.messageIn(CHANNEL_ID, `${SURE.title} Thanks!`);
    await replyTo(CHANNEL_ID, after);
    expect(await decided(sentinel)).toBe('answered');
    expect(postsTo(CHANNEL_ID, after)).toHaveLength(1);
    expect(postsTo(CHANNEL_ID, after)[0]!.body.message_reference.message_id).toBe(sentinel);
  });

  it('a post that mentions the bot is answered once, as a mention', async () => {
    const before = fake.requests.length;
    const id = fake.messageIn(CHANNEL_ID, `<@${BOT_ID}> ${SURE.title}`, {
      mentions: [{ id: BOT_ID, username: 'citebot' }],
    });
    const sentinel = fake.messageIn(CHANNEL_ID, `${SURE.title} (again)`);
    for (const message of [id, sentinel])
      await fake.waitForRequest(
        (r) =>
          r.path === `/channels/${CHANNEL_ID}/messages` && r.body?.message_reference?.message_id === message,
        before,
      );
    const replies = postsTo(CHANNEL_ID, before).filter((r) => r.body.message_reference.message_id === id);
    expect(replies).toHaveLength(1);
    expect(logged.some((entry) => entry.post === id)).toBe(false);
    await turnOff();
  });

  it('nothing failed along the way (no warnings or errors logged)', () => {
    expect(logged.filter((entry) => entry.level >= 40)).toEqual([]);
    expect(MEMBER.id).not.toBe(OTHER_MEMBER.id);
  });
});
