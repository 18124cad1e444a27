import { ComponentType, MessageFlags } from 'discord-api-types/v10';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CommandRequest,
  CommandResponse,
  ReplyData,
  Services,
} from '../../src/interactions/contract.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine, type Engine, type PinnedFact } from '../../src/engine.ts';
import type { CitebotStore } from '../../src/store/types.ts';
import { openStore } from '../../src/store/sqlite.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The store calls /ask makes, recorded; pins come from a fixed list. */
class RecordingStore {
  questions: { guildId: string; question: string; answered: boolean }[] = [];
  votes: Parameters<CitebotStore['recordVote']>[0][] = [];
  constructor(
    private readonly engine: Engine,
    private readonly pins: PinnedFact[] = [],
  ) {}
  pinIndexFor(guildId: string | null) {
    return guildId ? this.engine.indexPins(this.pins.filter((pin) => pin.guildId === guildId)) : undefined;
  }
  async listPins(guildId: string) {
    return this.pins.filter((pin) => pin.guildId === guildId);
  }
  async countPins(guildId: string) {
    return this.pins.filter((pin) => pin.guildId === guildId).length;
  }
  async recordQuestion(guildId: string, question: string, answered: boolean) {
    this.questions.push({ guildId, question, answered });
  }
  async recordVote(vote: Parameters<CitebotStore['recordVote']>[0]) {
    this.votes.push(vote);
  }
}

const GUILD = '222222222222222222';
const PIN: PinnedFact = {
  id: 7,
  guildId: GUILD,
  text: '本服务器的读书会每周四晚上讨论 PyTorch 文章。',
  keywords: '读书会 聚会',
  createdBy: '111',
  createdByName: 'mod_*star*',
  createdAt: '2024-03-01T12:00:00.000Z',
  sourceUrl: 'https://discord.com/channels/1/2/3',
};

let engine: Engine;
let router: CommandRouter;

beforeAll(async () => {
  engine = await loadEngine('knowledge');
  router = new CommandRouter(await loadCommandModules());
});

function services(store?: RecordingStore | 'broken'): Services {
  const broken = {
    pinIndexFor() {
      throw new Error('disk I/O error');
    },
    recordQuestion() {
      throw new Error('disk I/O error');
    },
  };
  const chosen = store === 'broken' ? broken : store;
  return {
    engine,
    ...(chosen
      ? {
          store: chosen as unknown as CitebotStore,
          pinIndexFor: async (guildId: string | null) => chosen.pinIndexFor(guildId),
        }
      : {}),
    logger: pino({ level: 'silent' }),
  };
}

let counter = 0;
function request(over: Partial<CommandRequest>): CommandRequest {
  return {
    kind: 'command',
    id: String(++counter),
    commandName: 'ask',
    options: {},
    attachments: {},
    user: { id: '333', username: 'carol' },
    guildId: GUILD,
    channelId: '444',
    memberPermissions: 0n,
    locale: 'en-US',
    ...over,
  };
}

function message(response: CommandResponse): ReplyData {
  if (response.type !== 'message' && response.type !== 'update')
    throw new Error(`expected a message, got ${response.type}`);
  expect(response.data.allowed_mentions?.parse).toEqual([]);
  return response.data;
}

function customIds(data: ReplyData): string[] {
  return (data.components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.map((c) => ('custom_id' in c ? c.custom_id : ''))
      : [],
  );
}

const ask = (question: string, over: Partial<CommandRequest> = {}, store?: RecordingStore | 'broken') =>
  router.route(request({ options: { question }, ...over }), services(store));

