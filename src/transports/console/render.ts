import {
  ComponentType,
  MessageFlags,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { CommandResponse } from '../../interactions/contract.ts';
import { unescapeUserText } from '../../interactions/reply.ts';

/** The local console's output: reply payloads as terminal text. */

export const BOLD = (text: string, color: boolean) => (color ? `\x1b[1m${text}\x1b[22m` : text);
export const DIM = (text: string, color: boolean) => (color ? `\x1b[2m${text}\x1b[22m` : text);

/** How long until `seconds` (epoch), as Discord's relative timestamp shows it: "in 8 seconds". */
function relativeTime(seconds: number, locale: string, now: number): string {
  const delta = seconds - Math.floor(now / 1000);
  const [amount, unit]: [number, Intl.RelativeTimeFormatUnit] =
    Math.abs(delta) < 120
      ? [delta, 'second']
      : Math.abs(delta) < 7200
        ? [Math.round(delta / 60), 'minute']
        : [Math.round(delta / 3600), 'hour'];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(amount, unit);
}

/**
 * Discord markdown as a terminal shows it: bold kept as bold, links as "text <url>", dates as
 * dates and relative timestamps (a cooldown's "try again in 8 seconds") in the reply's `locale`.
 */
export function markdownForTerminal(text: string, color = false, locale = 'en-US', now = Date.now()): string {
  return unescapeUserText(
    text
      .replace(/<t:(\d+):R>/g, (_, seconds: string) => relativeTime(Number(seconds), locale, now))
      .replace(/<t:(\d+)(?::\w)?>/g, (_, seconds: string) =>
        new Date(Number(seconds) * 1000).toISOString().slice(0, 10),
      )
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
      .replace(/<@!?(\d+)>/g, '@$1')
      .replace(/(?<!\\)`([^`]+)`/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, (_, inner: string) => BOLD(inner, color)),
  );
}

function embedForTerminal(embed: APIEmbed, color: boolean, locale: string): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(BOLD(markdownForTerminal(embed.title, false, locale), color));
  if (embed.url) lines.push(DIM(embed.url, color));
  if (embed.description) lines.push(markdownForTerminal(embed.description, color, locale));
  for (const field of embed.fields ?? []) {
    lines.push(
      '',
      BOLD(markdownForTerminal(field.name, false, locale), color),
      markdownForTerminal(field.value, color, locale),
    );
  }
  if (embed.footer) lines.push('', DIM(embed.footer.text, color));
  return lines;
}

export interface ConsoleButton {
  customId: string;
  label: string;
}

/** The buttons of a reply, numbered for `#n` clicks. */
export function buttonsOf(response: CommandResponse): ConsoleButton[] {
  if (response.type !== 'message' && response.type !== 'update') return [];
  const buttons: ConsoleButton[] = [];
  for (const row of response.data.components ?? []) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      if (component.type === ComponentType.Button && 'custom_id' in component && !component.disabled) {
        buttons.push({
          customId: component.custom_id,
          label: component.label ?? component.emoji?.name ?? '?',
        });
      }
    }
  }
  return buttons;
}

/** Whether Discord would show the reply to the asker only (an ephemeral message). */
export function isPrivate(response: CommandResponse): boolean {
  return response.type === 'message' && ((response.data.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}

/** A reply as terminal text, in the reply's `locale`: content, embeds, then numbered buttons. */
export function renderForTerminal(response: CommandResponse, color = false, locale = 'en-US'): string {
  switch (response.type) {
    case 'autocomplete':
      return response.choices.map((choice) => `  ${choice.name}`).join('\n');
    case 'modal':
      return BOLD(response.data.title, color);
    default: {
      const lines: string[] = [];
      if (response.data.content) lines.push(markdownForTerminal(response.data.content, color, locale));
      for (const embed of response.data.embeds ?? []) {
        if (lines.length > 0) lines.push('');
        lines.push(...embedForTerminal(embed, color, locale));
      }
      for (const file of response.files ?? []) lines.push(DIM(`[file ${file.name}]`, color));
      const buttons = buttonsOf(response);
      if (buttons.length > 0) {
        lines.push(
          '',
          DIM(buttons.map((button, index) => `#${index + 1} ${button.label}`).join('   '), color),
        );
      }
      return lines.join('\n');
    }
  }
}

interface TextInputSpec {
  customId: string;
  label: string;
  value?: string;
  required: boolean;
}

/** The text inputs of a modal, in both the action-row and the label layouts. */
export function modalInputs(data: APIModalInteractionResponseCallbackData): TextInputSpec[] {
  const inputs: TextInputSpec[] = [];
  for (const row of data.components as unknown as {
    type: number;
    label?: string;
    component?: unknown;
    components?: unknown[];
  }[]) {
    const candidates = row.components ?? (row.component ? [row.component] : []);
    for (const component of candidates as {
      type: number;
      custom_id: string;
      label?: string;
      value?: string;
      required?: boolean;
    }[]) {
      if (component.type !== ComponentType.TextInput) continue;
      inputs.push({
        customId: component.custom_id,
        label: component.label ?? row.label ?? component.custom_id,
        ...(component.value !== undefined ? { value: component.value } : {}),
        required: component.required ?? true,
      });
    }
  }
  return inputs;
}
