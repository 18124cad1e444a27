import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/interactions/contract.ts';
import { startBot, type RunningBot } from '../../src/transports/discord/bot.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import {
  BOT_ID,
  CHANNEL_ID,
  FakeDiscord,
  GUILD_ID,
  MEMBER,
  OTHER_MEMBER,
  apiMessage,
  nextId,
  type RecordedRequest,
} from './fake-discord.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import { pngSize } from '../helpers/png.ts';

/**
 * Pins, votes and insights through the real discord.js client and a fake Discord on 127.0.0.1:
 * what a moderator pins answers members of that server only.
 */

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000';
const logged: { level: number; msg: string }[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, ModalSubmit: 5 } as const;
const Callback = { Message: 4, Modal: 9 } as const;
/** The fake's everyday member permissions, without Manage Messages. */
const MEMBER_PERMISSIONS = 1071698660928n;
const MODERATOR_PERMISSIONS = MEMBER_PERMISSIONS | (1n << 13n);
const OTHER_GUILD = '1200000000000000099';
const MODERATOR = { id: '1400000000000000009', username: 'mod' };

let fake: FakeDiscord;
let engine: Engine;
let store: SqliteStore;
let dir: string;
let bot: RunningBot;
let files: Server;
/** A million one-character entries, just under the 2 MB file size limit. */
const HOSTILE_FILE = `[${Array.from({ length: 999_999 }, () => '1').join(',')}]`;

function memberOf(user: { id: string; username: string }, permissions: bigint) {
  return {
    user: {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: false,
      flags: 0,
    },
    roles: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
    permissions: String(permissions),
  };
}

/** Who sends an interaction, and from which server. */
function as(user: { id: string; username: string }, permissions: bigint, guildId = GUILD_ID) {
  const extra: Record<string, unknown> = { member: memberOf(user, permissions) };
  if (guildId !== GUILD_ID) {
    Object.assign(extra, {
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      authorizing_integration_owners: { '0': guildId },
    });
  }
  return extra;
}

