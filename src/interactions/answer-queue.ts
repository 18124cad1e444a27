/**
 * The answers a transport is working on, in arrival order, and whether one more can still be
 * answered in time. A bot that falls behind (a burst, a starved CPU) would otherwise hold every
 * waiting interaction in memory and answer most of them long after Discord's 3 s; past what it can
 * answer in time it refuses at once instead ("busy, try again"), which costs nothing.
 *
 * Each job starts in a task of its own (setImmediate), so between answers the event loop reads
 * new interactions, sends replies and fires the deferral timers. The time an answer takes is
 * measured as the queue runs (each job from its start to its end). Jobs ahead are counted as run
 * one after another: answering is CPU work on one thread; jobs that wait on a database overlap, so
 * with PostgreSQL the wait is overestimated, never under.
 */
export interface AnswerQueueOptions {
  /** A job that would wait longer than this before it is done is refused. */
  maxWaitMs: number;
  /** At most this many jobs are held (waiting and running), however fast answers are. */
  maxQueued: number;
  /** Jobs worked on at once (jobs that wait on I/O overlap; CPU-bound ones run one by one anyway). */
  concurrency: number;
  /** The time per answer assumed until one has been measured. */
  initialEstimateMs: number;
}

/**
 * Discord allows 3 s for the first response. An admitted answer is expected within 1.5 s, before
 * the transport defers at 2 s: a deferred answer costs two requests instead of one, and discord.js
 * sends edits at most 50 a second, so deferring under load only slows the bot further. The rest
 * of the window is room for a wrong estimate and the way there and back.
 */
export const DEFAULT_ANSWER_QUEUE: AnswerQueueOptions = {
  maxWaitMs: 1_500,
  // ~2 KB of heap each while waiting (the interaction and its request): 500 is ~1 MB.
  maxQueued: 500,
  concurrency: 4,
  initialEstimateMs: 20,
};

/** How much each new measurement moves the estimate (an exponentially weighted mean). */
const SMOOTHING = 0.1;

export class AnswerQueue {
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  /** Milliseconds per answer, measured. */
  estimateMs: number;
  /** Jobs refused since the queue was made. */
  refused = 0;
  /** The most jobs ever held at once (waiting and running). */
  peak = 0;

  constructor(private readonly options: AnswerQueueOptions = DEFAULT_ANSWER_QUEUE) {
    this.estimateMs = options.initialEstimateMs;
  }

  /** Jobs held: waiting for their turn and being worked on. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /**
   * Whether one more job would be done within `maxWaitMs` (the jobs ahead of it and itself, at the
   * measured time per answer) and fits in `maxQueued`. Counts a refusal when not.
   */
  admits(): boolean {
    const ok =
      this.size < this.options.maxQueued && (this.size + 1) * this.estimateMs <= this.options.maxWaitMs;
    if (!ok) this.refused += 1;
    return ok;
  }

  /** Runs `job` in its turn (call `admits` first: run itself never refuses). */
  async run<T>(job: () => Promise<T>): Promise<T> {
    const turn = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.peak = Math.max(this.peak, this.size);
    this.startNext();
    await turn;
    const started = performance.now();
    try {
      return await job();
    } finally {
      this.finished(performance.now() - started);
    }
  }

  private startNext(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      this.running += 1;
      // A task of its own: I/O and timers run between one answer and the next.
      setImmediate(this.waiting.shift()!);
    }
  }

  private finished(ms: number): void {
    this.running -= 1;
    this.estimateMs += SMOOTHING * (ms - this.estimateMs);
    this.startNext();
  }
}
