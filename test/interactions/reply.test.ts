import fc from 'fast-check';
import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  autocompleteChoices,
  escapeUserText,
  finishReplyData,
  truncateText,
  unescapeUserText,
} from '../../src/interactions/reply.ts';

const button = (id: string) => ({
  type: ComponentType.Button as const,
  style: ButtonStyle.Secondary as const,
  custom_id: id,
  label: id,
});

describe('truncateText', () => {
  it('leaves short text alone', () => {
    expect(truncateText('短句。', 10)).toBe('短句。');
  });

  it('cuts a long passage after the last whole sentence and adds an ellipsis', () => {
    const text = '第一句话说完了。第二句话也说完了。第三句话很长很长很长很长很长很长很长';
    expect(truncateText(text, 20)).toBe('第一句话说完了。第二句话也说完了。…');
  });

  it('cuts English at a sentence end, not inside a word', () => {
    expect(truncateText('PyTorch turned five. It has 2000 contributors and more', 40)).toBe(
      'PyTorch turned five.…',
    );
  });

  it('never splits a surrogate pair and never exceeds the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 2, max: 200 }),
        (text, max) => {
          const cut = truncateText(text, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
          if (cut !== text) expect(cut.endsWith('…')).toBe(true);
        },
      ),
    );
  });
});

describe('escapeUserText', () => {
  it('shows markdown and mentions as typed, without pinging', () => {
    const escaped = escapeUserText('**hi** @everyone <@123456789012345678> `x`');
    expect(escaped).not.toContain('@everyone');
    expect(escaped).not.toContain('<@1');
    expect(escaped).toContain('\\*\\*hi\\*\\*');
  });

  it('replaces a lone surrogate', () => {
    expect(escapeUserText('a\uD800b')).toBe('a\uFFFDb');
  });

  it('reads back what it escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        fc.pre(!text.includes('\u200b') && !text.includes('\\'));
        expect(unescapeUserText(escapeUserText(text))).toBe(text);
      }),
    );
  });
});

describe('finishReplyData (every reply passes through it)', () => {
  it('always sets allowed_mentions to parse nothing', () => {
    expect(finishReplyData({ content: '@everyone' }).allowed_mentions).toEqual({ parse: [] });
  });

  it('lets exactly the named user be notified', () => {
    expect(finishReplyData({ content: '<@1>' }, { mentionUsers: ['1'] }).allowed_mentions).toEqual({
      parse: [],
      users: ['1'],
    });
  });

  it('sets the ephemeral flag and keeps other flags', () => {
    const data = finishReplyData({ content: 'x', flags: MessageFlags.SuppressEmbeds }, { ephemeral: true });
    expect(data.flags).toBe(MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral);
  });

  it('keeps content to 2000 and all embeds together to 6000 characters', () => {
    const long = '这是一句话。'.repeat(2000);
    const data = finishReplyData({
      content: long,
      embeds: [0, 1, 2].map(() => ({
        title: long,
        description: long,
        fields: [{ name: long, value: long }],
        footer: { text: long },
      })),
    });
    expect(data.content!.length).toBeLessThanOrEqual(2000);
    const total = data.embeds!.reduce(
      (sum, e) =>
        sum +
        (e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
      0,
    );
    expect(total).toBeLessThanOrEqual(6000);
    for (const embed of data.embeds!) {
      expect(embed.title!.length).toBeLessThanOrEqual(256);
      for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    }
  });

  it('refuses components Discord would reject: a sixth button, a custom_id over 100', () => {
    const row = (n: number) => ({
      type: ComponentType.ActionRow as const,
      components: Array.from({ length: n }, (_, i) => button(`b${i}`)),
    });
    expect(() => finishReplyData({ components: [row(6)] })).toThrow(/max 5/);
    expect(() => finishReplyData({ components: [row(1), row(1), row(1), row(1), row(1), row(1)] })).toThrow(
      /max 5/,
    );
    expect(() =>
      finishReplyData({
        components: [{ type: ComponentType.ActionRow, components: [button('x'.repeat(101))] }],
      }),
    ).toThrow(/100/);
  });
});

describe('autocompleteChoices', () => {
  it('returns at most 25 distinct choices with names and values of at most 100 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      name: `${i} ${'长'.repeat(150)}`,
      value: `${i}${'v'.repeat(150)}`,
    }));
    const choices = autocompleteChoices([...many, ...many]);
    expect(choices).toHaveLength(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(String(choice.value).length).toBeLessThanOrEqual(100);
    }
  });

  it('drops empty values', () => {
    expect(autocompleteChoices([{ name: 'x', value: '  ' }])).toEqual([]);
  });
});
