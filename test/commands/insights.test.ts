import { ComponentType } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as insightsCommand from '../../commands/insights.ts';
import * as pinCommand from '../../commands/pin/index.ts';
import { withPreconditions } from '../../src/interactions/preconditions.ts';
import type { CommandResponse, Services } from '../../src/interactions/contract.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { fixtureServices, isEphemeral, messageOf, request, textOf } from './pin-fixtures.ts';
import { answerQuestion } from '../../commands/answer/use-case.ts';
import { pngSize } from '../helpers/png.ts';

// As the router serves them: each command's preconditions run before its handlers.
const pin = withPreconditions(pinCommand);
const insights = withPreconditions(insightsCommand);

let services: Services;
let store: SqliteStore;
let cleanup: () => void;

beforeEach(async () => {
  ({ services, store, cleanup } = await fixtureServices());
});
afterEach(() => cleanup());

const GUILD = '222222222222222222';
const OTHER_GUILD = '444444444444444444';
const ask = (guildId = GUILD) => request({ commandName: 'insights', guildId });

function buttonsOf(response: CommandResponse): string[] {
  return (messageOf(response).components ?? []).flatMap((row) =>
    row.type === ComponentType.ActionRow
      ? row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : []))
      : [],
  );
}

describe('/insights', () => {
  it('shows unanswered and most asked questions and the feedback ratio, privately', async () => {
    await store.recordQuestion(GUILD, 'When is the hackathon?', false);
    await store.recordQuestion(GUILD, 'when is the hackathon', false);
    await store.recordQuestion(GUILD, 'Where is room 12?', true);
    await store.recordVote({
      guildId: GUILD,
      answerId: 'm1',
      userId: 'u1',
      helpful: true,
      question: 'Where is room 12?',
      cited: 'notes§2',
    });
    await store.recordVote({
      guildId: GUILD,
      answerId: 'm1',
      userId: 'u2',
      helpful: true,
      question: 'Where is room 12?',
      cited: 'notes§2',
    });
    await store.recordVote({
      guildId: GUILD,
      answerId: 'm1',
      userId: 'u3',
      helpful: false,
      question: 'Where is room 12?',
      cited: 'notes§2',
    });
    const response = await insights.handle(ask(), services);
    expect(isEphemeral(response)).toBe(true);
    const [unanswered, mostAsked, feedback] = messageOf(response).embeds![0]!.fields!;
    expect(unanswered!.value).toBe('1. when is the hackathon (×2)');
    expect(mostAsked!.value).toBe('• when is the hackathon (×2)\n• where is room 12 (×1 · 👎 1)');
    expect(feedback!.value).toBe('👍 2 · 👎 1 — 67% helpful');
  });

  it('offers "Pin an answer" that opens the pin form with the question filled in, and the pin answers it', async () => {
    await store.recordQuestion(GUILD, 'When is the hackathon?', false);
    const [customId] = buttonsOf(await insights.handle(ask(), services));
    expect(customId).toMatch(/^pin:answer:\d+$/);
    const form = await pin.handleComponent(
      request({ kind: 'component', commandName: '', customId: customId! }),
      services,
    );
    if (form.type !== 'modal') throw new Error('expected the pin form');
    expect(form.data.custom_id).toBe(`pin:add:q:${customId!.split(':')[2]}`);
    const values = Object.fromEntries(
      form.data.components.flatMap((row) =>
        row.type === ComponentType.ActionRow
          ? row.components.map((input) => [input.custom_id, input.value])
          : [],
      ),
    );
    expect(values).toEqual({ text: undefined, keywords: 'when is the hackathon', passage: undefined });
    const saved = await pin.handleModal(
      request({
        kind: 'modal',
        commandName: '',
        customId: form.data.custom_id,
        fields: { text: 'The hackathon is on Friday.', keywords: values.keywords!, passage: '' },
      }),
      services,
    );
    expect(textOf(saved)).toMatch(/Pinned #1/);
    expect((await store.insights(GUILD)).unanswered).toEqual([]);
    const answer = services.engine.ask('When is the hackathon?', {
      pins: await services.pinIndexFor!(GUILD),
    });
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.pin?.id).toBe(1);
  });

  it('at most five buttons, one per row, with labels within Discord limits', async () => {
    for (let n = 0; n < 8; n++)
      await store.recordQuestion(GUILD, `unanswered question ${n} ${'long '.repeat(30)}`, false);
    const response = await insights.handle(ask(), services);
    expect(buttonsOf(response)).toHaveLength(5);
    for (const row of messageOf(response).components!) {
      if (row.type !== ComponentType.ActionRow) continue;
      for (const button of row.components)
        expect('label' in button && (button.label ?? '').length).toBeLessThanOrEqual(80);
    }
  });

  it('says so when there is nothing yet', async () => {
    const text = textOf(await insights.handle(ask(), services));
    expect(text).toMatch(/None yet/);
    expect(text).toMatch(/No votes yet/);
  });

  it('escapes questions members typed', async () => {
    await store.recordQuestion(GUILD, '@everyone **look** <@123456789012345678>', false);
    const text = textOf(await insights.handle(ask(), services));
    expect(text).not.toMatch(/@everyone|<@1/);
  });
});

