import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { CommandModule, Services } from '../../src/interactions/contract.ts';
import { startBot, type RunningBot } from '../../src/transports/discord/bot.ts';
import type { AnswerQueueOptions } from '../../src/interactions/answer-queue.ts';
import { loadCommandModules } from '../../src/compose.ts';
import { CommandRouter } from '../../src/interactions/router.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { BOT_ID, FakeDiscord, apiMessage, channelIdFor, type RecordedRequest } from './fake-discord.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { COMMON_TEXTS } from '../../src/interactions/i18n.ts';
import { pinIndexesOf } from '../helpers/pin-indexes.ts';

/**
 * Drives the real discord.js client through the fake Discord with many interactions from many
 * guilds and members, and measures, in the fake, the time from each INTERACTION_CREATE to its
 * callback POST. Nothing is kept per interaction once it is answered, so long soaks measure the
 * bot's heap, not the harness's.
 */

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.fake-token-for-tests-only-000000000';
export const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4 } as const;

export function guildIds(count: number): string[] {
  // Consecutive (id >> 22) values, so the guilds spread over shards as Discord would spread them.
  return Array.from({ length: count }, (_, i) =>
    (((1200000000000000001n >> 22n) + BigInt(i)) << 22n).toString(),
  );
}

const devQuestions: string[] = readFileSync(
  join(import.meta.dirname, '../../eval/article-qa.dev.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => (JSON.parse(line) as { q: string }).q);
const EXTRA_QUESTIONS = [
  'Who created PyTorch?',
  'How many contributors does PyTorch have?',
  'What is the population of Iceland in 1850?',
  'pytorhc contributers',
  'PyTorch 的第一行代码是谁写的？',
  'PyTorch 有多少貢獻者？',
  'When was PyTorch released?',
  'what does the article say about TensorFlow',
];
const AUTOCOMPLETE_PREFIXES = ['', 'Py', 'PyTorch', '贡献', 'Chintala', 'Meta', '5', 'fb'];

export interface Figures {
  sent: number;
  answered: number;
  /** Callbacks (initial responses) beyond the first for an interaction, or for unknown ones. */
  extraResponses: number;
  /** Interactions whose first response was a deferral (followed by an edit). */
  deferred: number;
  /** Callback POSTs the fake failed on purpose (5xx, 429) that discord.js then retried. */
  failedCallbacks: number;
  /** Interactions refused at once as too many to answer in time (the "busy" reply). */
  refused: number;
  p50: number;
  p99: number;
  max: number;
  over3s: number;
  /** This process's CPU time (bot, client and fake together) per interaction, in ms. */
  cpuPerInteraction: number;
}

interface Pending {
  sentAt: number;
}

export class LoadHarness {
  fake = new FakeDiscord();
  engine!: Engine;
  store!: SqliteStore;
  bot!: RunningBot;
  router!: CommandRouter;
  /** Lines the bot logged at the harness's level or above (at most 200 kept, all counted). */
  logged: { level: number; msg: string }[] = [];
  loggedCount = 0;
  logger: Logger;
  private dir = mkdtempSync(join(tmpdir(), 'citebot-load-'));
  private pending = new Map<string, Pending>();
  private latencies: Float64Array = new Float64Array(0);
  private answered = 0;
  private extra = 0;
  private deferred = 0;
  private failed = 0;
  private refused = 0;
  private sent = 0;
  private counter = 0;
  private askButtons: { customId: string; message: unknown }[] = [];
  readonly guilds: string[];
  /** Who sends: a pool of this many members, or a new member for every interaction. */
  members: number | 'distinct' = 500;
  /** What the handlers get; a test may add the production limits (`services.limits`). */
  services!: Services;

  constructor(guildCount = 50, logLevel: 'warn' | 'info' = 'warn') {
    this.guilds = guildIds(guildCount);
    this.fake.guildIds = this.guilds;
    this.fake.retainRequests = false;
    this.fake.onRequest = (request) => this.onRequest(request);
    this.logger = pino(
      { level: logLevel },
      {
        write: (line: string) => {
          this.loggedCount += 1;
          if (this.logged.length < 200) this.logged.push(JSON.parse(line));
        },
      },
    );
  }

  async start(
    options: { extraModules?: CommandModule[]; answerQueue?: AnswerQueueOptions } = {},
  ): Promise<void> {
    await this.fake.start();
    this.engine = await loadEngine('knowledge');
    const opened = openStore({
      path: join(this.dir, 'citebot.sqlite'),
      normalize: normalizeText,
    });
    if (!opened.ok) throw new Error(opened.message);
    this.store = opened.value;
    this.router = new CommandRouter([...(await loadCommandModules()), ...(options.extraModules ?? [])]);
    const services: Services = (this.services = {
      engine: this.engine,
      store: this.store,
      logger: this.logger,
      pinIndexFor: pinIndexesOf(this.store, this.engine),
    });
    this.bot = await startBot({
      config: { token: TOKEN, apiUrl: this.fake.apiUrl, knowledgeDir: 'knowledge', logLevel: 'warn' },
      services: Promise.resolve(services),
      logger: this.logger,
      router: this.router,
      answerQueue: options.answerQueue,
    });
    while (!this.bot.client.isReady()) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.collectButtons();
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    this.store?.close();
    await this.fake.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** One /ask answer's buttons, clicked during the run (show passage, more, votes). */
  private async collectButtons(): Promise<void> {
    const guild = this.guilds[0]!;
    const { id } = this.fake.interactionIn(
      guild,
      InteractionType.ApplicationCommand,
      askData('PyTorch 有多少贡献者？'),
    );
    const callback = await this.fake.waitForRequest(
      (request) => request.path.startsWith(`/interactions/${id}/`) && request.status === 204,
    );
    const answer = callback.body.data;
    for (const button of answer.components?.[0]?.components ?? []) {
      if (typeof button.custom_id !== 'string') continue;
      this.askButtons.push({
        customId: button.custom_id,
        message: {
          ...apiMessage({
            content: '',
            author: { id: BOT_ID, username: 'citebot' },
            authorIsBot: true,
            embeds: answer.embeds,
            components: answer.components,
          }),
          channel_id: channelIdFor(guild),
          guild_id: guild,
        },
      });
    }
    if (this.askButtons.length === 0) throw new Error('the /ask answer carried no buttons');
  }

  private onRequest(request: RecordedRequest): void {
    const match = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(request.path);
    if (!match || request.method !== 'POST') return;
    if (request.status !== 204) {
      this.failed += 1;
      return;
    }
    const pending = this.pending.get(match[1]!);
    if (!pending) {
      this.extra += 1;
      return;
    }
    this.pending.delete(match[1]!);
    if (this.answered < this.latencies.length)
      this.latencies[this.answered] = performance.now() - pending.sentAt;
    this.answered += 1;
    if (request.body?.type === 5 || request.body?.type === 6) this.deferred += 1;
    if (request.body?.type === 4 && request.body.data?.content === COMMON_TEXTS.botBusy.en) this.refused += 1;
  }

  /** Sends one interaction: mostly /ask with varied questions, some autocomplete and button clicks. */
  sendOne(): string {
    const n = this.counter++;
    const guild = this.guilds[n % this.guilds.length]!;
    const m = this.members === 'distinct' ? n : n % this.members;
    const member = { id: (1400000000000000100n + BigInt(m)).toString(), username: `member${m}` };
    const roll = n % 10;
    let sent: { id: string };
    if (roll === 8) {
      const prefix = AUTOCOMPLETE_PREFIXES[n % AUTOCOMPLETE_PREFIXES.length]!;
      sent = this.fake.interactionIn(
        guild,
        InteractionType.Autocomplete,
        n % 20 === 8
          ? {
              id: '2',
              name: 'passage',
              type: 1,
              options: [{ name: 'id', type: 3, value: prefix, focused: true }],
            }
          : {
              id: '1',
              name: 'ask',
              type: 1,
              options: [{ name: 'question', type: 3, value: prefix, focused: true }],
            },
        {},
        { member },
      );
    } else if (roll === 9) {
      const button = this.askButtons[n % this.askButtons.length]!;
      sent = this.fake.interactionIn(
        guild,
        InteractionType.MessageComponent,
        { custom_id: button.customId, component_type: 2 },
        { message: button.message },
        { member },
      );
    } else {
      const questions = [...devQuestions, ...EXTRA_QUESTIONS];
      let question = questions[n % questions.length]!;
      // Vary the text so nothing can be served from a cache of identical questions.
      if (n % 3 === 1) question = `${question} (${n})`;
      else if (n % 3 === 2) question = question.toLowerCase().replace(/[?？]$/, '');
      sent = this.fake.interactionIn(
        guild,
        InteractionType.ApplicationCommand,
        askData(question),
        {},
        { member },
      );
    }
    this.pending.set(sent.id, { sentAt: performance.now() });
    this.sent += 1;
    return sent.id;
  }

  /**
   * Sends `count` interactions, `perTick` every `tickMs` (an open loop: the rate does not slow
   * down when the bot does), then waits (at most `drainMs`) until every one has been answered.
   * `during` runs once after `atSent` interactions have gone out (a fault to inject).
   */
  async run(options: {
    count: number;
    perTick: number;
    tickMs: number;
    drainMs?: number;
    during?: { atSent: number; action: () => void };
  }): Promise<Figures> {
    this.latencies = new Float64Array(options.count);
    this.answered = 0;
    this.extra = 0;
    this.deferred = 0;
    this.failed = 0;
    this.refused = 0;
    this.sent = 0;
    this.pending.clear();
    let fired = false;
    const cpu = process.cpuUsage();
    while (this.sent < options.count) {
      for (let i = 0; i < options.perTick && this.sent < options.count; i++) {
        this.sendOne();
        if (options.during && !fired && this.sent >= options.during.atSent) {
          fired = true;
          options.during.action();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, options.tickMs));
    }
    const deadline = performance.now() + (options.drainMs ?? 15_000);
    while (this.pending.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Late duplicates would show up now.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const used = process.cpuUsage(cpu);
    return {
      ...this.figures(),
      cpuPerInteraction: (used.user + used.system) / 1000 / Math.max(1, this.sent),
    };
  }

  /** Ids sent but not (yet) answered. */
  unanswered(): string[] {
    return [...this.pending.keys()];
  }

  figures(): Omit<Figures, 'cpuPerInteraction'> {
    const sorted = Float64Array.from(
      this.latencies.subarray(0, Math.min(this.answered, this.latencies.length)),
    ).sort();
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
    return {
      sent: this.sent,
      answered: this.answered,
      extraResponses: this.extra,
      deferred: this.deferred,
      failedCallbacks: this.failed,
      refused: this.refused,
      p50: at(0.5),
      p99: at(0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
      over3s: sorted.filter((ms) => ms > 3000).length,
    };
  }
}

/** What the bot logs when it refuses work it cannot do in time (transports/discord/respond.ts). */
export const BUSY_LOG = 'too busy to answer in time: refusing new work';

/**
 * What the bot logs only when it falls behind: refusing work, and discord.js pacing the edits of
 * deferred answers (50 a second). Expected on a starved machine (`npm test` shares two cores).
 */
export const OVERLOAD_LOGS: ReadonlySet<string> = new Set([BUSY_LOG, 'rate limited']);

export function askData(question: string) {
  return { id: '1', name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: question }] };
}

export function describeFigures(label: string, figures: Figures): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return (
    `${label}: ${figures.answered}/${figures.sent} answered, p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}, ` +
    `max ${ms(figures.max)}, over 3 s: ${figures.over3s}, deferred: ${figures.deferred}, ` +
    `extra responses: ${figures.extraResponses}, failed callback POSTs (retried): ${figures.failedCallbacks}, ` +
    `refused as busy: ${figures.refused}, ` +
    `CPU ${figures.cpuPerInteraction.toFixed(2)} ms per interaction`
  );
}

/** heapUsed after full garbage collections (vitest runs with --expose-gc). */
export async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (vitest.config.ts sets it)');
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
  }
  return process.memoryUsage().heapUsed;
}
