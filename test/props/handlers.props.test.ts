import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeUserText } from '../../src/interactions/reply.ts';
import type {
  CommandModule,
  CommandRequest,
  CommandResponse,
  OptionValue,
  RequestAttachment,
  Services,
} from '../../src/interactions/contract.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine } from '../../src/engine.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { fragment, hostileText, locale, PROPS, PROPS_RUNS, snowflake, typedText } from './arbitraries.ts';
import { hasLoneSurrogate, renderedTexts, responseProblems } from './discord-limits.ts';
import { checkRequest, type CommandDefinition } from '../../src/interactions/request-checks.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';
import { AutoAnswerChannels } from '../../src/runtime/auto-answer-channels.ts';
import { LEVEL_TEXTS } from '../../src/interactions/i18n.ts';

/**
 * Every handler in commands/, fed requests built from its own definition with hostile option
 * values (and forged ones Discord would never send), answers without a bug and within Discord's
 * limits, pings no one it should not, and shows user text escaped.
 * Requests go through the router, as the gateway adapter sends them; a handler that throws is
 * turned into an apology by the router and logged as "handler failed", which fails the property.
 */

const root = path.join(import.meta.dirname, '..', '..');
const TIMEOUT = 60_000 + PROPS_RUNS * 100;

const modules: CommandModule[] = await loadCommandModules();
const router = new CommandRouter(modules);

interface LogLine {
  level: number;
  msg?: string;
  err?: { type?: string; message?: string; stack?: string };
  [key: string]: unknown;
}
const logs: LogLine[] = [];
const logger = pino(
  { level: 'info' },
  { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
);

let services: Services;
/** The auto-answer channel of both fixed servers. */
const HELP_CHANNEL = '100000000000000007';
const SEEDED_PINS: [string, string][] = [
  ['PyTorch 有 @everyone 2400 多位贡献者 contributors', 'pytorch-5th-birthday§1'],
  ['Ask <@&100000000000000003> about PyTorch 贡献者 on weekends', '<@100000000000000004>'],
  ['@here the PyTorch intern was <@100000000000000005>', '@everyone'],
];
let store: SqliteStore | undefined;
let dbDir: string;
/** What the cases reached (module, kind, response type), printed with PROPS_STATS=1 to see the arbitraries hit every path. */
const reached = new Map<string, number>();

beforeAll(async () => {
  const engine = await loadEngine(path.join(root, 'knowledge'));
  dbDir = mkdtempSync(path.join(tmpdir(), 'citebot-props-'));
  const opened = openStore({
    path: path.join(dbDir, 'props.sqlite'),
    normalize: normalizeText,
    logger,
  });
  if (!opened.ok) throw new Error(opened.message);
  store = opened.value;
  // Moderators' text is member text too: seed both fixed servers with pins that carry mentions
  // next to words members ask about, so every run meets them in /ask, /search and /pin list.
  for (const guildId of ['100000000000000001', '100000000000000002']) {
    for (const [text, passageKey] of SEEDED_PINS) {
      await store.addPin({
        guildId,
        text,
        passageKey,
        createdBy: '100000000000000009',
        createdByName: '@everyone',
      });
    }
  }
  for (const guildId of ['100000000000000001', '100000000000000002'])
    await store.setAutoAnswerChannel(guildId, HELP_CHANNEL, '100000000000000009');
  services = {
    engine,
    store,
    pinIndexFor: pinIndexesOf(store, engine),
    logger,
    autoAnswerEnabled: true,
    autoAnswerChannels: new AutoAnswerChannels(store),
  };
});

afterAll(() => {
  store?.close();
  rmSync(dbDir, { recursive: true, force: true });
  if (process.env.PROPS_STATS)
    console.info(
      [...reached]
        .sort()
        .map(([key, n]) => `${n}\t${key}`)
        .join('\n'),
    );
});

// A few servers, so pins and questions accumulate and later cases meet earlier ones' data.
const guildId = fc.oneof(
  fc.constant(null),
  fc.constantFrom('100000000000000001', '100000000000000002'),
  snowflake,
);
const permissions = fc.oneof(
  fc.constant(null),
  fc.constant(0n),
  fc.constant(1n << 13n), // Manage Messages
  fc.constant(1n << 3n), // Administrator
  fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }),
);

