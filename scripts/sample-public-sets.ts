/**
 * Writes eval/samples/: a fixed sample of each public set (CMRC 2018 dev, DRCD dev, XQuAD dev in
 * Chinese and in English) small enough for `npm test` to score in seconds
 * (test/public-sets.test.ts). A paragraph is in the sample when the FNV-1a hash of
 * `sample:<paragraph id>` is 0 modulo the set's step: chosen by id alone, never by results, so
 * the sample does not change when the engine does. Each sample keeps the SQuAD format with its
 * paragraphs' ids written out (XQuAD's are positional, `<article>-<paragraph>`, so the sampled
 * Chinese and English files still name the same paragraph alike), and its licence file beside it.
 *
 *   npx tsx scripts/sample-public-sets.ts [--data ../shared/eval]
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stableHash } from '../src/eval/public-sets.ts';

interface SquadFile {
  version?: string;
  data: Array<{
    id?: string;
    title: string;
    paragraphs: Array<{ id?: string; context: string; qas: unknown[] }>;
  }>;
}

/** File, step (1 in `step` paragraphs kept), licence file. About 300 questions each. */
const SETS = [
  { file: 'cmrc2018_dev.json', step: 10, licence: 'CMRC2018-LICENSE.txt' },
  { file: 'drcd_dev.json', step: 10, licence: 'DRCD-LICENSE.txt' },
  { file: 'xquad_dev.zh.json', step: 2, licence: 'XQuAD-LICENSE.txt' },
  { file: 'xquad_dev.en.json', step: 2, licence: 'XQuAD-LICENSE.txt' },
] as const;

export function inSample(paragraphId: string, step: number): boolean {
  return stableHash(`sample:${paragraphId}`) % step === 0;
}

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/eval' } } });
const root = path.join(import.meta.dirname, '..');
const data = path.resolve(root, values.data!);
const out = path.join(root, 'eval', 'samples');
await mkdir(out, { recursive: true });

for (const set of SETS) {
  const squad = JSON.parse(await readFile(path.join(data, set.file), 'utf8')) as SquadFile;
  let paragraphs = 0;
  let questions = 0;
  const sample: SquadFile = {
    ...(squad.version ? { version: squad.version } : {}),
    data: squad.data
      .map((article, a) => ({
        ...article,
        paragraphs: article.paragraphs
          .map((paragraph, p) => ({ ...paragraph, id: paragraph.id ?? `${a}-${p}` }))
          .filter((paragraph) => inSample(paragraph.id, set.step)),
      }))
      .filter((article) => article.paragraphs.length > 0),
  };
  for (const article of sample.data) {
    paragraphs += article.paragraphs.length;
    for (const paragraph of article.paragraphs) questions += paragraph.qas.length;
  }
  await writeFile(path.join(out, set.file), JSON.stringify(sample) + '\n');
  await copyFile(path.join(data, set.licence), path.join(out, set.licence));
  console.log(`${set.file}: ${paragraphs} paragraphs, ${questions} questions (1 in ${set.step})`);
}
