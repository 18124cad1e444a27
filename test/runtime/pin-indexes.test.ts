import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadEngine } from '../../src/engine.ts';
import { PinIndexes } from '../../src/runtime/pin-indexes.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { holdPins, openOrThrow, tempDir } from '../store/helpers.ts';

let dir: ReturnType<typeof tempDir>;
let store: SqliteStore;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/nested/dir/citebot.sqlite`;
  store = openOrThrow({ path });
});
afterEach(() => {
  store.close();
  dir.cleanup();
});

describe('the per-server pin index cache', () => {
  it("builds a guild's index once and rebuilds it as soon as that guild's pins change", () => {
    let builds = 0;
    const indexes = new PinIndexes(store, (pins) => {
      builds++;
      return holdPins(pins);
    });
    const first = indexes.for('g1');
    expect(indexes.for('g1')).toBe(first);
    expect(builds).toBe(1);
    const added = store.addPin({ guildId: 'g1', text: 'new fact', createdBy: '1' });
    expect(indexes.for('g1')?.pins.map((p) => p.text)).toEqual(['new fact']);
    // Another guild's change does not rebuild this one.
    store.addPin({ guildId: 'g2', text: 'other', createdBy: '1' });
    const current = indexes.for('g1');
    expect(indexes.for('g1')).toBe(current);
    if (added.ok) store.editPin('g1', added.value.id, { text: 'edited fact' });
    expect(indexes.for('g1')?.pins.map((p) => p.text)).toEqual(['edited fact']);
    if (added.ok) store.removePin('g1', added.value.id);
    expect(indexes.for('g1')?.pins).toEqual([]);
  });

  it('rebuilds every index after forget() (the engine was replaced)', () => {
    let builds = 0;
    const indexes = new PinIndexes(store, (pins) => (builds++, holdPins(pins)));
    indexes.for('g1');
    indexes.for('g2');
    indexes.forget();
    indexes.for('g1');
    expect(builds).toBe(3);
  });

  it('sees pins written by another connection (the console) without a restart', () => {
    const indexes = new PinIndexes(store, holdPins);
    expect(indexes.for('g1')?.pins).toEqual([]);
    const console = openOrThrow({ path });
    console.addPin({ guildId: 'g1', text: 'from the console', createdBy: '1' });
    console.close();
    expect(indexes.for('g1')?.pins.map((p) => p.text)).toEqual(['from the console']);
  });

  it('answers from a stored pin with the real engine, only in its server', async () => {
    const engine = await loadEngine(join(import.meta.dirname, '../fixtures/knowledge-mixed'));
    const indexes = new PinIndexes(store, engine.indexPins.bind(engine));
    store.addPin({
      guildId: 'g1',
      text: 'The hackathon is on Friday in Hall B.',
      keywords: 'hackathon',
      createdBy: '1',
    });
    const ours = engine.search('When is the hackathon?', { pins: indexes.for('g1') });
    expect(ours[0]).toMatchObject({ source: 'pin', pin: { guildId: 'g1' } });
    const theirs = engine.search('When is the hackathon?', { pins: indexes.for('g2') });
    expect(theirs.some((citation) => citation.source === 'pin')).toBe(false);
  });
});

describe('pin sources', () => {
  it('keeps links in a form that cannot break the markdown they are shown in', () => {
    const added = store.addPin({
      guildId: 'g1',
      text: 'Linked fact',
      sourceUrl: 'https://en.wikipedia.org/wiki/Torch_(machine_learning)?q=<@&1>',
      createdBy: '1',
    });
    expect(added.ok && added.value.sourceUrl).toBe(
      'https://en.wikipedia.org/wiki/Torch_%28machine_learning%29?q=%3C@&1%3E',
    );
    expect(store.addPin({ guildId: 'g1', text: 'x', sourceUrl: 'https://', createdBy: '1' }).ok).toBe(false);
  });
});