const base = fc.record({
  id: snowflake,
  user: fc.record({ id: snowflake, username: typedText }),
  guildId,
  channelId: snowflake,
  memberPermissions: permissions,
  locale,
});

interface OptionDefinition {
  type: number;
  name: string;
  required?: boolean;
  autocomplete?: boolean;
  max_length?: number;
  options?: OptionDefinition[];
}

const OPTION = {
  subcommand: 1,
  group: 2,
  string: 3,
  integer: 4,
  boolean: 5,
  user: 6,
  channel: 7,
  number: 10,
  attachment: 11,
};

/** Values Discord would send for an option, and ones it never would (forged payloads). */
function optionValue(option: OptionDefinition): fc.Arbitrary<OptionValue> {
  const forged = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(''));
  switch (option.type) {
    case OPTION.string:
      return fc.oneof(
        { arbitrary: typedText.map((text) => text.slice(0, option.max_length ?? 6000)), weight: 4 },
        { arbitrary: hostileText, weight: 2 },
        { arbitrary: forged, weight: 1 },
      );
    case OPTION.integer:
      return fc.oneof(
        { arbitrary: fc.integer({ min: -5, max: 1000 }), weight: 4 },
        { arbitrary: fc.constantFrom(0, -1, 2 ** 53, Number.MAX_SAFE_INTEGER, -(2 ** 31)), weight: 1 },
        { arbitrary: forged, weight: 1 },
      );
    case OPTION.number:
      return fc.oneof(fc.double(), forged);
    case OPTION.boolean:
      return fc.oneof({ arbitrary: fc.boolean(), weight: 5 }, { arbitrary: forged, weight: 1 });
    case OPTION.user:
      return fc.oneof({ arbitrary: snowflake, weight: 5 }, { arbitrary: forged, weight: 1 });
    case OPTION.channel:
      return fc.oneof(
        { arbitrary: fc.constant(HELP_CHANNEL), weight: 2 },
        { arbitrary: snowflake, weight: 3 },
        { arbitrary: forged, weight: 1 },
      );
    default:
      return forged;
  }
}

const pinFileEntry = fc.record(
  {
    text: fc.oneof(
      hostileText.map((text) => text.slice(0, 1200)),
      fc.integer() as fc.Arbitrary<unknown>,
    ),
    keywords: typedText,
    passageKey: typedText,
    sourceUrl: fc.oneof(fc.webUrl(), typedText, fc.constant('https://a.example/)<@&123456789012345678>')),
    createdBy: fc.oneof(snowflake, typedText),
    createdByName: typedText,
    createdAt: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), typedText),
  },
  { requiredKeys: [] },
);

/** What an attachment holds; given as `content` so nothing is fetched from the network. */
const attachment: fc.Arbitrary<RequestAttachment & { content: string }> = fc.record({
  id: snowflake,
  url: fc.constant('http://127.0.0.1:9/attachment.json'),
  filename: typedText,
  size: fc.oneof(fc.nat({ max: 100_000 }), fc.constant(50_000_000)),
  content: fc.oneof(
    fc
      .array(pinFileEntry, { maxLength: 8 })
      .map((pins) => JSON.stringify({ format: 'citebot-pins', version: 1, pins })),
    fc.array(pinFileEntry, { maxLength: 8 }).map((pins) => JSON.stringify(pins)),
    hostileText,
    fc.json(),
  ),
});

/** Options for one level of a definition: each present or not (required ones sometimes missing), plus junk. */
function optionsFor(defs: readonly OptionDefinition[]) {
  const entries = defs
    .filter((def) => def.type !== OPTION.attachment)
    .map((def) =>
      fc
        .oneof(
          {
            arbitrary: optionValue(def).map((value) => [def.name, value] as const),
            weight: def.required ? 12 : 3,
          },
          { arbitrary: fc.constant(undefined), weight: 1 },
        )
        .map((entry) => entry),
    );
  const files = defs
    .filter((def) => def.type === OPTION.attachment)
    .map((def) =>
      fc.option(
        attachment.map((file) => [def.name, file] as const),
        { nil: undefined },
      ),
    );
  return fc
    .record({
      options: fc.tuple(
        ...entries,
        fc.option(fc.tuple(typedText, optionValue({ type: 3, name: '' })), { nil: undefined }),
      ),
      files: fc.tuple(...files),
    })
    .map(({ options, files }) => {
      const values: Record<string, OptionValue> = {};
      for (const entry of options) if (entry) values[entry[0]] = entry[1];
      const attachments: Record<string, RequestAttachment> = {};
      for (const entry of files) if (entry) attachments[entry[0]] = entry[1];
      return { options: values, attachments };
    });
}

