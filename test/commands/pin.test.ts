import { ComponentType, PermissionFlagsBits } from 'discord-api-types/v10';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as insightsCommand from '../../commands/insights.ts';
import * as pinMessageCommand from '../../commands/pin-message.ts';
import * as pinCommand from '../../commands/pin/index.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { withPreconditions } from '../../src/interactions/preconditions.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { fixtureServices, isEphemeral, MEMBER, messageOf, request, textOf } from './pin-fixtures.ts';

// As the router serves them: each command's preconditions run before its handlers.
const pin = withPreconditions(pinCommand);
const insights = withPreconditions(insightsCommand);
const pinMessage = withPreconditions(pinMessageCommand);

let services: Services;
let store: SqliteStore;
let cleanup: () => void;

beforeEach(async () => {
  ({ services, store, cleanup } = await fixtureServices());
});
afterEach(() => cleanup());

const GUILD = '222222222222222222';
const OTHER_GUILD = '444444444444444444';

const add = async (
  fact: string,
  over: Partial<CommandRequest> = {},
  options: Record<string, string> = {},
): Promise<CommandResponse> =>
  await pin.handle(request({ subcommand: 'add', options: { fact, ...options }, ...over }), services);

function modalOf(response: CommandResponse) {
  if (response.type !== 'modal') throw new Error(`expected a modal, got ${response.type}`);
  const values: Record<string, string | undefined> = {};
  for (const row of response.data.components) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const input of row.components) values[input.custom_id] = input.value;
  }
  return { customId: response.data.custom_id, title: response.data.title, values };
}

