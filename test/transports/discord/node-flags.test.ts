import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_ENV, BOT_NODE_FLAGS } from '../../../src/transports/discord/node-flags.ts';

describe("the bot process's V8 flags and environment", () => {
  it('are the ones npm start and start:http run their bundles with (the shards and the RSS load test use the same)', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    const env = Object.entries(BOT_ENV)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    expect(scripts.prestart).toBe('tsx scripts/build-bot.ts');
    expect(scripts.start).toBe(`exec env ${env} node ${BOT_NODE_FLAGS.join(' ')} dist/bot/main.mjs`);
    // The manager runs its bundle; each shard it starts runs main.mjs with BOT_NODE_FLAGS (shard.ts).
    expect(scripts['prestart:sharded']).toBe('tsx scripts/build-bot.ts');
    expect(scripts['start:sharded']).toBe(`exec env ${env} node dist/bot/shard.mjs`);
    expect(scripts['prestart:http']).toBe('tsx scripts/build-bot.ts');
    expect(scripts['start:http']).toBe(`exec env ${env} node ${BOT_NODE_FLAGS.join(' ')} dist/bot/http.mjs`);
  });

  it('give the old generation a budget that fits a 512 MB host, and the process one malloc arena', () => {
    const oldSpace = BOT_NODE_FLAGS.map((flag) => /^--max-old-space-size=(\d+)$/.exec(flag)?.[1]).find(
      Boolean,
    );
    expect(Number(oldSpace)).toBeGreaterThan(0);
    expect(Number(oldSpace)).toBeLessThanOrEqual(400);
    expect(BOT_ENV.MALLOC_ARENA_MAX).toBe('1');
  });
});
