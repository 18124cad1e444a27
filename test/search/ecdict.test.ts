import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ecdictKey, furtherSenses, sensesOf } from '../../scripts/ecdict.ts';
import { CrossLingualTerms, DEFAULT_ECDICT_PATH, loadLexicon } from '../../src/search/cross-lingual.ts';
import { formatWordLists } from '../../src/search/word-lists.ts';

const options = { maxSenses: 8, webSenses: false, minCharacters: 2 };

describe("ECDICT's senses (scripts/ecdict.ts)", () => {
  it('reads parts of speech first, drops notes, web senses, descriptions and one-character senses', () => {
    const game = 'n. 比赛, 玩耍\\nvi. 赌博\\na. 勇敢的（人）\\n[网络] 游戏\\n[计] 博弈; 对策';
    expect(sensesOf(game, options)).toEqual(['比赛', '玩耍', '赌博', '勇敢', '博弈', '对策']);
    expect(sensesOf(game, { ...options, webSenses: true })).toContain('游戏');
    expect(sensesOf('n. 秒, 瞬间, 第二名的一个很长的说明', options)).toEqual(['瞬间']);
    expect(sensesOf('vt. 建立, 创立\\nfind的过去式和过去分词', { ...options, maxSenses: 1 })).toEqual([
      '建立',
    ]);
  });

  it('keys headwords as the engine stems them, stopwords out', () => {
    expect(ecdictKey('games', 1)).toBe('game');
    expect(ecdictKey('corporal punishment', 1)).toBeUndefined();
    expect(ecdictKey('corporal punishment', 3)).toBe('corpor punish');
    expect(ecdictKey('Paris', 1)).toBeUndefined();
  });

  it('keeps only what the CC-CEDICT line lacks', () => {
    const senses = new Map([
      ['game', ['比赛', '游戏']],
      ['touchdown', ['触地']],
    ]);
    const lexicon = { game: ['游戏', '运动'] };
    expect(furtherSenses(lexicon, senses, { newKeys: true, cedictKeys: true })).toEqual({
      game: ['比赛'],
      touchdown: ['触地'],
    });
    expect(furtherSenses(lexicon, senses, { newKeys: false, cedictKeys: true })).toEqual({ game: ['比赛'] });
  });
});

describe('ECDICT senses at run time', () => {
  it('come after the CC-CEDICT line, for English questions only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ecdict-'));
    const file = path.join(dir, 'ecdict.tsv');
    await writeFile(file, formatWordLists({ game: ['比赛'], touchdown: ['触地'] }));
    const present = new Set(['比赛', '触地']);
    const terms = new CrossLingualTerms(
      (chinese) => present.has(chinese),
      new Map(),
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      file,
    );
    // CC-CEDICT's "game" has no 比赛: asked in English, ECDICT's sense is found.
    expect(terms.translate('game', undefined, true)).toEqual(['比赛']);
    expect(terms.translate('touchdowns', undefined, true)).toEqual(['触地']);
    // A Latin word inside a Chinese question keeps CC-CEDICT's senses alone.
    expect(terms.translate('game')).not.toContain('比赛');
    expect(terms.translate('touchdown')).toEqual([]);
  });

  it('the committed file is a compact word list', () => {
    const senses = loadLexicon(DEFAULT_ECDICT_PATH);
    expect(senses.get('game')).toContain('比赛');
    expect(senses.get('touchdown')).toEqual(['触地']);
  });
});
