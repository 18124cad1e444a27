import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { KNOWLEDGE_EXTENSIONS } from '../knowledge/load.ts';
import type { EngineHolder, ReloadLogger, ReloadResult } from './engine-holder.ts';

/** KNOWLEDGE_WATCH: reloads the holder's engine when the knowledge folder changes. */

export interface KnowledgeWatcherOptions {
  /** Quiet time after the last change before reloading: editors save in several writes. */
  debounceMs?: number;
  /** How often the folder itself is checked (removed, recreated, new subfolders). */
  checkMs?: number;
  logger?: ReloadLogger;
  /** Called after each reload the watcher started (for tests and metrics). */
  onReload?: (result: ReloadResult) => void;
}

export interface KnowledgeWatcher {
  close(): void;
}

export const DEFAULT_WATCH_DEBOUNCE_MS = 500;
export const DEFAULT_WATCH_CHECK_MS = 1_000;

/** Whether a changed file name can affect the knowledge (articles, glossaries); unknown names might. */
function relevant(fileName: string | null): boolean {
  if (!fileName) return true;
  const base = path.basename(fileName);
  // Editors' swap and backup files (.foo.swp, foo~, #foo#) change on every keystroke.
  if (base.startsWith('.') || base.endsWith('~') || base.startsWith('#')) return false;
  const extension = path.extname(base).toLowerCase();
  return KNOWLEDGE_EXTENSIONS.includes(extension) || /\.glossary\.ya?ml$/i.test(base) || extension === '';
}

/** The folder and every folder under it, or undefined when `dir` is not a folder now. */
function folders(dir: string): string[] | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    const below = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(entry.parentPath, entry.name));
    return [dir, ...below];
  } catch {
    return undefined;
  }
}

/** What identifies the watched tree: a folder removed and recreated, or a new subfolder, changes it. */
function signature(list: readonly string[]): string {
  return list
    .map((folder) => {
      try {
        return `${folder}:${statSync(folder).ino}`;
      } catch {
        return `${folder}:gone`;
      }
    })
    .join('|');
}

/**
 * Watches every folder under `dir` (one non-recursive watcher each: Node 20's recursive watch on
 * Linux follows files, and loses a file an editor replaces by renaming a temporary file over it)
 * and reloads the holder once changes have been quiet for `debounceMs`. Every `checkMs` the tree
 * is compared with what is watched; a folder removed, recreated or added re-arms the watchers (and
 * reloads). When the folder is gone the bot keeps serving what it has and says so once.
 */
export function watchKnowledge(
  holder: EngineHolder,
  dir: string,
  options: KnowledgeWatcherOptions = {},
): KnowledgeWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_WATCH_DEBOUNCE_MS;
  const logger = options.logger;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let watchers: FSWatcher[] = [];
  let armed = '';
  let missing = false;

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

  const disarm = () => {
    for (const watcher of watchers) watcher.close();
    watchers = [];
  };

  /** Compares the tree with what is watched; re-arms (and reloads) when it changed. */
  const check = (): void => {
    if (closed) return;
    const list = folders(dir);
    if (!list) {
      if (!missing) {
        logger?.warn(
          { dir },
          'knowledge folder is gone; serving the articles loaded, watching for it to return',
        );
        missing = true;
        disarm();
        armed = '';
      }
      return;
    }
    const current = signature(list);
    if (current === armed) return;
    const first = armed === '' && !missing;
    disarm();
    for (const folder of list) {
      try {
        const watcher = watch(folder, { persistent: false }, (_event, fileName) => {
          if (relevant(fileName)) schedule();
        });
        // A folder removed under the watcher: the next check re-arms what is left.
        watcher.on('error', () => {
          armed = '';
        });
        watchers.push(watcher);
      } catch (error) {
        logger?.warn(
          { err: error, dir: folder },
          'could not watch a knowledge folder; checking again shortly',
        );
        armed = '';
        return;
      }
    }
    armed = current;
    if (missing) logger?.warn({ dir }, 'knowledge folder is back; watching it again');
    missing = false;
    // Whatever changed while the tree was not (fully) watched is picked up by one reload.
    if (!first) schedule();
  };

  check();
  const interval = setInterval(check, options.checkMs ?? DEFAULT_WATCH_CHECK_MS);
  interval.unref();

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(interval);
      disarm();
    },
  };
}
