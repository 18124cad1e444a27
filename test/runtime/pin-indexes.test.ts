import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadEngine } from '../../src/engine.ts';
import { PinIndexes } from '../../src/runtime/pin-indexes.ts';
import { holdPins, openOrThrow, storePerTest } from '../store/helpers.ts';

const db = storePerTest();

describe('the per-server pin index cache', () => {
  it("builds a guild's index once and rebuilds it as soon as that guild's pins change", async () => {
    let builds = 0;
    const indexes = new PinIndexes(db.store, (pins) => {
      builds++;
      return holdPins(pins);
    });
    const first = await indexes.for('g1');
    expect(await indexes.for('g1')).toBe(first);
    expect(builds).toBe(1);
    const added = await db.store.addPin({ guildId: 'g1', text: 'new fact', createdBy: '1' });
    expect((await indexes.for('g1'))?.pins.map((p) => p.text)).toEqual(['new fact']);
    // Another guild's change does not rebuild this one.
    await db.store.addPin({ guildId: 'g2', text: 'other', createdBy: '1' });
    const current = await indexes.for('g1');
    expect(await indexes.for('g1')).toBe(current);
    if (added.ok) await db.store.editPin('g1', added.value.id, { text: 'edited fact' });
    expect((await indexes.for('g1'))?.pins.map((p) => p.text)).toEqual(['edited fact']);
    if (added.ok) await db.store.removePins('g1', [added.value.id]);
    expect((await indexes.for('g1'))?.pins).toEqual([]);
  });

  it('rebuilds every index after forget() (the engine was replaced)', async () => {
    let builds = 0;
    const indexes = new PinIndexes(db.store, (pins) => (builds++, holdPins(pins)));
    await indexes.for('g1');
    await indexes.for('g2');
    indexes.forget();
    await indexes.for('g1');
    expect(builds).toBe(3);
  });

  it('sees pins written by another connection (the console) without a restart', async () => {
    const indexes = new PinIndexes(db.store, holdPins);
    expect((await indexes.for('g1'))?.pins).toEqual([]);
    const console = openOrThrow({ path: db.path });
    await console.addPin({ guildId: 'g1', text: 'from the console', createdBy: '1' });
    console.close();
    expect((await indexes.for('g1'))?.pins.map((p) => p.text)).toEqual(['from the console']);
  });

  it('answers from a stored pin with the real engine, only in its server', async () => {
    const engine = await loadEngine(join(import.meta.dirname, '../fixtures/knowledge-mixed'));
    const indexes = new PinIndexes(db.store, engine.indexPins.bind(engine));
    await db.store.addPin({
      guildId: 'g1',
      text: 'The hackathon is on Friday in Hall B.',
      keywords: 'hackathon',
      createdBy: '1',
    });
    const ours = engine.search('When is the hackathon?', { pins: await indexes.for('g1') });
    expect(ours[0]).toMatchObject({ source: 'pin', pin: { guildId: 'g1' } });
    const theirs = engine.search('When is the hackathon?', { pins: await indexes.for('g2') });
    expect(theirs.some((citation) => citation.source === 'pin')).toBe(false);
  });
});
