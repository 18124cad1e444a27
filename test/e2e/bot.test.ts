import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply } from '../../src/interactions/reply.ts';
import type { CommandModule, Services } from '../../src/interactions/contract.ts';
import { startBot, type RunningBot } from '../../src/transports/discord/bot.ts';
import { deployCommands } from '../../src/transports/discord/deploy.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import {
  APP_ID,
  BOT_ID,
  CHANNEL_ID,
  FakeDiscord,
  GUILD_ID,
  MEMBER,
  OTHER_MEMBER,
  apiMessage,
  type RecordedRequest,
} from './fake-discord.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';

const run = promisify(execFile);
// Shaped like a bot token; the fake accepts any.
const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000';
/** Warnings and errors the bot logs during the suite; a test asserts there are none. */
const logged: { level: number; msg: string; err?: { message: string } }[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4 } as const;
const Callback = { Message: 4, Deferred: 5, Autocomplete: 8 } as const;

let fake: FakeDiscord;
let engine: Engine;
let store: SqliteStore;
let dir: string;
let router: CommandRouter;
let bot: RunningBot;

async function whenReady(running: RunningBot): Promise<void> {
  while (!running.client.isReady()) await new Promise((resolve) => setTimeout(resolve, 10));
}

function callbackFor(id: string) {
  return (request: RecordedRequest) =>
    request.method === 'POST' && request.path.startsWith(`/interactions/${id}/`) && request.status === 204;
}

function askData(question: string, extra: object[] = []) {
  return {
    id: '1',
    name: 'ask',
    type: 1,
    options: [{ name: 'question', type: 3, value: question }, ...extra],
  };
}

/** Every message citebot sends must not be able to ping anyone but an explicit /ask mention. */
function expectNoPings(requests: readonly RecordedRequest[], allowedUser?: string): void {
  for (const request of requests) {
    const data = request.path.endsWith('/callback') ? request.body?.data : request.body;
    if (!data || request.method === 'GET' || request.method === 'PUT') continue;
    if (request.body?.type === Callback.Autocomplete || request.body?.type === Callback.Deferred) continue;
    expect(data.allowed_mentions?.parse, `${request.method} ${request.path}`).toEqual([]);
    const users: string[] = data.allowed_mentions?.users ?? [];
    expect(users.every((user) => user === allowedUser)).toBe(true);
  }
}

beforeAll(async () => {
  fake = new FakeDiscord();
  await fake.start();
  engine = await loadEngine('knowledge');
  dir = mkdtempSync(join(tmpdir(), 'citebot-e2e-'));
  const opened = openStore({
    path: join(dir, 'citebot.sqlite'),
    normalize: normalizeText,
  });
  if (!opened.ok) throw new Error(opened.message);
  store = opened.value;
  router = new CommandRouter(await loadCommandModules());
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
    router,
  });
  await whenReady(bot);
});

