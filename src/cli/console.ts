import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  PermissionFlagsBits,
  type APIApplicationCommandOption,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface, type Interface } from 'node:readline/promises';
import { unescapeUserText } from '../../commands/reply.ts';
import type {
  CommandModule,
  CommandRequest,
  CommandResponse,
  OptionValue,
  ServicesProvider,
} from '../../commands/types.ts';
import { servicesFor } from '../../commands/types.ts';
import type { CommandRouter } from '../bot/router.ts';
import { consoleLocale } from '../config.ts';

/**
 * The local console: the same commands and handlers as on Discord, typed as text, with the
 * payloads rendered for a terminal. It acts as server "local", with every permission, so
 * moderators can manage pins from the machine the bot runs on.
 */

export const CONSOLE_GUILD_ID = 'local';

export interface ConsoleContext {
  user: { id: string; username: string };
  locale: string;
}

function baseRequest(context: ConsoleContext, id: string): Omit<CommandRequest, 'kind' | 'commandName'> {
  return {
    id,
    options: {},
    attachments: {},
    user: context.user,
    guildId: CONSOLE_GUILD_ID,
    channelId: 'console',
    // The person at the machine owns the bot: every permission.
    memberPermissions: PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageMessages,
    locale: context.locale,
  };
}

function coerce(option: APIApplicationCommandOption | undefined, raw: string): OptionValue {
  switch (option?.type) {
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const number = Number(raw);
      return Number.isFinite(number) ? number : raw;
    }
    case ApplicationCommandOptionType.Boolean:
      return /^(true|yes|1|on)$/i.test(raw);
    default:
      return raw;
  }
}

export type ParsedLine =
  | { type: 'request'; request: CommandRequest }
  | { type: 'click'; index: number }
  | { type: 'quit' }
  | { type: 'empty' }
  | { type: 'error'; message: string };

/**
 * `/ask how many contributors`, `/passage 12`, `/pin add fact:… keywords:…`: `name:value` pairs
 * set options by name (a value runs to the next pair); otherwise the rest of the line fills the
 * first option. A first word naming a subcommand selects it. Plain text is `/ask`. `#2` clicks
 * button 2 of the last reply.
 */
