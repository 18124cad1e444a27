import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  PermissionFlagsBits,
  type APIApplicationCommandOption,
} from 'discord-api-types/v10';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandModule, CommandRequest, OptionValue } from '../../interactions/contract.ts';
import { pick } from '../../interactions/i18n.ts';
import { nestedOption } from '../../interactions/request-checks.ts';
import { CONSOLE_TEXTS } from './texts.ts';

/**
 * The local console's input: a typed line as the same request Discord would send. It acts as
 * server "local", with every permission, so moderators can manage pins from the machine the bot
 * runs on.
 */

export const CONSOLE_GUILD_ID = 'local';

/** Why a local file could not be read, by the error code node gives. */
const READ_ERRORS: Record<string, keyof typeof CONSOLE_TEXTS> = {
  ENOENT: 'noSuchFile',
  EACCES: 'noPermission',
  EPERM: 'noPermission',
  EISDIR: 'isFolder',
};

/**
 * What reads as an option typed in a line of `name:value` pairs: a word, a colon, the value right
 * after it. Not a link (`https://`), `a::b`, or a colon followed by a space ("time: 10:30").
 */
const OPTION_LIKE = /(?:^|\s)([A-Za-z][\w-]*):(?![\s/:]|$)/g;

/** The command as typed, with its subcommand group and subcommand: "pin add", "setup auto-answer on". */
export function commandPath(
  request: Pick<CommandRequest, 'commandName' | 'subcommandGroup' | 'subcommand'>,
): string {
  return [request.commandName, request.subcommandGroup, request.subcommand].filter(Boolean).join(' ');
}

export interface ConsoleContext {
  user: { id: string; username: string };
  locale: string;
}

export function baseRequest(
  context: ConsoleContext,
  id: string,
): Omit<CommandRequest, 'kind' | 'commandName'> {
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
  | { type: 'error'; message: string }
  /** A required option was not typed: the console says how to give it (Discord's form would ask). */
  | { type: 'missingOption'; request: CommandRequest; option: APIApplicationCommandOption };

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
    return {
      type: 'error',
      message: pick(context.locale, CONSOLE_TEXTS.unknownCommand, { name, names: names.join(', ') }),
    };
  }
  const request: CommandRequest = {
    ...baseRequest(context, id),
    kind: 'command',
    commandName: module.definition.name,
  };
  let options = ('options' in module.definition ? module.definition.options : undefined) ?? [];
  let remaining = rest;
  const firstWord = /^(\S+)\s*([\s\S]*)$/.exec(remaining);
  const group = nestedOption(options, ApplicationCommandOptionType.SubcommandGroup, firstWord?.[1]);
  if (group && firstWord && 'options' in group) {
    request.subcommandGroup = group.name;
    options = group.options ?? [];
    remaining = firstWord[2] ?? '';
  }
  const subWord = /^(\S+)\s*([\s\S]*)$/.exec(remaining);
  const sub = nestedOption(options, ApplicationCommandOptionType.Subcommand, subWord?.[1]);
  if (sub && subWord && 'options' in sub) {
    request.subcommand = sub.name;
    options = sub.options ?? [];
    remaining = subWord[2] ?? '';
  } else if (options.some((option) => option.type === ApplicationCommandOptionType.Subcommand)) {
    const subs = options.map((option) => option.name).join(', ');
    return {
      type: 'error',
      message: pick(context.locale, CONSOLE_TEXTS.needsSubcommand, { name: module.definition.name, subs }),
    };
  }
  const names = options.map((option) => option.name);
  const pairPattern = new RegExp(`(?:^|\\s)(${names.map((n) => n.replace(/[-]/g, '\\-')).join('|')}):`, 'g');
  const pairs = names.length > 0 ? [...remaining.matchAll(pairPattern)] : [];
  let parseError: string | undefined;
  if (pairs.length > 0 && remaining.slice(0, pairs[0]!.index).trim() === '') {
    // A `name:value` whose name the command does not have would be read into the value before it
    // (`source:https://…` into the keywords): name the options it has instead.
    const unknown = [...remaining.matchAll(OPTION_LIKE)].find((match) => !names.includes(match[1]!));
    if (unknown) {
      return {
        type: 'error',
        message: pick(context.locale, CONSOLE_TEXTS.unknownOption, {
          command: commandPath(request),
          name: unknown[1]!,
          names: names.join(', '),
        }),
      };
    }
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
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const reason = pick(context.locale, CONSOLE_TEXTS[READ_ERRORS[code ?? ''] ?? 'otherReadError'], {
            cwd: process.cwd(),
            message: error instanceof Error ? error.message : String(error),
          });
          parseError = pick(context.locale, CONSOLE_TEXTS.cannotRead, { file: value, reason });
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
  const missing = options.find(
    (option) => 'required' in option && option.required && !(option.name in request.options),
  );
  if (missing && !(missing.name in request.attachments)) {
    return { type: 'missingOption', request, option: missing };
  }
  return { type: 'request', request };
}