afterAll(async () => {
  await bot?.stop();
  store?.close();
  await fake?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the real discord.js client against a fake Discord', () => {
  it('identifies with only the Guilds and GuildMessages intents, over JSON without compression', async () => {
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0].intents).toBe((1 << 0) | (1 << 9));
    expect(fake.identifies[0].token).toBe(TOKEN);
    expect(fake.identifies[0].compress).toBeFalsy();
  });

  it('deploys every command to a guild with a bulk overwrite the API accepts', async () => {
    const definitions = router.definitions;
    const result = await deployCommands({
      token: TOKEN,
      applicationId: APP_ID,
      guildId: GUILD_ID,
      apiUrl: fake.apiUrl,
      definitions,
    });
    const put = await fake.waitForRequest(
      (r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`,
    );
    expect(put.authorized).toBe(true);
    expect(put.body).toEqual(definitions);
    expect(result.scope).toBe('guild');
    expect(result.commands.map((command) => command.name)).toEqual(
      expect.arrayContaining(['ask', 'search', 'passage', 'about', 'help', 'Answer from article']),
    );
    for (const command of put.body as any[]) {
      if ((command.type ?? 1) === 1) {
        expect(command.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
        expect(command.description.length).toBeGreaterThan(0);
        expect(command.description.length).toBeLessThanOrEqual(100);
        for (const text of Object.values(command.description_localizations ?? {}))
          expect((text as string).length).toBeLessThanOrEqual(100);
        expect(command.options?.length ?? 0).toBeLessThanOrEqual(25);
        const required = (command.options ?? []).map((option: any) => option.required === true);
        expect(required.indexOf(false) === -1 || required.lastIndexOf(true) < required.indexOf(false)).toBe(
          true,
        );
      } else {
        expect(command.name.length).toBeLessThanOrEqual(32);
        expect(command.description ?? '').toBe('');
      }
      expect(command.integration_types).toBeDefined();
      expect(command.contexts).toBeDefined();
    }
    const reading = (put.body as any[]).filter((command) =>
      ['ask', 'search', 'passage', 'about', 'help'].includes(command.name),
    );
    for (const command of reading) expect(command.contexts).toEqual([0, 1, 2]);
  });

  it('npm run deploy registers globally without DISCORD_GUILD_ID and prints what it did', async () => {
    const before = fake.requests.length;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/transports/discord/deploy.ts'], {
      env: {
        ...process.env,
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_GUILD_ID: '',
        DISCORD_API_URL: fake.apiUrl,
        DOTENV_CONFIG_PATH: '/nonexistent',
      },
    });
    const put = await fake.waitForRequest(
      (r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/commands`,
      before,
    );
    expect(put.body.length).toBeGreaterThanOrEqual(6);
    expect(stdout).toMatch(/Registered \d+ commands globally/);
    expect(stdout).toContain('/ask');
    expect(stdout).toContain('Answer from article');
    expect(stdout).not.toContain(TOKEN);
  });

  it('npm run deploy -- --clear removes the commands of a server', async () => {
    const before = fake.requests.length;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/transports/discord/deploy.ts', '--clear'],
      {
        env: {
          ...process.env,
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: APP_ID,
          DISCORD_GUILD_ID: GUILD_ID,
          DISCORD_API_URL: fake.apiUrl,
          DOTENV_CONFIG_PATH: '/nonexistent',
        },
      },
    );
    const put = await fake.waitForRequest(
      (r) => r.method === 'PUT' && r.path === `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`,
      before,
    );
    expect(put.body).toEqual([]);
    expect(stdout).toContain(`Removed all commands from server ${GUILD_ID}`);
  });

  it('/ask answers with the cited passage, public, with buttons whose custom_ids fit', async () => {
    const { id } = fake.interaction(InteractionType.ApplicationCommand, askData('PyTorch 有多少贡献者？'), {
      locale: 'zh-CN',
    });
    const callback = await fake.waitForRequest(callbackFor(id));
    expect(callback.authorized).toBe(false); // interaction callbacks are authorized by their token
    expect(callback.body.type).toBe(Callback.Message);
    const data = callback.body.data;
    expect((data.flags ?? 0) & 64).toBe(0);
    const embed = data.embeds[0];
    expect(embed.title).toContain('PyTorch 有多少贡献者');
    expect(JSON.stringify(embed.fields)).toContain('2000贡献者');
    expect(embed.fields.map((field: any) => field.name)).toContain('来源');
    const buttons = data.components[0].components;
    expect(buttons.map((button: any) => button.custom_id)).toEqual(expect.arrayContaining(['ask:more']));
    for (const button of buttons) expect(button.custom_id.length).toBeLessThanOrEqual(100);
    expect((await store.insights(GUILD_ID)).mostAsked.length).toBeGreaterThan(0);
  });

  it('/ask says the article does not say, and offers the closest passages', async () => {
    const { id } = fake.interaction(
      InteractionType.ApplicationCommand,
      askData('What is the population of Iceland in 1850?'),
    );
    const callback = await fake.waitForRequest(callbackFor(id));
    const embed = callback.body.data.embeds[0];
    expect(embed.description).toMatch(/^\*\*Not in the article\b/);
    expect((await store.insights(GUILD_ID)).unanswered.some((q) => q.text.includes('iceland'))).toBe(true);
  });

  it('/ask hide is ephemeral; /ask mention notifies exactly that member', async () => {
    const hidden = fake.interaction(
      InteractionType.ApplicationCommand,
      askData('PyTorch 有多少贡献者？', [{ name: 'hide', type: 5, value: true }]),
    );
    const hiddenCallback = await fake.waitForRequest(callbackFor(hidden.id));
    expect(hiddenCallback.body.data.flags & 64).toBe(64);

    const mention = fake.interaction(InteractionType.ApplicationCommand, {
      ...askData('PyTorch 有多少贡献者？', [{ name: 'mention', type: 6, value: OTHER_MEMBER.id }]),
      resolved: {
        users: {
          [OTHER_MEMBER.id]: {
            id: OTHER_MEMBER.id,
            username: OTHER_MEMBER.username,
            discriminator: '0',
            global_name: null,
            avatar: null,
          },
        },
      },
    });
    const mentionCallback = await fake.waitForRequest(callbackFor(mention.id));
    expect(mentionCallback.body.data.content).toContain(`<@${OTHER_MEMBER.id}>`);
    expect(mentionCallback.body.data.allowed_mentions).toEqual({ parse: [], users: [OTHER_MEMBER.id] });
  });

  it('/ask in a DM (user install) answers without pins or vote buttons', async () => {
    const { id } = fake.interaction(InteractionType.ApplicationCommand, askData('PyTorch 有多少贡献者？'), {
      guild_id: undefined,
      guild: undefined,
      member: undefined,
      user: { id: MEMBER.id, username: MEMBER.username, discriminator: '0', global_name: null, avatar: null },
      channel_id: '1300000000000000009',
      channel: { id: '1300000000000000009', type: 1, recipients: [] },
      context: 1,
      authorizing_integration_owners: { '1': MEMBER.id },
    });
    const callback = await fake.waitForRequest(callbackFor(id));
    const data = callback.body.data;
    expect(JSON.stringify(data.embeds[0].fields)).toContain('2000贡献者');
    expect(data.embeds[0].footer).toBeUndefined();
    const ids = data.components[0].components.map((button: any) => button.custom_id);
    expect(ids.some((customId: string) => customId.startsWith('ask:vote'))).toBe(false);
  });

  it('autocomplete offers at most 25 passages with names of at most 100 characters', async () => {
    const { id } = fake.interaction(InteractionType.Autocomplete, {
      id: '2',
      name: 'passage',
      type: 1,
      options: [{ name: 'id', type: 3, value: 'Chintala', focused: true }],
    });
    const callback = await fake.waitForRequest(callbackFor(id));
    expect(callback.body.type).toBe(Callback.Autocomplete);
    const choices = callback.body.data.choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
    expect(engine.findPassage(choices[0].value)).toBeDefined();
  });

  it('a button click on an answer shows the passage, and a vote is recorded', async () => {
    const asked = fake.interaction(InteractionType.ApplicationCommand, askData('PyTorch 有多少贡献者？'));
    const answer = (await fake.waitForRequest(callbackFor(asked.id))).body.data;
    const message = apiMessage({
      content: '',
      author: { id: BOT_ID, username: 'citebot' },
      authorIsBot: true,
      embeds: answer.embeds,
      components: answer.components,
    });
    const show = answer.components[0].components.find((button: any) =>
      button.custom_id.startsWith('ask:show:'),
    );
    const click = fake.interaction(
      InteractionType.MessageComponent,
      { custom_id: show.custom_id, component_type: 2 },
      { message },
    );
    const shown = await fake.waitForRequest(callbackFor(click.id));
    expect(shown.body.type).toBe(Callback.Message);
    expect(shown.body.data.flags & 64).toBe(64);
    expect(shown.body.data.embeds[0].description).toContain('2000贡献者');

    const up = answer.components[0].components.find((button: any) =>
      button.custom_id.startsWith('ask:vote:u:'),
    );
    const vote = fake.interaction(
      InteractionType.MessageComponent,
      { custom_id: up.custom_id, component_type: 2 },
      { message },
    );
    const voted = await fake.waitForRequest(callbackFor(vote.id));
    expect(voted.body.data.flags & 64).toBe(64);
    expect((await store.insights(GUILD_ID)).feedback.helpful).toBeGreaterThanOrEqual(1);
  });

  it('"Answer from article" answers the selected message and links it', async () => {
    const target = apiMessage({ content: 'Who did Chintala bring in as an intern?', author: OTHER_MEMBER });
    const { id } = fake.interaction(InteractionType.ApplicationCommand, {
      id: '3',
      name: 'Answer from article',
      type: 3,
      target_id: target.id,
      resolved: { messages: { [target.id]: target } },
    });
    const callback = await fake.waitForRequest(callbackFor(id));
    expect(callback.body.type).toBe(Callback.Message);
    expect(callback.body.data.content).toContain(
      `https://discord.com/channels/${GUILD_ID}/${CHANNEL_ID}/${target.id}`,
    );
    expect(callback.body.data.content).toContain('bob');
    const embed = callback.body.data.embeds[0];
    expect(embed.title).toContain('Chintala');
    // Answered, not an abstention showing the closest passages: the quote, then the cited passage.
    expect(embed.description).toMatch(/^\*\*(Answer|Possible answer — check the passage)\*\*\n> /);
    expect(embed.description).toContain('Adam Paszke');
    expect(embed.fields[0].value).toContain('Adam Paszke');
    expect(embed.fields.map((field: any) => field.name)).toEqual(expect.arrayContaining(['Source']));
  });

  it('a message that mentions the bot gets a reply to it, pinging no one', async () => {
    const before = fake.requests.length;
    const messageId = fake.message(`<@${BOT_ID}> PyTorch 有多少贡献者？`, [
      { id: BOT_ID, username: 'citebot' },
    ]);
    const sent = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${CHANNEL_ID}/messages`,
      before,
    );
    expect(sent.authorized).toBe(true);
    expect(sent.body.message_reference).toMatchObject({ message_id: messageId });
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
    expect(JSON.stringify(sent.body.embeds)).toContain('2000贡献者');
    expect(sent.body.embeds[0].title).not.toContain(`<@${BOT_ID}>`);
  });

  it('a 429 on the interaction callback is retried by discord.js after retry_after', async () => {
    fake.rateLimitOnce('POST', /^\/interactions\/\d+\/[^/]+\/callback$/, 0.2);
    const before = fake.requests.length;
    const { id } = fake.interaction(InteractionType.ApplicationCommand, askData('PyTorch 有多少贡献者？'));
    const callback = await fake.waitForRequest(callbackFor(id), before);
    const attempts = fake.requests.filter((r) => r.path.startsWith(`/interactions/${id}/`));
    expect(attempts.map((r) => r.status)).toEqual([429, 204]);
    expect(callback.body).toEqual(attempts[0]!.body);
  });

  it('no message sent in this suite could ping anyone but the /ask mention target', async () => {
    expectNoPings(fake.requests, OTHER_MEMBER.id);
  });

  it('nothing failed along the way (no warnings or errors logged)', async () => {
    expect(logged).toEqual([]);
  });
});

describe('an interaction that arrives while the index is still loading', () => {
  let loadingFake: FakeDiscord;
  let loadingBot: RunningBot;
  let finishLoading: (services: Services) => void;

  beforeAll(async () => {
    loadingFake = new FakeDiscord();
    await loadingFake.start();
    const services = new Promise<Services>((resolve) => {
      finishLoading = resolve;
    });
    loadingBot = await startBot({
      config: { token: TOKEN, apiUrl: loadingFake.apiUrl, knowledgeDir: 'knowledge', logLevel: 'silent' },
      services,
      logger,
      router,
    });
    await whenReady(loadingBot);
  });

  afterAll(async () => {
    await loadingBot?.stop();
    await loadingFake?.stop();
  });

  it('is deferred at once, then the deferred reply is edited with the answer', async () => {
    const { id, token } = loadingFake.interaction(
      InteractionType.ApplicationCommand,
      askData('PyTorch 有多少贡献者？', [{ name: 'hide', type: 5, value: true }]),
    );
    const deferred = await loadingFake.waitForRequest(callbackFor(id));
    expect(deferred.body).toEqual({ type: Callback.Deferred, data: { flags: 64 } });

    const autocomplete = loadingFake.interaction(InteractionType.Autocomplete, {
      id: '2',
      name: 'ask',
      type: 1,
      options: [{ name: 'question', type: 3, value: 'PyTorch', focused: true }],
    });
    const empty = await loadingFake.waitForRequest(callbackFor(autocomplete.id));
    expect(empty.body).toEqual({ type: Callback.Autocomplete, data: { choices: [] } });

    const key = engine.findPassage('2')!.key;
    const click = loadingFake.interaction(
      InteractionType.MessageComponent,
      { custom_id: `ask:show:${key}`, component_type: 2 },
      {
        message: apiMessage({ content: '', author: { id: BOT_ID, username: 'citebot' }, authorIsBot: true }),
      },
    );
    const deferredClick = await loadingFake.waitForRequest(callbackFor(click.id));
    // A click keeps its message as it is while waiting; the answer then comes as a follow-up.
    expect(deferredClick.body).toEqual({ type: 6 });

    finishLoading({ engine, logger });
    const followUp = await loadingFake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/webhooks/${APP_ID}/${click.token}`,
    );
    expect(followUp.body.flags & 64).toBe(64);
    expect(followUp.body.embeds[0].description).toContain(engine.findPassage('2')!.text);
    const edit = await loadingFake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
    );
    expect(JSON.stringify(edit.body.embeds)).toContain('2000贡献者');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.body.flags).toBeUndefined();
    // Without a store, a guild answer says pins are unavailable rather than failing.
    expect(edit.body.embeds[0].footer.text).toMatch(/不可用/);
    expect(logged).toEqual([]);
  });
});