describe('/ask', () => {
  it('quotes the answering sentence with key words bold and cites the whole passage verbatim', async () => {
    const data = message(await ask('PyTorch 有多少贡献者？', {}, new RecordingStore(engine)));
    const embed = data.embeds![0]!;
    // The engine's calibrated confidence in words, above the quote; the number is not shown.
    const { confidence } = engine.ask('PyTorch 有多少贡献者？');
    const level = confidence >= 0.9 ? '回答（置信度高）' : '可能的回答（置信度较低）——请核对原文';
    expect(embed.description).toMatch(new RegExp(`^\\*\\*${level}\\*\\*\\n> .*\\*\\*贡献者\\*\\*`));
    expect(JSON.stringify(data)).not.toContain(confidence.toFixed(2));
    const passage = engine.findPassage('2')!;
    expect(embed.fields![0]).toEqual({ name: '§2', value: passage.text });
    expect(embed.fields!.map((f) => f.name)).toEqual(['§2', '来源']);
    expect(data.flags ?? 0).toBe(0);
    expect(customIds(data)).toEqual([
      'ask:more',
      `ask:show:${passage.key}`,
      `ask:vote:u:${passage.key}`,
      `ask:vote:d:${passage.key}`,
    ]);
  });

  it('speaks the question’s language when clear, else the member’s; the quote stays as written', async () => {
    const cn = message(await ask('PyTorch 有多少贡献者？', { locale: 'en-US' }));
    const tw = message(await ask('PyTorch 有多少貢獻者？', { locale: 'fr' }));
    const en = message(await ask('How many contributors does PyTorch have?', { locale: 'zh-TW' }));
    const unclear = message(await ask('PyTorch?', { locale: 'zh-TW' }));
    expect(cn.embeds![0]!.fields!.map((f) => f.name)).toEqual(['§2', '来源']);
    expect(tw.embeds![0]!.fields!.map((f) => f.name)).toEqual(['§2', '來源']);
    expect(en.embeds![0]!.fields!.map((f) => f.name)).toContain('Source');
    expect(JSON.stringify(unclear)).not.toMatch(/Source|Confidence|More sources|Show passage/);
    expect(tw.embeds![0]!.fields![0]!.value).toBe(cn.embeds![0]!.fields![0]!.value);
  });

  it('abstains with the closest passages when the article does not say, and records that', async () => {
    const store = new RecordingStore(engine);
    const data = message(await ask('PyTorch 的吉祥物是什么？', {}, store));
    expect(data.embeds![0]!.description).toBe('**文章没有提到。**最接近的段落：');
    expect(data.embeds![0]!.fields!.length).toBeGreaterThan(0);
    expect(customIds(data)).not.toContain('ask:more');
    // Recorded normalized (the store normalizes again).
    expect(store.questions).toEqual([
      { guildId: GUILD, question: 'pytorch 的吉祥物是什么?', answered: false },
    ]);
    const nothing = message(await ask('Who won the 2018 World Cup?', {}, store));
    expect(nothing.embeds![0]!.description).toBe('**Not in the article**, nor anything close to it.');
  });

  it('is ephemeral with hide, and then notifies no one even with mention', async () => {
    const data = message(
      await ask('PyTorch 有多少贡献者？', {
        options: { question: 'PyTorch 有多少贡献者？', hide: true, mention: '555000000000000555' },
      }),
    );
    expect(data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(data.allowed_mentions).toEqual({ parse: [] });
    // The asker is told (in the question's language) that the mention went nowhere; no one is named.
    expect(data.content).toMatch(/^这条回答只有你能看到，所以没有发给任何人/);
    expect(data.content).not.toContain('555000000000000555');
  });

  it('addresses the answer to a mentioned member, the only mention allowed to notify', async () => {
    const data = message(
      await ask('x', { options: { question: 'PyTorch 有多少贡献者？', mention: '555000000000000555' } }),
    );
    expect(data.content).toContain('<@555000000000000555>');
    expect(data.allowed_mentions).toEqual({ parse: [], users: ['555000000000000555'] });
  });

  it('ignores a forged mention option that is not a user id', async () => {
    const data = message(
      await ask('x', { options: { question: 'PyTorch 有多少贡献者？', mention: '<@&1>' } }),
    );
    expect(data.content ?? '').not.toContain('<@&1>');
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('shows a pinned fact with live mention syntax as text, notifying no one', async () => {
    const loud: PinnedFact = {
      ...PIN,
      id: 8,
      text: '读书会 @everyone 由 <@&42> 和 <@555000000000000555> 主持，@here 每周四开始。',
    };
    const data = message(await ask('读书会由谁主持？', {}, new RecordingStore(engine, [loud])));
    const field = data.embeds![0]!.fields![0]!;
    expect(field.name).toBe('📌 管理员置顶');
    expect(field.value).toContain(
      '读书会 @\u200beveryone 由 <@\u200b&42> 和 <@\u200b555000000000000555> 主持',
    );
    expect(JSON.stringify(data)).not.toMatch(/@everyone|@here|<@&?\d/);
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('shows the question escaped: markdown and mentions do not render', async () => {
    const data = message(await ask('**@everyone** <@1234567890123456789> 贡献者?'));
    const title = data.embeds![0]!.title!;
    expect(title).not.toContain('@everyone');
    expect(title).not.toContain('<@1');
    expect(title).toContain('\\*\\*');
  });

  it('shows a moderator pin first as "📌 pinned by moderators" with who, when and the source', async () => {
    const data = message(await ask('读书会什么时候讨论？', {}, new RecordingStore(engine, [PIN])));
    const field = data.embeds![0]!.fields![0]!;
    expect(field.name).toBe('📌 管理员置顶');
    expect(field.value).toContain(PIN.text);
    expect(field.value).toContain('mod\\_\\*star\\*');
    expect(field.value).toContain(`<t:${Date.parse(PIN.createdAt) / 1000}:D>`);
    expect(field.value).toContain(`(${PIN.sourceUrl})`);
    expect(customIds(data)).toContain('ask:vote:u:pin-7');
  });

  it('a member in another server never sees this server’s pins (the real store)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citebot-handlers-'));
    const opened = openStore({ path: path.join(dir, 'pins.sqlite'), normalize: normalizeText });
    if (!opened.ok) throw new Error(opened.message);
    const store = opened.value;
    try {
      await store.addPin({ guildId: GUILD, text: PIN.text, keywords: PIN.keywords, createdBy: '111' });
      const real: Services = {
        engine,
        store,
        pinIndexFor: pinIndexesOf(store, engine),
        logger: pino({ level: 'silent' }),
      };
      const askIn = async (guildId: string) =>
        message(
          await router.route(request({ options: { question: '读书会什么时候讨论？' }, guildId }), real),
        );
      // Its own server is answered from the pin, so the question does find it ...
      const own = await askIn(GUILD);
      expect(own.embeds![0]!.fields![0]!.name).toBe('📌 管理员置顶');
      expect(own.embeds![0]!.fields![0]!.value).toContain(PIN.text);
      // ... and another server, asking the same, is not.
      const other = await askIn('999999999999999999');
      expect(JSON.stringify(other)).not.toContain('读书会每周四');
      expect(JSON.stringify(other)).not.toContain('管理员置顶');
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers from the articles and says pins are unavailable when there is no store or it fails', async () => {
    for (const store of [undefined, 'broken'] as const) {
      const data = message(await ask('PyTorch 有多少贡献者？', {}, store));
      expect(data.embeds![0]!.fields![0]!.name).toBe('§2');
      expect(data.embeds![0]!.footer!.text).toBe('置顶事实暂时不可用；仅根据文章回答。');
    }
  });

  it('in a DM: no pins note, no vote buttons', async () => {
    const data = message(await ask('PyTorch 有多少贡献者？', { guildId: null }));
    expect(data.embeds![0]!.footer).toBeUndefined();
    expect(customIds(data).some((id) => id.startsWith('ask:vote'))).toBe(false);
  });

  it('suggests questions while typing: at most 25, names and values within 100 characters', async () => {
    const response = await router.route(
      request({
        kind: 'autocomplete',
        options: { question: '贡献' },
        focused: { name: 'question', value: '贡献' },
      }),
      services(),
    );
    expect(response.type).toBe('autocomplete');
    if (response.type !== 'autocomplete') return;
    expect(response.choices[0]).toEqual({ name: '贡献', value: '贡献' });
    expect(response.choices.length).toBeLessThanOrEqual(25);
    for (const choice of response.choices) expect(String(choice.value).length).toBeLessThanOrEqual(100);
  });
});

describe('/ask autocomplete before anything is typed', () => {
  it('offers the server’s pins first, newest first', async () => {
    const response = await router.route(
      request({ kind: 'autocomplete', focused: { name: 'question', value: '' } }),
      services(new RecordingStore(engine, [PIN])),
    );
    if (response.type !== 'autocomplete') throw new Error('expected choices');
    expect(response.choices).toEqual([{ name: `📌 ${PIN.text}`, value: PIN.text }]);
  });
});

describe('/ask buttons', () => {
  async function answered(store?: RecordingStore) {
    const data = message(await ask('PyTorch 有多少贡献者？', {}, store));
    const target = {
      id: '777',
      content: '',
      author: { id: '1', username: 'citebot' },
      url: '',
      embeds: data.embeds ?? [],
    };
    return { data, target };
  }
  const click = (
    customId: string,
    target: CommandRequest['targetMessage'],
    over: Partial<CommandRequest> = {},
    store?: RecordingStore,
  ) =>
    router.route(
      request({ kind: 'component', commandName: '', customId, targetMessage: target, ...over }),
      services(store),
    );

  it('"More sources" lists the next passages, only to the clicker', async () => {
    const { target } = await answered();
    const data = message(await click('ask:more', target));
    expect(data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    const names = data.embeds![0]!.fields!.map((f) => f.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('§2');
  });

  it('"Show passage" shows the passage with its neighbours', async () => {
    const { target } = await answered();
    const key = engine.findPassage('2')!.key;
    const data = message(await click(`ask:show:${key}`, target));
    const description = data.embeds![0]!.description!;
    expect(description).toContain(engine.findPassage('1')!.text.slice(0, 20));
    expect(description).toContain(engine.findPassage('2')!.text);
    expect(description).toContain(engine.findPassage('3')!.text.slice(0, 20));
  });

  it('👍 records one vote for this answer with the question read back from the embed', async () => {
    const store = new RecordingStore(engine);
    const { target } = await answered(store);
    const key = engine.findPassage('2')!.key;
    const data = message(await click(`ask:vote:u:${key}`, target, {}, store));
    expect(data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(store.votes).toEqual([
      {
        guildId: GUILD,
        answerId: '777',
        userId: '333',
        helpful: true,
        question: 'pytorch 有多少贡献者?', // as /ask recorded it
        cited: key,
      },
    ]);
  });

  it('votes without a database say feedback is unavailable', async () => {
    const { target } = await answered();
    const data = message(await click('ask:vote:d:x', target, { locale: 'zh-CN' }));
    expect(data.content).toContain('反馈功能暂时不可用');
  });
});

describe('mentions and the context menu', () => {
  it('an @mention is answered like /ask, publicly', async () => {
    const data = message(
      await router.route(
        request({ kind: 'mention', options: { question: 'PyTorch 有多少贡献者？' } }),
        services(),
      ),
    );
    expect(data.flags ?? 0).toBe(0);
    expect(data.embeds![0]!.fields![0]!.name).toBe('§2');
  });

  it('an empty @mention gets a hint', async () => {
    const data = message(
      await router.route(request({ kind: 'mention', options: { question: '' } }), services()),
    );
    expect(data.content).toMatch(/Ask me something/);
  });

  it('"Answer from article" answers the selected message and links it', async () => {
    const target = {
      id: '9',
      content: '<@1> PyTorch 有多少贡献者？',
      author: { id: '8', username: 'dan_[x]' },
      url: 'https://discord.com/channels/1/2/9',
    };
    const data = message(
      await router.route(
        request({ kind: 'message-context', commandName: 'Answer from article', targetMessage: target }),
        services(),
      ),
    );
    expect(data.content).toContain('(https://discord.com/channels/1/2/9)');
    expect(data.content).toContain('dan\\_\\[x\\]');
    expect(data.embeds![0]!.title).toBe('❓ PyTorch 有多少贡献者？');
  });

  it('"Answer from article" on a message without text explains why, only to the user', async () => {
    const target = { id: '9', content: '', author: { id: '8', username: 'dan' }, url: 'u' };
    const data = message(
      await router.route(
        request({ kind: 'message-context', commandName: 'Answer from article', targetMessage: target }),
        services(),
      ),
    );
    expect(data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  });
});

describe('/search, /passage, /about, /help', () => {
  it('/search lists passages with their ids', async () => {
    const data = message(
      await router.route(request({ commandName: 'search', options: { query: 'Chintala' } }), services()),
    );
    const lines = data.embeds![0]!.description!.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThanOrEqual(10);
    for (const line of lines) expect(line).toMatch(/^\*\*§\d+/);
  });

  it('/passage shows one passage with previous/next buttons, disabled at the ends', async () => {
    const first = message(
      await router.route(request({ commandName: 'passage', options: { id: '1' } }), services()),
    );
    const buttons = first.components![0]!;
    expect(buttons.type).toBe(ComponentType.ActionRow);
    const [previous, next] = (buttons as { components: { disabled?: boolean; custom_id: string }[] })
      .components;
    expect(previous!.disabled).toBe(true);
    expect(next!.disabled).toBe(false);
    expect(next!.custom_id).toBe(`passage:go:${engine.findPassage('2')!.key}`);
    const moved = await router.route(
      request({ kind: 'component', commandName: '', customId: next!.custom_id }),
      services(),
    );
    expect(moved.type).toBe('update');
    expect(message(moved).embeds![0]!.description).toContain(`**§2`);
  });

  it('/passage with an unknown id explains, only to the user, in their language', async () => {
    const data = message(
      await router.route(
        request({ commandName: 'passage', options: { id: '§999' }, locale: 'zh-TW' }),
        services(),
      ),
    );
    expect(data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(data.content).toContain('沒有段落');
  });

  it('/passage autocomplete offers passage keys that /passage accepts', async () => {
    const response = await router.route(
      request({ kind: 'autocomplete', commandName: 'passage', focused: { name: 'id', value: '12' } }),
      services(),
    );
    if (response.type !== 'autocomplete') throw new Error('expected choices');
    expect(response.choices[0]!.value).toBe(engine.findPassage('12')!.key);
    expect(response.choices[0]!.name).toMatch(/^§12/);
  });

  it('/about lists the articles with author, date and passage count, and the server’s pins', async () => {
    const data = message(
      await router.route(request({ commandName: 'about' }), services(new RecordingStore(engine, [PIN]))),
    );
    const embed = data.embeds![0]!;
    expect(embed.fields![0]!.name).toBe(engine.articles[0]!.title);
    expect(embed.fields![0]!.value).toContain(`${engine.articles[0]!.passages.length} passages`);
    expect(embed.description).toContain('This server has 1 pinned fact,');
    expect(embed.description).toMatch(/^1 article, \d+ passages\./);
    // The front matter's "Sat, 22 Jan 2022 00:20:36 GMT", as a date members read anywhere.
    expect(embed.fields![0]!.value).toContain('\n2022-01-22\n');
    expect(embed.fields![0]!.value).not.toContain('GMT');
  });

  it('/help is ephemeral and localized', async () => {
    const en = message(await router.route(request({ commandName: 'help' }), services()));
    const cn = message(await router.route(request({ commandName: 'help', locale: 'zh-CN' }), services()));
    expect(en.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(en.embeds![0]!.description).toContain('/ask');
    expect(cn.embeds![0]!.description).toContain('逐字引用');
    // Moderators' commands are listed for moderators only.
    expect(en.embeds![0]!.description).not.toContain('/insights');
    const moderator = message(
      await router.route(request({ commandName: 'help', memberPermissions: 8192n }), services()),
    );
    expect(moderator.embeds![0]!.description).toContain('**For moderators**');
    expect(moderator.embeds![0]!.description).toContain('/insights');
  });
});

describe('the router', () => {
  it('turns a handler bug into an apology with an error id, logged once', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const response = await router.route(
      request({ kind: 'component', commandName: '', customId: 'ask:bogus' }),
      { ...services(), logger },
    );
    const data = message(response);
    const id = /error ([0-9a-f]{8})/.exec(data.content!)?.[1];
    expect(id).toBeDefined();
    expect(data.flags! & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(id!);
  });

  it('every definition is localized for zh-CN and zh-TW', () => {
    for (const definition of router.definitions) {
      // Slash commands localize their descriptions; menu commands (no description) their names.
      const localized =
        'description' in definition && definition.description
          ? definition.description_localizations
          : definition.name_localizations;
      expect(localized?.['zh-CN'], definition.name).toBeTruthy();
      expect(localized?.['zh-TW'], definition.name).toBeTruthy();
    }
  });
});