describe('guild isolation of insights', () => {
  it("another server sees none of this server's questions or votes, and cannot open its questions", async () => {
    await store.recordQuestion(GUILD, 'our secret question', false);
    await store.recordVote({
      guildId: GUILD,
      answerId: 'm1',
      userId: 'u1',
      helpful: false,
      question: 'our secret question',
      cited: '-',
    });
    const theirs = await insights.handle(ask(OTHER_GUILD), services);
    expect(textOf(theirs)).not.toContain('secret');
    expect(textOf(theirs)).toMatch(/No votes yet/);
    expect(buttonsOf(theirs)).toEqual([]);
    const [ours] = buttonsOf(await insights.handle(ask(), services));
    const stolen = await pin.handleComponent(
      request({ guildId: OTHER_GUILD, kind: 'component', commandName: '', customId: ours! }),
      services,
    );
    expect(stolen.type).toBe('message');
    expect(textOf(stolen)).toMatch(/no longer kept/);
  });
});

describe('/insights chart and pin use', () => {
  const fileOf = (response: CommandResponse) => {
    if (response.type !== 'message') throw new Error('expected a message');
    return response.files ?? [];
  };

  it('attaches a PNG of the last 30 days and says the same figures in text', async () => {
    await store.recordQuestion(GUILD, 'When is the hackathon?', false);
    await store.recordQuestion(GUILD, 'when is the hackathon', false);
    await store.recordQuestion(GUILD, 'Where is room 12?', true);
    const response = await insights.handle(ask(), services);
    const [file] = fileOf(response);
    expect(file?.name).toBe('questions-per-day.png');
    const png = Buffer.from(file!.data);
    expect(pngSize(png)).toEqual({ width: 800, height: 360 });
    expect(png.length).toBeGreaterThan(5_000);
    const embed = messageOf(response).embeds![0]!;
    expect(embed.image?.url).toBe('attachment://questions-per-day.png');
    expect(textOf(response)).toMatch(/Last 30 days: 3 asked, 1 answered, 2 not answered/);
  });

  it('another server gets its own chart: the figures of its questions only', async () => {
    await store.recordQuestion(GUILD, 'When is the hackathon?', false);
    const theirs = await insights.handle(ask(OTHER_GUILD), services);
    expect(textOf(theirs)).toMatch(/Last 30 days: 0 asked/);
    const ours = await insights.handle(ask(), services);
    expect(Buffer.from(fileOf(theirs)[0]!.data).equals(Buffer.from(fileOf(ours)[0]!.data))).toBe(false);
  });

  it('counts a pin each time it is the answer, in /insights and /pin list', async () => {
    await pin.handle(
      request({ subcommand: 'add', options: { fact: 'The hackathon is on Friday in room 12.' } }),
      services,
    );
    const member = (question: string) => request({ commandName: 'ask', options: { question } });
    for (const question of ['When is the hackathon?', 'when is the hackathon', 'Where is the hackathon?'])
      await answerQuestion(question, member(question), services);
    const cited = (await store.pinUsage(GUILD))[0]?.cited ?? 0;
    expect(cited).toBeGreaterThanOrEqual(2);
    expect(textOf(await insights.handle(ask(), services))).toContain(
      `**#1** The hackathon is on Friday in room 12. (×${cited})`,
    );
    expect(textOf(await pin.handle(request({ subcommand: 'list' }), services))).toMatch(
      new RegExp(`#1\\*\\* The hackathon is on Friday in room 12\\..*the answer ${cited}×`),
    );
    // Another server sees neither the pin nor its use.
    expect(textOf(await insights.handle(ask(OTHER_GUILD), services))).toMatch(/No pin was the answer yet/);
  });
});
