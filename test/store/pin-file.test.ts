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

  it("makes the importer a pin's author, whatever the file says, and keeps the file's date", async () => {
    const parsed = parsePinFile(
      JSON.stringify([
        { text: 'a', createdBy: '123456789012345678', createdByName: '@everyone', createdAt: '2024-05-01' },
        { text: 'b', createdBy: '<@&123> @everyone' },
      ]),
    );
    if (!parsed.ok) throw new Error(parsed.message);
    const report = await store.importPins('g1', parsed.value, {
      createdBy: '999',
      createdByName: 'importer',
    });
    expect(report.added.map(({ createdBy, createdByName }) => [createdBy, createdByName])).toEqual([
      ['999', 'importer'],
      ['999', 'importer'],
    ]);
    expect(report.added[0]?.createdAt).toBe('2024-05-01T00:00:00.000Z');
  });

  it('round-trips every field into another server', async () => {
    const author = { createdBy: '140000000000000007', createdByName: 'mod' };
    await store.addPin({ guildId: 'g1', text: 'Fact one', keywords: 'one', passageKey: 'a§1', ...author });
    await store.addPin({
      guildId: 'g1',
      text: '事实二',
      sourceUrl: 'https://discord.com/channels/1/2/3',
      ...author,
    });
    await store.addPin({ guildId: 'other', text: 'not exported', createdBy: '7' });
    const exported = serializePins('g1', await store.listPins('g1'));
    expect(exported).not.toContain('not exported');
    const parsed = parsePinFile(exported);
    if (!parsed.ok) throw new Error(parsed.message);
    const report = await store.importPins('g2', parsed.value, author);
    expect(report.skipped).toEqual([]);
    expect(report.refused).toEqual([]);
    // The importer is the author of what it imported: here the same moderator, so every field matches.
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
