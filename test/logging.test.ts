import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { routeOf, scrubSecrets, serializeError } from '../src/logging.ts';

/** What logs may say about a failed Discord request: never a token, never the member's text. */

describe('logging Discord errors', () => {
  it('keeps status, code, method and route of a failed reply, not its token or body', () => {
    const error = new DiscordAPIError(
      { code: 50035, message: 'Invalid Form Body' },
      50035,
      400,
      'POST',
      'https://discord.com/api/v10/interactions/1300000000000000001/aW50ZXJhY3Rpb246c2VjcmV0/callback',
      { body: { data: { content: 'What did alice ask about zanzibar?' } }, files: undefined },
    );
    const logged = JSON.stringify(serializeError(error));
    expect(JSON.parse(logged)).toEqual({
      type: error.name,
      status: 400,
      code: 50035,
      method: 'POST',
      route: '/interactions/1300000000000000001/:token/callback',
    });
    expect(logged).not.toContain('aW50ZXJhY3Rpb246c2VjcmV0');
    expect(logged).not.toContain('zanzibar');
  });

  it('hides the token of webhook routes (edits and follow-ups after a deferral)', () => {
    expect(routeOf('http://127.0.0.1:9/api/v10/webhooks/11/tok-abc/messages/@original')).toBe(
      '/webhooks/11/:token/messages/@original',
    );
  });

  it('cuts secrets out of any text (an API base echoing the Authorization header)', () => {
    const token = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfAkEx.secret';
    expect(scrubSecrets(`401: Unauthorized (Authorization: Bot ${token})`, [token, undefined])).toBe(
      '401: Unauthorized (Authorization: Bot [redacted])',
    );
  });
});