/** Slash command requests: any subcommand, options from the definition. */
function commandRequests(module: CommandModule): fc.Arbitrary<Partial<CommandRequest>> | undefined {
  const definition = module.definition as { type?: number; name: string; options?: OptionDefinition[] };
  if (definition.type !== undefined && definition.type !== 1) return undefined;
  const top = definition.options ?? [];
  const subcommands = top.filter((option) => option.type === OPTION.subcommand);
  const groups = top.filter((option) => option.type === OPTION.group);
  const leaves: { group?: string; sub?: string; options: OptionDefinition[] }[] = [];
  if (subcommands.length === 0 && groups.length === 0) leaves.push({ options: top });
  for (const sub of subcommands) leaves.push({ sub: sub.name, options: sub.options ?? [] });
  for (const group of groups)
    for (const sub of group.options ?? [])
      leaves.push({ group: group.name, sub: sub.name, options: sub.options ?? [] });
  return fc.oneof(
    ...leaves.map((leaf) =>
      optionsFor(leaf.options).map(({ options, attachments }) => ({
        kind: 'command' as const,
        commandName: definition.name,
        ...(leaf.group ? { subcommandGroup: leaf.group } : {}),
        ...(leaf.sub ? { subcommand: leaf.sub } : {}),
        options,
        attachments,
      })),
    ),
  );
}

function autocompleteRequests(module: CommandModule): fc.Arbitrary<Partial<CommandRequest>> | undefined {
  if (!module.autocomplete) return undefined;
  const definition = module.definition as { name: string; options?: OptionDefinition[] };
  const focusable: { sub?: string; name: string }[] = [];
  for (const option of definition.options ?? []) {
    if (option.autocomplete) focusable.push({ name: option.name });
    for (const inner of option.options ?? [])
      if (inner.autocomplete) focusable.push({ sub: option.name, name: inner.name });
  }
  if (focusable.length === 0) return undefined;
  return fc
    .tuple(
      fc.constantFrom(...focusable),
      fc.oneof({ arbitrary: typedText, weight: 4 }, { arbitrary: hostileText, weight: 1 }),
    )
    .map(([focus, value]) => ({
      kind: 'autocomplete' as const,
      commandName: definition.name,
      ...(focus.sub ? { subcommand: focus.sub } : {}),
      options: { [focus.name]: value },
      attachments: {},
      focused: { name: focus.name, value },
    }));
}

/** The message a button sits on: an answer embed whose title holds an escaped hostile question, or anything. */
const targetMessage = fc.record({
  id: snowflake,
  content: hostileText,
  author: fc.record({ id: snowflake, username: typedText }),
  url: fc.constant('https://discord.com/channels/1/2/3'),
  embeds: fc.oneof(
    hostileText.map((question) => [{ title: `❓ ${escapeUserText(question)}`.slice(0, 256) }]),
    hostileText.map((title) => [{ title: title.slice(0, 256) }]),
    fc.constant([]),
  ),
});

