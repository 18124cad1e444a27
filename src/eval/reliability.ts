/**
 * Reliability of the confidence: bin questions by the confidence shown and compare each bin's mean
 * confidence with how often its top citation was right (an orphaned question is never right).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isEnglishQuestion } from '../answer/spans.ts';
import { normalizeText } from '../search/normalize.ts';
import { isRight, type Outcome } from './public-sets.ts';

export interface ReliabilityBin {
  from: number;
  to: number;
  count: number;
  /** Mean confidence shown in the bin. */
  confidence: number;
  /** Share of the bin whose top citation was right. */
  right: number;
}

export function reliability(
  outcomes: readonly Outcome[],
  binCount = 10,
): { bins: ReliabilityBin[]; calibrationError: number } {
  const bins: ReliabilityBin[] = Array.from({ length: binCount }, (_, i) => ({
    from: i / binCount,
    to: (i + 1) / binCount,
    count: 0,
    confidence: 0,
    right: 0,
  }));
  for (const outcome of outcomes) {
    const bin = bins[Math.min(binCount - 1, Math.floor(outcome.result.confidence * binCount))]!;
    bin.count++;
    bin.confidence += outcome.result.confidence;
    if (outcome.answerable && isRight(outcome)) bin.right++;
  }
  let calibrationError = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    bin.confidence /= bin.count;
    bin.right /= bin.count;
    calibrationError += (bin.count / outcomes.length) * Math.abs(bin.confidence - bin.right);
  }
  return { bins: bins.filter((bin) => bin.count > 0), calibrationError };
}

/**
 * The calibration error of each question language apart (English as isEnglishQuestion tells it,
 * Latin letters and no Han): a pooled figure can hide one language shown too low or too high.
 */
export function calibrationByLanguage(
  outcomes: readonly Outcome[],
): Array<{ language: 'zh' | 'en'; count: number; calibrationError: number }> {
  const english = (outcome: Outcome): boolean => isEnglishQuestion(normalizeText(outcome.question.question));
  return (['zh', 'en'] as const)
    .map((language) => {
      const mine = outcomes.filter((outcome) => english(outcome) === (language === 'en'));
      return { language, count: mine.length, calibrationError: reliability(mine).calibrationError };
    })
    .filter(({ count }) => count > 0);
}

/** A reliability diagram as a small standalone SVG (no fonts beyond ASCII needed). */
export async function writeReliabilitySvg(
  bins: readonly ReliabilityBin[],
  calibrationError: number,
  file: string,
): Promise<void> {
  const size = 320;
  const pad = 40;
  const x = (v: number): number => pad + v * (size - 2 * pad);
  const y = (v: number): number => size - pad - v * (size - 2 * pad);
  const bars = bins
    .map(
      (bin) =>
        `<rect x="${x(bin.from) + 1}" y="${y(bin.right)}" width="${x(bin.to) - x(bin.from) - 2}" height="${y(0) - y(bin.right)}" fill="#5865f2" opacity="0.8"><title>${bin.count} questions</title></rect>`,
    )
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>${bars}
<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#888" stroke-dasharray="4"/>
<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(0)}" stroke="black"/><line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(1)}" stroke="black"/>
<text x="${size / 2}" y="${size - 8}" text-anchor="middle">confidence shown</text>
<text x="12" y="${size / 2}" text-anchor="middle" transform="rotate(-90 12 ${size / 2})">share right</text>
<text x="${size / 2}" y="20" text-anchor="middle">Reliability (ECE ${(100 * calibrationError).toFixed(1)}%)</text>
</svg>\n`;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, svg);
}
