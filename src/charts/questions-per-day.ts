import { createCanvas, GlobalFonts, type Canvas } from '@napi-rs/canvas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title } from 'chart.js';
import { createRequire } from 'node:module';
import type { DailyQuestions } from '../store/types.ts';

/**
 * The /insights chart: questions per day, answered and not, as a PNG drawn in-process by Chart.js
 * on @napi-rs/canvas (Skia, a prebuilt binary from npm; no browser). Discord-free: the command
 * attaches the bytes, the console saves them.
 *
 * Text is drawn with DejaVu Sans from the dejavu-fonts-ttf package, registered under a name of our
 * own, so the picture is the same with or without fonts installed on the machine. Labels are ASCII
 * and digits only (dates as MM-DD, English legend): the font needs no CJK glyphs.
 */

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title);

const FONT_FAMILY = 'citebot-chart-sans';
const FONT_FILE = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
let fontRegistered = false;

export const CHART_SIZE = { width: 800, height: 360 };
const COLORS = { answered: '#3ba55d', unanswered: '#ed4245', background: '#ffffff', text: '#313338' };

function registerFont(): void {
  if (fontRegistered) return;
  // A font that cannot be loaded is a broken install, not a user error: fail loudly.
  if (!GlobalFonts.registerFromPath(FONT_FILE, FONT_FAMILY)) {
    throw new Error(`could not load the chart font ${FONT_FILE}`);
  }
  fontRegistered = true;
}

/** Draws the days given (oldest first) as stacked bars; the PNG is encoded off the event loop. */
export async function renderQuestionsPerDay(days: readonly DailyQuestions[]): Promise<Buffer> {
  const { canvas, chart } = drawQuestionsPerDay(days);
  try {
    return await canvas.encode('png');
  } finally {
    // Only after encoding: destroying a chart clears its canvas.
    chart.destroy();
  }
}

/**
 * The synchronous part, which holds the event loop: Chart.js lays out and draws on a Skia canvas.
 * The caller destroys the chart once done with the canvas.
 */
export function drawQuestionsPerDay(days: readonly DailyQuestions[]): { canvas: Canvas; chart: Chart } {
  registerFont();
  const { width, height } = CHART_SIZE;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = COLORS.background;
  context.fillRect(0, 0, width, height);
  const font = { family: FONT_FAMILY, size: 12 };
  const chart = new Chart(context as unknown as CanvasRenderingContext2D, {
    type: 'bar',
    data: {
      labels: days.map((entry) => entry.day.slice(5)),
      datasets: [
        { label: 'answered', data: days.map((entry) => entry.answered), backgroundColor: COLORS.answered },
        {
          label: 'not answered',
          data: days.map((entry) => entry.unanswered),
          backgroundColor: COLORS.unanswered,
        },
      ],
    },
    options: {
      // No DOM here: a fixed size, no resize observers, and one frame instead of an animation.
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      color: COLORS.text,
      font,
      plugins: {
        title: { display: true, text: 'Questions per day (UTC)', font: { ...font, size: 16 } },
        legend: { labels: { font } },
      },
      scales: {
        x: { stacked: true, ticks: { font, maxRotation: 90, autoSkip: false } },
        y: { stacked: true, beginAtZero: true, ticks: { font, precision: 0 } },
      },
    },
  });
  return { canvas, chart };
}

/** The last charts drawn, by their data: /insights asked again with no new question draws nothing. */
const recent = new Map<string, Promise<Buffer>>();
const RECENT_MAX = 64;

/** `renderQuestionsPerDay`, reusing the picture of identical data (the image depends on nothing else). */
export function questionsPerDayPng(days: readonly DailyQuestions[]): Promise<Buffer> {
  const key = JSON.stringify(days);
  const cached = recent.get(key);
  if (cached) return cached;
  const png = renderQuestionsPerDay(days);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, png);
  // A failed render is not kept: the next /insights tries again.
  png.catch(() => recent.delete(key));
  return png;
}
