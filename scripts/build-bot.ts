import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm start` (prestart), `npm run start:sharded` and `start:http` (their pre-scripts) and
 * `npm run build`: the bot's TypeScript bundled into ES modules in dist/bot/, so the bot's
 * processes run plain JavaScript. Running one through tsx costs ~25 MB of RSS for the life of the
 * process (Node 20 runs tsx's module hooks on a thread of their own, with its own V8 heap): 113 ->
 * 88 MB at start, 172 -> 147 MB after 2,000 members.
 * Entries: main.mjs (the gateway bot, src/main.ts), shard.mjs (the sharding manager, which runs
 * main.mjs per shard) and http.mjs (the interactions endpoint). Code imported with import() (the
 * /insights chart, which loads Skia) goes in chunks of its own, loaded on first use.
 * Packages stay external (node_modules, native better-sqlite3). The bundles sit two folders deep,
 * like the sources they come from (src/search/…), because modules find data/ through
 * `import.meta.dirname/../../data`. Takes about a second.
 */
const OUT_DIR = fileURLToPath(new URL('../dist/bot/', import.meta.url));
export const BOT_BUNDLE = fileURLToPath(new URL('../dist/bot/main.mjs', import.meta.url));
export const SHARD_BUNDLE = fileURLToPath(new URL('../dist/bot/shard.mjs', import.meta.url));
export const HTTP_BUNDLE = fileURLToPath(new URL('../dist/bot/http.mjs', import.meta.url));

const source = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

export async function buildBot(): Promise<void> {
  const { metafile } = await build({
    entryPoints: {
      main: source('main.ts'),
      shard: source('transports/discord/shard.ts'),
      http: source('transports/http/main.ts'),
    },
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    metafile: true,
  });
  // Chunks of earlier builds (their names are hashes of their code) are not needed any more.
  const built = new Set(Object.keys(metafile.outputs).map((file) => path.resolve(file)));
  for (const file of readdirSync(OUT_DIR))
    if (/^chunk-.*\.mjs$/.test(file) && !built.has(path.join(OUT_DIR, file)))
      rmSync(path.join(OUT_DIR, file));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildBot();
