import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { InvertedIndex } from '../src/search/inverted-index.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { queryCoverage } from '../src/search/candidate.ts';
import { buildQuery } from '../src/search/query.ts';
import { baseForms, splitWords, tokenize } from '../src/search/tokenize.ts';
import { editDistance, TypoRepair } from '../src/search/typo-repair.ts';

describe('normalizing', () => {
  it('folds width, case and traditional characters so both scripts index alike', () => {
    expect(normalizeText('ＰｙＴｏｒｃｈ　有多少貢獻者？')).toBe('pytorch 有多少贡献者?');
    expect(normalizeText('“import torch”')).toBe('"import torch"');
    expect(normalizeText('Torch 是用什麼語言開發的')).toBe('torch 是用什么语言开发的');
    // Taiwan's 甚麼 is 什麼: the converter keeps 甚, which would leave it a word of its own.
    expect(normalizeText('鳥擊指的是甚麼?')).toBe('鸟击指的是什么?');
  });

  it('converts whatever the converter would change, though it skips text with nothing to convert', () => {
    const convert = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const { normalizationChain, segmentation, conversionChain } = OpenCC.Locale.configs.tw2s!;
    const dictionaries = [normalizationChain, segmentation, conversionChain].flat(3) as string[];
    const keys = dictionaries.flatMap((dictionary) =>
      dictionary.split('|').map((entry) => entry.split(' ')[0]!),
    );
    // Each key inside other text: the shortcut looks at every character, not only the first.
    const texts = keys.map((key) => `pytorch 的${key}`);
    const differing = texts.filter(
      // …and then writes Taiwan's 甚么 as 什么.
      (text) =>
        normalizeText(text) !== convert(text.normalize('NFKC').toLowerCase()).replace(/甚么/g, '什么'),
    );
    expect(keys.length).toBeGreaterThan(1000);
    expect(differing).toEqual([]);
  });
});

describe('English morphology for the dictionary', () => {
  it('reaches base words from derived forms', () => {
    for (const word of ['founder', 'founders', 'founding', 'founded'])
      expect(baseForms(word)).toContain('found');
    for (const word of ['creator', 'creation', 'created']) expect(baseForms(word)).toContain('creat');
    expect(baseForms('contributors')).toContain('contribut');
    expect(baseForms('inventor')).toContain('invent');
    expect(baseForms('popularity')).toContain('popular');
    expect(baseForms('winner')).toContain('win');
    expect(baseForms('lost')).toContain('lose');
    // The word's own stem comes first.
    expect(baseForms('founder')[0]).toBe('founder');
    expect(baseForms('c++')).toEqual(['c++']);
  });

  it('reads ordinals, decades and months as the digits Chinese text writes', () => {
    const words = splitWords(normalizeText('Who fumbled on 3rd down in March of the 1990s?'));
    expect(words.map((word) => word.word)).toEqual(['fumbled', '3', 'down', '3月', '1990']);
    expect(words.find((word) => word.word === '3月')?.terms).toEqual(['3月']);
  });
});

