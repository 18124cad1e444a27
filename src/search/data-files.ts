import path from 'node:path';

/**
 * A file of the repository's data/ folder. This module sits two folders below the root, as the
 * bundles in dist/bot/ do (scripts/build-bot.ts), so the same path holds in both.
 */
export function dataFile(name: string): string {
  return path.join(import.meta.dirname, '..', '..', 'data', name);
}
