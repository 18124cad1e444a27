import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.ts';

/** Knowledge folders as operators fill them: links, odd characters, very many files. */

let dir: string;
const article = (fact: string) => `---\ntitle: Notes\n---\n# Notes\n\n${fact}\n`;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'citebot-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loading knowledge files', () => {
  it('reads a valid file that contains U+FFFD; refuses bytes that are not UTF-8', async () => {
    writeFileSync(path.join(dir, 'replacement.md'), article('The sign � marks a character that could not be shown.'));
    writeFileSync(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b, 0x0a]));
    const { articles, problems } = await loadKnowledge(dir);
    expect(articles.map((a) => a.id)).toEqual(['replacement']);
    expect(problems).toEqual([{ path: path.join(dir, 'latin1.txt'), reason: 'not valid UTF-8 text' }]);
  });

  it('follows a symbolic link to an article, and names a link to a folder or to nothing', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'real.txt'), article('The linked article is read.'));
    const knowledge = path.join(dir, 'knowledge');
    mkdirSync(knowledge);
    symlinkSync(path.join(elsewhere, 'real.txt'), path.join(knowledge, 'linked.md'));
    symlinkSync(elsewhere, path.join(knowledge, 'folder.md'));
    symlinkSync(path.join(dir, 'missing.md'), path.join(knowledge, 'dangling.md'));
    const { articles, problems } = await loadKnowledge(knowledge);
    expect(articles.map((a) => a.id)).toEqual(['linked']);
    expect(problems.map((p) => path.basename(p.path)).sort()).toEqual(['dangling.md', 'folder.md']);
    expect(problems.find((p) => p.path.endsWith('dangling.md'))?.reason).toMatch(/target is missing/);
  });

  it('reads 3,000 files with only 256 file descriptors (no EMFILE)', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 3_000; i += 1) writeFileSync(path.join(dir, `a${i}.txt`), `Fact number ${i} is here.\n`);
    const script = `import { loadKnowledge } from ${JSON.stringify(path.resolve('src/knowledge/load.ts'))};
const { articles, problems } = await loadKnowledge(${JSON.stringify(dir)});
console.log(JSON.stringify({ articles: articles.length, problems: problems.length, first: problems[0]?.reason }));`;
    const scriptFile = path.join(dir, 'load.mts');
    writeFileSync(scriptFile, script);
    const { stdout } = await promisify(execFile)('sh', [
      '-c',
      `ulimit -n 256 && exec "${process.execPath}" --import tsx "${scriptFile}"`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ articles: 3_000, problems: 0 });
  });
});