async function send(
  type: number,
  data: unknown,
  extra: Record<string, unknown>,
): Promise<RecordedRequest['body']> {
  const { id } = fake.interaction(type, data, extra);
  const callback = await fake.waitForRequest(
    (r) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`) && r.status === 204,
  );
  return callback.body;
}

function command(name: string, subcommand: string | undefined, options: object[] = [], resolved?: object) {
  const inner = subcommand ? [{ name: subcommand, type: 1, options }] : options;
  return { id: nextId(), name, type: 1, options: inner, ...(resolved ? { resolved } : {}) };
}

const ask = (question: string, extra: Record<string, unknown>) =>
  send(
    InteractionType.ApplicationCommand,
    command('ask', undefined, [{ name: 'question', type: 3, value: question }]),
    extra,
  );

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  engine = await loadEngine('knowledge');
  dir = mkdtempSync(join(tmpdir(), 'citebot-e2e-pins-'));
  const opened = openStore({
    path: join(dir, 'citebot.sqlite'),
    normalize: normalizeText,
  });
  if (!opened.ok) throw new Error(opened.message);
  store = opened.value;
  const services: Services = {
    engine,
    store,
    logger,
    pinIndexFor: pinIndexesOf(store, engine),
  };
  bot = await startBot({
    config: { token: TOKEN, apiUrl: fake.apiUrl, knowledgeDir: 'knowledge', logLevel: 'silent' },
    services: Promise.resolve(services),
    logger,
    router: new CommandRouter(await loadCommandModules()),
  });
  while (!bot.client.isReady()) await new Promise((resolve) => setTimeout(resolve, 10));
  // Stands in for Discord's CDN, which serves attachments.
  files = createServer((req, res) =>
    res.end(
      req.url === '/hostile.json'
        ? HOSTILE_FILE
        : JSON.stringify([{ text: 'The sticker pack is free for members.', keywords: 'sticker' }]),
    ),
  );
  await new Promise<void>((done) => files.listen(0, '127.0.0.1', done));
});

afterAll(async () => {
  await bot?.stop();
  store?.close();
  await fake?.stop();
  files?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pinned facts through Discord', () => {
  it("a moderator pins a fact; a member's /ask is answered from it, marked as pinned", async () => {
    const pinned = await send(
      InteractionType.ApplicationCommand,
      command('pin', 'add', [
        { name: 'fact', type: 3, value: 'The PyTorch hackathon is on March 3 in Berlin.' },
        { name: 'keywords', type: 3, value: 'hackathon 黑客松' },
      ]),
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(pinned.type).toBe(Callback.Message);
    expect(pinned.data.flags & 64).toBe(64);
    expect(pinned.data.embeds[0].title).toMatch(/Pinned #\d+/);

    const answer = await ask('When is the PyTorch hackathon?', as(MEMBER, MEMBER_PERMISSIONS));
    const embed = answer.data.embeds[0];
    expect(embed.description).toContain('March 3');
    expect(embed.fields[0].name).toBe('📌 pinned by moderators');
    expect(embed.fields[0].value).toContain('mod');
  });

  it('a member in another server is not answered from it', async () => {
    const answer = await ask(
      'When is the PyTorch hackathon?',
      as(OTHER_MEMBER, MEMBER_PERMISSIONS, OTHER_GUILD),
    );
    expect(answer.data.embeds[0].title).toContain('When is the PyTorch hackathon?');
    expect(JSON.stringify(answer.data)).not.toContain('March 3');
    expect(JSON.stringify(answer.data)).not.toContain('📌');
  });

  it('a member without Manage Messages is refused, even with a forged /pin request', async () => {
    const refused = await send(
      InteractionType.ApplicationCommand,
      command('pin', 'add', [{ name: 'fact', type: 3, value: 'Forged fact' }]),
      as(MEMBER, MEMBER_PERMISSIONS),
    );
    expect(refused.data.flags & 64).toBe(64);
    expect(refused.data.content).toMatch(/Manage Messages/);
    expect((await store.listPins(GUILD_ID)).map((pin) => pin.text)).not.toContain('Forged fact');
  });

  it('"Pin as fact" opens the form with the message; the submitted pin keeps the message link', async () => {
    const target = apiMessage({ content: 'Office hours are every Tuesday at 5 pm.', author: OTHER_MEMBER });
    const form = await send(
      InteractionType.ApplicationCommand,
      {
        id: nextId(),
        name: 'Pin as fact',
        type: 3,
        target_id: target.id,
        resolved: { messages: { [target.id]: target } },
      },
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(form.type).toBe(Callback.Modal);
    const inputs = form.data.components.map((row: any) => row.components[0]);
    expect(inputs[0].value).toBe('Office hours are every Tuesday at 5 pm.');
    const submitted = await send(
      InteractionType.ModalSubmit,
      {
        custom_id: form.data.custom_id,
        components: inputs.map((input: any) => ({
          type: 1,
          components: [
            {
              type: 4,
              custom_id: input.custom_id,
              value: input.custom_id === 'keywords' ? 'office hours' : (input.value ?? ''),
            },
          ],
        })),
      },
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(submitted.data.embeds[0].title).toMatch(/Pinned #\d+/);
    const pin = (await store.listPins(GUILD_ID)).find((p) => p.text.startsWith('Office hours'));
    expect(pin?.sourceUrl).toBe(`https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${target.id}`);
  });

  it('/pin import reads the attachment and reports what it added', async () => {
    const { port } = files.address() as AddressInfo;
    const attachment = {
      id: nextId(),
      filename: 'pins.json',
      size: 80,
      url: `http://127.0.0.1:${port}/pins.json`,
      proxy_url: `http://127.0.0.1:${port}/pins.json`,
      content_type: 'application/json',
    };
    const report = await send(
      InteractionType.ApplicationCommand,
      command('pin', 'import', [{ name: 'file', type: 11, value: attachment.id }], {
        attachments: { [attachment.id]: attachment },
      }),
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(report.data.embeds[0].title).toBe('Import: 1 added, 0 skipped, 0 refused');
    expect((await store.listPins(GUILD_ID)).some((pin) => pin.keywords === 'sticker')).toBe(true);
  });

  it('a hostile import (999,999 entries, just under 2 MB) is refused within 3 s, and a member asking meanwhile is answered within 3 s', async () => {
    const { port } = files.address() as AddressInfo;
    const attachment = {
      id: nextId(),
      filename: 'hostile.json',
      size: HOSTILE_FILE.length,
      url: `http://127.0.0.1:${port}/hostile.json`,
      proxy_url: `http://127.0.0.1:${port}/hostile.json`,
      content_type: 'application/json',
    };
    const started = Date.now();
    const importing = send(
      InteractionType.ApplicationCommand,
      command('pin', 'import', [{ name: 'file', type: 11, value: attachment.id }], {
        attachments: { [attachment.id]: attachment },
      }),
      as(MODERATOR, MODERATOR_PERMISSIONS),
    ).then((body) => ({ body, ms: Date.now() - started }));
    const asking = ask('PyTorch 有多少贡献者？', as(MEMBER, MEMBER_PERMISSIONS)).then((body) => ({
      body,
      ms: Date.now() - started,
    }));
    const [imported, answered] = await Promise.all([importing, asking]);
    process.stderr.write(
      `hostile import: first response after ${imported.ms} ms; a member's /ask meanwhile after ${answered.ms} ms\n`,
    );
    expect(imported.ms).toBeLessThan(3_000);
    expect(answered.ms).toBeLessThan(3_000);
    const reply = imported.body.type === 5 ? undefined : imported.body.data.content;
    expect(reply ?? '').toMatch(/999999 entries; a server can have at most 500 pins/);
    expect((await store.listPins(GUILD_ID)).length).toBeLessThanOrEqual(500);
  });

  it('/pin export sends the JSON file', async () => {
    const exported = await send(
      InteractionType.ApplicationCommand,
      command('pin', 'export'),
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(exported.__files).toEqual([`citebot-pins-${GUILD_ID}.json`]);
  });
});

