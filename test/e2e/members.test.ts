import { mkdtempSync, rmSync } from 'node:fs';
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
import { normalizeText } from '../../src/search/normalize.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import { BOT_ID, FakeDiscord, GUILD_ID, apiMessage, type RecordedRequest } from './fake-discord.ts';

/** What members see, through the real discord.js client against the fake Discord (issue 12). */

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000';
const logged: { level: number; msg: string }[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
const Type = { Command: 2, Component: 3, Autocomplete: 4 } as const;

let fake: FakeDiscord;
let engine: Engine;
let store: SqliteStore;
let dir: string;
let bot: RunningBot;

function callbackFor(id: string) {
  return (request: RecordedRequest) =>
    request.method === 'POST' && request.path.startsWith(`/interactions/${id}/`) && request.status === 204;
}

async function ask(question: string, locale: string): Promise<any> {
  const data = { id: '1', name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: question }] };
  const { id } = fake.interaction(Type.Command, data, { locale });
  return (await fake.waitForRequest(callbackFor(id))).body.data;
}

async function click(answer: any, customId: string, locale: string): Promise<any> {
  const message = apiMessage({
    content: '',
    author: { id: BOT_ID, username: 'citebot' },
    authorIsBot: true,
    embeds: answer.embeds,
    components: answer.components,
  });
  const { id } = fake.interaction(
    Type.Component,
    { custom_id: customId, component_type: 2 },
    { message, locale },
  );
  return (await fake.waitForRequest(callbackFor(id))).body.data;
}

function labels(data: any): string[] {
  return data.components.flatMap((row: any) => row.components.map((b: any) => b.label).filter(Boolean));
}

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  engine = await loadEngine('knowledge');
  dir = mkdtempSync(join(tmpdir(), 'citebot-members-'));
  const opened = openStore({ path: join(dir, 'citebot.sqlite'), normalize: normalizeText });
  if (!opened.ok) throw new Error(opened.message);
  store = opened.value;
  const services: Services = { engine, store, logger, pinIndexFor: pinIndexesOf(store, engine) };
  bot = await startBot({
    config: { token: TOKEN, apiUrl: fake.apiUrl, knowledgeDir: 'knowledge', logLevel: 'silent' },
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

const MODERATOR = { id: '1400000000000000009', username: 'mod' };
const MODERATOR_PERMISSIONS = String(1071698660928n | (1n << 13n));

async function pinCommand(
  subOptions: object[],
  type: number = Type.Command,
  permissions = MODERATOR_PERMISSIONS,
) {
  const data = { id: '2', name: 'pin', type: 1, options: [{ name: 'post', type: 1, options: subOptions }] };
  const { id } = fake.interactionIn(GUILD_ID, type, data, {}, { member: MODERATOR, permissions });
  return (await fake.waitForRequest(callbackFor(id))).body;
}

describe('replies in the language of the question', () => {
  it('a Chinese question from an en-US client: every button label and field name is Chinese', async () => {
    const data = await ask('PyTorch 有多少贡献者？', 'en-US');
    expect(labels(data)).toEqual(['更多来源', '查看段落']);
    const names = data.embeds[0].fields.map((field: any) => field.name);
    expect(names).toContain('来源');
    expect(names.join(' ')).not.toMatch(/Source|Confidence/);
  });

  it('an English question from a zh-CN client: every button label is English', async () => {
    const data = await ask('How many contributors does PyTorch have?', 'zh-CN');
    expect(labels(data)).toEqual(['More sources', 'Show passage']);
    expect(data.embeds[0].fields.map((field: any) => field.name)).toContain('Source');
  });

  it('a Traditional question gets zh-TW wording, and so do the buttons under its answer', async () => {
    const data = await ask('PyTorch 有多少貢獻者？', 'en-US');
    expect(labels(data)).toEqual(['更多來源', '查看段落']);
    const more = data.components[0].components.find((b: any) => b.custom_id === 'ask:more');
    const shown = await click(data, more.custom_id, 'en-US');
    expect(shown.embeds[0].title).toMatch(/^更多來源/);
  });

  it('a question that is not clearly either follows the client locale', async () => {
    const data = await ask('PyTorch?', 'zh-CN');
    expect(JSON.stringify(data)).not.toMatch(/More sources|Source"/);
  });

  it('/pin post puts a pin in the channel for everyone, with its source, unable to ping', async () => {
    const added = await store.addPin({
      guildId: GUILD_ID,
      // Pins hold no mentions (the store refuses them); the reply is unable to ping all the same.
      text: 'The hackathon is on March 3 — everyone welcome.',
      keywords: 'hackathon, 黑客松',
      sourceUrl: 'https://discord.com/channels/1/2/3',
      passageKey: engine.passages[1]!.key,
      createdBy: MODERATOR.id,
      createdByName: MODERATOR.username,
    });
    if (!added.ok) throw new Error(added.message);
    const id = added.value.id;
    const posted = await pinCommand([{ name: 'id', type: 4, value: id }]);
    expect(posted.type).toBe(4);
    expect((posted.data.flags ?? 0) & 64).toBe(0);
    expect(posted.data.allowed_mentions).toEqual({ parse: [] });
    const embed = posted.data.embeds[0];
    expect(embed.title).toContain(`#${id}`);
    expect(embed.description).toContain('March 3');
    expect(embed.description).toContain('(https://discord.com/channels/1/2/3)');
    expect(JSON.stringify(posted.data)).not.toMatch(/@everyone|<@\d/);
    expect(embed.fields[0].value).toMatch(/^§2/);
    // A member without Manage Messages is refused, privately.
    const refused = await pinCommand([{ name: 'id', type: 4, value: id }], Type.Command, '1071698660928');
    expect(refused.data.flags & 64).toBe(64);
    expect(refused.data.embeds ?? []).toEqual([]);
  });

  it("a pin's keywords are aliases: typing one suggests the pin first", async () => {
    const other = await store.addPin({
      guildId: GUILD_ID,
      text: 'Stickers are free.',
      createdBy: MODERATOR.id,
    });
    if (!other.ok) throw new Error(other.message);
    const body = await pinCommand([{ name: 'id', type: 4, value: '黑客', focused: true }], Type.Autocomplete);
    const choices = body.data.choices;
    expect(choices[0].name).toMatch(/^#\d+ \[黑客松\] The hackathon/);
    expect(choices.map((choice: any) => choice.value)).not.toContain(other.value.id);
  });

  it("English askers get the Chinese answer's key terms glossed under the quote; Chinese askers do not", async () => {
    const contributors = await ask('How many contributors does PyTorch have?', 'zh-CN');
    expect(contributors.embeds[0].description).toMatch(/\n> [^\n]*2000贡献者[^\n]*\n贡献者 — contributor$/);
    const university = await ask('Which university was the intern from?', 'en-US');
    expect(university.embeds[0].description).toContain('华沙 — Warsaw');
    expect(university.embeds[0].description).toContain('大学 — university');
    const chinese = await ask('PyTorch 有多少贡献者？', 'en-US');
    expect(chinese.embeds[0].description).not.toContain('contributor');
  });

  it('nothing failed along the way', () => {
    expect(logged).toEqual([]);
  });
});
