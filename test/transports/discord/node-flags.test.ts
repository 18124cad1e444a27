import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_ENV, BOT_NODE_FLAGS } from '../../../src/transports/discord/node-flags.ts';

describe("the bot process's V8 flags", () => {
  it('are the ones npm start runs with (the shards and the RSS load test use BOT_NODE_FLAGS)', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toBe(`exec node ${BOT_NODE_FLAGS.join(' ')} --import tsx src/main.ts`);
  });

  it('give the old generation a budget that fits a 512 MB host', () => {
    const oldSpace = BOT_NODE_FLAGS.map((flag) => /^--max-old-space-size=(\d+)$/.exec(flag)?.[1]).find(
      Boolean,
    );
    expect(Number(oldSpace)).toBeGreaterThan(0);
    expect(Number(oldSpace)).toBeLessThanOrEqual(400);
  });
});
