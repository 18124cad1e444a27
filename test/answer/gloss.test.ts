import { describe, expect, it } from 'vitest';
import { glossAnswer, loadGlosses } from '../../src/answer/gloss.ts';
import { buildGlosses } from '../../scripts/build-glosses.ts';
import { WordLists } from '../../src/search/word-lists.ts';

describe('the English gloss of a Chinese answer', () => {
  const glosses = new WordLists({
    贡献者: ['contributor', 'benefactor'],
    华沙: ['Warsaw'],
    大学: ['university', 'the Great Learning'],
    官方: ['government'],
    邀请: ['invite'],
  });

  it('glosses the words whose English the question used, and a name right before them', () => {
    expect(glossAnswer('我们现在有2000贡献者。', 'How many contributors?', glosses)).toEqual([
      { chinese: '贡献者', english: 'contributor' },
    ]);
    expect(glossAnswer('他当时是华沙大学一年级学生。', 'Which university?', glosses)).toEqual([
      { chinese: '华沙', english: 'Warsaw' },
      { chinese: '大学', english: 'university' },
    ]);
    // A word before that is not a name is not glossed.
    expect(glossAnswer('官方邀请了他。', 'Who was invited?', glosses)).toEqual([
      { chinese: '邀请', english: 'invite' },
    ]);
    expect(glossAnswer('PyTorch is written in C++.', 'What language?', glosses)).toEqual([]);
  });

  it('the committed data file is the lexicon inverted, with CC-CEDICT wording', () => {
    const data = loadGlosses();
    expect(data.get('贡献者')?.[0]).toBe('contributor');
    expect(data.get('华沙')?.[0]).toBe('Warsaw');
    expect(data.get('大学')?.[0]).toBe('university');
  });

  it('inverts stems back to the dictionary gloss they came from, one-word senses first', () => {
    const lexicon = {
      univers: ['大学', '综合大学'],
      colleg: ['学院', '大学'],
      'discuss paper': ['论文'],
      paper: ['纸', '论文'],
    };
    const cedict = new Map([
      ['大学', ['university', 'college']],
      ['论文', ['paper', 'thesis', 'to discuss a paper or thesis (old)']],
    ]);
    const built = buildGlosses(lexicon, cedict);
    expect(built['大学']).toEqual(['university', 'college']);
    expect(built['论文']).toEqual(['paper', 'discuss a paper or thesis']);
    // No CC-CEDICT entry: the stem stands.
    expect(built['综合大学']).toEqual(['univers']);
    expect(built['纸']).toBeUndefined(); // one character: too vague to gloss
  });
});
