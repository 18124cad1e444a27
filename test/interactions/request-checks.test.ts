import { describe, expect, it } from 'vitest';
import type { CommandRequest } from '../../src/interactions/contract.ts';
import { checkRequest, type CommandDefinition } from '../../src/interactions/request-checks.ts';

const ask: CommandDefinition = {
  name: 'ask',
  options: [
    { name: 'question', type: 3, required: true, max_length: 500 },
    { name: 'hide', type: 5 },
    { name: 'mention', type: 6 },
  ],
};

const pin: CommandDefinition = {
  name: 'pin',
  options: [
    {
      name: 'add',
      type: 1,
      options: [
        { name: 'fact', type: 3, required: true, max_length: 1000 },
        { name: 'passage', type: 3 },
      ],
    },
    { name: 'remove', type: 1, options: [{ name: 'id', type: 4, required: true, min_value: 1 }] },
    { name: 'import', type: 1, options: [{ name: 'file', type: 11, required: true }] },
  ],
};

function request(overrides: Partial<CommandRequest>): CommandRequest {
  return {
    kind: 'command',
    id: '1',
    commandName: 'ask',
    options: {},
    attachments: {},
    user: { id: '100000000000000000', username: 'member' },
    guildId: null,
    channelId: '2',
    memberPermissions: null,
    locale: 'en-US',
    ...overrides,
  };
}

describe('requests that do not fit their command are refused with a clear message', () => {
  it('passes what Discord would send', () => {
    expect(
      checkRequest(ask, request({ options: { question: 'How old is PyTorch?', hide: true } })),
    ).toBeUndefined();
    expect(
      checkRequest(
        ask,
        request({ options: { question: '贡献者'.repeat(166), mention: '123456789012345678' } }),
      ),
    ).toBeUndefined();
    expect(
      checkRequest(pin, request({ commandName: 'pin', subcommand: 'remove', options: { id: 3 } })),
    ).toBeUndefined();
  });

  it('a question longer than the option allows', () => {
    const problem = checkRequest(ask, request({ options: { question: 'x'.repeat(50_000) } }));
    expect(problem).toMatchObject({
      option: 'question',
      message:
        'That request doesn\'t fit /ask: "question" can be at most 500 characters (this one has 50000).',
    });
  });

  it('replies in the language of the request: simplified, traditional or English', () => {
    const problem = checkRequest(ask, request({ options: { question: '问'.repeat(600) } }))!;
    expect(problem.reply('zh-CN')).toBe('这个请求不符合 /ask：“question”最多 500 个字符（这里有 600 个）。');
    expect(problem.reply('zh-TW')).toBe(
      '這個請求不符合 /ask：「question」最多 500 個字元（這裡有 600 個）。',
    );
    expect(problem.reply('en-US')).toBe(problem.message);
    const unknown = checkRequest(pin, request({ commandName: 'pin', subcommand: 'nuke', locale: 'zh-TW' }))!;
    expect(unknown.reply('zh-TW')).toBe('這個請求不符合 /pin：它沒有「nuke」這個子命令。');
    expect(unknown.message).toBe('That request doesn\'t fit /pin: it has no subcommand "nuke".');
  });

  it('counts characters as Discord does, so emoji near the limit still fit', () => {
    expect(checkRequest(ask, request({ options: { question: '👍'.repeat(500) } }))).toBeUndefined();
    expect(checkRequest(ask, request({ options: { question: '👍'.repeat(501) } }))?.option).toBe('question');
  });

  it('a value of the wrong type', () => {
    expect(checkRequest(ask, request({ options: { question: 42 } }))?.message).toContain('must be text');
    expect(checkRequest(ask, request({ options: { question: 'q', hide: 'yes' } }))?.option).toBe('hide');
    expect(
      checkRequest(ask, request({ options: { question: 'q', mention: '<@&123456789012345678>' } })),
    ).toMatchObject({
      option: 'mention',
      message: 'That request doesn\'t fit /ask: "mention" must be a Discord id.',
    });
    expect(
      checkRequest(pin, request({ commandName: 'pin', subcommand: 'remove', options: { id: 1.5 } }))?.message,
    ).toContain('whole number');
    expect(
      checkRequest(pin, request({ commandName: 'pin', subcommand: 'remove', options: { id: 0 } }))?.message,
    ).toContain('at least 1');
  });

  it('a missing required option, an unknown option, an unknown subcommand', () => {
    expect(checkRequest(ask, request({ options: {} }))?.message).toContain('"question" is required');
    expect(checkRequest(ask, request({ options: { question: 'q', __proto__x: 'x' } }))?.option).toBe(
      '__proto__x',
    );
    expect(checkRequest(pin, request({ commandName: 'pin', subcommand: 'nuke' }))?.option).toBe('subcommand');
    expect(checkRequest(pin, request({ commandName: 'pin', options: {} }))?.option).toBe('subcommand');
    expect(checkRequest(ask, request({ subcommand: 'add', options: { question: 'q' } }))?.option).toBe(
      'subcommand',
    );
    expect(
      checkRequest(pin, request({ commandName: 'pin', subcommand: 'import', options: {} }))?.message,
    ).toContain('"file" is required');
  });

  it('autocomplete may be partial, but not longer than the option', () => {
    const typing = { name: 'question', value: 'how m' };
    expect(
      checkRequest(ask, request({ kind: 'autocomplete', options: {}, focused: typing })),
    ).toBeUndefined();
    expect(
      checkRequest(
        ask,
        request({ kind: 'autocomplete', focused: { name: 'question', value: 'x'.repeat(6000) } }),
      )?.option,
    ).toBe('question');
    expect(
      checkRequest(
        pin,
        request({
          kind: 'autocomplete',
          commandName: 'pin',
          subcommand: 'remove',
          focused: { name: 'id', value: 'abc' },
        }),
      ),
    ).toBeUndefined();
  });

  it('custom ids, form fields and messages beyond Discord limits', () => {
    expect(
      checkRequest(undefined, request({ kind: 'component', customId: 'ask:' + 'x'.repeat(200) }))?.option,
    ).toBe('custom_id');
    expect(
      checkRequest(
        undefined,
        request({ kind: 'modal', customId: 'pin:add', fields: { text: 'x'.repeat(4001) } }),
      )?.option,
    ).toBe('field:text');
    expect(
      checkRequest(ask, request({ kind: 'mention', options: { question: 'x'.repeat(4001) } }))?.option,
    ).toBe('question');
    expect(
      checkRequest(ask, request({ kind: 'mention', options: { question: 'x'.repeat(4000) } })),
    ).toBeUndefined();
  });
});
