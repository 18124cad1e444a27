import { describe, expect, it } from 'vitest';
import { PinIndexes } from '../../src/runtime/pin-indexes.ts';
import { STORE_LIMITS } from '../../src/store/limits.ts';
import { BACKENDS, holdPins, moderator, storePerTest } from './helpers.ts';

describe.each(BACKENDS)('%s store', (backend) => {
  const db = storePerTest(backend);

  describe('pinned facts', () => {
    it('creates the database directory and keeps a pin with who pinned it, when and its source', async () => {
      const added = await db.store.addPin({
        guildId: 'g1',
        text: '  The meetup is on 3 May.  ',
        keywords: 'meetup, date',
        passageKey: 'a§2',
        sourceUrl: 'https://discord.com/channels/g1/c/m',
        ...moderator,
      });
      expect(added).toMatchObject({
        ok: true,
        value: {
          guildId: 'g1',
          text: 'The meetup is on 3 May.',
          keywords: 'meetup, date',
          passageKey: 'a§2',
          sourceUrl: 'https://discord.com/channels/g1/c/m',
          createdBy: '100',
          createdByName: 'mod',
        },
      });
      if (!added.ok) return;
      expect(Date.parse(added.value.createdAt)).not.toBeNaN();
      expect(await db.store.getPin('g1', added.value.id)).toEqual(added.value);
      expect(await db.store.listPins('g1')).toEqual([added.value]);
    });

    it('omits optional fields that were not given', async () => {
      const added = await db.store.addPin({
        guildId: 'g1',
        text: 'Plain fact',
        keywords: ' ',
        createdBy: '1',
      });
      expect(added.ok && Object.keys(added.value).sort()).toEqual([
        'createdAt',
        'createdBy',
        'guildId',
        'id',
        'text',
      ]);
    });

    it('refuses empty, too long and badly sourced facts with a message', async () => {
      const refuse = async (fields: {
        text: string;
        keywords?: string;
        sourceUrl?: string;
        passageKey?: string;
      }) => {
        const result = await db.store.addPin({ guildId: 'g1', createdBy: '1', ...fields });
        expect(result.ok).toBe(false);
        return result.ok ? '' : result.message;
      };
      expect(await refuse({ text: '   ' })).toMatch(/needs some text/);
      expect(await refuse({ text: '？！。' })).toMatch(/more than punctuation/);
      expect(await refuse({ text: 'x'.repeat(STORE_LIMITS.pinText + 1) })).toMatch(
        /at most 1000 characters; this one has 1001/,
      );
      expect(await refuse({ text: 'ok', keywords: 'k'.repeat(201) })).toMatch(/Keywords/);
      expect(await refuse({ text: 'ok', passageKey: 'p'.repeat(101) })).toMatch(/passage reference/);
      expect(await refuse({ text: 'ok', sourceUrl: 'javascript:alert(1)' })).toMatch(/http\(s\) link/);
      expect((await db.store.addPin({ guildId: 'g1', createdBy: '1', text: 'x'.repeat(1000) })).ok).toBe(
        true,
      );
      expect(await db.store.countPins('g1')).toBe(1);
    });

    it('refuses a duplicate fact, compared after normalization (case, width, traditional script, end punctuation)', async () => {
      const first = await db.store.addPin({
        guildId: 'g1',
        text: 'PyTorch 有 2000 多位貢獻者。',
        createdBy: '1',
      });
      expect(first.ok).toBe(true);
      const again = await db.store.addPin({
        guildId: 'g1',
        text: ' pytorch  有 ２０００ 多位贡献者 ',
        createdBy: '2',
      });
      expect(again).toEqual({
        ok: false,
        message: expect.stringMatching(/already pinned as #\d+/),
        problem: 'duplicate',
        values: { id: 1 },
      });
      // Another server may pin the same fact.
      expect(
        (await db.store.addPin({ guildId: 'g2', text: 'PyTorch 有 2000 多位貢獻者。', createdBy: '1' })).ok,
      ).toBe(true);
    });

    it(`allows ${STORE_LIMITS.pinsPerGuild} pins per server and explains the limit past it`, async () => {
      for (let n = 0; n < STORE_LIMITS.pinsPerGuild; n++) {
        expect((await db.store.addPin({ guildId: 'g1', text: `fact ${n}`, createdBy: '1' })).ok).toBe(true);
      }
      const over = await db.store.addPin({ guildId: 'g1', text: 'one more', createdBy: '1' });
      expect(over).toMatchObject({
        ok: false,
        message: expect.stringMatching(/already has 500 pinned facts.*\/pin remove/),
      });
      expect((await db.store.addPin({ guildId: 'g2', text: 'one more', createdBy: '1' })).ok).toBe(true);
    });

    it('edits text, keywords and passage; clears a field given as empty; refuses a duplicate edit', async () => {
      const a = await db.store.addPin({
        guildId: 'g1',
        text: 'first',
        keywords: 'k',
        passageKey: 'a§1',
        createdBy: '1',
      });
      const b = await db.store.addPin({ guildId: 'g1', text: 'second', createdBy: '1' });
      if (!a.ok || !b.ok) throw new Error('setup');
      const edited = await db.store.editPin('g1', a.value.id, { text: 'first, corrected', keywords: '' });
      expect(edited).toMatchObject({
        ok: true,
        value: { id: a.value.id, text: 'first, corrected', passageKey: 'a§1' },
      });
      expect(edited.ok && edited.value.keywords).toBeUndefined();
      expect(await db.store.editPin('g1', a.value.id, { text: 'Second.' })).toMatchObject({
        ok: false,
        message: expect.stringMatching(new RegExp(`already pinned as #${b.value.id}`)),
      });
      // Re-saving a pin's own text is not a duplicate of itself.
      expect((await db.store.editPin('g1', b.value.id, { text: 'second' })).ok).toBe(true);
      expect(await db.store.editPin('g1', a.value.id, { text: '' })).toMatchObject({ ok: false });
      expect(await db.store.editPin('g1', 9999, { text: 'x' })).toMatchObject({
        ok: false,
        message: 'There is no pin #9999 in this server.',
      });
    });

    it("edits a pin's source, keeps it when not given, and clears it with an empty one", async () => {
      const a = await db.store.addPin({
        guildId: 'g1',
        text: 'sourced',
        sourceUrl: 'https://a.example/',
        createdBy: '1',
      });
      if (!a.ok) throw new Error('setup');
      const id = a.value.id;
      await db.store.editPin('g1', id, { text: 'sourced', sourceUrl: 'https://b.example/' });
      expect((await db.store.getPin('g1', id))?.sourceUrl).toBe('https://b.example/');
      await db.store.editPin('g1', id, { text: 'sourced, edited' });
      expect((await db.store.getPin('g1', id))?.sourceUrl).toBe('https://b.example/');
      expect(await db.store.editPin('g1', id, { sourceUrl: 'javascript:x' })).toMatchObject({
        problem: 'bad-source',
      });
      await db.store.editPin('g1', id, { sourceUrl: '' });
      expect((await db.store.getPin('g1', id))?.sourceUrl).toBeUndefined();
    });

    it('removes several pins at once, and says so when none of them is one', async () => {
      const ids = [];
      for (const text of ['one', 'two', 'three']) {
        const added = await db.store.addPin({ guildId: 'g1', text, createdBy: '1' });
        if (added.ok) ids.push(added.value.id);
      }
      const removed = await db.store.removePins('g1', [ids[2]!, 999, ids[0]!]);
      expect(removed.ok && removed.value.map((pin) => pin.text)).toEqual(['three', 'one']);
      expect((await db.store.listPins('g1')).map((pin) => pin.text)).toEqual(['two']);
      expect(await db.store.removePins('g1', [999, 1000])).toMatchObject({
        ok: false,
        problem: 'no-such-pin',
      });
    });

    it('removes a pin and says so when there is none', async () => {
      const a = await db.store.addPin({ guildId: 'g1', text: 'to remove', createdBy: '1' });
      if (!a.ok) throw new Error('setup');
      expect(await db.store.removePins('g1', [a.value.id])).toEqual({ ok: true, value: [a.value] });
      expect(await db.store.removePins('g1', [a.value.id])).toMatchObject({
        ok: false,
        message: `There is no pin #${a.value.id} in this server.`,
      });
      expect(await db.store.listPins('g1')).toEqual([]);
    });
  });

  describe('guild isolation', () => {
    it("another server never gets, lists, edits, removes or is answered from this server's pins", async () => {
      const pin = await db.store.addPin({ guildId: 'ours', text: 'Our meetup is on Friday', createdBy: '1' });
      if (!pin.ok) throw new Error('setup');
      const id = pin.value.id;
      expect(await db.store.getPin('theirs', id)).toBeUndefined();
      expect(await db.store.listPins('theirs')).toEqual([]);
      expect(await db.store.countPins('theirs')).toBe(0);
      expect(await db.store.editPin('theirs', id, { text: 'hijacked' })).toMatchObject({ ok: false });
      expect(await db.store.removePins('theirs', [id])).toMatchObject({ ok: false });
      const indexes = new PinIndexes(db.store, holdPins);
      expect((await indexes.for('theirs'))?.pins).toEqual([]);
      expect(await indexes.for(null)).toBeUndefined();
      expect((await db.store.getPin('ours', id))?.text).toBe('Our meetup is on Friday');
    });
  });

  describe('pin sources', () => {
    it('keeps links in a form that cannot break the markdown they are shown in', async () => {
      const added = await db.store.addPin({
        guildId: 'g1',
        text: 'Linked fact',
        sourceUrl: 'https://en.wikipedia.org/wiki/Torch_(machine_learning)?q=<@&1>',
        createdBy: '1',
      });
      expect(added.ok && added.value.sourceUrl).toBe(
        'https://en.wikipedia.org/wiki/Torch_%28machine_learning%29?q=%3C@&1%3E',
      );
      expect(
        (await db.store.addPin({ guildId: 'g1', text: 'x', sourceUrl: 'https://', createdBy: '1' })).ok,
      ).toBe(false);
    });
  });
});
