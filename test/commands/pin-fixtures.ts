import { PermissionFlagsBits } from 'discord-api-types/v10';
import { join } from 'node:path';
import pino from 'pino';
import { PinIndexes } from '../../src/runtime/pin-indexes.ts';
import type { CommandRequest, CommandResponse, Services } from '../../src/interactions/contract.ts';
import { loadEngine, type Engine } from '../../src/engine.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { openOrThrow, tempDir } from '../store/helpers.ts';

/** What a moderator's client sends: Manage Messages among the usual permissions. */
export const MODERATOR =
  PermissionFlagsBits.ManageMessages | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
/** A member, or a forged request claiming to be one, without Manage Messages. */
export const MEMBER =
  PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;

let engine: Engine | undefined;

export async function fixtureServices(): Promise<{
  services: Services;
  store: SqliteStore;
  cleanup: () => void;
}> {
  engine ??= await loadEngine(join(import.meta.dirname, '../fixtures/knowledge-mixed'));
  const dir = tempDir();
  const store = openOrThrow({
    path: join(dir.dir, 'pins.sqlite'),
  });
  const pinIndexes = new PinIndexes(store, (pins) => engine!.indexPins(pins));
  const services: Services = {
    engine,
    store,
    pinIndexFor: (guildId) => pinIndexes.for(guildId),
    logger: pino({ level: 'silent' }),
  };
  return {
    services,
    store,
    cleanup: () => {
      store.close();
      dir.cleanup();
    },
  };
}

let nextId = 1;

export function request(over: Partial<CommandRequest> = {}): CommandRequest {
  return {
    kind: 'command',
    id: String(900000000000000000n + BigInt(nextId++)),
    commandName: 'pin',
    options: {},
    attachments: {},
    user: { id: '111111111111111111', username: 'mod' },
    guildId: '222222222222222222',
    channelId: '333333333333333333',
    memberPermissions: MODERATOR,
    locale: 'en-US',
    ...over,
  };
}

/** The message a response carries, for assertions; fails the test on another kind. */
export function messageOf(response: CommandResponse) {
  if (response.type !== 'message' && response.type !== 'update') {
    throw new Error(`expected a message, got ${response.type}`);
  }
  return response.data;
}

export function textOf(response: CommandResponse): string {
  const data = messageOf(response);
  return [
    data.content ?? '',
    ...(data.embeds ?? []).flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ]),
  ].join('\n');
}

export function isEphemeral(response: CommandResponse): boolean {
  return ((messageOf(response).flags ?? 0) & 64) === 64;
}