describe('feedback and insights through Discord', () => {
  it('👍 and 👎 are recorded, one per member per answer', async () => {
    const answer = await ask('PyTorch 有多少贡献者？', as(MEMBER, MEMBER_PERMISSIONS));
    const message = apiMessage({
      content: '',
      author: { id: BOT_ID, username: 'citebot' },
      authorIsBot: true,
      embeds: answer.data.embeds,
      components: answer.data.components,
    });
    const buttons = answer.data.components[0].components;
    const up = buttons.find((b: any) => b.custom_id.startsWith('ask:vote:u:'));
    const down = buttons.find((b: any) => b.custom_id.startsWith('ask:vote:d:'));
    const click = (button: any, user: { id: string; username: string }) =>
      send(
        InteractionType.MessageComponent,
        { custom_id: button.custom_id, component_type: 2 },
        { message, ...as(user, MEMBER_PERMISSIONS) },
      );
    const before = (await store.insights(GUILD_ID)).feedback;
    await click(up, MEMBER);
    await click(down, MEMBER); // changes alice's vote
    await click(down, OTHER_MEMBER);
    expect((await store.insights(GUILD_ID)).feedback).toEqual({
      helpful: before.helpful,
      unhelpful: before.unhelpful + 2,
    });
  });

  it('/insights lists the question nothing answered, with a "Pin an answer" button that opens the form', async () => {
    const abstained = await ask('What is the capital of Mongolia?', as(MEMBER, MEMBER_PERMISSIONS));
    expect(abstained.data.embeds[0].description).toMatch(/^\*\*Not in the articles?\./);
    const shown = await send(
      InteractionType.ApplicationCommand,
      command('insights', undefined),
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(shown.data.flags & 64).toBe(64);
    expect(shown.data.embeds[0].fields[0].value).toContain('what is the capital of mongolia');
    const button = shown.data.components
      .map((row: any) => row.components[0])
      .find((b: any) => b.label.includes('mongolia'));
    const message = apiMessage({
      content: '',
      author: { id: BOT_ID, username: 'citebot' },
      authorIsBot: true,
      embeds: shown.data.embeds,
      components: shown.data.components,
    });
    const form = await send(
      InteractionType.MessageComponent,
      { custom_id: button.custom_id, component_type: 2 },
      { message, ...as(MODERATOR, MODERATOR_PERMISSIONS) },
    );
    expect(form.type).toBe(Callback.Modal);
    expect(form.data.components[1].components[0].value).toBe('what is the capital of mongolia');

    const theirs = await send(
      InteractionType.ApplicationCommand,
      command('insights', undefined),
      as(MODERATOR, MODERATOR_PERMISSIONS, OTHER_GUILD),
    );
    expect(JSON.stringify(theirs.data)).not.toContain('mongolia');
  });

  it('/insights (moderator) replies with a PNG attachment: the chart of questions per day', async () => {
    await ask('PyTorch 有多少贡献者？', as(MEMBER, MEMBER_PERMISSIONS));
    const shown = await send(
      InteractionType.ApplicationCommand,
      command('insights', undefined),
      as(MODERATOR, MODERATOR_PERMISSIONS),
    );
    expect(shown.type).toBe(Callback.Message);
    expect(shown.data.flags & 64).toBe(64);
    expect(shown.data.attachments).toEqual([{ id: '0', filename: 'questions-per-day.png' }]);
    expect(shown.data.embeds[0].image.url).toBe('attachment://questions-per-day.png');
    const [chart] = shown.__uploads;
    expect(chart).toMatchObject({
      field: 'files[0]',
      name: 'questions-per-day.png',
      contentType: 'image/png',
    });
    expect(pngSize(chart.data)).toEqual({ width: 800, height: 360 });
    // A drawn chart, not an empty canvas: bars, axes and labels compress to well over a blank PNG.
    expect(chart.data.length).toBeGreaterThan(5_000);
    expect(chart.data.length).toBeLessThan(200_000);
    const today = (await store.insights(GUILD_ID)).daily.at(-1)!;
    const perDay = shown.data.embeds[0].fields.find((field: any) => field.name === 'Questions per day');
    expect(today.answered + today.unanswered).toBeGreaterThan(0);
    expect(perDay.value).toMatch(/^Last 30 days: \d+ asked, \d+ answered, \d+ not answered$/);
  });

  it("nothing is stored for a server reached only through a member's user install", async () => {
    const elsewhere = '1200000000000000077';
    const userInstall = {
      ...as(MODERATOR, MODERATOR_PERMISSIONS, elsewhere),
      authorizing_integration_owners: { '1': MODERATOR.id },
    };
    const answer = await ask('What is the population of Iceland in 1850?', userInstall);
    expect(answer.data.embeds[0].title).toContain('Iceland');
    expect((await store.insights(elsewhere)).unanswered).toEqual([]);
    const forged = await send(
      InteractionType.ApplicationCommand,
      command('pin', 'add', [{ name: 'fact', type: 3, value: 'Forged through a user install' }]),
      userInstall,
    );
    expect(forged.data.content).toMatch(/not installed in this server/);
    expect(await store.listPins(elsewhere)).toEqual([]);
  });

  it('nothing failed along the way (no warnings or errors logged)', async () => {
    expect(logged.filter((entry) => entry.level >= 40)).toEqual([]);
  });
});
