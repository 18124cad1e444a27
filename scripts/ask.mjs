/**
 * `npm run ask`: the ask CLI (src/cli/ask.ts) run as one bundled ES module, dist/ask/ask.mjs,
 * rebuilt with esbuild whenever a file under src/ is newer than it (a second or two, once). Run
 * through tsx, start to first answer took ~30% longer (tsx's module hooks on their own thread,
 * each file transformed), as long as answering a thousand questions with CMRC-sized knowledge.
 * Plain JavaScript, so that nothing has to be transformed before the bundle runs. Packages stay
 * external; the bundle sits two folders deep, as the sources do, so data/ is found alike.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.join(import.meta.dirname, '..');
const sources = path.join(root, 'src');
export const ASK_BUNDLE = path.join(root, 'dist', 'ask', 'ask.mjs');

function newestSource() {
  let newest = 0;
  for (const file of readdirSync(sources, { recursive: true })) {
    newest = Math.max(newest, statSync(path.join(sources, file)).mtimeMs);
  }
  return newest;
}

async function buildAsk() {
  const result = await build({
    entryPoints: [path.join(sources, 'cli', 'ask.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    outfile: ASK_BUNDLE,
    write: false,
  });
  // Written aside and renamed, so a second `npm run ask` starting meanwhile never reads half a file.
  mkdirSync(path.dirname(ASK_BUNDLE), { recursive: true });
  const partial = `${ASK_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(partial, result.outputFiles[0].contents);
  renameSync(partial, ASK_BUNDLE);
}

if (!existsSync(ASK_BUNDLE) || statSync(ASK_BUNDLE).mtimeMs < newestSource()) await buildAsk();
await import(pathToFileURL(ASK_BUNDLE).href);
