import {
  ComponentType,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { CommandResponse } from '../../interactions/contract.ts';
import { unescapeUserText } from '../../interactions/reply.ts';

/** The local console's output: reply payloads as terminal text. */

export const BOLD = (text: string, color: boolean) => (color ? `\x1b[1m${text}\x1b[22m` : text);
export const DIM = (text: string, color: boolean) => (color ? `\x1b[2m${text}\x1b[22m` : text);

/** Discord markdown as a terminal shows it: bold kept as bold, links as "text <url>", timestamps as dates. */
export function markdownForTerminal(text: string, color = false): string {
  return unescapeUserText(
    text
      .replace(/<t:(\d+)(?::\w)?>/g, (_, seconds: string) =>
        new Date(Number(seconds) * 1000).toISOString().slice(0, 10),
      )
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 <$2>')
      .replace(/<@!?(\d+)>/g, '@$1')
      .replace(/(?<!\\)`([^`]+)`/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, (_, inner: string) => BOLD(inner, color)),
  );
}

function embedForTerminal(embed: APIEmbed, color: boolean): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(BOLD(markdownForTerminal(embed.title, false), color));
  if (embed.url) lines.push(DIM(embed.url, color));
  if (embed.description) lines.push(markdownForTerminal(embed.description, color));
  for (const field of embed.fields ?? []) {
    lines.push(
      '',
      BOLD(markdownForTerminal(field.name, false), color),
      markdownForTerminal(field.value, color),
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

/** A reply as terminal text: content, embeds, then numbered buttons. */
export function renderForTerminal(response: CommandResponse, color = false): string {
  switch (response.type) {
    case 'autocomplete':
      return response.choices.map((choice) => `  ${choice.name}`).join('\n');
    case 'modal':
      return BOLD(response.data.title, color);
    default: {
      const lines: string[] = [];
      if (response.data.content) lines.push(markdownForTerminal(response.data.content, color));
      for (const embed of response.data.embeds ?? []) {
        if (lines.length > 0) lines.push('');
        lines.push(...embedForTerminal(embed, color));
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