describe('tokenizing', () => {
  it('keeps Chinese words and their bigrams, drops function words', () => {
    const terms = tokenize(normalizeText('基于 Lua 语言开发的框架'));
    expect(terms).toEqual(expect.arrayContaining(['lua', '语言', '开发', '框架', '言开']));
    expect(terms).not.toContain('的');
    // Bigrams never bridge a function word.
    expect(terms).not.toContain('发的');
  });

  it('stems Latin words and keeps identifiers with symbols whole', () => {
    expect(tokenize('contributors papers c++ gpt3')).toEqual(['contributor', 'paper', 'c++', 'gpt3']);
  });

  it('keeps numbers with their units', () => {
    const terms = tokenize(normalizeText('85% 的模型，9 万项目，Python 3.5，2019 年前'));
    expect(terms).toEqual(expect.arrayContaining(['85', '85%', '9', '9万', '3.5', '2019', '2019年', '年前']));
  });

  it('marks the word after "哪家" as naming the kind of answer', () => {
    const words = splitWords(normalizeText('Jeff Dean 在哪家公司'));
    expect(words.find((w) => w.word === '公司')?.answerType).toBe('kind');
    expect(words.find((w) => w.word === 'jeff')?.answerType).toBeFalsy();
  });

  it('leaves the words that frame a traditional-Chinese question out of its content words', () => {
    const words = (question: string) => splitWords(normalizeText(question)).map((w) => w.word);
    expect(words('「卡樂」於何年結束營業?')).toEqual(['卡', '乐', '结束', '营业']);
    expect(words('抗日戰爭是在西元幾年結束?')).not.toContain('西元');
    // "哪一個" is the question word and its measure word; the noun after it names the kind asked.
    const kind = splitWords(normalizeText('大興區的南邊是哪一個省份?'));
    expect(kind.map((w) => w.word)).not.toContain('一个');
    expect(kind.find((w) => w.word === '省份')?.answerType).toBe('kind');
    expect(
      splitWords(normalizeText('福爾摩沙原文是何種語言?')).find((w) => w.word === '语言')?.answerType,
    ).toBe('kind');
  });

  it('marks the attribute asked of something, unless a word follows the question word', () => {
    const attribute = splitWords(normalizeText('张世昌的职业是什么？'));
    expect(attribute.find((w) => w.word === '职业')?.answerType).toBe('attribute');
    const kind = splitWords(normalizeText('Chintala 对 PyTorch 的成功有什么感想？'));
    expect(kind.find((w) => w.word === '成功')?.answerType).toBeUndefined();
    expect(kind.find((w) => w.word === '感想')?.answerType).toBe('kind');
    expect(splitWords('who is the founder of pytorch').find((w) => w.word === 'founder')?.answerType).toBe(
      'attribute',
    );
  });
});

describe('the inverted index', () => {
  const docs = ['pytorch 框架使用动态计算图', 'tensorflow 框架便于部署', '今天天气晴朗'].map((text) =>
    tokenize(text),
  );
  const index = new InvertedIndex(docs);

  it('ranks by BM25 and touches only documents that share a term', () => {
    const hits = index.search(buildQuery('框架的计算图', index).terms, 10);
    expect(hits.map(([doc]) => doc)).toEqual([0, 1]);
    expect(index.search([{ term: '不存在', weight: 1 }], 10)).toEqual([]);
  });

  it('gives rare terms more weight than common ones', () => {
    expect(index.idf('计算')).toBeGreaterThan(index.idf('框架'));
    expect(index.idf('never-seen')).toBeGreaterThan(index.idf('计算'));
  });

  it('measures how much of a question a passage covers', () => {
    const query = buildQuery('pytorch 使用动态计算图吗', index);
    expect(queryCoverage(query, (t) => docs[0]!.includes(t))).toBeGreaterThan(0.9);
    expect(queryCoverage(query, (t) => docs[2]!.includes(t))).toBe(0);
    const unknown = buildQuery('mxnet 计算图', index);
    expect(unknown.groups.find((g) => g.word === 'mxnet')?.source).toBe('unknown');
    expect(queryCoverage(unknown, (t) => docs[0]!.includes(t))).toBeLessThan(0.5);
  });

  it("keeps each term's documents and counts, as a per-term count of the documents shows", () => {
    // Terms repeated within a document, shared across documents and found in one only.
    const documents = [['a', 'b', 'a', 'c'], ['b', 'b', 'b'], [], ['c', 'a', 'd'], ['d', 'd', 'a']];
    const packed = new InvertedIndex(documents);
    expect([...packed.terms()].sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const term of ['a', 'b', 'c', 'd', 'e']) {
      const expected = documents.flatMap((terms, doc) =>
        terms.includes(term) ? [[doc, terms.filter((t) => t === term).length] as const] : [],
      );
      expect(packed.documentFrequency(term)).toBe(expected.length);
      documents.forEach((terms, doc) => expect(packed.contains(doc, term)).toBe(terms.includes(term)));
      const scores = packed.search([{ term, weight: 1 }], 10);
      expect(scores.map(([doc]) => doc).sort()).toEqual(expected.map(([doc]) => doc));
      for (const [doc, freq] of expected) {
        const score = scores.find(([d]) => d === doc)![1];
        expect(score).toBeCloseTo(packed.termScore(term, freq, documents[doc]!.length));
      }
    }
    expect(packed.lengthOf(1)).toBe(3);
    expect(packed.averageLength).toBe(13 / 5);
  });

  it('returns the best `limit` documents as a stable sort orders them: equal scores in the order first scored', () => {
    // x and y are alike (two documents each, same lengths): documents 1 and 0 score the same, and
    // so do 2 and 3; x is looked up first, so its documents come first among equals.
    const documents = [['y'], ['x'], ['x', 'z'], ['y', 'z'], ['w']];
    const packed = new InvertedIndex(documents);
    const query = [
      { term: 'x', weight: 1 },
      { term: 'y', weight: 1 },
      { term: 'z', weight: 0.5 },
    ];
    const all = packed.search(query, 100);
    expect(all.map(([doc]) => doc)).toEqual([2, 3, 1, 0]);
    expect(all[0]![1]).toBe(all[1]![1]);
    expect(all[2]![1]).toBe(all[3]![1]);
    for (let limit = 0; limit <= 5; limit++) expect(packed.search(query, limit)).toEqual(all.slice(0, limit));
  });

  it('repairs typos through the helper it is given', () => {
    const query = buildQuery('tensorflo 部署', index, {
      repairTypo: (s) => (s === 'tensorflo' ? 'tensorflow' : undefined),
    });
    expect(query.groups[0]).toMatchObject({ source: 'typo', terms: [{ term: 'tensorflow', weight: 1 }] });
  });

  it('counts "how many" of the word a slip was repaired to', () => {
    const query = buildQuery('How many contribtors does it have?', index, {
      repairEnglish: (word) =>
        word === 'contribtors' ? { word: 'contributors', translations: ['贡献者'] } : undefined,
      translate: (word) => (word.startsWith('contributor') ? ['贡献者'] : []),
    });
    expect(query.countPattern?.test('已有 2000 贡献者')).toBe(true);
  });

  it('counts "多少 X" of X without the particle a member adds, and of X as the homophone repair reads it', () => {
    for (const question of [
      '它有多少贡献者？',
      '它有多少贡献者呢？',
      '它有多少个贡献者呀',
      '它有多少共献者？',
    ]) {
      const query = buildQuery(question, index, {
        repairHomophones: (text) => text.replace('共献', '贡献'),
      });
      expect(query.countPattern?.test('已有 2000 贡献者'), question).toBe(true);
      expect(query.countPattern?.test('贡献者众多，已有 2000 人'), question).toBe(false);
    }
    // A two-character noun ending as a particle does is the noun ("多少家酒吧").
    expect(buildQuery('这条街有多少家酒吧？', index).countPattern?.test('有 12 家酒吧')).toBe(true);
  });
});

