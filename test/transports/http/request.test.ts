import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestFromPayload, type RawInteraction } from '../../../src/transports/http/request.ts';
import { checkSignature, publicKeyFromHex } from '../../../src/transports/http/verify.ts';

const user = {
  id: '1400000000000000001',
  username: 'alice',
  discriminator: '0',
  global_name: null,
  avatar: null,
};
const base = {
  id: '1',
  application_id: '2',
  token: 't',
  guild_id: '3',
  channel_id: '4',
  member: { user, permissions: '8192' },
  locale: 'zh-TW',
  authorizing_integration_owners: { '0': '3' },
};

describe('HTTP interaction payloads become the requests handlers see', () => {
  it('/setup auto-answer on: the subcommand group and the channel with its resolved type', () => {
    const request = requestFromPayload({
      ...base,
      type: 2,
      data: {
        name: 'setup',
        type: 1,
        options: [
          {
            name: 'auto-answer',
            type: 2,
            options: [
              { name: 'on', type: 1, options: [{ name: 'channel', type: 7, value: '1300000000000000002' }] },
            ],
          },
        ],
        resolved: {
          channels: { '1300000000000000002': { id: '1300000000000000002', type: 15, name: 'help' } },
        },
      },
    } as RawInteraction);
    expect(request).toMatchObject({
      subcommandGroup: 'auto-answer',
      subcommand: 'on',
      options: { channel: '1300000000000000002' },
      resolvedChannels: { '1300000000000000002': { id: '1300000000000000002', type: 15 } },
    });
  });

  it('a slash command with a subcommand, an attachment and a user option', () => {
    const request = requestFromPayload({
      ...base,
      type: 2,
      data: {
        name: 'pin',
        type: 1,
        options: [
          {
            name: 'import',
            type: 1,
            options: [
              { name: 'file', type: 11, value: '77' },
              { name: 'who', type: 6, value: user.id },
            ],
          },
        ],
        resolved: {
          attachments: {
            '77': {
              id: '77',
              url: 'https://cdn/x.json',
              filename: 'x.json',
              size: 10,
              content_type: 'application/json',
              proxy_url: '',
            },
          },
          users: { [user.id]: user },
        },
      },
    } as RawInteraction);
    expect(request).toMatchObject({
      kind: 'command',
      commandName: 'pin',
      subcommand: 'import',
      options: { who: user.id },
      attachments: { file: { id: '77', filename: 'x.json', size: 10, contentType: 'application/json' } },
      resolvedUsers: { [user.id]: { id: user.id, username: 'alice' } },
      guildId: '3',
      channelId: '4',
      memberPermissions: 8192n,
      serverInstalled: true,
      locale: 'zh-TW',
      user: { id: user.id, username: 'alice' },
    });
  });

  it('autocomplete, the message menu, a button and a modal (in rows or labels)', () => {
    const message = { id: '9', channel_id: '4', content: 'hello', author: user, embeds: [] };
    expect(
      requestFromPayload({
        ...base,
        type: 4,
        data: { name: 'ask', type: 1, options: [{ name: 'question', type: 3, value: 'py', focused: true }] },
      } as RawInteraction),
    ).toMatchObject({ kind: 'autocomplete', focused: { name: 'question', value: 'py' } });
    expect(
      requestFromPayload({
        ...base,
        type: 2,
        data: { name: 'Pin as fact', type: 3, target_id: '9', resolved: { messages: { '9': message } } },
      } as unknown as RawInteraction),
    ).toMatchObject({
      kind: 'message-context',
      targetMessage: { id: '9', content: 'hello', url: 'https://discord.com/channels/3/4/9' },
    });
    expect(
      requestFromPayload({
        ...base,
        type: 3,
        data: { custom_id: 'ask:more' },
        message,
      } as unknown as RawInteraction),
    ).toMatchObject({ kind: 'component', customId: 'ask:more', targetMessage: { id: '9' } });
    expect(
      requestFromPayload({
        ...base,
        type: 5,
        data: {
          custom_id: 'pin:form:add',
          components: [
            { type: 1, components: [{ type: 4, custom_id: 'text', value: 'A fact' }] },
            { type: 18, component: { type: 4, custom_id: 'keywords', value: 'k' } },
          ],
        },
      } as RawInteraction),
    ).toMatchObject({ kind: 'modal', customId: 'pin:form:add', fields: { text: 'A fact', keywords: 'k' } });
  });

  it('outside a server there are no member permissions; PING and user commands are not requests', () => {
    const { guild_id: _guild, member: _member, ...dm } = base;
    expect(
      requestFromPayload({ ...dm, user, type: 2, data: { name: 'ask', type: 1 } } as RawInteraction),
    ).toMatchObject({
      guildId: null,
      memberPermissions: null,
    });
    expect(requestFromPayload({ ...base, type: 1 } as RawInteraction)).toBeUndefined();
    // A member's user install used in a server that did not install citebot: nothing is stored there.
    expect(
      requestFromPayload({
        ...base,
        authorizing_integration_owners: { '1': user.id },
        type: 2,
        data: { name: 'ask', type: 1 },
      } as RawInteraction),
    ).toMatchObject({ guildId: '3', serverInstalled: false });
    expect(
      requestFromPayload({ ...base, type: 2, data: { name: 'x', type: 2 } } as RawInteraction),
    ).toBeUndefined();
  });
});

describe('request signatures', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = publicKeyFromHex(
    publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex'),
  );
  const body = Buffer.from('{"type":1}');
  const now = 1_800_000_000_000;
  const signed = (timestamp: string, content = body) =>
    sign(null, Buffer.concat([Buffer.from(timestamp), content]), privateKey).toString('hex');

  it('accepts a fresh signature over the timestamp and the exact body', () => {
    const timestamp = String(now / 1000);
    expect(checkSignature(key, { signature: signed(timestamp), timestamp }, body, now)).toEqual({ ok: true });
  });

  it('refuses missing, malformed, mismatched, stale and future-dated signatures', () => {
    const timestamp = String(now / 1000);
    const check = (headers: { signature?: string; timestamp?: string }, at = now, content = body) =>
      checkSignature(key, headers, content, at);
    expect(check({})).toMatchObject({ ok: false, reason: 'missing signature headers' });
    expect(check({ signature: 'zz', timestamp })).toMatchObject({ ok: false, reason: 'malformed signature' });
    expect(check({ signature: signed(timestamp), timestamp }, now, Buffer.from('{"type":2}'))).toMatchObject({
      ok: false,
      reason: 'bad signature',
    });
    expect(check({ signature: signed(timestamp), timestamp }, now + 301_000)).toMatchObject({
      reason: 'stale timestamp',
    });
    expect(check({ signature: signed(timestamp), timestamp }, now - 301_000)).toMatchObject({
      reason: 'stale timestamp',
    });
    expect(check({ signature: signed(`${timestamp}x`), timestamp: `${timestamp}x` })).toMatchObject({
      reason: 'malformed timestamp',
    });
  });
});
