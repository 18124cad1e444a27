import { fstatSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import pino, { type DestinationStream } from 'pino';

/**
 * What logs may say about failures. Discord's errors (discord.js's DiscordAPIError, HTTPError,
 * RateLimitError) carry the request URL, which holds an interaction or webhook token, and the
 * request body, which holds the member's question and the answer: they are logged as status,
 * code, method and route only. Secrets (the bot token) are cut out of every line, so an API base
 * that echoes headers into its error messages cannot put the token in a log.
 */

interface HttpLikeError {
  name?: string;
  status?: unknown;
  code?: unknown;
  method?: unknown;
  url?: unknown;
  route?: unknown;
  requestBody?: unknown;
}

/** The URL's path without the API prefix, with the token segment of interaction and webhook routes replaced. */
export function routeOf(url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://x').pathname;
  } catch {
    return '[unparsable url]';
  }
  const parts = pathname.replace(/^\/api(?:\/v\d+)?/, '').split('/');
  return parts
    .map((part, index) =>
      index >= 2 && (parts[index - 2] === 'interactions' || parts[index - 2] === 'webhooks')
        ? ':token'
        : part,
    )
    .join('/');
}

function isHttpError(error: object): error is HttpLikeError {
  return 'requestBody' in error || ('url' in error && 'method' in error);
}

/** pino's `err` serializer: Discord errors reduced to what identifies the failure, others as usual. */
export function serializeError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return error;
  if (isHttpError(error)) {
    return {
      type: error.name ?? 'Error',
      ...(typeof error.status === 'number' ? { status: error.status } : {}),
      ...(error.code !== undefined ? { code: error.code } : {}),
      ...(typeof error.method === 'string' ? { method: error.method.toUpperCase() } : {}),
      ...(typeof error.url === 'string' ? { route: routeOf(error.url) } : {}),
      ...(typeof error.route === 'string' ? { route: routeOf(error.route) } : {}),
    };
  }
  return error instanceof Error ? pino.stdSerializers.err(error) : error;
}

/** `text` with every secret (at least 8 characters, so a blank or a test value is never matched loosely) replaced. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed;
}

/** Lines waiting for a slow reader beyond this many bytes are dropped rather than held. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const flushers = new Set<(ms: number) => Promise<void>>();

/**
 * The log destination for stderr. Into a pipe or socket (a service manager, a log shipper) lines
 * go through a socket of their own on the fd, whose writes libuv queues without blocking when the
 * reader is slow
 * (pino's own destination retries a full pipe in a blocking loop and, at exit, flushes forever, so
 * SIGTERM never finished; process.stderr writes block on Linux pipes, and a write on the thread
 * pool would hold process.exit). Past 4 MB
 * waiting, lines are dropped; a broken pipe (EPIPE) or any other failure ends logging for good.
 * Files and terminals are written synchronously.
 */
export function stderrDestination(fd = 2): DestinationStream {
  let piped = false;
  try {
    const stats = fstatSync(fd);
    piped = stats.isFIFO() || stats.isSocket();
  } catch {
    // An fd that cannot be inspected is written as a file.
  }
  let broken = false;
  // Its own non-blocking handle on the fd, without the blocking writes of process.stderr.
  const stream = piped ? new Socket({ fd, readable: false, writable: true }) : undefined;
  stream?.unref();
  stream?.on('error', () => {
    broken = true;
  });
  flushers.add(
    (ms) =>
      new Promise<void>((resolve) => {
        if (!stream || broken || stream.writableLength === 0) return resolve();
        const timer = setTimeout(resolve, ms);
        stream.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
  return {
    write(line: string) {
      if (broken) return;
      if (!stream) {
        try {
          writeSync(fd, line);
        } catch {
          broken = true;
        }
        return;
      }
      if (stream.writableLength > MAX_QUEUED_BYTES) return;
      stream.write(line);
    },
  };
}

/** Waits (at most `ms`) for the log lines written so far to reach their destination: call before process.exit. */
export async function flushLogs(ms = 1_000): Promise<void> {
  await Promise.all([...flushers].map((flush) => flush(ms)));
}
