import type { DailyQuestions } from './types.ts';

/** How many days /insights charts (today included). */
export const CHART_DAYS = 30;

/** The UTC day of a date, as the `question_days` table keys it. */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The first day of the `count` days ending today (UTC). */
export function firstChartDay(now: Date, count = CHART_DAYS): string {
  return dayOf(new Date(now.getTime() - (count - 1) * 86_400_000));
}

/** Rows as the database has them (only days with questions), as one entry per day, oldest first. */
export function fillDays(rows: readonly DailyQuestions[], now: Date, count = CHART_DAYS): DailyQuestions[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return Array.from({ length: count }, (_, index) => {
    const day = dayOf(new Date(now.getTime() - (count - 1 - index) * 86_400_000));
    const row = byDay.get(day);
    return { day, answered: row?.answered ?? 0, unanswered: row?.unanswered ?? 0 };
  });
}
