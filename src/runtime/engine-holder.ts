import path from 'node:path';
import { loadEngine, type Engine } from '../engine.ts';

/**
 * Knowledge hot reload. The bot keeps one `EngineHolder`; each request reads `holder.engine` once
 * and keeps that engine to its end, so swapping in a new index never disturbs a request in flight.
 * A reload builds the new engine fully before the swap and swaps only if it is at least as sound as
 * the one serving: a half-saved file must not take an article away from members.
 */

/** The subset of a pino logger reloads report to. */
export interface ReloadLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export type ReloadResult =
  | {
      ok: true;
      engine: Engine;
      articles: number;
      passages: number;
      /** Files skipped in the new load (new files with problems; the old engine had none of them). */
      problems: readonly { path: string; reason: string }[];
    }
  | {
      ok: false;
      /** Why the serving engine was kept, in English, for the log. */
      reason: string;
      /** The same for a reply to word in the reader's language: what went wrong, and the files. */
      refusal: Refusal;
    };

/** Why a reload kept the serving engine: the new load had no articles, broke a loaded one, or failed. */
export interface Refusal {
  kind: 'no-articles' | 'article-broken' | 'load-failed';
  problems: readonly { path: string; reason: string }[];
}

export interface EngineHolderOptions {
  /** Builds a new engine; default `loadEngine(dir)`. */
  load?: () => Promise<Engine>;
  logger?: ReloadLogger;
}

/**
 * Why `next` must not replace `current`: no articles at all, or an article that loads now is
 * skipped in the new load (a file being saved, or saved broken). A file that was deleted is
 * simply gone and is not a reason: removing an article is an edit like any other.
 */
export function reasonToKeep(current: Engine, next: Engine): Refusal | undefined {
  if (next.articles.length === 0) return { kind: 'no-articles', problems: next.problems.slice(0, 1) };
  const loaded = new Set(current.articles.map((article) => path.resolve(article.path)));
  const broken = next.problems.filter((problem) => loaded.has(path.resolve(problem.path)));
  return broken.length > 0 ? { kind: 'article-broken', problems: broken } : undefined;
}

/** A refusal in English, for the log. */
function describe(refusal: Refusal): string {
  const files = refusal.problems.map((problem) => `${problem.path}: ${problem.reason}`).join('; ');
  if (refusal.kind === 'no-articles') return `the new load has no articles${files ? ` (${files})` : ''}`;
  return files;
}

export class EngineHolder {
  private current: Engine;
  private readonly load: () => Promise<Engine>;
  private readonly logger?: ReloadLogger;
  private running?: Promise<ReloadResult>;
  private queued?: Promise<ReloadResult>;
  private generation = 0;

  constructor(engine: Engine, dir: string, options: EngineHolderOptions = {}) {
    this.current = engine;
    this.load = options.load ?? (() => loadEngine(dir));
    this.logger = options.logger;
  }

  /** The engine serving now. Read it once per request and keep it for the request's lifetime. */
  get engine(): Engine {
    return this.current;
  }

  /** How many times an engine was swapped in (0 for the first), for logs and tests. */
  get reloads(): number {
    return this.generation;
  }

  /**
   * Builds a new engine from the folder and swaps it in if the load succeeded. Calls while one
   * runs share the next run (which starts after it, so it sees every change made meanwhile):
   * a burst of saves costs at most two loads.
   */
  reload(): Promise<ReloadResult> {
    if (!this.running) {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.reload();
    });
    return this.queued;
  }

  private async runOnce(): Promise<ReloadResult> {
    let next: Engine;
    try {
      next = await this.load();
    } catch (error) {
      const reason = `could not load the knowledge: ${(error as Error).message}`;
      this.logger?.warn({ reason }, 'knowledge reload failed; still serving the previous articles');
      return { ok: false, reason, refusal: { kind: 'load-failed', problems: [] } };
    }
    const refusal = reasonToKeep(this.current, next);
    if (refusal) {
      const reason = describe(refusal);
      this.logger?.warn({ reason }, 'knowledge reload refused; still serving the previous articles');
      return { ok: false, reason, refusal };
    }
    this.current = next;
    this.generation++;
    this.logger?.info(
      { articles: next.articles.length, passages: next.passages.length, skipped: next.problems.length },
      'knowledge reloaded',
    );
    for (const problem of next.problems) {
      this.logger?.warn({ path: problem.path }, `knowledge file skipped: ${problem.reason}`);
    }
    return {
      ok: true,
      engine: next,
      articles: next.articles.length,
      passages: next.passages.length,
      problems: next.problems,
    };
  }
}
