import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { DISCORD_ID } from '../discord-ids.ts';
import type { CommandRequest, OptionValue } from './contract.ts';
import { pick, type Texts } from './i18n.ts';

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

/** What can be wrong with a request, in each reply language; `{name}` is filled in. */
const PROBLEM_TEXTS = {
  notText: {
    en: '"{option}" must be text.',
    'zh-CN': '“{option}”必须是文字。',
    'zh-TW': '「{option}」必須是文字。',
  },
  tooLong: {
    en: '"{option}" can be at most {max} characters (this one has {length}).',
    'zh-CN': '“{option}”最多 {max} 个字符（这里有 {length} 个）。',
    'zh-TW': '「{option}」最多 {max} 個字元（這裡有 {length} 個）。',
  },
  tooShort: {
    en: '"{option}" needs at least {min} characters.',
    'zh-CN': '“{option}”至少需要 {min} 个字符。',
    'zh-TW': '「{option}」至少需要 {min} 個字元。',
  },
  wholeNumber: {
    en: '"{option}" must be a whole number.',
    'zh-CN': '“{option}”必须是整数。',
    'zh-TW': '「{option}」必須是整數。',
  },
  number: {
    en: '"{option}" must be a number.',
    'zh-CN': '“{option}”必须是数字。',
    'zh-TW': '「{option}」必須是數字。',
  },
  outOfRange: {
    en: '"{option}" is out of range.',
    'zh-CN': '“{option}”超出范围。',
    'zh-TW': '「{option}」超出範圍。',
  },
  atLeast: {
    en: '"{option}" must be at least {min}.',
    'zh-CN': '“{option}”不能小于 {min}。',
    'zh-TW': '「{option}」不能小於 {min}。',
  },
  atMost: {
    en: '"{option}" must be at most {max}.',
    'zh-CN': '“{option}”不能大于 {max}。',
    'zh-TW': '「{option}」不能大於 {max}。',
  },
  trueOrFalse: {
    en: '"{option}" must be true or false.',
    'zh-CN': '“{option}”必须是 true 或 false。',
    'zh-TW': '「{option}」必須是 true 或 false。',
  },
  discordId: {
    en: '"{option}" must be a Discord id.',
    'zh-CN': '“{option}”必须是 Discord ID。',
    'zh-TW': '「{option}」必須是 Discord ID。',
  },
  notAnOption: {
    en: 'it has no option "{option}".',
    'zh-CN': '它没有“{option}”这个选项。',
    'zh-TW': '它沒有「{option}」這個選項。',
  },
  notAFileOption: {
    en: 'it has no file option "{option}".',
    'zh-CN': '它没有“{option}”这个文件选项。',
    'zh-TW': '它沒有「{option}」這個檔案選項。',
  },
  notAChoice: {
    en: '"{option}" must be one of the listed choices.',
    'zh-CN': '“{option}”必须是列出的选项之一。',
    'zh-TW': '「{option}」必須是列出的選項之一。',
  },
  required: {
    en: '"{option}" is required.',
    'zh-CN': '“{option}”是必填项。',
    'zh-TW': '「{option}」是必填項。',
  },
  noSubcommand: {
    en: 'it has no subcommand "{name}".',
    'zh-CN': '它没有“{name}”这个子命令。',
    'zh-TW': '它沒有「{name}」這個子命令。',
  },
  noGroup: {
    en: 'it has no group "{name}".',
    'zh-CN': '它没有“{name}”这个命令组。',
    'zh-TW': '它沒有「{name}」這個命令組。',
  },
  notMine: {
    en: 'That button or form is not one of mine.',
    'zh-CN': '这个按钮或表单不是我的。',
    'zh-TW': '這個按鈕或表單不是我的。',
  },
  fieldTooLong: {
    en: 'That form field can be at most {max} characters.',
    'zh-CN': '表单字段最多 {max} 个字符。',
    'zh-TW': '表單欄位最多 {max} 個字元。',
  },
  messageTooLong: {
    en: 'That message is longer than Discord allows.',
    'zh-CN': '这条消息超过了 Discord 允许的长度。',
    'zh-TW': '這則訊息超過了 Discord 允許的長度。',
  },
} satisfies Record<string, Texts>;

/** Before a problem with a command's options: which command the request does not fit. */
const DOES_NOT_FIT: Texts = {
  en: "That request doesn't fit /{command}: ",
  'zh-CN': '这个请求不符合 /{command}：',
  'zh-TW': '這個請求不符合 /{command}：',
};

