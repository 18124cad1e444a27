/**
 * The /insights chart (src/charts/questions-per-day.ts): how long drawing holds the event loop,
 * the whole render with the PNG encoded off the loop, a repeat of the same data (cached), and the
 * PNG's size, on 30 days shaped like a busy server's. `npm run bench -- test/bench/chart.bench.ts`.
 */
import { bench, describe } from 'vitest';
import {
  drawQuestionsPerDay,
  questionsPerDayPng,
  renderQuestionsPerDay,
} from '../../src/charts/questions-per-day.ts';
import { fillDays } from '../../src/store/daily.ts';
import type { DailyQuestions } from '../../src/store/types.ts';

const now = new Date('2026-11-27T12:00:00Z');
// Weekday peaks, a quiet weekend, a few days with nothing: every kind of bar and an empty one.
const days: DailyQuestions[] = fillDays(
  Array.from({ length: 30 }, (_, index) => ({
    day: new Date(now.getTime() - index * 86_400_000).toISOString().slice(0, 10),
    answered: index % 7 < 2 ? 3 : 40 + ((index * 37) % 25),
    unanswered: index % 11 === 0 ? 0 : 2 + ((index * 13) % 9),
  })).filter((_, index) => index % 9 !== 4),
  now,
);

const png = await renderQuestionsPerDay(days);
console.log(`chart PNG: ${png.length} bytes (${(png.length / 1024).toFixed(1)} KiB), 800x360`);

// CPU time of one draw, median of 30: what the event loop is held for on an idle core (wall times
// below also count the waits of a busy shared machine).
const cpu: number[] = [];
for (let run = 0; run < 30; run++) {
  const start = process.cpuUsage();
  drawQuestionsPerDay(days).chart.destroy();
  const used = process.cpuUsage(start);
  cpu.push((used.user + used.system) / 1000);
}
cpu.sort((a, b) => a - b);
console.log(`chart draw CPU time: median ${cpu[15]!.toFixed(1)} ms, min ${cpu[0]!.toFixed(1)} ms (30 draws)`);

const options = { iterations: 40, time: 3_000 };

describe('/insights chart, 30 days', () => {
  bench(
    'draw only (holds the event loop)',
    () => {
      drawQuestionsPerDay(days).chart.destroy();
    },
    options,
  );

  bench(
    'draw + PNG encode (encode off the loop)',
    async () => {
      await renderQuestionsPerDay(days);
    },
    options,
  );

  bench('same data again (cached picture)', async () => {
    await questionsPerDayPng(days);
  });
});