describe('definitions', () => {
  it.each([
    ['/pin', pin.definition],
    ['/insights', insights.definition],
    ['Pin as fact', pinMessage.definition],
  ])('%s needs Manage Messages and works only in servers', (_name, definition) => {
    expect(definition.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
    expect(definition.contexts).toEqual([0]);
    expect(definition.integration_types).toEqual([0]);
  });
});

describe('/pin add', () => {
  it('pins a fact with who pinned it, and answers use it at once', async () => {
    const response = await add('The hackathon is on Friday in Hall B.', {}, { keywords: 'hackathon' });
    expect(isEphemeral(response)).toBe(true);
    expect(textOf(response)).toMatch(/📌 Pinned #1/);
    expect(await store.listPins(GUILD)).toEqual([
      expect.objectContaining({
        text: 'The hackathon is on Friday in Hall B.',
        createdBy: '111111111111111111',
        createdByName: 'mod',
      }),
    ]);
    const answer = services.engine.ask('When is the hackathon?', {
      pins: await services.pinIndexFor!(GUILD),
    });
    expect(answer.citations[0]?.pin?.id).toBe(1);
  });

  it('links a passage picked from autocomplete, and refuses one that does not exist', async () => {
    const choices = await pin.autocomplete(
      request({ kind: 'autocomplete', subcommand: 'add', focused: { name: 'passage', value: 'meeting' } }),
      services,
    );
    expect(choices.length).toBeGreaterThan(0);
    const key = String(choices[0]!.value);
    await add('Room 12 moved to room 14.', {}, { passage: key });
    expect((await store.listPins(GUILD))[0]?.passageKey).toBe(key);
    const refused = await add('Another fact', {}, { passage: 'nowhere§99' });
    expect(textOf(refused)).toMatch(/no passage "nowhere§99"/);
    expect(await store.countPins(GUILD)).toBe(1);
  });

  it('keeps a source link given with /pin add, checked as an import checks it', async () => {
    await add('The fair is on Friday.', {}, { source: 'https://example.com/fair' });
    expect((await store.getPin(GUILD, 1))?.sourceUrl).toBe('https://example.com/fair');
    expect(textOf(await add('Another fact', {}, { source: 'javascript:alert(1)' }))).toMatch(
      /A pin source must be an http\(s\) link/,
    );
    expect(await store.countPins(GUILD)).toBe(1);
  });

  it('relays validation errors: too long, duplicate', async () => {
    expect(textOf(await add('x'.repeat(1001)))).toMatch(/at most 1000 characters/);
    await add('Unique fact');
    expect(textOf(await add('unique FACT.'))).toMatch(/already pinned as #1/);
    expect(await store.countPins(GUILD)).toBe(1);
  });
});

describe('permissions', () => {
  // Every path that reads pin texts or changes anything, as a member without Manage Messages
  // would reach it with a forged or stale request (default_member_permissions only hides commands).
  const forged: [string, Partial<CommandRequest>, (r: CommandRequest, s: Services) => unknown][] = [
    ['/pin add', { subcommand: 'add', options: { fact: 'forged fact' } }, pin.handle],
    ['/pin edit', { subcommand: 'edit', options: { id: 1 } }, pin.handle],
    ['/pin remove', { subcommand: 'remove', options: { id: 1 } }, pin.handle],
    ['/pin list', { subcommand: 'list' }, pin.handle],
    ['/pin export', { subcommand: 'export' }, pin.handle],
    [
      '/pin import',
      {
        subcommand: 'import',
        attachments: {
          file: {
            id: '1',
            url: 'http://127.0.0.1:9/x',
            filename: 'x.json',
            size: 2,
            content: '[{"text":"forged"}]',
          },
        },
      },
      pin.handle,
    ],
    ['list button', { kind: 'component', commandName: '', customId: 'pin:list:2' }, pin.handleComponent],
    [
      'Pin an answer button',
      { kind: 'component', commandName: '', customId: 'pin:answer:1' },
      pin.handleComponent,
    ],
    [
      'add form',
      { kind: 'modal', commandName: '', customId: 'pin:add', fields: { text: 'forged fact' } },
      pin.handleModal,
    ],
    [
      'message form',
      { kind: 'modal', commandName: '', customId: 'pin:msg:3:4', fields: { text: 'forged fact' } },
      pin.handleModal,
    ],
    [
      'edit form',
      { kind: 'modal', commandName: '', customId: 'pin:edit:1', fields: { text: 'forged edit' } },
      pin.handleModal,
    ],
    [
      'Pin as fact',
      {
        kind: 'message-context',
        commandName: 'Pin as fact',
        targetMessage: {
          id: '5',
          content: 'forged',
          author: { id: '6', username: 'x' },
          url: 'https://discord.com/channels/1/2/5',
        },
      },
      pinMessage.handle,
    ],
    ['/insights', { commandName: 'insights' }, insights.handle],
  ];

  it.each(forged)(
    '%s is refused for a member without Manage Messages, and changes nothing',
    async (_name, over, handler) => {
      await add('Original fact');
      await store.recordQuestion(GUILD, 'secret question', false);
      const response = (await handler(
        request({ ...over, memberPermissions: MEMBER, user: { id: '999', username: 'forger' } }),
        services,
      )) as CommandResponse;
      expect(textOf(response)).toMatch(/Only members with the Manage Messages permission/);
      expect(textOf(response)).not.toMatch(/Original fact|secret question/);
      expect(isEphemeral(response)).toBe(true);
      expect((await store.listPins(GUILD)).map((p) => p.text)).toEqual(['Original fact']);
    },
  );

  it('is refused when the member permissions are missing altogether', async () => {
    expect(textOf(await add('x', { memberPermissions: null }))).toMatch(/Manage Messages/);
  });

  it('lets administrators through', async () => {
    expect(textOf(await add('Admin fact', { memberPermissions: PermissionFlagsBits.Administrator }))).toMatch(
      /Pinned/,
    );
  });

  it('gives no pin texts to a member through autocomplete', async () => {
    await add('Moderator-only text');
    const choices = await pin.autocomplete(
      request({
        kind: 'autocomplete',
        subcommand: 'edit',
        memberPermissions: MEMBER,
        focused: { name: 'id', value: '' },
      }),
      services,
    );
    expect(choices).toEqual([]);
  });

  it('works only in servers', async () => {
    expect(textOf(await add('DM fact', { guildId: null, memberPermissions: null }))).toMatch(
      /only works in a server/,
    );
  });

  it('says pins are unavailable when there is no database', async () => {
    const response = (await pin.handle(request({ subcommand: 'list' }), {
      ...services,
      store: undefined,
    })) as CommandResponse;
    expect(textOf(response)).toMatch(/unavailable/);
  });
});

describe('guild isolation', () => {
  const other = { guildId: OTHER_GUILD };

  it("another server cannot edit, remove, list, export or autocomplete this server's pins", async () => {
    await add('Our fact');
    const id = (await store.listPins(GUILD))[0]!.id;
    expect(
      textOf(
        (await pin.handle(
          request({ ...other, subcommand: 'edit', options: { id } }),
          services,
        )) as CommandResponse,
      ),
    ).toMatch(/no pin #1/);
    expect(
      textOf(
        await pin.handleModal(
          request({
            ...other,
            kind: 'modal',
            commandName: '',
            customId: `pin:edit:${id}`,
            fields: { text: 'hijack' },
          }),
          services,
        ),
      ),
    ).toMatch(/no pin #1/);
    expect(
      textOf(
        (await pin.handle(
          request({ ...other, subcommand: 'remove', options: { id } }),
          services,
        )) as CommandResponse,
      ),
    ).toMatch(/no pin #1/);
    expect(
      textOf((await pin.handle(request({ ...other, subcommand: 'list' }), services)) as CommandResponse),
    ).toMatch(/No pinned facts yet/);
    const exported = (await pin.handle(
      request({ ...other, subcommand: 'export' }),
      services,
    )) as CommandResponse;
    expect(exported.type === 'message' && String(exported.files?.[0]?.data)).not.toContain('Our fact');
    expect(
      await pin.autocomplete(
        request({ ...other, kind: 'autocomplete', subcommand: 'edit', focused: { name: 'id', value: '' } }),
        services,
      ),
    ).toEqual([]);
    expect((await store.listPins(GUILD)).map((p) => p.text)).toEqual(['Our fact']);
  });
});

describe('mentions in pins', () => {
  // Replies break mentions with a zero-width space; what the moderator reads is without it.
  const shown = (response: CommandResponse) => textOf(response).replaceAll('\u200b', '');
  // Answers quote a pin to every member: a mention in it would look live even though it cannot ping.
  it('refuses @everyone, @here and <@id> in the fact or keywords, on add, edit and import', async () => {
    const refused = await add('@everyone 新的事实 <@123456789012345678>', {}, { keywords: '@here' });
    expect(shown(refused)).toMatch(/A pin cannot contain `@everyone`/);
    expect(shown(await add('新的事实', {}, { keywords: '@here' }))).toMatch(/cannot contain `@here`/);
    expect(shown(await add('Ask <@&123456789012345678>', { locale: 'zh-CN' }))).toMatch(
      /^置顶不能包含 `<@&123456789012345678>`/,
    );
    expect(await store.countPins(GUILD)).toBe(0);

    await add('A plain fact');
    const edited = await pin.handleModal(
      request({
        kind: 'modal',
        commandName: '',
        customId: 'pin:edit:1',
        fields: { text: 'A plain fact <@!123456789012345678>', keywords: '', passage: '' },
      }),
      services,
    );
    expect(shown(edited)).toMatch(/cannot contain `<@!123456789012345678>`/);
    expect((await store.getPin(GUILD, 1))?.text).toBe('A plain fact');

    const content = JSON.stringify([
      { text: 'Imported @here fact' },
      { text: 'mail me at team@hereford.org' },
    ]);
    const file = attached(content);
    const report = shown(
      await pin.handle(request({ subcommand: 'import', attachments: { file } }), services),
    );
    expect(report).toMatch(/1 added, 0 skipped, 1 refused/);
    expect(report).toMatch(/1\. .* — A pin cannot contain `@here`/);
  });
});

describe('/pin edit and remove', () => {
  it('opens a form prefilled with the pin, and saves what was submitted', async () => {
    await add('Old text', {}, { keywords: 'old' });
    const form = modalOf(
      (await pin.handle(request({ subcommand: 'edit', options: { id: 1 } }), services)) as CommandResponse,
    );
    expect(form).toMatchObject({ customId: 'pin:edit:1', values: { text: 'Old text', keywords: 'old' } });
    const saved = await pin.handleModal(
      request({
        kind: 'modal',
        commandName: '',
        customId: 'pin:edit:1',
        fields: { text: 'New text', keywords: '', passage: '' },
      }),
      services,
    );
    expect(textOf(saved)).toMatch(/Edited #1/);
    expect(await store.getPin(GUILD, 1)).toMatchObject({ text: 'New text' });
    expect((await store.getPin(GUILD, 1))?.keywords).toBeUndefined();
  });

  it('edits the source in the form: prefilled, changed, refused when not a link, removed with -', async () => {
    await add('Sourced fact', {}, { source: 'https://example.com/a' });
    const form = modalOf(
      (await pin.handle(request({ subcommand: 'edit', options: { id: 1 } }), services)) as CommandResponse,
    );
    expect(form.values.source).toBe('https://example.com/a');
    const submit = (source: string) =>
      pin.handleModal(
        request({
          kind: 'modal',
          commandName: '',
          customId: 'pin:edit:1',
          fields: { text: 'Sourced fact', keywords: '', passage: '', source },
        }),
        services,
      );
    await submit('https://example.com/b');
    expect((await store.getPin(GUILD, 1))?.sourceUrl).toBe('https://example.com/b');
    expect(textOf(await submit('ftp://example.com/c'))).toMatch(/must be an http\(s\) link/);
    expect((await store.getPin(GUILD, 1))?.sourceUrl).toBe('https://example.com/b');
    await submit('-');
    expect((await store.getPin(GUILD, 1))?.sourceUrl).toBeUndefined();
  });

  it('keeps a correction when only the link is bad, clears a link with -, and a backup keeps such a pin', async () => {
    // A pin linked to a passage whose article has since been removed.
    await store.addPin({ guildId: GUILD, text: 'Old text', passageKey: 'gone§1', createdBy: '1' });
    const form = modalOf(
      (await pin.handle(request({ subcommand: 'edit', options: { id: 1 } }), services)) as CommandResponse,
    );
    expect(form.values.passage).toBe('gone§1');
    const submit = (fields: Record<string, string>) =>
      pin.handleModal(request({ kind: 'modal', commandName: '', customId: 'pin:edit:1', fields }), services);
    const kept = await submit({ text: 'Corrected text', keywords: '', passage: 'gone§1' });
    expect(textOf(kept)).toMatch(
      /There is no passage "gone§1": the rest is saved and the link left as it was/,
    );
    expect(textOf(kept)).toMatch(/Edited #1/);
    expect(await store.getPin(GUILD, 1)).toMatchObject({ text: 'Corrected text', passageKey: 'gone§1' });

    const file = attached(await exportedPins());
    const restored = await pin.handle(
      request({ guildId: OTHER_GUILD, subcommand: 'import', attachments: { file } }),
      services,
    );
    expect(textOf(restored)).toMatch(/1 added, 0 skipped, 0 refused/);
    expect(textOf(restored)).toMatch(
      /Added without their passage link\n1\. “Corrected text” — no passage "gone§1"/,
    );
    expect((await store.listPins(OTHER_GUILD))[0]).toMatchObject({ text: 'Corrected text' });
    expect((await store.listPins(OTHER_GUILD))[0]?.passageKey).toBeUndefined();

    const cleared = await submit({ text: 'Corrected text', keywords: '', passage: '-' });
    expect(textOf(cleared)).not.toMatch(/no passage/);
    expect((await store.getPin(GUILD, 1))?.passageKey).toBeUndefined();
  });

  it('removes several pins and ranges at once, as one pin change, saying what it removed', async () => {
    const content = JSON.stringify(Array.from({ length: 6 }, (_, n) => ({ text: `bulk fact ${n + 1}` })));
    const file = attached(content);
    await pin.handle(request({ subcommand: 'import', attachments: { file } }), services);
    let changes = 0;
    const counted = {
      ...services,
      limits: {
        ask: () => ({ ok: true as const, remaining: 1 }),
        pinChange: () => (changes++, { ok: true as const, remaining: 1 }),
      },
    };
    const removed = await pin.handle(request({ subcommand: 'remove', options: { id: '2-4, 6 9' } }), counted);
    expect(changes).toBe(1);
    expect(textOf(removed as CommandResponse)).toMatch(
      /Removed 4 pins\n#2 bulk fact 2\n#3 bulk fact 3\n#4 bulk fact 4\n#6 bulk fact 6/,
    );
    expect(textOf(removed as CommandResponse)).toMatch(/Not pins of this server \(nothing to remove\)\n#9/);
    expect((await store.listPins(GUILD)).map((p) => p.id)).toEqual([1, 5]);
    const bad = await pin.handle(request({ subcommand: 'remove', options: { id: '5-1' } }), counted);
    expect(textOf(bad as CommandResponse)).toMatch(
      /Type pin numbers: 12, several as 3 5 7, or a range as 12-40/,
    );
    expect(changes).toBe(1);
    const choices = await pin.autocomplete(
      request({ kind: 'autocomplete', subcommand: 'remove', focused: { name: 'id', value: '' } }),
      services,
    );
    expect(choices.map((choice) => choice.value)).toEqual(['5', '1']);
  });

  it("offers the server's pins as id choices, newest first", async () => {
    await add('first fact');
    await add('second fact');
    const choices = await pin.autocomplete(
      request({ kind: 'autocomplete', subcommand: 'remove', focused: { name: 'id', value: '' } }),
      services,
    );
    // /pin remove's id is a string option (it takes several ids), so its choices are strings.
    expect(choices).toEqual([
      { name: '#2 second fact', value: '2' },
      { name: '#1 first fact', value: '1' },
    ]);
    expect(
      await pin.autocomplete(
        request({ kind: 'autocomplete', subcommand: 'remove', focused: { name: 'id', value: 'first' } }),
        services,
      ),
    ).toHaveLength(1);
  });

  it('removes a pin; answers stop using it at once', async () => {
    await add('The hackathon is on Friday.', {}, { keywords: 'hackathon' });
    expect(
      textOf(
        (await pin.handle(
          request({ subcommand: 'remove', options: { id: 1 } }),
          services,
        )) as CommandResponse,
      ),
    ).toMatch(/Removed pin #1/);
    const answer = services.engine.ask('When is the hackathon?', {
      pins: await services.pinIndexFor!(GUILD),
    });
    expect(answer.citations.some((c) => c.pin)).toBe(false);
    expect(
      textOf(
        (await pin.handle(
          request({ subcommand: 'remove', options: { id: 1 } }),
          services,
        )) as CommandResponse,
      ),
    ).toMatch(/no pin #1/);
  });
});

describe('/pin list', () => {
  it('pages ten pins at a time with previous/next buttons', async () => {
    for (let n = 1; n <= 23; n++) await add(`fact number ${n}`);
    const first = messageOf((await pin.handle(request({ subcommand: 'list' }), services)) as CommandResponse);
    expect(first.embeds?.[0]?.title).toBe('Pinned facts (23/500)');
    expect(first.embeds?.[0]?.description).toContain('fact number 10');
    expect(first.embeds?.[0]?.description).not.toContain('fact number 11');
    const row = first.components?.[0];
    expect(
      row &&
        'components' in row &&
        row.components.map((b) => ('custom_id' in b ? [b.custom_id, b.disabled] : null)),
    ).toEqual([
      ['pin:list:0', true],
      ['pin:list:2', false],
    ]);
    const third = await pin.handleComponent(
      request({ kind: 'component', commandName: '', customId: 'pin:list:3' }),
      services,
    );
    expect(third.type).toBe('update');
    expect(messageOf(third).embeds?.[0]?.description).toContain('fact number 23');
    expect(messageOf(third).embeds?.[0]?.footer?.text).toBe('Page 3 of 3');
  });

  it('escapes what moderators typed', async () => {
    await add('**bold** [link](https://example.com)');
    const text =
      messageOf((await pin.handle(request({ subcommand: 'list' }), services)) as CommandResponse).embeds?.[0]
        ?.description ?? '';
    expect(text).toContain('\\*\\*bold\\*\\* \\[link\\]\\(https://example.com\\)');
  });
});

/** A file as Discord attaches it to /pin import. */
const attached = (content: string, filename = 'pins.json') => ({
  id: '1',
  url: `https://cdn.invalid/${filename}`,
  filename,
  size: content.length,
  content,
});

/** The file /pin export attaches for this server, its name checked. */
async function exportedPins(): Promise<string> {
  const exported = (await pin.handle(request({ subcommand: 'export' }), services)) as CommandResponse;
  if (exported.type !== 'message' || !exported.files?.[0]) throw new Error('no file');
  expect(exported.files[0].name).toBe(`citebot-pins-${GUILD}.json`);
  return String(exported.files[0].data);
}

describe('/pin export and import', () => {
  it('round-trips through the JSON attachment into another server', async () => {
    await add('Fact A', {}, { keywords: 'a' });
    await add('Fact B');
    const file = attached(await exportedPins());
    const imported = await pin.handle(
      request({ guildId: OTHER_GUILD, subcommand: 'import', attachments: { file } }),
      services,
    );
    expect(textOf(imported)).toMatch(/Import: 2 added, 0 skipped, 0 refused/);
    expect((await store.listPins(OTHER_GUILD)).map((p) => [p.text, p.keywords])).toEqual([
      ['Fact A', 'a'],
      ['Fact B', undefined],
    ]);
    const again = await pin.handle(
      request({ guildId: OTHER_GUILD, subcommand: 'import', attachments: { file } }),
      services,
    );
    expect(textOf(again)).toMatch(/0 added, 2 skipped, 0 refused/);
  });

  it('shows the moderator who imported a pin as its author, not the name the file gives', async () => {
    const content = JSON.stringify([
      { text: 'Imported fact', createdBy: '123456789012345678', createdByName: '@everyone' },
    ]);
    const file = attached(content);
    await pin.handle(request({ subcommand: 'import', attachments: { file } }), services);
    expect(await store.getPin(GUILD, 1)).toMatchObject({
      createdBy: '111111111111111111',
      createdByName: 'mod',
    });
    const posted = textOf(
      (await pin.handle(request({ subcommand: 'post', options: { id: 1 } }), services)) as CommandResponse,
    );
    expect(posted).toMatch(/Pinned by mod/);
    expect(posted).not.toMatch(/everyone/);
  });

  it('reports refused entries and refuses files that are not exports', async () => {
    const content = JSON.stringify([{ text: 'ok fact' }, { text: '' }, { text: 'y'.repeat(1200) }]);
    const file = attached(content);
    const report = await pin.handle(request({ subcommand: 'import', attachments: { file } }), services);
    expect(textOf(report)).toMatch(/1 added, 0 skipped, 2 refused/);
    expect(textOf(report)).toMatch(/^2\. A pinned fact needs some text/m);
    expect(textOf(report)).not.toMatch(/— —/);
    const passages = JSON.stringify([
      { text: 'linked', passageKey: 'nowhere§1' },
      { text: 'also linked', passageKey: services.engine.passages[0]!.key },
    ]);
    const linkedFile = { ...file, content: passages };
    const linked = await pin.handle(
      request({ subcommand: 'import', attachments: { file: linkedFile } }),
      services,
    );
    // A passage that no longer exists does not lose the pin: it is added without the link.
    expect(textOf(linked)).toMatch(/2 added, 0 skipped, 0 refused/);
    expect(textOf(linked)).toMatch(/Added without their passage link\n1\. “linked” — no passage "nowhere§1"/);
    expect((await store.listPins(GUILD)).find((p) => p.text === 'linked')?.passageKey).toBeUndefined();
    const bad = { ...file, content: 'hello', size: 5 };
    expect(
      textOf(await pin.handle(request({ subcommand: 'import', attachments: { file: bad } }), services)),
    ).toMatch(/not JSON/);
    const huge = { ...file, size: 3_000_000 };
    expect(
      textOf(await pin.handle(request({ subcommand: 'import', attachments: { file: huge } }), services)),
    ).toMatch(/too large/);
  });

  it('downloads the attachment from its URL when the adapter did not', async () => {
    const server = createServer((_req, res) => res.end(JSON.stringify([{ text: 'from the CDN' }])));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as AddressInfo;
      const file = { id: '1', url: `http://127.0.0.1:${port}/pins.json`, filename: 'pins.json', size: 30 };
      expect(
        textOf(await pin.handle(request({ subcommand: 'import', attachments: { file } }), services)),
      ).toMatch(/1 added/);
      expect((await store.listPins(GUILD)).map((p) => p.text)).toEqual(['from the CDN']);
    } finally {
      server.close();
    }
  });
});

describe('Pin as fact', () => {
  const target = {
    id: '555555555555555555',
    content: 'The hackathon moved to Saturday.',
    author: { id: '666', username: 'member' },
    url: `https://discord.com/channels/${GUILD}/333333333333333333/555555555555555555`,
  };

  it('opens the form with the message text and keeps the message link as the source', async () => {
    const form = modalOf(
      await pinMessage.handle(
        request({ kind: 'message-context', commandName: 'Pin as fact', targetMessage: target }),
        services,
      ),
    );
    expect(form.values.text).toBe('The hackathon moved to Saturday.');
    expect(form.customId).toBe('pin:msg:333333333333333333:555555555555555555');
    const saved = await pin.handleModal(
      request({
        kind: 'modal',
        commandName: '',
        customId: form.customId,
        fields: { text: form.values.text!, keywords: 'hackathon', passage: '' },
      }),
      services,
    );
    expect(textOf(saved)).toMatch(/Pinned #1/);
    expect(await store.getPin(GUILD, 1)).toMatchObject({ sourceUrl: target.url, keywords: 'hackathon' });
  });

  it('cuts a long message to the pin limit and refuses a message without text', async () => {
    const long = modalOf(
      await pinMessage.handle(
        request({
          kind: 'message-context',
          commandName: 'Pin as fact',
          targetMessage: { ...target, content: 'z'.repeat(1500) },
        }),
        services,
      ),
    );
    expect(long.values.text).toHaveLength(1000);
    const empty = await pinMessage.handle(
      request({
        kind: 'message-context',
        commandName: 'Pin as fact',
        targetMessage: { ...target, content: '  ' },
      }),
      services,
    );
    expect(textOf(empty)).toMatch(/no text to pin/);
  });
});

describe('deferral', () => {
  it('defers privately when the adapter has to wait, like the replies', async () => {
    expect(pin.deferEphemeral(request({ subcommand: 'list' }))).toBe(true);
    // /pin post is for everyone: a deferred wait must not make it private.
    expect(pin.deferEphemeral(request({ subcommand: 'post', options: { id: 1 } }))).toBe(false);
    expect(insights.deferEphemeral()).toBe(true);
    expect(pinMessage.deferEphemeral()).toBe(true);
  });
});

describe("refusals in the moderator's language", () => {
  it('explains a duplicate, the limit and a missing pin in Chinese for a zh-CN client', async () => {
    await add('第一条事实');
    expect(textOf(await add('第一条事实。', { locale: 'zh-CN' }))).toBe('这条事实已置顶为 #1。');
    expect(textOf(await add('x'.repeat(1001), { locale: 'zh-TW' }))).toBe(
      '置頂事實最多 1000 個字元；這條有 1001 個。',
    );
    const missing = await pin.handle(
      request({ subcommand: 'remove', options: { id: 42 }, locale: 'zh-CN' }),
      services,
    );
    expect(textOf(missing as CommandResponse)).toBe('本服务器没有置顶 #42。');
  });
});