/** The custom_id shapes the bot itself makes, with hostile arguments (forged ids are a separate property). */
const idArgument = fc.oneof(
  typedText,
  snowflake,
  fc.integer({ min: -2, max: 600 }).map(String),
  fc.constantFrom('pytorch-5th-birthday§1', 'pytorch-5th-birthday§9999', 'pin-1', '-'),
);
const knownCustomIds: Record<string, fc.Arbitrary<string>> = {
  ask: fc.oneof(
    fc.constant('ask:more'),
    idArgument.map((key) => `ask:show:${key}`),
    fc.tuple(fc.constantFrom('u', 'd'), idArgument).map(([way, cited]) => `ask:vote:${way}:${cited}`),
  ),
  passage: fc.oneof(
    idArgument.map((key) => `passage:go:${key}`),
    fc.constantFrom('passage:none:prev', 'passage:none:next'),
  ),
  pin: fc.oneof(
    idArgument.map((n) => `pin:list:${n}`),
    idArgument.map((n) => `pin:answer:${n}`),
  ),
};
const knownModalIds: Record<string, fc.Arbitrary<string>> = {
  pin: fc.oneof(
    fc.constant('pin:add'),
    fc.tuple(snowflake, snowflake).map(([channel, message]) => `pin:msg:${channel}:${message}`),
    idArgument.map((n) => `pin:edit:${n}`),
  ),
};

function componentRequests(
  module: CommandModule,
  ids: Record<string, fc.Arbitrary<string>>,
  kind: 'component' | 'modal',
) {
  const handler = kind === 'component' ? module.handleComponent : module.handleModal;
  const prefixes = (module.customIdPrefixes ?? []).filter((prefix) => ids[prefix]);
  if (!handler || prefixes.length === 0) return undefined;
  return fc
    .tuple(
      fc.oneof(...prefixes.map((prefix) => ids[prefix]!)),
      targetMessage,
      fc.record({ text: hostileText, keywords: typedText, passage: typedText }, { requiredKeys: [] }),
    )
    .map(([customId, message, fields]) => ({
      kind,
      commandName: '',
      customId: customId.slice(0, 100),
      options: {},
      attachments: {},
      ...(kind === 'component' ? { targetMessage: message } : { fields }),
    }));
}

function contextRequests(module: CommandModule): fc.Arbitrary<Partial<CommandRequest>> | undefined {
  const definition = module.definition as { type?: number; name: string };
  if (definition.type !== 3) return undefined;
  return fc.option(targetMessage, { nil: undefined }).map((message) => ({
    kind: 'message-context' as const,
    commandName: definition.name,
    options: {},
    attachments: {},
    ...(message ? { targetMessage: message } : {}),
  }));
}

function mentionRequests(module: CommandModule): fc.Arbitrary<Partial<CommandRequest>> | undefined {
  if (module.definition.name !== 'ask') return undefined;
  return hostileText.map((question) => ({
    kind: 'mention' as const,
    commandName: 'ask',
    options: { question },
    attachments: {},
  }));
}

/** Posts in a help channel (auto-answer): the fixed servers' chosen channel, or any other. */
function postRequests(module: CommandModule): fc.Arbitrary<Partial<CommandRequest>> | undefined {
  if (module.definition.name !== 'ask') return undefined;
  return fc
    .tuple(
      fc.oneof(
        hostileText,
        fc.constantFrom('How many lines of import torch are on GitHub?', '显卡驱动装不上'),
      ),
      fc.oneof(fc.constant(HELP_CHANNEL), snowflake),
    )
    .map(([question, postedIn]) => ({
      kind: 'post' as const,
      commandName: 'ask',
      options: { question },
      attachments: {},
      postedIn,
    }));
}

function requestsFor(module: CommandModule): fc.Arbitrary<CommandRequest> {
  const shapes = [
    commandRequests(module),
    contextRequests(module),
    autocompleteRequests(module),
    componentRequests(module, knownCustomIds, 'component'),
    componentRequests(module, knownModalIds, 'modal'),
    mentionRequests(module),
    postRequests(module),
  ].filter((shape): shape is fc.Arbitrary<Partial<CommandRequest>> => shape !== undefined);
  return fc
    .tuple(base, fc.oneof(...shapes))
    .map(([common, shape]) => ({ ...common, ...shape }) as CommandRequest);
}

