/**
 * The V8 flags the bot's process runs with (`npm start` and `start:http` in package.json, each
 * shard of `npm run start:sharded`, and the RSS load test; a test keeps package.json in step).
 *
 * V8 sizes its heap for the host: on a machine with many GB it lets the old generation grow to
 * about 4× what is live before a full collection. Under a stream of interactions, each one's objects
 * outlive a few scavenges (it waits on Discord), so they are promoted and the old generation fills
 * with garbage: 20,000 members asking took the bot from ~120 MB to ~280 MB RSS while its live heap
 * stayed ~55 MB. A 384 MB old generation is a budget fit for a 512 MB host, and V8 grows a heap
 * with that limit by ~1.35-1.8× instead of 4×; --heap-growing-percent=35 holds it to 1.35× (with
 * CMRC knowledge, 173-187 -> 154-155 MB RSS after 2,000 members; the bot's CPU time for the RSS
 * test's 4,001 answers 13.3 -> 13.6 s, within noise). The live heap is ~40 MB with the shipped
 * article and ~50 MB with 850 CMRC paragraphs; a reload holds two engines for a moment.
 * The young generation stays small (2 MB semi-spaces): its size is RSS for the whole run.
 */
export const BOT_NODE_FLAGS = [
  '--max-semi-space-size=2',
  '--max-old-space-size=384',
  '--heap-growing-percent=35',
] as const;

/**
 * The environment the bot's process starts with (glibc reads it before node runs). glibc gives each
 * thread that allocates its own malloc arena, and V8's compiler and GC threads each keep freed
 * memory in theirs: one arena for the process is ~20 MB less RSS after a few thousand questions
 * (59 -> 39 MB outside the JS heap), the main thread doing nearly all the allocating anyway.
 */
export const BOT_ENV = { MALLOC_ARENA_MAX: '1' } as const;
