import { scrubSecrets } from './logging.ts';

/**
 * How an entry point ends: its exit code, or a one-line reason on stderr and exit code 1. The
 * reason is the error's message only (login failures name the cause, never the token).
 */
export function runEntry(
  main: () => Promise<number>,
  failure: string,
  /** Cut out of the reason: a login failure from a server that echoes headers must not print the token. */
  secrets: () => readonly (string | undefined)[] = () => [],
): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = scrubSecrets(error instanceof Error ? error.message : String(error), secrets());
      console.error(`${failure}: ${message}`);
      process.exitCode = 1;
    },
  );
}
