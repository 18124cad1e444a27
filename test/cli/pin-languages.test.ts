import { describe, expect, it } from 'vitest';
import { askWithPins } from '../helpers/ask-cli.ts';

// `ask --json --pins FILE` with pins in one language and questions in another (pin-languages.ts),
// as a server's /ask answers them; test/search/pin-languages.test.ts asks the engine the same.
const rows = (questions: string[]) => askWithPins('pins-languages.export.json', questions);

describe('ask --json --pins FILE, pins and questions in different languages', () => {
  it('answers an English pin first in zh and zh-Hant, and a Chinese pin first in en', () => {
    const asked = rows([
      'PyTorch 基金会是哪一年成立的？',
      'PyTorch 现在归 Linux 基金会管吗？',
      'PyTorch 基金會是哪一年成立的？',
      'PyTorch 現在歸 Linux 基金會管嗎？',
      'Does PyTorch have a Discord server?',
      'Where is the book club held?',
    ]);
    const pins = ['pin-1', 'pin-1', 'pin-1', 'pin-1', 'pin-2', 'pin-6'];
    for (const [i, row] of asked.entries()) {
      expect(row, row.question).toMatchObject({ answered: true });
      expect(row.citations[0], row.question).toMatchObject({ source: 'pin', passage: pins[i] });
    }
    // The answer is the pin as written, not the senses it was read with.
    expect(asked[0].answer).toBe(
      'The PyTorch Foundation was founded in September 2022 under the Linux Foundation.',
    );
    expect(asked[4].answer).toBe('PyTorch 官方的 Discord 服务器在 2021 年开放。');
  });

  it('never lets a pin in the other language that only shares a name hide the passage', () => {
    const [zh, hant, study, studyHant] = rows([
      'PyTorch 的创始人是谁？',
      'PyTorch 的創始人是誰？',
      'Adam Paszke 在哪里读书？',
      'Adam Paszke 在哪裡讀書？',
    ]);
    for (const row of [zh, hant]) {
      expect(row).toMatchObject({ answered: true });
      expect(row.citations[0].source).toBe('pytorch-5th-birthday');
      expect(row.answer).toContain('Soumith Chintala');
    }
    for (const row of [study, studyHant]) {
      expect(row.citations[0].source).toBe('pytorch-5th-birthday');
      expect(row.citations[0].text).toContain('华沙大学');
    }
  });

  it('never lets an English pin lacking the kind asked hide the passage, in English', () => {
    const [founder, founded, works, where] = rows([
      'Who founded PyTorch?',
      'When was the PyTorch Foundation founded?',
      'Who works at Google?',
      'Where does Adam Paszke work now?',
    ]);
    expect(founder).toMatchObject({ answered: true });
    expect(founder.citations[0]).toMatchObject({ source: 'pytorch-5th-birthday', passage: '11' });
    expect(founder.answer).toContain('Soumith Chintala');
    for (const [row, pin] of [
      [founded, 'pin-1'],
      [works, 'pin-4'],
      [where, 'pin-4'],
    ] as const) {
      expect(row, row.question).toMatchObject({ answered: true });
      expect(row.citations[0], row.question).toMatchObject({ source: 'pin', passage: pin });
    }
  });
});
