import { PermissionFlagsBits } from 'discord-api-types/v10';
import pino from 'pino';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCommandModules } from '../../src/compose.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { AutoAnswerChannels } from '../../src/runtime/auto-answer-channels.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { openOrThrow, tempDir } from '../store/helpers.ts';

/** /setup auto-answer and /setup status, through the router as Discord's requests arrive. */

const GUILD = '222222222222222222';
const FORUM = '444444444444444444';
const MANAGER = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;
const MODERATOR = PermissionFlagsBits.ManageMessages | PermissionFlagsBits.SendMessages;

let engine: Engine;
let router: CommandRouter;
let store: SqliteStore;
let dir: ReturnType<typeof tempDir>;
let services: Services;

beforeAll(async () => {
  engine = await loadEngine('knowledge');
  router = new CommandRouter(await loadCommandModules());
});
beforeEach(() => {
  dir = tempDir();
  store = openOrThrow({ path: `${dir.dir}/citebot.sqlite` });
  services = {
    engine,
    store,
    logger: pino({ level: 'silent' }),
    autoAnswerEnabled: true,
    autoAnswerChannels: new AutoAnswerChannels(store),
  };
});
afterEach(async () => {
  await store.close();
  dir.cleanup();
});

let counter = 0;
function setup(subcommand: 'on' | 'off' | 'status', over: Partial<CommandRequest> = {}): CommandRequest {
  return {
    kind: 'command',
    id: String(900000000000000000n + BigInt(++counter)),
    commandName: 'setup',
    ...(subcommand === 'status' ? {} : { subcommandGroup: 'auto-answer' }),
    subcommand,
    options: subcommand === 'on' ? { channel: FORUM } : {},
    resolvedChannels: subcommand === 'on' ? { [FORUM]: { id: FORUM, type: 15 } } : undefined,
    attachments: {},
    user: { id: '111111111111111111', username: 'admin' },
    guildId: GUILD,
    channelId: '333333333333333333',
    memberPermissions: MANAGER,
    locale: 'en-US',
    ...over,
  };
}

function text(response: CommandResponse): string {
  if (response.type !== 'message') throw new Error(`expected a message, got ${response.type}`);
  expect(response.data.flags).toBe(64);
  expect(response.data.allowed_mentions).toEqual({ parse: [] });
  return `${response.data.content ?? ''}${JSON.stringify(response.data.embeds ?? [])}`;
}

describe('/setup auto-answer', () => {
  it('on, status and off: stored for the server, shown, and cleared', async () => {
    expect(text(await router.route(setup('on'), services))).toMatch(
      new RegExp(`Auto-answer is on in <#${FORUM}>`),
    );
    expect(await store.autoAnswerChannel(GUILD)).toBe(FORUM);
    expect(await store.autoAnswerChannel('999999999999999999')).toBeUndefined();
    expect(text(await router.route(setup('status'), services))).toContain(`on in <#${FORUM}>`);
    // Members see it in /about.
    const about = await router.route(
      {
        ...setup('status'),
        commandName: 'about',
        subcommand: undefined,
        subcommandGroup: undefined,
        memberPermissions: 0n,
      },
      services,
    );
    expect(about.type === 'message' && about.data.embeds?.[0]?.description).toContain(
      `New posts in <#${FORUM}>`,
    );
    expect(text(await router.route(setup('off'), services))).toContain(`it was on in <#${FORUM}>`);
    expect(await store.autoAnswerChannel(GUILD)).toBeUndefined();
    expect(text(await router.route(setup('off'), services))).toContain('already off');
    expect(text(await router.route(setup('status'), services))).toContain('Auto-answer: off');
  });

  it('is refused without Manage Server (Manage Messages is not enough), and nothing is stored', async () => {
    for (const memberPermissions of [MODERATOR, 0n, null]) {
      const refused = text(await router.route(setup('on', { memberPermissions }), services));
      expect(refused).toMatch(/Manage Server/);
    }
    expect(await store.autoAnswerChannel(GUILD)).toBeUndefined();
    // Administrators have every permission.
    text(await router.route(setup('on', { memberPermissions: PermissionFlagsBits.Administrator }), services));
    expect(await store.autoAnswerChannel(GUILD)).toBe(FORUM);
  });

  it('without AUTO_ANSWER says how to enable it and stores nothing', async () => {
    const reply = text(await router.route(setup('on'), { ...services, autoAnswerEnabled: false }));
    expect(reply).toMatch(/Message Content/);
    expect(reply).toContain('AUTO_ANSWER=1');
    expect(reply).toContain('Nothing was changed');
    expect(await store.autoAnswerChannel(GUILD)).toBeUndefined();
  });

  it('status says when the setting is on but this bot does not read message content', async () => {
    await store.setAutoAnswerChannel(GUILD, FORUM, '1');
    const status = text(await router.route(setup('status'), { ...services, autoAnswerEnabled: false }));
    expect(status).toContain(`on in <#${FORUM}>`);
    expect(status).toContain('AUTO_ANSWER');
  });

  it('refuses a channel that is neither a forum nor a text channel (a forged request)', async () => {
    const voice = setup('on', { resolvedChannels: { [FORUM]: { id: FORUM, type: 2 } } });
    expect(text(await router.route(voice, services))).toMatch(/forum or a text channel/);
    const notAnId = setup('on', { options: { channel: '@everyone' } });
    expect(text(await router.route(notAnId, services))).toMatch(/Discord id/);
    expect(await store.autoAnswerChannel(GUILD)).toBeUndefined();
  });

  it('only in a server that installed citebot, and only with the database', async () => {
    expect(text(await router.route(setup('on', { guildId: null }), services))).toMatch(
      /only works in a server/,
    );
    expect(text(await router.route(setup('on', { serverInstalled: false }), services))).toMatch(
      /not installed in this server/,
    );
    const { autoAnswerChannels: _, ...noDatabase } = services;
    expect(text(await router.route(setup('on'), noDatabase))).toMatch(/settings are unavailable/);
    expect(await store.autoAnswerChannel(GUILD)).toBeUndefined();
  });

  it('replies in the member’s language', async () => {
    expect(text(await router.route(setup('on', { locale: 'zh-CN' }), services))).toContain('已在');
    expect(text(await router.route(setup('status', { locale: 'zh-TW' }), services))).toContain('自動回答');
  });
});
