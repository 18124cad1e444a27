/**
 * A question's characters looked up by code point through one shared table rather than a Map or
 * Set: the span features (spans.ts) look up every character of the three passages judged per
 * question (is it one of the question's, which, where in the question), and the hashed lookups
 * were a tenth of choosing the answers.
 */
const BMP = 0x10000;

/** 1 + a character's place among the active question's distinct characters; 0 when not one. */
const slots = new Uint16Array(BMP);
let active: QuestionChars | undefined;

export class QuestionChars {
  /** The distinct characters, `codes` first in order of first occurrence, then `extra`. */
  readonly distinct: number[] = [];
  /** Per distinct character (slot - 1), where it occurs in `codes`. */
  readonly positions: number[][] = [];
  /** Characters outside the Basic Multilingual Plane (rare Han extensions), by a Map. */
  private readonly astral = new Map<number, number>();

  /** `codes`: the question's characters in order; `extra`: more to give a slot, not positions. */
  constructor(
    readonly codes: Uint32Array,
    extra: Iterable<number> = [],
  ) {
    const slotOf = new Map<number, number>();
    const add = (code: number): number => {
      let slot = slotOf.get(code);
      if (slot === undefined) {
        slotOf.set(code, (slot = this.distinct.length + 1));
        this.distinct.push(code);
        this.positions.push([]);
        if (code >= BMP) this.astral.set(code, slot);
      }
      return slot;
    };
    codes.forEach((code, at) => this.positions[add(code) - 1]!.push(at));
    for (const code of extra) add(code);
  }

  /** 1 + the character's place in `distinct`, 0 when the question does not have it. */
  slotOf(code: number): number {
    if (active !== this) this.activate();
    return code < BMP ? slots[code]! : (this.astral.get(code) ?? 0);
  }

  /** Fills the shared table with this question's characters, clearing the previous question's. */
  private activate(): void {
    if (active) for (const code of active.distinct) if (code < BMP) slots[code] = 0;
    this.distinct.forEach((code, i) => {
      if (code < BMP) slots[code] = i + 1;
    });
    active = this;
  }
}
