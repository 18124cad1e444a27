import { Parser } from 'htmlparser2';
import { parse as parseYaml } from 'yaml';
import type { Block } from './types.ts';

export interface FrontMatter {
  title?: string;
  date?: string;
  author?: string;
  url?: string;
  tags: string[];
}

/** Splits optional YAML front matter ("---" fenced) from the body. Throws on malformed YAML. */
export function splitFrontMatter(text: string): { frontMatter: FrontMatter; body: string } {
  const match = /^\uFEFF?\s*---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { frontMatter: { tags: [] }, body: text };
  const data: unknown = parseYaml(match[1] ?? '');
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new Error('front matter is not a YAML mapping');
  }
  const fields = (data ?? {}) as Record<string, unknown>;
  const text_ = (key: string): string | undefined => {
    const value = fields[key];
    if (value instanceof Date) return value.toISOString();
    return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : undefined;
  };
  const list = (key: string): string[] => {
    const value = fields[key];
    if (Array.isArray(value)) return value.map(String);
    return typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [];
  };
  return {
    frontMatter: {
      title: text_('title'),
      date: calendarDate(text_('date')),
      author: text_('author'),
      url: text_('url') ?? text_('source') ?? text_('link'),
      tags: [...list('tags'), ...list('categories')].filter(Boolean),
    },
    body: text.slice(match[0].length),
  };
}

/**
 * A front matter date as every reply shows it, 2022-01-22: as written when it starts so, else
 * parsed (the seed article's "Sat, 22 Jan 2022 00:20:36 GMT"), else left as written.
 */
function calendarDate(date: string | undefined): string | undefined {
  if (!date || /^\d{4}-\d{2}-\d{2}/.test(date)) return date?.slice(0, 10);
  const time = Date.parse(date);
  return Number.isNaN(time) ? date : new Date(time).toISOString().slice(0, 10);
}

const BLOCK_TAGS = new Set(
  'address article aside blockquote body br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul'.split(
    ' ',
  ),
);
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head', 'title']);
const BOLD_TAGS = new Set(['b', 'strong']);

/** Collapses runs of whitespace as a browser would when rendering the text. */
function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * HTML body -> blocks. Text between block-level tags becomes one block, including text that sits
 * loose after an image box (this article has paragraphs outside <p>). A block whose text is all
 * bold, or an <h1>-<h6>, is a section heading. Image-only blocks have no text and vanish.
 */
export function htmlToBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  let text = '';
  let boldText = '';
  let boldDepth = 0;
  let skipDepth = 0;
  let headingDepth = 0;
  let captionDepth = 0;

  const flush = (): void => {
    const content = collapse(text);
    const isAllBold = content.length > 0 && collapse(boldText) === content;
    if (content && captionDepth === 0) {
      const heading = headingDepth > 0 || (isAllBold && content.length <= 80 && !/[。！？.!?]$/.test(content));
      blocks.push({ kind: heading ? 'heading' : 'paragraph', text: content });
    }
    text = '';
    boldText = '';
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED_TAGS.has(name)) skipDepth++;
        if (BLOCK_TAGS.has(name)) flush();
        if (/^h[1-6]$/.test(name)) headingDepth++;
        if (name === 'figcaption') captionDepth++;
        if (BOLD_TAGS.has(name)) boldDepth++;
      },
      ontext(data) {
        if (skipDepth > 0) return;
        text += data;
        if (boldDepth > 0) boldText += data;
      },
      onclosetag(name) {
        if (BOLD_TAGS.has(name)) boldDepth = Math.max(0, boldDepth - 1);
        if (BLOCK_TAGS.has(name)) flush();
        if (/^h[1-6]$/.test(name)) headingDepth = Math.max(0, headingDepth - 1);
        if (name === 'figcaption') captionDepth = Math.max(0, captionDepth - 1);
        if (SKIPPED_TAGS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks;
}

/** Plain text -> blocks: paragraphs split on blank lines, "#" lines are headings. (Markdown goes through marked.) */
export function plainToBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    const content = collapse(paragraph.join('\n'));
    if (content) blocks.push({ kind: 'paragraph', text: content });
    paragraph = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      if (heading[1]) blocks.push({ kind: 'heading', text: collapse(heading[1]) });
    } else if (line.trim() === '') {
      flush();
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** Whether a body is HTML, whatever the file is called (the seed article is HTML in a .txt). */
export function looksLikeHtml(body: string): boolean {
  return /^\s*<(?:!doctype|html|body|div|p|article|section|h[1-6]|span|table|ul|ol)\b/i.test(body);
}
