import type { PinnedFact } from '../../src/answer/types.ts';
import type { PinIndex } from '../../src/engine.ts';
import { PinIndexes, type PinSource } from '../../src/runtime/pin-indexes.ts';

/** `Services.pinIndexFor` as src/compose.ts wires it: the store's pins, indexed by this engine. */
export function pinIndexesOf(
  store: PinSource,
  engine: { indexPins(pins: readonly PinnedFact[]): PinIndex },
): (guildId: string | null) => Promise<PinIndex | undefined> {
  const indexes = new PinIndexes(store, (pins) => engine.indexPins(pins));
  return (guildId) => indexes.for(guildId);
}
