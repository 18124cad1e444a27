import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadEngine } from '../../src/engine.ts';
import { PinIndexes } from '../../src/runtime/pin-indexes.ts';
import { holdPins, openOrThrow, storePerTest } from '../store/helpers.ts';

const db = storePerTest();

describe('the per-server pin index cache', () => {
  it("builds a guild's index once and rebuilds it as soon as that guild's pins change", () => {
    let builds = 0;
    const indexes = new PinIndexes(db.store, (pins) => {
      builds++;
      return holdPins(pins);
    });
    const first = indexes.for('g1');
    expect(indexes.for('g1')).toBe(first);
    expect(builds).toBe(1);
    const added = db.store.addPin({ guildId: 'g1', text: 'new fact', createdBy: '1' });
    expect(indexes.for('g1')?.pins.map((p) => p.text)).toEqual(['new fact']);
    // Another guild's change does not rebuild this one.
    db.store.addPin({ guildId: 'g2', text: 'other', createdBy: '1' });
    const current = indexes.for('g1');
    expect(indexes.for('g1')).toBe(current);
    if (added.ok) db.store.editPin('g1', added.value.id, { text: 'edited fact' });
    expect(indexes.for('g1')?.pins.map((p) => p.text)).toEqual(['edited fact']);
    if (added.ok) db.store.removePin('g1', added.value.id);
    expect(indexes.for('g1')?.pins).toEqual([]);
  });

  it('rebuilds every index after forget() (the engine was replaced)', () => {
    let builds = 0;
    const indexes = new PinIndexes(db.store, (pins) => (builds++, holdPins(pins)));
    indexes.for('g1');
    indexes.for('g2');
    indexes.forget();
    indexes.for('g1');
    expect(builds).toBe(3);
  });

  it('sees pins written by another connection (the console) without a restart', () => {
    const indexes = new PinIndexes(db.store, holdPins);
    expect(indexes.for('g1')?.pins).toEqual([]);
    const console = openOrThrow({ path: db.path });
    console.addPin({ guildId: 'g1', text: 'from the console', createdBy: '1' });
    console.close();
    expect(indexes.for('g1')?.pins.map((p) => p.text)).toEqual(['from the console']);
  });

  it('answers from a stored pin with the real engine, only in its server', async () => {
    const engine = await loadEngine(join(import.meta.dirname, '../fixtures/knowledge-mixed'));
    const indexes = new PinIndexes(db.store, engine.indexPins.bind(engine));
    db.store.addPin({
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
