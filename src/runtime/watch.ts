import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { KNOWLEDGE_EXTENSIONS } from '../knowledge/load.ts';
import type { EngineHolder, ReloadLogger, ReloadResult } from './engine-holder.ts';

/** KNOWLEDGE_WATCH: reloads the holder's engine when the knowledge folder changes. */

export interface KnowledgeWatcherOptions {
  /** Quiet time after the last change before reloading: editors save in several writes. */
  debounceMs?: number;
  logger?: ReloadLogger;
  /** Called after each reload the watcher started (for tests and metrics). */
  onReload?: (result: ReloadResult) => void;
}

export interface KnowledgeWatcher {
  close(): void;
}

export const DEFAULT_WATCH_DEBOUNCE_MS = 500;

/** Whether a changed file name can affect the knowledge (articles, glossaries); unknown names might. */
function relevant(fileName: string | null): boolean {
  if (!fileName) return true;
  const base = path.basename(fileName);
  // Editors' swap and backup files (.foo.swp, foo~, #foo#) change on every keystroke.
  if (base.startsWith('.') || base.endsWith('~') || base.startsWith('#')) return false;
  const extension = path.extname(base).toLowerCase();
  return KNOWLEDGE_EXTENSIONS.includes(extension) || /\.glossary\.ya?ml$/i.test(base) || extension === '';
}

/**
 * Watches `dir` (recursively where the platform can) and reloads the holder once changes have
 * been quiet for `debounceMs`. Watch errors (the folder removed, too many watchers) are logged;
 * the bot keeps serving what it has.
 */
export function watchKnowledge(
  holder: EngineHolder,
  dir: string,
  options: KnowledgeWatcherOptions = {},
): KnowledgeWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const schedule = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void holder.reload().then((result) => {
        if (!closed) options.onReload?.(result);
      });
    }, debounceMs);
  };

  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { recursive: true, persistent: false }, (_event, fileName) => {
      if (relevant(fileName)) schedule();
    });
  } catch (error) {
    // Recursive watching is not available everywhere; the top folder is where articles live.
    options.logger?.warn({ err: error }, 'recursive watch unavailable; watching the top folder only');
    watcher = watch(dir, { persistent: false }, (_event, fileName) => {
      if (relevant(fileName)) schedule();
    });
  }
  watcher.on('error', (error) => {
    options.logger?.warn({ err: error, dir }, 'knowledge watcher stopped; hot reload is off until restart');
  });

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
