import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { DISCORD_ID } from '../discord-ids.ts';
import type { CommandRequest, OptionValue } from './contract.ts';

/**
 * Checks a request against its command's own definition, before any handler runs. Discord enforces
 * these bounds for its clients, but a request built by hand (a forged or replayed payload, a buggy
 * gateway proxy, the local console) does not have to: a question of 50,000 characters or an
 * integer option holding text must get a clear refusal, not reach the engine.
 */

/** The parts of a command definition (`builder.toJSON()`) this check reads. */
export interface OptionDefinition {
  type: number;
  name: string;
  required?: boolean;
  max_length?: number;
  min_length?: number;
  min_value?: number;
  max_value?: number;
  choices?: readonly { value: string | number }[];
  options?: readonly OptionDefinition[];
}

export interface CommandDefinition {
  name: string;
  type?: number;
  options?: readonly OptionDefinition[];
}

/** Discord's own ceilings, for what a definition leaves open. */
export const REQUEST_LIMITS = {
  /** A string option without max_length. */
  stringOption: 6000,
  customId: 100,
  /** A modal text input. */
  modalField: 4000,
  /** A message (mentions, message menus): 4000 with Nitro. */
  messageContent: 4000,
  /** Discord numbers (integer options) lie in ±2^53. */
  integer: 2 ** 53,
} as const;

export interface RequestProblem {
  /** The option (or "custom_id", "field:<id>", "question") at fault. */
  option: string;
  /** In English, for the log and as the reply until handlers localize it. */
  message: string;
}

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function checkValue(
  definition: OptionDefinition,
  value: OptionValue,
  command: string,
): RequestProblem | undefined {
  const problem = (message: string): RequestProblem => ({
    option: definition.name,
    message: `That request doesn't fit /${command}: "${definition.name}" ${message}`,
  });
  switch (definition.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') return problem('must be text.');
      const length = codePoints(value);
      const max = definition.max_length ?? REQUEST_LIMITS.stringOption;
      if (length > max) return problem(`can be at most ${max} characters (this one has ${length}).`);
      if (definition.min_length !== undefined && length < definition.min_length)
        return problem(`needs at least ${definition.min_length} characters.`);
      break;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const integer = definition.type === ApplicationCommandOptionType.Integer;
      if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
        return problem(integer ? 'must be a whole number.' : 'must be a number.');
      if (Math.abs(value) > REQUEST_LIMITS.integer) return problem('is out of range.');
      if (definition.min_value !== undefined && value < definition.min_value)
        return problem(`must be at least ${definition.min_value}.`);
      if (definition.max_value !== undefined && value > definition.max_value)
        return problem(`must be at most ${definition.max_value}.`);
      break;
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== 'boolean') return problem('must be true or false.');
      break;
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable:
      if (typeof value !== 'string' || !DISCORD_ID.test(value)) return problem('must be a Discord id.');
      break;
    default:
      return problem('is not an option this command takes.');
  }
  if (
    definition.choices &&
    definition.choices.length > 0 &&
    !definition.choices.some((choice) => choice.value === value)
  )
    return problem('must be one of the listed choices.');
  return undefined;
}

/**
 * The subcommand group or subcommand called `name` among a command's options: how both this check
 * and the console's line parser walk a command's definition.
 */
export function nestedOption<O extends { type: number; name: string }>(
  options: readonly O[],
  type: ApplicationCommandOptionType.SubcommandGroup | ApplicationCommandOptionType.Subcommand,
  name: string | undefined,
): O | undefined {
  return options.find((option) => option.type === type && option.name === name);
}