describe('a handler that runs long', () => {
  let slowFake: FakeDiscord;
  let slowBot: RunningBot;
  let release: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    slowFake = new FakeDiscord();
    // The deferral's 204 comes labelled as JSON with no body: the edit must follow all the same.
    slowFake.jsonOnNoContent = true;
    await slowFake.start();
    const slow: CommandModule = {
      definition: { name: 'slow', description: 'waits for the test' },
      async handle() {
        await gate;
        return reply({ content: 'done @everyone' });
      },
    };
    slowBot = await startBot({
      config: { token: TOKEN, apiUrl: slowFake.apiUrl, knowledgeDir: 'knowledge', logLevel: 'silent' },
      services: Promise.resolve({
        engine,
        logger,
      }),
      logger,
      router: new CommandRouter([slow]),
      deferAfterMs: 20,
    });
    await whenReady(slowBot);
  });

  afterAll(async () => {
    await slowBot?.stop();
    await slowFake?.stop();
  });

  it('is deferred publicly, then the reply is edited in when the work is done', async () => {
    const { id, token } = slowFake.interaction(InteractionType.ApplicationCommand, {
      id: '9',
      name: 'slow',
      type: 1,
    });
    const deferred = await slowFake.waitForRequest(callbackFor(id));
    expect(deferred.body).toEqual({ type: Callback.Deferred });
    release();
    const edit = await slowFake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`,
    );
    expect(edit.body).toMatchObject({ content: 'done @\u200beveryone', allowed_mentions: { parse: [] } });
    expect(logged).toEqual([]);
  });
});
