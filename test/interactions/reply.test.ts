import fc from 'fast-check';
import { ButtonStyle, ComponentType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  autocompleteChoices,
  escapeUserText,
  finishReplyData,
  modal,
  truncateText,
  unescapeUserText,
} from '../../src/interactions/reply.ts';
import { PROPS } from '../props/arbitraries.ts';

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
      PROPS,
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
      PROPS,
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
});

/**
 * Each of Discord's limits, one at a time, with Discord's own numbers written here (not read from
 * DISCORD_LIMITS, so raising one there fails a test). The text has no sentence end or space to cut
 * at, so a clamp fills the limit exactly: a limit raised by one shows.
 */
describe('finishReplyData keeps every Discord limit', () => {
  const long = (n: number) => 'a'.repeat(n);
  const sizes = (data: ReturnType<typeof finishReplyData>) =>
    (data.embeds ?? []).map(
      (e) =>
        (e.title?.length ?? 0) +
        (e.description?.length ?? 0) +
        (e.footer?.text.length ?? 0) +
        (e.author?.name.length ?? 0) +
        (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0),
    );

  it.each([
    { limit: 'content', max: 2000, data: { content: long(3000) }, size: (d: any) => d.content.length },
    {
      limit: 'embeds',
      max: 10,
      data: { embeds: Array.from({ length: 12 }, () => ({ title: 't' })) },
      size: (d: any) => d.embeds.length,
    },
    {
      limit: 'embed title',
      max: 256,
      data: { embeds: [{ title: long(1000) }] },
      size: (d: any) => d.embeds[0].title.length,
    },
    {
      limit: 'embed description',
      max: 4096,
      data: { embeds: [{ description: long(5000) }] },
      size: (d: any) => d.embeds[0].description.length,
    },
    {
      limit: 'fields per embed',
      max: 25,
      data: { embeds: [{ fields: Array.from({ length: 30 }, () => ({ name: 'n', value: 'v' })) }] },
      size: (d: any) => d.embeds[0].fields.length,
    },
    {
      limit: 'field name',
      max: 256,
      data: { embeds: [{ fields: [{ name: long(1000), value: 'v' }] }] },
      size: (d: any) => d.embeds[0].fields[0].name.length,
    },
    {
      limit: 'field value',
      max: 1024,
      data: { embeds: [{ fields: [{ name: 'n', value: long(3000) }] }] },
      size: (d: any) => d.embeds[0].fields[0].value.length,
    },
    {
      limit: 'footer',
      max: 2048,
      data: { embeds: [{ footer: { text: long(3000) } }] },
      size: (d: any) => d.embeds[0].footer.text.length,
    },
    {
      limit: 'author name',
      max: 256,
      data: { embeds: [{ author: { name: long(1000) } }] },
      size: (d: any) => d.embeds[0].author.name.length,
    },
    {
      limit: 'all embeds together',
      max: 6000,
      data: { embeds: [0, 1, 2].map(() => ({ description: long(4000) })) },
      size: (d: any) => sizes(d).reduce((a: number, b: number) => a + b, 0),
    },
    {
      limit: 'all embeds together, fields first',
      max: 6000,
      data: {
        embeds: [0, 1].map(() => ({
          title: long(200),
          fields: Array.from({ length: 6 }, () => ({ name: long(200), value: long(1000) })),
        })),
      },
      size: (d: any) => sizes(d).reduce((a: number, b: number) => a + b, 0),
    },
    {
      limit: 'button label',
      max: 80,
      data: {
        components: [{ type: ComponentType.ActionRow, components: [{ ...button('b'), label: long(200) }] }],
      },
      size: (d: any) => d.components[0].components[0].label.length,
    },
  ])('$limit: at most $max, and no more cut than needed', ({ data, size, max }) => {
    const out = finishReplyData(data as never);
    expect(size(out)).toBeLessThanOrEqual(max);
    expect(size(out)).toBeGreaterThan(max * 0.8);
    expect(out.allowed_mentions).toEqual({ parse: [] });
  });

  const row = (n: number, id = (i: number) => `b${i}`) => ({
    type: ComponentType.ActionRow as const,
    components: Array.from({ length: n }, (_, i) => button(id(i))),
  });

  it('5 buttons in a row, but not 6', () => {
    expect(() => finishReplyData({ components: [row(5)] })).not.toThrow();
    expect(() => finishReplyData({ components: [row(6)] })).toThrow(/max 5/);
  });

  it('5 action rows, but not 6', () => {
    expect(() => finishReplyData({ components: [1, 2, 3, 4, 5].map(() => row(1)) })).not.toThrow();
    expect(() => finishReplyData({ components: [1, 2, 3, 4, 5, 6].map(() => row(1)) })).toThrow(/max 5/);
  });

  it('a custom_id of 100 characters, but not 101', () => {
    expect(() => finishReplyData({ components: [row(1, () => long(100))] })).not.toThrow();
    expect(() => finishReplyData({ components: [row(1, () => long(101))] })).toThrow(/100/);
  });

  it('a modal: title at most 45, custom_id at most 100', () => {
    const form = (customId: string, title: string) => modal({ custom_id: customId, title, components: [] });
    const shown = form('pin:add', long(100));
    expect(shown.type === 'modal' && shown.data.title.length).toBe(45);
    expect(() => form(long(100), 't')).not.toThrow();
    expect(() => form(long(101), 't')).toThrow(/too long/);
  });
});

describe('autocompleteChoices', () => {
  it('returns at most 25 distinct choices with names and values of at most 100 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      name: `${i}${'长'.repeat(300)}`,
      value: `${i}${'v'.repeat(300)}`,
    }));
    const choices = autocompleteChoices([...many, ...many]);
    expect(choices).toHaveLength(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.name.length).toBeGreaterThan(90);
      expect(String(choice.value)).toHaveLength(100);
    }
  });

  it('drops empty values', () => {
    expect(autocompleteChoices([{ name: 'x', value: '  ' }])).toEqual([]);
  });
});
