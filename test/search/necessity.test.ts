import { describe, expect, it } from 'vitest';
import { InvertedIndex } from '../../src/search/inverted-index.ts';
import {
  defaultNecessityModel,
  MEASURED_NECESSITY_PATH,
  necessity,
  necessityFeatures,
  weighByNecessity,
} from '../../src/search/necessity.ts';
import { buildQuery, type QueryGroup } from '../../src/search/query.ts';
import { tokenize } from '../../src/search/tokenize.ts';

describe('term necessity (data/term-necessity.json, scripts/fit-necessity.ts)', () => {
  // Served off (alpha 0: measured, not kept, docs/evaluation.md term8); weighed here at the alpha measured.
  const committed = defaultNecessityModel(MEASURED_NECESSITY_PATH)!;
  const model = { ...committed, alpha: 0.5 };
  const docs = ['tensorflow 框架用 c++ 语言编写', 'pytorch 框架使用动态计算图', '今天天气晴朗'].map((text) =>
    tokenize(text),
  );
  const index = new InvertedIndex(docs);
  const context = (normalized: string) => ({
    normalized,
    unknownIdf: index.idf('\u0000'),
    has: (term: string) => index.has(term),
  });

  it('is fitted on the public sets and served off', () => {
    expect(committed.alpha).toBe(0);
    expect(committed.features).toContain('wordPrior');
    // Learned from the data, not written: a framing word is seldom in the answering sentence.
    expect(committed.priors!['原因']).toBeLessThan(-1);
    // Nothing is served: no model at the served path.
    expect(defaultNecessityModel()).toBeUndefined();
    const query = buildQuery('tensorflow 是用什么语言编写的', index);
    expect(query.groups.every((g) => g.necessity === undefined)).toBe(true);
  });

  it('weighs the kind of answer asked less than the thing asked about', () => {
    const query = buildQuery('tensorflow 是用什么语言编写的', index);
    const rarities = query.groups.map((g) => g.importance);
    weighByNecessity(query.groups, context(query.normalized), model);
    const named = query.groups.find((g) => g.word === 'tensorflow')!;
    const kind = query.groups.find((g) => g.word === '语言')!;
    expect(kind.necessity!).toBeLessThan(named.necessity!);
    // Only the retrieval weight is weighed: importance (coverage, spans, the models) stays rarity.
    expect(named.importance).toBe(rarities[0]);
    expect(named.retrieval).toBeCloseTo(rarities[0]! * named.necessity! ** model.alpha, 6);
    expect(kind.retrieval! / kind.importance).toBeLessThan(named.retrieval! / named.importance);
  });

  it('weighs an English word reaching the text through a translation less than a word written as is', () => {
    const group = (source: QueryGroup['source']): QueryGroup => ({
      word: 'framework',
      source,
      terms: [{ term: '框架', weight: 1 }],
      importance: 1,
      rarity: 1,
    });
    const at = (source: QueryGroup['source']) =>
      necessity(model, necessityFeatures(group(source), 0, [group(source)], context('framework of what')));
    expect(at('translation')).toBeLessThan(at('word'));
  });

  it('leaves a word the knowledge lacks as rare as it was', () => {
    const query = buildQuery('mxnet 计算图', index);
    weighByNecessity(query.groups, context(query.normalized), model);
    const unknown = query.groups.find((g) => g.word === 'mxnet')!;
    expect(unknown.importance).toBe(index.idf('\u0000'));
    expect(unknown.necessity).toBeUndefined();
    expect(unknown.retrieval).toBeUndefined();
  });

  it('changes nothing with alpha 0', () => {
    const groups: QueryGroup[] = [
      { word: '框架', source: 'word', terms: [{ term: '框架', weight: 1 }], importance: 0.7 },
    ];
    weighByNecessity(groups, context('框架是什么'), committed);
    expect(groups[0]!.importance).toBe(0.7);
  });
});