function describeRequest(request: CommandRequest): string {
  return JSON.stringify(request, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

async function routeChecked(request: CommandRequest): Promise<CommandResponse> {
  const before = logs.length;
  const response = await router.route(request, services);
  const failures = logs.slice(before).filter((line) => line.msg === 'handler failed');
  if (failures.length > 0) {
    throw new Error(
      `handler failed: ${failures[0]!.err?.stack ?? failures[0]!.err?.message}\nrequest: ${describeRequest(request)}`,
    );
  }
  const problems = responseProblems(response);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}\nrequest: ${describeRequest(request)}`);
  // Half a surrogate pair is valid JS but not Unicode: Discord shows garbage or refuses the payload.
  const broken = renderedTexts(response).filter(hasLoneSurrogate);
  if (broken.length > 0)
    throw new Error(
      `reply text with a lone surrogate: ${JSON.stringify(broken[0]!.slice(0, 200))}\nrequest: ${describeRequest(request)}`,
    );
  if (request.kind === 'post' && response.type === 'message' && !response.quiet) {
    // A post is met with silence or a sure answer, in public: never a doubt, a notice or an error.
    const description = response.data.embeds?.[0]?.description ?? '';
    const sure = Object.values(LEVEL_TEXTS.answer).some((text) => description.startsWith(`**${text}**`));
    if (!sure || (response.data.flags ?? 0) & 64)
      throw new Error(`a post got more than a sure answer\nrequest: ${describeRequest(request)}`);
  }
  if (process.env.PROPS_STATS) {
    const data =
      'data' in response
        ? (response.data as { flags?: number; embeds?: { title?: string }[]; content?: string })
        : undefined;
    const ephemeral =
      data?.flags && data.flags & 64
        ? 'ephemeral ' + (data.content ?? data.embeds?.[0]?.title ?? '').slice(0, 40)
        : '';
    const key = `${request.commandName || request.customId?.split(':').slice(0, 2).join(':')} ${request.kind} ${request.subcommand ?? ''} -> ${response.type} ${ephemeral}`;
    reached.set(key, (reached.get(key) ?? 0) + 1);
  }
  return response;
}

describe.each(modules.map((module) => [module.definition.name, module] as const))(
  '%s under hostile input',
  (name, module) => {
    it(
      `${name}: answers every request without a bug, within Discord limits, pinging no one`,
      async () => {
        await fc.assert(
          fc.asyncProperty(requestsFor(module), async (request) => {
            await routeChecked(request);
          }),
          PROPS,
        );
      },
      TIMEOUT,
    );
  },
);

describe('forged requests', () => {
  it(
    'checkRequest never throws and refuses every option value beyond its definition',
    () => {
      const arbitrary = fc.oneof(
        ...modules.map((module) => requestsFor(module).map((request) => [module, request] as const)),
      );
      fc.assert(
        fc.property(arbitrary, ([module, request]) => {
          const definition = module.definition as CommandDefinition;
          const problem = checkRequest(definition, request);
          if (request.kind !== 'command') return;
          const top = definition.options ?? [];
          const group = top.find((option) => option.type === 2 && option.name === request.subcommandGroup);
          const leaf = (group?.options ?? top).find((option) => option.name === request.subcommand);
          const options = leaf ? (leaf.options ?? []) : top;
          for (const [name, value] of Object.entries(request.options)) {
            const option = options.find((candidate) => candidate.name === name);
            const tooLong = typeof value === 'string' && [...value].length > (option?.max_length ?? 6000);
            if (!option || tooLong) expect(problem).toBeDefined();
          }
        }),
        PROPS,
      );
    },
    TIMEOUT,
  );

  const anyCustomId = fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...modules.flatMap((module) => module.customIdPrefixes ?? [])),
        fc.array(fragment, { maxLength: 4 }),
      )
      .map(([prefix, parts]) => [prefix, ...parts].join(':')),
    hostileText,
  );

  it(
    'a custom_id or command the bot never made gets a reply within limits, never a crash',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          base,
          fc.constantFrom('component', 'modal', 'command', 'autocomplete', 'message-context'),
          anyCustomId,
          fc.oneof(fc.constantFrom(...modules.map((module) => module.definition.name)), typedText),
          async (common, kind, customId, commandName) => {
            const request = {
              ...common,
              kind,
              customId,
              commandName,
              options: {},
              attachments: {},
              focused: { name: 'x', value: customId.slice(0, 100) },
            } as CommandRequest;
            const response = await router.route(request, services);
            expect(responseProblems(response)).toEqual([]);
          },
        ),
        PROPS,
      );
    },
    TIMEOUT,
  );
});
