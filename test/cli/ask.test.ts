import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ask, askWithPins } from '../helpers/ask-cli.ts';

const root = path.join(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

// util-linux `script` gives the child a terminal as stdin, as a person running `npm run ask` has.
const script = ['/usr/bin/script', '/bin/script'].find((candidate) => existsSync(candidate));

describe('npm run ask with no question', () => {
  it.skipIf(!script)('in a terminal, prints how to use it instead of waiting for input', () => {
    const run = spawnSync(
      script!,
      ['-qec', `${tsx} ${path.join(root, 'src', 'cli', 'ask.ts')}`, '/dev/null'],
      {
        input: '',
        encoding: 'utf8',
        cwd: root,
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toContain('npm run ask -- "');
  });
});

describe('ask --json (the contract other tools rely on)', () => {
  it('prints exactly one JSON object per input line, in order, and nothing else on stdout', () => {
    const questions = ['Chintala 拉来的实习生是谁？', '今天天气怎么样？', '', 'Torch 是用什麼語言開發的？'];
    const run = ask(['--json'], questions.join('\n') + '\n');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(questions.length);
    const rows = lines.map((line) => JSON.parse(line));
    expect(rows.map((row) => row.question)).toEqual(questions);
    expect(rows[0]).toMatchObject({ answered: true });
    expect(Object.keys(rows[0]).sort()).toEqual([
      'answer',
      'answered',
      'citations',
      'confidence',
      'question',
    ]);
    expect(rows[0].citations[0]).toMatchObject({
      source: 'pytorch-5th-birthday',
      passage: expect.any(String),
    });
    expect(rows[0].citations[0].text).toContain(rows[0].answer);
    expect(rows[1]).toMatchObject({ answered: false, answer: '' });
    expect(rows[2]).toMatchObject({ answered: false, answer: '' });
    expect(rows[3]).toMatchObject({ answered: true });
    expect(rows[3].answer).toContain('Lua');
  });

  it('reads another knowledge folder with --knowledge and logs skipped files to stderr only', () => {
    const run = ask(
      ['--json', '--knowledge', path.join(root, 'test', 'fixtures', 'knowledge-mixed')],
      'When is the meeting?\n',
    );
    expect(run.status).toBe(0);
    const [row, ...rest] = run.stdout.trimEnd().split('\n');
    expect(rest).toEqual([]);
    expect(JSON.parse(row!)).toMatchObject({ answered: true, citations: [{ source: 'notes' }] });
    expect(run.stderr).toMatch(/bad-front-matter\.md/);
  });

  it('prints a readable cited answer for a question on the command line', () => {
    const run = ask(['PyTorch 公开发布几周年了？']);
    expect(run.status).toBe(0);
    // An answer: its level in words (the question's language), the quoted sentence and its passage.
    expect(run.stdout).toMatch(
      /^(回答（置信度高）|可能的回答（置信度较低）——请核对原文)\n“[^\n]*5 周年[^\n]*”\n— §\d+/,
    );
    expect(run.stdout).not.toMatch(/\d%|0\.\d/);
  });
});

describe('ask --json --pins FILE (a server’s /pin export, searched as that server’s /ask does)', () => {
  const rows = (questions: string[]) => askWithPins('pins.export.json', questions);

  it('answers from the pin that answers, first, in zh, zh-Hant and en', () => {
    const [zh, keyword, hant, en] = rows([
      'PyTorch 2.0 是什么时候发布的？',
      '读书会什么时候举行？',
      'PyTorch 官方論壇的網址是什麼？',
      'When does the study group meet?',
    ]);
    for (const [row, pin] of [
      [zh, 'pin-1'],
      [keyword, 'pin-2'],
      [hant, 'pin-5'],
      [en, 'pin-4'],
    ] as const) {
      expect(row).toMatchObject({ answered: true });
      expect(row.citations[0]).toMatchObject({ source: 'pin', passage: pin });
    }
  });

  it('never lets a pin that only shares a name hide the passage that answers', () => {
    const [zh, en, works] = rows([
      'Adam Paszke 在哪里读书？',
      'Where did Adam Paszke study?',
      'Adam Paszke 现在在哪里工作？',
    ]);
    // The passage comes first in both languages; the Chinese one is withheld today (读书 is not a
    // word of the passage, which says 学生), so only the English one is asserted answered.
    for (const row of [zh, en]) {
      expect(row.citations[0].source).toBe('pytorch-5th-birthday');
      expect(row.citations[0].text).toContain('华沙大学');
    }
    expect(en).toMatchObject({ answered: true });
    expect(en.answer).toContain('华沙大学');
    // The question the pin does answer still gets the pin first.
    expect(works.citations[0]).toMatchObject({ source: 'pin', passage: 'pin-3' });
  });

  it('leaves out what /pin import would refuse, drops links to no passage, says so on stderr, numbers as import does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citebot-ask-pins-'));
    const file = path.join(dir, 'pins.json');
    writeFileSync(
      file,
      JSON.stringify([
        { text: 'The quokkaberry fair is on Friday.', sourceUrl: 'javascript:alert(1)' },
        { text: 'The zephyrine club meets on Monday.', passageKey: 'nowhere§1' },
        { text: '   ' },
        { text: 'The quokkaberry fair is on Saturday.', sourceUrl: 'https://example.com/fair' },
        { text: 'the quokkaberry fair is on saturday' },
      ]),
    );
    try {
      const run = ask(['--json', '--pins', file], 'When is the quokkaberry fair?\n');
      expect(run.status).toBe(0);
      const row = JSON.parse(run.stdout);
      expect(row.citations[0]).toMatchObject({
        source: 'pin',
        passage: 'pin-2',
        url: 'https://example.com/fair',
      });
      expect(run.stdout).not.toMatch(/javascript:/);
      expect(run.stderr).toMatch(/entry 1 left out: A pin source must be an http\(s\) link/);
      expect(run.stderr).toMatch(/entry 2 taken without its link: no passage "nowhere§1"/);
      expect(run.stderr).toMatch(/entry 3 left out: A pinned fact needs some text/);
      expect(run.stderr).toMatch(/entry 5 left out: the same fact as entry 4/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says in one line that a pin file is not there (exit 1)', () => {
    const run = ask(['--json', '--pins', 'no-such-pins.json'], 'PyTorch\n');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe('--pins no-such-pins.json: no such file');
  });

  it('names a file it cannot use, and prints nothing on stdout', () => {
    const run = ask(['--json', '--pins', path.join(root, 'package.json')], 'PyTorch\n');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/package\.json/);
  });
});

describe('npm run ask options', () => {
  it('prints its usage for --help, and one line plus the usage for an unknown option', () => {
    const help = ask(['--help'], '');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage:/);
    const wrong = ask(['--jsno'], 'PyTorch\n');
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/^Unknown option '--jsno'/);
    expect(wrong.stderr).toMatch(/\nUsage:/);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run ask (the CLI bundled by scripts/ask.mjs)', () => {
  it('answers exactly as the sources run through tsx do', () => {
    const input = 'PyTorch 有多少贡献者？\nWho started PyTorch?\n今天天气怎么样？\n';
    const bundled = spawnSync('node', [path.join(root, 'scripts', 'ask.mjs'), '--json'], {
      input,
      encoding: 'utf8',
      cwd: root,
      timeout: 60_000,
    });
    expect(bundled.status).toBe(0);
    expect(bundled.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(bundled.stdout).toBe(ask(['--json'], input).stdout);
  });
});
