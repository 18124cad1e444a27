import {
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord-api-types/v10';
import type { CommandResponse, ReplyData, ReplyFile } from './contract.ts';

/** Discord's limits (https://discord.com/developers/docs/resources/message), in one place. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

const ELLIPSIS = '…';
/** Ends of sentences in Chinese and English; a cut after one of these reads as a whole thought. */
const SENTENCE_END = /[。！？；!?;…]|\.(?=\s|$)/g;

/** The longest prefix of `text` of at most `max` UTF-16 units that does not split a surrogate pair. */
function safePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // a high surrogate without its low half
  return text.slice(0, end);
}

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, which is what Discord counts at worst),
 * at the last sentence end when one is in the second half, else at a space, else between code
 * points; adds an ellipsis when it cut.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return safePrefix(ELLIPSIS, max);
  const room = safePrefix(text, max - ELLIPSIS.length);
  let cut = -1;
  for (const match of room.matchAll(SENTENCE_END)) cut = match.index + match[0].length;
  if (cut < room.length / 2) {
    const space = room.lastIndexOf(' ');
    cut = space >= room.length / 2 ? space : room.length;
  }
  return room.slice(0, cut).trimEnd() + ELLIPSIS;
}

const ZWSP = '\u200b';
/** Half of a surrogate pair without the other half: Discord would show garbage or refuse the payload. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes user-typed text show as typed: markdown characters are escaped and mentions are broken
 * with a zero-width space, so nothing renders as a ping or a link even where allowed_mentions
 * would not stop it (e.g. pasted into an embed title).
 */
export function escapeUserText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[\\*_~`|[\]()<>]/g, '\\$&')
    .replace(/^(\s*)([#>-]|\d+\.)/gm, '$1\\$2')
    .replace(/@(everyone|here|&?\d)/g, `@${ZWSP}$1`)
    .replace(/#(\d{17,20})/g, `#${ZWSP}$1`);
}

/**
 * The last line of defence, on every reply: mentions render as text except for the users this
 * reply may notify, whatever the text came from (a pin, a quoted message, a passage). Markdown is
 * left alone, so quoted passages keep their look; only mention syntax gets a zero-width space.
 */
function breakMentions(text: string, users: ReadonlySet<string>): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/@(everyone|here)/g, `@${ZWSP}$1`)
    .replace(/<@([!&]?)(\d+)>/g, (whole, kind: string, id: string) =>
      kind !== '&' && users.has(id) ? whole : `<@${ZWSP}${kind}${id}>`,
    );
}

function breakEmbedMentions(embed: APIEmbed, users: ReadonlySet<string>): APIEmbed {
  const safe = (text: string): string => breakMentions(text, users);
  return {
    ...embed,
    ...(embed.title ? { title: safe(embed.title) } : {}),
    ...(embed.description ? { description: safe(embed.description) } : {}),
    ...(embed.footer ? { footer: { ...embed.footer, text: safe(embed.footer.text) } } : {}),
    ...(embed.author ? { author: { ...embed.author, name: safe(embed.author.name) } } : {}),
    ...(embed.fields
      ? {
          fields: embed.fields.map((field) => ({
            ...field,
            name: safe(field.name),
            value: safe(field.value),
          })),
        }
      : {}),
  };
}