/** The options a request's (sub)command takes, or a problem when the subcommand is not one of them. */
function leafOptions(
  definition: CommandDefinition,
  request: Pick<CommandRequest, 'subcommand' | 'subcommandGroup'>,
): readonly OptionDefinition[] | RequestProblem {
  const top = definition.options ?? [];
  const nested = top.some(
    (option) =>
      option.type === ApplicationCommandOptionType.Subcommand ||
      option.type === ApplicationCommandOptionType.SubcommandGroup,
  );
  const unknown = (what: string): RequestProblem => ({
    option: what,
    message: `That request doesn't fit /${definition.name}: it has no ${what} "${what === 'subcommand' ? (request.subcommand ?? '') : (request.subcommandGroup ?? '')}".`,
  });
  if (!nested) {
    if (request.subcommand !== undefined) return unknown('subcommand');
    if (request.subcommandGroup !== undefined) return unknown('group');
    return top;
  }
  let level = top;
  if (request.subcommandGroup !== undefined) {
    const group = nestedOption(top, ApplicationCommandOptionType.SubcommandGroup, request.subcommandGroup);
    if (!group) return unknown('group');
    level = group.options ?? [];
  }
  const sub = nestedOption(level, ApplicationCommandOptionType.Subcommand, request.subcommand);
  if (!sub) return unknown('subcommand');
  return sub.options ?? [];
}

/**
 * Whether a request fits its command's definition and Discord's limits; the first problem found,
 * or undefined. Autocomplete requests are partial by nature (required options missing, an integer
 * being typed as text), so for them only lengths are checked.
 */
export function checkRequest(
  definition: CommandDefinition | undefined,
  request: Pick<
    CommandRequest,
    'kind' | 'options' | 'attachments' | 'subcommand' | 'subcommandGroup' | 'customId' | 'fields' | 'focused'
  > & { targetMessage?: { content: string } },
): RequestProblem | undefined {
  if (request.customId !== undefined && request.customId.length > REQUEST_LIMITS.customId) {
    return { option: 'custom_id', message: 'That button or form is not one of mine.' };
  }
  for (const [id, value] of Object.entries(request.fields ?? {})) {
    if (typeof value !== 'string' || value.length > REQUEST_LIMITS.modalField) {
      return {
        option: `field:${id}`,
        message: `That form field can be at most ${REQUEST_LIMITS.modalField} characters.`,
      };
    }
  }
  if (request.targetMessage && request.targetMessage.content.length > REQUEST_LIMITS.messageContent) {
    return { option: 'message', message: 'That message is longer than Discord allows.' };
  }
  if (request.kind === 'mention' || request.kind === 'post') {
    const question = request.options.question;
    if (typeof question === 'string' && question.length > REQUEST_LIMITS.messageContent)
      return { option: 'question', message: 'That message is longer than Discord allows.' };
    return undefined;
  }
  if (request.kind !== 'command' && request.kind !== 'autocomplete') return undefined;
  if (!definition) return undefined;

  const options = leafOptions(definition, request);
  if (!Array.isArray(options)) return options as RequestProblem;
  const byName = new Map((options as readonly OptionDefinition[]).map((option) => [option.name, option]));

  if (request.kind === 'autocomplete') {
    const focused = request.focused;
    if (!focused) return undefined;
    const option = byName.get(focused.name);
    if (!option)
      return { option: focused.name, message: `/${definition.name} has no option "${focused.name}".` };
    const max = option.max_length ?? REQUEST_LIMITS.stringOption;
    if (codePoints(focused.value) > max)
      return { option: focused.name, message: `"${focused.name}" can be at most ${max} characters.` };
    return undefined;
  }

  for (const [name, value] of Object.entries(request.options)) {
    const option = byName.get(name);
    if (!option || option.type === ApplicationCommandOptionType.Attachment)
      return {
        option: name,
        message: `That request doesn't fit /${definition.name}: it has no option "${name}".`,
      };
    const problem = checkValue(option, value, definition.name);
    if (problem) return problem;
  }
  for (const option of byName.values()) {
    const present =
      option.type === ApplicationCommandOptionType.Attachment
        ? option.name in request.attachments
        : option.name in request.options;
    if (option.required && !present)
      return {
        option: option.name,
        message: `That request doesn't fit /${definition.name}: "${option.name}" is required.`,
      };
  }
  for (const name of Object.keys(request.attachments)) {
    if (byName.get(name)?.type !== ApplicationCommandOptionType.Attachment)
      return {
        option: name,
        message: `That request doesn't fit /${definition.name}: it has no file option "${name}".`,
      };
  }
  return undefined;
}