export function parseConsoleLine(
  line: string,
  modules: readonly CommandModule[],
  context: ConsoleContext,
  id = String(Date.now()),
): ParsedLine {
  const text = line.trim();
  if (!text) return { type: 'empty' };
  if (/^\/?(quit|exit)$/i.test(text)) return { type: 'quit' };
  const click = /^#(\d+)$/.exec(text);
  if (click) return { type: 'click', index: Number(click[1]) };
  if (!text.startsWith('/')) {
    return {
      type: 'request',
      request: {
        ...baseRequest(context, id),
        kind: 'command',
        commandName: 'ask',
        options: { question: text },
      },
    };
  }
  const [, name = '', rest = ''] = /^\/(\S+)\s*([\s\S]*)$/.exec(text) ?? [];
  const module = modules.find(
    (candidate) =>
      candidate.definition.name.toLowerCase() === name.toLowerCase() &&
      (candidate.definition.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput,
  );
  if (!module) {
    const names = modules
      .filter(
        (candidate) =>
          (candidate.definition.type ?? ApplicationCommandType.ChatInput) ===
          ApplicationCommandType.ChatInput,
      )
      .map((candidate) => `/${candidate.definition.name}`);
    return { type: 'error', message: `Unknown command /${name}. Commands: ${names.join(', ')}` };
  }
  const request: CommandRequest = {
    ...baseRequest(context, id),
    kind: 'command',
    commandName: module.definition.name,
  };
  let options = ('options' in module.definition ? module.definition.options : undefined) ?? [];
  let remaining = rest;
  const firstWord = /^(\S+)\s*([\s\S]*)$/.exec(remaining);
  const group = options.find(
    (option) =>
      option.type === ApplicationCommandOptionType.SubcommandGroup && option.name === firstWord?.[1],
  );
  if (group && firstWord && 'options' in group) {
    request.subcommandGroup = group.name;
    options = group.options ?? [];
    remaining = firstWord[2] ?? '';
  }
  const subWord = /^(\S+)\s*([\s\S]*)$/.exec(remaining);
  const sub = options.find(
    (option) => option.type === ApplicationCommandOptionType.Subcommand && option.name === subWord?.[1],
  );
  if (sub && subWord && 'options' in sub) {
    request.subcommand = sub.name;
    options = sub.options ?? [];
    remaining = subWord[2] ?? '';
  } else if (options.some((option) => option.type === ApplicationCommandOptionType.Subcommand)) {
    const subs = options.map((option) => option.name).join(', ');
    return { type: 'error', message: `/${module.definition.name} needs one of: ${subs}` };
  }
  const names = options.map((option) => option.name);
  const pairPattern = new RegExp(`(?:^|\\s)(${names.map((n) => n.replace(/[-]/g, '\\-')).join('|')}):`, 'g');
  const pairs = names.length > 0 ? [...remaining.matchAll(pairPattern)] : [];
  let parseError: string | undefined;
  if (pairs.length > 0 && remaining.slice(0, pairs[0]!.index).trim() === '') {
    pairs.forEach((match, index) => {
      const start = match.index + match[0].length;
      const end = pairs[index + 1]?.index ?? remaining.length;
      const option = options.find((candidate) => candidate.name === match[1]);
      const value = remaining.slice(start, end).trim();
      if (option?.type === ApplicationCommandOptionType.Attachment) {
        // In the console a file option names a local file: `/pin import file:pins.json`.
        const path = resolve(value);
        let content: string;
        try {
          content = readFileSync(path, 'utf8');
        } catch {
          parseError = `Cannot read ${value}`;
          return;
        }
        request.attachments[option.name] = {
          id: '0',
          url: pathToFileURL(path).href,
          filename: basename(path),
          size: Buffer.byteLength(content),
          content,
        };
      } else request.options[match[1]!] = coerce(option, value);
    });
  } else if (remaining.trim() && options[0]) {
    request.options[options[0].name] = coerce(options[0], remaining.trim());
  }
  if (parseError) return { type: 'error', message: parseError };
  return { type: 'request', request };
}

const BOLD = (text: string, color: boolean) => (color ? `\x1b[1m${text}\x1b[22m` : text);
const DIM = (text: string, color: boolean) => (color ? `\x1b[2m${text}\x1b[22m` : text);

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

export async function runConsole(options: {
  router: CommandRouter;
  services: Promise<ServicesProvider>;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  color?: boolean;
}): Promise<void> {
  const output = options.output ?? process.stdout;
  const color = options.color ?? Boolean((output as { isTTY?: boolean }).isTTY);
  const rl: Interface = createInterface({ input: options.input ?? process.stdin, output, terminal: color });
  const context: ConsoleContext = {
    user: { id: 'local', username: userInfo().username || 'local' },
    locale: consoleLocale(),
  };
  const write = (text: string) => output.write(`${text}\n`);
  // Ctrl+C leaves (readline would only pause the input without a listener).
  rl.on('SIGINT', () => rl.close());
  // Lines typed (or piped) while a reply is being worked on are queued, not lost.
  const lines = rl[Symbol.asyncIterator]();
  const readLine = async (prompt: string): Promise<string | undefined> => {
    output.write(prompt);
    const next = await lines.next();
    return next.done ? undefined : next.value;
  };
  write(
    DIM(
      'citebot console — type a question, or /ask, /search, /passage 12, /about, /help' +
        (options.router.modules.some((module) => module.definition.name === 'pin')
          ? ', /pin, /insights'
          : '') +
        '; #n clicks button n; /quit to leave.',
      color,
    ),
  );
  let provider: ServicesProvider | undefined;
  let last: { response: CommandResponse; embeds: readonly APIEmbed[]; id: string } | undefined;
  let counter = 0;

  async function show(request: CommandRequest): Promise<void> {
    provider ??= await options.services;
    const services = servicesFor(provider);
    let response = await options.router.route(request, services);
    if (response.type === 'modal') {
      write(BOLD(response.data.title, color));
      const fields: Record<string, string> = {};
      for (const input of modalInputs(response.data)) {
        const prompt = `${input.label}${input.value ? ` [${input.value}]` : ''}: `;
        const answer = ((await readLine(prompt)) ?? '').trim();
        fields[input.customId] = answer || input.value || '';
      }
      response = await options.router.route(
        { ...request, kind: 'modal', customId: response.data.custom_id, fields, id: String(++counter) },
        services,
      );
    }
    write(renderForTerminal(response, color));
    if ((response.type === 'message' || response.type === 'update') && response.files) {
      for (const file of response.files) {
        const path = basename(file.name);
        await writeFile(path, file.data);
        write(DIM(`saved ${path}`, color));
      }
    }
    if ((response.type === 'message' || response.type === 'update') && buttonsOf(response).length > 0) {
      last = { response, embeds: response.data.embeds ?? [], id: request.id };
    }
  }

  for (;;) {
    const line = await readLine(color ? '\x1b[36m›\x1b[39m ' : '> ');
    if (line === undefined) break; // input closed
    const parsed = parseConsoleLine(line, options.router.modules, context, String(++counter));
    try {
      if (parsed.type === 'quit') break;
      if (parsed.type === 'empty') continue;
      if (parsed.type === 'error') write(parsed.message);
      else if (parsed.type === 'request') await show(parsed.request);
      else {
        const button = last ? buttonsOf(last.response)[parsed.index - 1] : undefined;
        if (!button || !last) {
          write('No such button on the last reply.');
          continue;
        }
        await show({
          ...baseRequest(context, String(++counter)),
          kind: 'component',
          commandName: '',
          customId: button.customId,
          targetMessage: {
            id: last.id,
            content: '',
            author: { id: 'citebot', username: 'citebot' },
            url: '',
            embeds: last.embeds,
          },
        });
      }
    } catch (error) {
      write(`Error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  rl.close();
}