/** The inverse of `escapeUserText`, to read back a question shown in an embed. */
export function unescapeUserText(text: string): string {
  return text.replaceAll(ZWSP, '').replace(/\\([\\*_~`|[\]()<>#>\-.\d])/g, '$1');
}

function clampEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title) out.title = truncateText(out.title, DISCORD_LIMITS.embedTitle);
  if (out.description) out.description = truncateText(out.description, DISCORD_LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncateText(out.footer.text, DISCORD_LIMITS.footer) };
  if (out.author)
    out.author = { ...out.author, name: truncateText(out.author.name, DISCORD_LIMITS.authorName) };
  if (out.fields) {
    out.fields = out.fields.slice(0, DISCORD_LIMITS.embedFields).map((field) => ({
      ...field,
      name: truncateText(field.name, DISCORD_LIMITS.fieldName) || '\u200b',
      value: truncateText(field.value, DISCORD_LIMITS.fieldValue) || '\u200b',
    }));
  }
  return out;
}

function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Keeps all embeds together under 6000 characters by shortening descriptions, then fields, from the last embed. */
function clampEmbedTotal(embeds: APIEmbed[]): APIEmbed[] {
  const out = embeds.slice(0, DISCORD_LIMITS.embeds).map(clampEmbed);
  let excess = out.reduce((sum, embed) => sum + embedSize(embed), 0) - DISCORD_LIMITS.embedTotal;
  for (let i = out.length - 1; i >= 0 && excess > 0; i--) {
    const embed = out[i]!;
    while (excess > 0 && embed.fields && embed.fields.length > 0) {
      const last = embed.fields.pop()!;
      excess -= last.name.length + last.value.length;
    }
    if (excess > 0 && embed.description) {
      const keep = Math.max(0, embed.description.length - excess);
      const before = embed.description.length;
      embed.description = keep > 1 ? truncateText(embed.description, keep) : undefined;
      excess -= before - (embed.description?.length ?? 0);
    }
    if (excess > 0 && i > 0) {
      excess -= embedSize(embed);
      out.splice(i, 1);
    }
  }
  return out;
}

/** A bug, not a user error: components are built by code and must fit. */
function checkComponents(rows: readonly unknown[]): void {
  if (rows.length > DISCORD_LIMITS.actionRows) throw new Error(`${rows.length} action rows (max 5)`);
  for (const row of rows as APIActionRowComponent<APIComponentInMessageActionRow>[]) {
    if (row.type !== ComponentType.ActionRow) continue;
    if (row.components.length > DISCORD_LIMITS.buttonsPerRow) {
      throw new Error(`${row.components.length} components in a row (max 5)`);
    }
    for (const component of row.components) {
      if ('custom_id' in component && component.custom_id.length > DISCORD_LIMITS.customId) {
        throw new Error(`custom_id longer than 100 characters: ${component.custom_id}`);
      }
      if ('label' in component && typeof component.label === 'string') {
        component.label = truncateText(component.label, DISCORD_LIMITS.buttonLabel);
      }
    }
  }
}

export interface ReplyOptions {
  ephemeral?: boolean;
  /** The only users a reply may notify (`/ask mention:`); everything else is never pinged. */
  mentionUsers?: readonly string[];
}

/** Applies every limit and the mention policy to message data; every response passes through here. */
export function finishReplyData(data: ReplyData, options: ReplyOptions = {}): ReplyData {
  const out: ReplyData = { ...data };
  const users = new Set(options.mentionUsers ?? []);
  if (out.content !== undefined) out.content = breakMentions(out.content, users);
  if (out.embeds) out.embeds = out.embeds.map((embed) => breakEmbedMentions(embed, users));
  if (out.content !== undefined) out.content = truncateText(out.content, DISCORD_LIMITS.content);
  if (out.embeds) out.embeds = clampEmbedTotal(out.embeds);
  if (out.components) checkComponents(out.components);
  if (options.ephemeral) out.flags = (out.flags ?? 0) | MessageFlags.Ephemeral;
  out.allowed_mentions = { parse: [] };
  if (options.mentionUsers && options.mentionUsers.length > 0) {
    out.allowed_mentions = { parse: [], users: [...options.mentionUsers].slice(0, 100) };
  }
  return out;
}

/** A new message answering the request. */
export function reply(data: ReplyData, options: ReplyOptions = {}, files?: ReplyFile[]): CommandResponse {
  return { type: 'message', data: finishReplyData(data, options), ...(files ? { files } : {}) };
}

/** An ephemeral message for something the user can fix ("no passage §99"). */
export function errorReply(message: string): CommandResponse {
  return reply({ content: message }, { ephemeral: true });
}

/** Replaces the message a clicked component sits on. */
export function update(data: ReplyData, options: Omit<ReplyOptions, 'ephemeral'> = {}): CommandResponse {
  return { type: 'update', data: finishReplyData(data, options) };
}

export function modal(data: APIModalInteractionResponseCallbackData): CommandResponse {
  if (data.custom_id.length > DISCORD_LIMITS.customId)
    throw new Error(`modal custom_id too long: ${data.custom_id}`);
  return { type: 'modal', data: { ...data, title: truncateText(data.title, 45) } };
}

/** At most 25 choices, names and string values cut to 100 characters, duplicates dropped. */
export function autocompleteChoices(
  choices: readonly APIApplicationCommandOptionChoice[],
): APIApplicationCommandOptionChoice[] {
  const seen = new Set<string | number>();
  const out: APIApplicationCommandOptionChoice[] = [];
  for (const choice of choices) {
    const value =
      typeof choice.value === 'string' ? safePrefix(choice.value, DISCORD_LIMITS.choiceValue) : choice.value;
    if (seen.has(value) || (typeof value === 'string' && value.trim() === '')) continue;
    seen.add(value);
    const name =
      truncateText(choice.name.replace(/\s+/g, ' ').trim(), DISCORD_LIMITS.choiceName) || String(value);
    out.push({ ...choice, name, value } as APIApplicationCommandOptionChoice);
    if (out.length === DISCORD_LIMITS.choices) break;
  }
  return out;
}
