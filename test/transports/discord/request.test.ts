import type { Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { requestFromMention } from '../../../src/transports/discord/request.ts';

const BOT = '1100000000000000001';

/** Just the parts of a discord.js Message that the adapter reads. */
function message(content: string, over: Record<string, unknown> = {}): Message {
  return {
    id: '5',
    content,
    author: { id: '7', username: 'alice', bot: false },
    webhookId: null,
    mentions: { users: new Map([[BOT, {}]]) },
    guildId: '9',
    channelId: '8',
    member: null,
    guild: { preferredLocale: 'zh-CN' },
    url: 'https://discord.com/channels/9/8/5',
    embeds: [],
    ...over,
  } as unknown as Message;
}

describe('messages that mention the bot', () => {
  it('become an /ask with the mention removed, in the server’s language', () => {
    const request = requestFromMention(message(`<@${BOT}> PyTorch 有多少贡献者？`), BOT);
    expect(request).toMatchObject({
      kind: 'mention',
      options: { question: 'PyTorch 有多少贡献者？' },
      locale: 'zh-CN',
      guildId: '9',
    });
  });

  it('accept the legacy nickname form <@!id> anywhere in the text', () => {
    expect(requestFromMention(message(`hey <@!${BOT}> who founded PyTorch?`), BOT)?.options.question).toBe(
      'hey who founded PyTorch?',
    );
  });

  it('ignore replies that only ping the bot, other bots, and webhooks', () => {
    expect(requestFromMention(message('thanks!'), BOT)).toBeUndefined();
    expect(
      requestFromMention(message(`<@${BOT}> hi`, { author: { id: '3', username: 'bot', bot: true } }), BOT),
    ).toBeUndefined();
    expect(requestFromMention(message(`<@${BOT}> hi`, { webhookId: '4' }), BOT)).toBeUndefined();
    expect(
      requestFromMention(message(`<@${BOT}> hi`, { mentions: { users: new Map() } }), BOT),
    ).toBeUndefined();
  });
});
