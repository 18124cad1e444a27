import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../../src/config.ts';
import { botIntents } from '../../../src/transports/discord/client.ts';

describe('the Message Content intent', () => {
  const intentsFor = (value: string | undefined) => {
    const checked = readConfig({ AUTO_ANSWER: value });
    if (!checked.ok) throw new Error('config refused');
    return botIntents(checked.config);
  };

  it('is requested only when AUTO_ANSWER is on', () => {
    for (const on of ['1', 'true', 'YES', ' on '])
      expect(intentsFor(on)).toContain(GatewayIntentBits.MessageContent);
    for (const off of [undefined, '', '0', 'no', 'false', 'maybe'])
      expect(intentsFor(off)).toEqual([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
  });
});
