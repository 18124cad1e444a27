import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { marked } from 'marked';
import { chunkBlocks, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk.ts';
import { htmlToBlocks, looksLikeHtml, plainToBlocks, splitFrontMatter } from './parse.ts';
import type { Article, LoadProblem } from './types.ts';

export const KNOWLEDGE_EXTENSIONS = ['.md', '.txt', '.html', '.htm'];
/** Larger files are almost certainly not articles (a dump, a binary) and would slow start-up. */
export const MAX_ARTICLE_BYTES = 5 * 1024 * 1024;

/**
 * Markdown without any markup reads the same as plain text; skipping the renderer for it saves
 * ~0.1 s on a thousand Wikipedia-style files.
 */
const MARKDOWN_SYNTAX = /[*_`[\]<>|\\]|^\s{0,3}(?:#|[-+]\s|\d+[.)]\s|```|~~~|={3,}|-{3,})/m;

/** Files read at once: well under the usual 1024 file descriptors, enough to keep the disk busy. */
export const READ_CONCURRENCY = 32;

/** UTF-8 strictly: a file holding U+FFFD itself is fine, bytes that are not UTF-8 are refused. */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('not valid UTF-8 text');
  }
}

/** `work` over `items` with at most `limit` running at once; results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export interface LoadedKnowledge {
  articles: Article[];
  problems: LoadProblem[];
}

/** Parses one file's text into an article; throws an Error whose message says what is wrong. */
export function parseArticle(
  id: string,
  filePath: string,
  text: string,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Article {
  if (text.includes('\u0000')) throw new Error('binary file (contains NUL bytes)');
  let split;
  try {
    split = splitFrontMatter(text);
  } catch (error) {
    throw new Error(`bad front matter: ${(error as Error).message.split('\n')[0]}`);
  }
  const { frontMatter, body } = split;
  const blocks =
    /\.html?$/i.test(filePath) || looksLikeHtml(body)
      ? htmlToBlocks(body)
      : /\.md$/i.test(filePath) && MARKDOWN_SYNTAX.test(body)
        ? htmlToBlocks(marked.parse(body, { async: false }))
        : plainToBlocks(body);
  const passages = chunkBlocks(id, blocks, options);
  if (passages.length === 0) throw new Error('no text to answer from (empty file)');
  const firstHeading = blocks.find((block) => block.kind === 'heading')?.text;
  return {
    id,
    path: filePath,
    title: frontMatter.title || firstHeading || id,
    url: frontMatter.url,
    author: frontMatter.author,
    date: frontMatter.date,
    tags: frontMatter.tags,
    passages,
  };
}

/** Loads every knowledge file under `dir` (recursively); a bad file is reported and skipped. */
export async function loadKnowledge(
  dir: string,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Promise<LoadedKnowledge> {
  const articles: Article[] = [];
  const problems: LoadProblem[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const named = entries
    .filter(
      (entry) =>
        (entry.isFile() || entry.isSymbolicLink()) &&
        KNOWLEDGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()),
    )
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  // Read a bounded number at a time: in parallel the disk waits overlap, but ten thousand files at
  // once ran out of file descriptors (EMFILE) and were skipped.
  const texts = await mapLimit(named, READ_CONCURRENCY, async (file) => {
    try {
      // stat follows a symbolic link: a linked article is read; a link to a folder or to nothing is said.
      const stats = await stat(file);
      if (!stats.isFile()) throw new Error('a link to something other than a file; not followed');
      if (stats.size > MAX_ARTICLE_BYTES)
        throw new Error(`too large (${stats.size} bytes, limit ${MAX_ARTICLE_BYTES})`);
      return { file, text: decodeUtf8(await readFile(file)) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? new Error('a link to nothing (its target is missing)') : error;
      return { file, error: reason as Error };
    }
  });
  const seen = new Set<string>();
  for (const { file, text, error } of texts) {
    const id = path.basename(file, path.extname(file));
    try {
      if (error) throw error;
      if (seen.has(id)) throw new Error(`another file already has the id "${id}"`);
      articles.push(parseArticle(id, file, text!, options));
      seen.add(id);
    } catch (error) {
      problems.push({ path: file, reason: (error as Error).message });
    }
  }
  return { articles, problems };
}