export interface RequestProblem {
  /** The option (or "custom_id", "field:<id>", "question") at fault. */
  option: string;
  /** In English, for the log. */
  message: string;
  /** The reply, in the language of the request's locale. */
  reply(locale: string): string;
}

type ProblemKind = keyof typeof PROBLEM_TEXTS;

/** A problem; with `command`, its texts say which command the request does not fit. */
function requestProblem(
  option: string,
  kind: ProblemKind,
  vars: Record<string, string | number> = {},
  command?: string,
): RequestProblem {
  const reply = (locale: string): string =>
    (command === undefined ? '' : pick(locale, DOES_NOT_FIT, { command })) +
    pick(locale, PROBLEM_TEXTS[kind], { option, ...vars });
  return { option, message: reply('en-US'), reply };
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
  const problem = (kind: ProblemKind, vars: Record<string, string | number> = {}): RequestProblem =>
    requestProblem(definition.name, kind, vars, command);
  switch (definition.type) {
    case ApplicationCommandOptionType.String: {
      if (typeof value !== 'string') return problem('notText');
      const length = codePoints(value);
      const max = definition.max_length ?? REQUEST_LIMITS.stringOption;
      if (length > max) return problem('tooLong', { max, length });
      if (definition.min_length !== undefined && length < definition.min_length)
        return problem('tooShort', { min: definition.min_length });
      break;
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const integer = definition.type === ApplicationCommandOptionType.Integer;
      if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
        return problem(integer ? 'wholeNumber' : 'number');
      if (Math.abs(value) > REQUEST_LIMITS.integer) return problem('outOfRange');
      if (definition.min_value !== undefined && value < definition.min_value)
        return problem('atLeast', { min: definition.min_value });
      if (definition.max_value !== undefined && value > definition.max_value)
        return problem('atMost', { max: definition.max_value });
      break;
    }
    case ApplicationCommandOptionType.Boolean:
      if (typeof value !== 'boolean') return problem('trueOrFalse');
      break;
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Channel:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Mentionable:
      if (typeof value !== 'string' || !DISCORD_ID.test(value)) return problem('discordId');
      break;
    default:
      return problem('notAnOption');
  }
  if (
    definition.choices &&
    definition.choices.length > 0 &&
    !definition.choices.some((choice) => choice.value === value)
  )
    return problem('notAChoice');
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
  const unknown = (what: 'subcommand' | 'group'): RequestProblem =>
    requestProblem(
      what,
      what === 'subcommand' ? 'noSubcommand' : 'noGroup',
      { name: (what === 'subcommand' ? request.subcommand : request.subcommandGroup) ?? '' },
      definition.name,
    );
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
    return requestProblem('custom_id', 'notMine');
  }
  for (const [id, value] of Object.entries(request.fields ?? {})) {
    if (typeof value !== 'string' || value.length > REQUEST_LIMITS.modalField) {
      return requestProblem(`field:${id}`, 'fieldTooLong', { max: REQUEST_LIMITS.modalField });
    }
  }
  if (request.targetMessage && request.targetMessage.content.length > REQUEST_LIMITS.messageContent) {
    return requestProblem('message', 'messageTooLong');
  }
  if (request.kind === 'mention' || request.kind === 'post') {
    const question = request.options.question;
    if (typeof question === 'string' && question.length > REQUEST_LIMITS.messageContent)
      return requestProblem('question', 'messageTooLong');
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
    if (!option) return requestProblem(focused.name, 'notAnOption', {}, definition.name);
    const max = option.max_length ?? REQUEST_LIMITS.stringOption;
    const length = codePoints(focused.value);
    if (length > max) return requestProblem(focused.name, 'tooLong', { max, length });
    return undefined;
  }

  for (const [name, value] of Object.entries(request.options)) {
    const option = byName.get(name);
    if (!option || option.type === ApplicationCommandOptionType.Attachment)
      return requestProblem(name, 'notAnOption', {}, definition.name);
    const problem = checkValue(option, value, definition.name);
    if (problem) return problem;
  }
  for (const option of byName.values()) {
    const present =
      option.type === ApplicationCommandOptionType.Attachment
        ? option.name in request.attachments
        : option.name in request.options;
    if (option.required && !present) return requestProblem(option.name, 'required', {}, definition.name);
  }
  for (const name of Object.keys(request.attachments)) {
    if (byName.get(name)?.type !== ApplicationCommandOptionType.Attachment)
      return requestProblem(name, 'notAFileOption', {}, definition.name);
  }
  return undefined;
}
