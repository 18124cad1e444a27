import { statSync } from 'node:fs';
import { refuse } from './limits.ts';
import type { StoreFailure } from './types.ts';

export type FileCheck = () => string | undefined;

/**
 * Whether the database file is still the one the store opened. Deleted while the bot runs (its
 * link count 0; SQLite keeps writing to the open, nameless file) or replaced by another file, every
 * later write would be lost at the next restart, so the store refuses writes instead and says why.
 * Checked by path (device and inode), not through a second descriptor, which would break SQLite's
 * POSIX locks when closed.
 */
export function databaseFileCheck(path: string): FileCheck {
  let opened: { dev: number; ino: number };
  try {
    const { dev, ino } = statSync(path);
    opened = { dev, ino };
  } catch {
    return () => undefined;
  }
  return () => {
    try {
      const now = statSync(path);
      if (now.dev === opened.dev && now.ino === opened.ino) return undefined;
      return `the database file ${path} was replaced while the bot runs`;
    } catch {
      return `the database file ${path} was deleted while the bot runs`;
    }
  };
}

/** The refusal (logged as an error) when the file is gone; undefined when writes may go on. */
export function refuseWhenGone(
  check: FileCheck,
  what: string,
  logger?: { warn(details: object, message: string): void; error?(details: object, message: string): void },
): StoreFailure | undefined {
  const gone = check();
  if (!gone) return undefined;
  const message = `could not ${what}: ${gone}; restart the bot`;
  if (logger?.error) logger.error({}, message);
  else logger?.warn({}, message);
  return refuse('database-gone', `Could not ${what}: ${gone}. Restart the bot.`);
}
