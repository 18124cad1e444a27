import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePinFile, serializePins } from '../../src/store/pin-file.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { moderator, openOrThrow, tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let store: SqliteStore;

beforeEach(async () => {
  dir = tempDir();
  store = openOrThrow({ path: `${dir.dir}/db.sqlite` });
});
afterEach(async () => {
  store.close();
  dir.cleanup();
});

describe('export and import', () => {
  it('refuses a file with more entries than a server may hold, before any per-entry work', async () => {
    const parsed = parsePinFile(
      JSON.stringify(Array.from({ length: 501 }, (_, i) => ({ text: `fact ${i}` }))),
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toBe('too-many-entries');
  });

  it('keeps an imported createdBy only when it is a Discord user id', async () => {
    const parsed = parsePinFile(
      JSON.stringify([
        { text: 'a', createdBy: '<@&123> @everyone' },
        { text: 'b', createdBy: '140000000000000007' },
      ]),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.map((entry) => entry.createdBy)).toEqual([undefined, '140000000000000007']);
  });

  it('round-trips every field into another server', async () => {
    // Authors are Discord user ids: an import keeps only those.
    const author = { createdBy: '140000000000000007', createdByName: 'mod' };
    await store.addPin({ guildId: 'g1', text: 'Fact one', keywords: 'one', passageKey: 'a§1', ...author });
    await store.addPin({
      guildId: 'g1',
      text: '事实二',
      sourceUrl: 'https://discord.com/channels/1/2/3',
      createdBy: '140000000000000007',
    });
    await store.addPin({ guildId: 'other', text: 'not exported', createdBy: '7' });
    const exported = serializePins('g1', await store.listPins('g1'));
    expect(exported).not.toContain('not exported');
    const parsed = parsePinFile(exported);
    if (!parsed.ok) throw new Error(parsed.message);
    const report = await store.importPins('g2', parsed.value, { createdBy: '999' });
    expect(report.skipped).toEqual([]);
    expect(report.refused).toEqual([]);
    const strip = ({ id: _id, guildId: _guild, ...rest }: { id: number; guildId: string }) => rest;
    expect((await store.listPins('g2')).map(strip)).toEqual((await store.listPins('g1')).map(strip));
  });

  it('reports added, skipped (already pinned) and refused (invalid) entries', async () => {
    await store.addPin({ guildId: 'g1', text: 'Already here', createdBy: '1' });
    const parsed = parsePinFile(
      JSON.stringify({
        format: 'citebot-pins',
        pins: [
          { text: 'New fact' },
          { text: 'already here.' },
          { text: 'x'.repeat(1001) },
          { keywords: 'no text' },
          'not an object',
          { text: 'New fact' },
          { text: 'bad source', sourceUrl: 'ftp://x' },
        ],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const report = await store.importPins('g1', parsed.value, { createdBy: '42', createdByName: 'importer' });
    expect(report.added.map((pin) => [pin.text, pin.createdBy])).toEqual([['New fact', '42']]);
    expect(report.skipped.map((entry) => entry.index)).toEqual([1, 5]);
    expect(report.refused.map((entry) => [entry.index, entry.reason])).toEqual([
      [2, expect.stringMatching(/at most 1000/)],
      [3, expect.stringMatching(/needs some text/)],
      [4, expect.stringMatching(/needs some text/)],
      [6, expect.stringMatching(/http\(s\)/)],
    ]);
  });

  it('refuses entries past the per-server limit', async () => {
    for (let n = 0; n < 499; n++) await store.addPin({ guildId: 'g1', text: `fact ${n}`, createdBy: '1' });
    const report = await store.importPins('g1', [{ text: 'fits' }, { text: 'does not fit' }], {
      createdBy: '1',
    });
    expect(report.added).toHaveLength(1);
    expect(report.refused).toEqual([
      {
        index: 1,
        text: 'does not fit',
        reason: expect.stringMatching(/500/),
        problem: 'pin-limit',
        values: { max: 500 },
      },
    ]);
  });

  it('refuses files that are not pin exports', async () => {
    expect(parsePinFile('not json')).toMatchObject({ ok: false, message: expect.stringMatching(/not JSON/) });
    expect(parsePinFile('{"format":"other","pins":[]}')).toMatchObject({ ok: false });
    expect(parsePinFile('{"hello":1}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no list of pins/),
    });
    expect(parsePinFile('x'.repeat(2_000_001))).toMatchObject({ ok: false });
    expect(parsePinFile('\uFEFF[{"text":"bare array"}]')).toEqual({
      ok: true,
      value: [{ text: 'bare array' }],
    });
  });
});
