/**
 * Bugs the properties found in code this suite does not own, reported to its owners with a fix.
 * Until fixed, a case that shows only a known finding is counted and printed instead of failing
 * `npm test` for everyone; `PROPS_STRICT=1` makes them fail like any other. Delete an entry once
 * its fix lands: the property then guards against it coming back.
 */

export interface Finding {
  where: string;
  summary: string;
}

// Both earlier findings (a forged /ask mention option, pin text shown with live mentions) are
// fixed in commands/ask.ts and src/interactions/reply.ts; the properties now guard them like any other.
export const KNOWN_FINDINGS: Record<string, Finding> = {};

export type FindingId = string;

export const STRICT = process.env.PROPS_STRICT === '1';

const seen = new Map<FindingId, { count: number; example: string }>();

/** Records a case that shows a known finding; true when the case may pass (not strict). */
export function tolerate(id: FindingId, example: string): boolean {
  const entry = seen.get(id);
  if (entry) entry.count++;
  else seen.set(id, { count: 1, example: example.slice(0, 600) });
  return !STRICT;
}

export function findingsSummary(): string {
  if (seen.size === 0) return '';
  const lines = [...seen].map(
    ([id, { count, example }]) =>
      `  ${id} (${KNOWN_FINDINGS[id]?.where}): ${count} case(s)\n    ${KNOWN_FINDINGS[id]?.summary}\n    e.g. ${example}`,
  );
  return `Known findings (see test/props/known-findings.ts; PROPS_STRICT=1 fails on them):\n${lines.join('\n')}`;
}