describe('typo repair', () => {
  const repair = new TypoRepair(['pytorch', 'tensorflow', 'facebook', 'face', 'jeff', 'autopilot']);

  it('repairs slips in names against the vocabulary', () => {
    expect(repair.repair('pytroch')).toBe('pytorch');
    expect(repair.repair('tensorflw')).toBe('tensorflow');
    expect(repair.repair('autopliot')).toBe('autopilot');
    expect(repair.repair('fase')).toBe('face');
    expect(repair.repair('jef')).toBe('jeff');
  });

  it('leaves real other words alone', () => {
    expect(repair.repair('cook')).toBeUndefined();
    expect(repair.repair('rice')).toBeUndefined();
    expect(repair.repair('jax')).toBeUndefined();
  });

  it('reads a slip against the words the knowledge writes, not only their stems', () => {
    const texts = ['hugging face 上有 85% 的模型', 'the force awakens', 'bdnf 下降', 'gpus 训练'];
    const written = new TypoRepair(['hug', 'face', 'forc', 'awaken', 'bdnf', 'gpu'], texts);
    expect(written.repair('fcae')).toBe('face');
    expect(written.repair('huggign')).toBe('hug');
    expect(written.repair('fprce')).toBe('forc');
    // Capitals are typed on purpose: a pair swapped, a letter doubled or a key beside it slipped.
    expect(written.repair('bndf', true)).toBe('bdnf');
    expect(written.repair('bdnff', true)).toBe('bdnf');
    expect(written.repair('bdnr', true)).toBe('bdnf');
    expect(written.repair('bdnx', true)).toBeUndefined();
    expect(written.repair('tpus', true)).toBeUndefined();
  });

  it('counts swaps as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
