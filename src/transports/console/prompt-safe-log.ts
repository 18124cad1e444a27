import { clearLine, cursorTo } from 'node:readline';
import type { DestinationStream } from 'pino';

/** What the console's read loop shows while it waits for a line. */
export interface ShownPrompt {
  output: NodeJS.WritableStream;
  /** readline's `prompt(true)`: the prompt again, with what was typed so far, cursor kept. */
  prompt(preserveCursor?: boolean): void;
}

/**
 * The console's log destination. Logs go to stderr, the prompt to stdout, both to one terminal:
 * a line logged while the prompt waits (a knowledge reload warning, say) would land in the middle
 * of what is being typed. So the prompt line is cleared, the log line written, and the prompt
 * redrawn with the text typed so far.
 */
export class PromptSafeLog implements DestinationStream {
  private shown: ShownPrompt | undefined;

  constructor(private readonly destination: DestinationStream) {}

  write(line: string): void {
    const shown = this.shown;
    if (!shown) {
      this.destination.write(line);
      return;
    }
    clearLine(shown.output, 0);
    cursorTo(shown.output, 0);
    this.destination.write(line);
    shown.prompt(true);
  }

  /** Set by the read loop while its prompt is on screen, cleared when a line arrives. */
  promptShown(shown: ShownPrompt | undefined): void {
    this.shown = shown;
  }
}
