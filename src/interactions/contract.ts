import type {
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIInteractionResponseCallbackData,
  APIModalInteractionResponseCallbackData,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { Engine, PinIndex } from '../engine.ts';
import type { CitebotStore } from '../store/types.ts';
import type { RequestLimits } from './cooldown.ts';
import type { ReloadResult } from '../runtime/engine-holder.ts';
import type { AutoAnswerChannels } from '../runtime/auto-answer-channels.ts';
import type { Precondition } from './preconditions.ts';

/**
 * What a handler sees of an interaction or a message: plain data, no discord.js objects, so the
 * Discord transport, the local console and the tests build it the same way.
 */
export type RequestKind =
  /** A slash command (chat input). */
  | 'command'
  | 'autocomplete'
  /** A button (or select) click; `customId` says which. */
  | 'component'
  /** A modal submitted; `customId` and `fields`. */
  | 'modal'
  /** A message context-menu command; `targetMessage` is the message. */
  | 'message-context'
  /** A message that mentioned the bot; `options.question` is its text without the mention. */
  | 'mention'
  /**
   * A member's new post where a server may have turned auto-answer on (AUTO_ANSWER): a message in a
   * text channel, or a forum post (its title and first message); `options.question` is its text,
   * `postedIn` the channel it belongs to.
   */
  | 'post';

export interface RequestUser {
  id: string;
  username: string;
}

export interface RequestAttachment {
  id: string;
  url: string;
  filename: string;
  size: number;
  contentType?: string;
  /** The file's text when the transport already has it (the console reads local files); else fetch `url`. */
  content?: string;
}

export interface RequestMessage {
  id: string;
  content: string;
  author: RequestUser;
  /** A link to the message ("https://discord.com/channels/…"). */
  url: string;
  /** For component clicks: the embeds of the message the component sits on. */
  embeds?: readonly APIEmbed[];
}

export type OptionValue = string | number | boolean;

export interface CommandRequest {
  kind: RequestKind;
  /** Interaction id (or message id for mentions); unique per request. */
  id: string;
  /** Command name as defined (e.g. "ask", "Answer from article"); "" for components and modals. */
  commandName: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** Option values by name (user options hold the user id; attachment options are in `attachments`). */
  options: Record<string, OptionValue>;
  attachments: Record<string, RequestAttachment>;
  /** Users resolved for user options, by id. */
  resolvedUsers?: Record<string, RequestUser>;
  /** Components and modals: the custom_id, "<prefix>:<rest>" (≤ 100 characters). */
  customId?: string;
  /** Modal submit: text input values by custom_id. */
  fields?: Record<string, string>;
  /** Autocomplete: the option being typed. */
  focused?: { name: string; value: string };
  user: RequestUser;
  /** null in DMs and private channels. */
  guildId: string | null;
  /**
   * false when citebot is not installed in `guildId` (a member's user install used there): nothing
   * may be stored for that server. Undefined (the console, tests) counts as installed.
   */
  serverInstalled?: boolean;
  channelId: string;
  /**
   * Posts: the text or forum channel the post belongs to (for a forum post, the forum, while
   * `channelId` is the post's thread), compared with the server's auto-answer channel.
   */
  postedIn?: string;
  /** Channels resolved for channel options, by id: their type (0 text, 15 forum, …). */
  resolvedChannels?: Record<string, { id: string; type: number }>;
  /** The member's permissions in this channel; null outside servers. */
  memberPermissions: bigint | null;
  /** The user's client locale ("en-US", "zh-CN", "zh-TW", …). */
  locale: string;
  /** Message context menus: the selected message. Components: the message the component is on. */
  targetMessage?: RequestMessage;
}

/** Message data as Discord's API takes it; the reply helpers fill `allowed_mentions` and limits. */
export type ReplyData = APIInteractionResponseCallbackData;

export interface ReplyFile {
  name: string;
  data: Buffer | string;
  contentType?: string;
}

/**
 * A handler's answer. The Discord transport (transports/discord/respond.ts) maps it to an
 * interaction callback (or, after a deferral, to an edit of the original response; for mentions,
 * to a reply message).
 */
export type CommandResponse =
  /** CHANNEL_MESSAGE_WITH_SOURCE: a new message (ephemeral when `flags` has EPHEMERAL). */
  | {
      type: 'message';
      data: ReplyData;
      files?: ReplyFile[];
      /**
       * Nothing needs saying where a reply is public (an @mention): the member was already told.
       * An interaction still gets `data`, privately.
       */
      quiet?: boolean;
    }
  /** UPDATE_MESSAGE: edits the message a component sits on. */
  | { type: 'update'; data: ReplyData; files?: ReplyFile[] }
  /** MODAL: only as the first response, never after a deferral. */
  | { type: 'modal'; data: APIModalInteractionResponseCallbackData }
  | { type: 'autocomplete'; choices: APIApplicationCommandOptionChoice[] };

export interface Services {
  engine: Engine;
  /** Undefined when the database is unavailable: answer from the articles, say pins are unavailable. */
  store?: CitebotStore;
  /** The guild's pins prepared for search, cached per server until they change (src/runtime/pin-indexes.ts). */
  pinIndexFor?: (guildId: string | null) => Promise<PinIndex | undefined>;
  logger: Logger;
  /** BOT_OWNER_IDS: who may run /reload. The rest of the configuration (the token!) never reaches handlers. */
  ownerIds?: readonly string[];
  /** Cooldowns and quotas; absent (tests, tools) means no limits. */
  limits?: RequestLimits;
  /** Re-reads the knowledge folder and swaps the new engine in if it loads (for /reload). */
  reloadKnowledge?: () => Promise<ReloadResult>;
  /**
   * AUTO_ANSWER is set: the gateway bot reads message content, so /setup auto-answer may be turned
   * on. Without it the setting is refused with how to enable it, and posts are never answered.
   */
  autoAnswerEnabled?: boolean;
  /** Each server's auto-answer channel, cached (absent when the database is unavailable). */
  autoAnswerChannels?: AutoAnswerChannels;
}

/**
 * What transports hold: the services, or a function giving this request's services (the engine
 * can be swapped by a knowledge reload; a request keeps the one it started with).
 */
export type ServicesProvider = Services | (() => Services);

export function servicesFor(provider: ServicesProvider): Services {
  return typeof provider === 'function' ? provider() : provider;
}

export type Awaitable<T> = T | Promise<T>;

/**
 * One command: its definition, what must hold before it runs, and its handlers. commands/index.ts
 * lists every module; `npm run deploy` registers the same definitions.
 */
export interface CommandModule {
  /** A discord.js builder's `.toJSON()`. */
  definition: RESTPostAPIApplicationCommandsJSONBody;
  /**
   * Checked in order before `handle`, `handleComponent` and `handleModal` (not autocomplete, which
   * answers with no suggestions instead of a refusal); the first refusal is the reply.
   */
  preconditions?: readonly Precondition[];
  handle(request: CommandRequest, services: Services): Awaitable<CommandResponse>;
  autocomplete?(request: CommandRequest, services: Services): Awaitable<APIApplicationCommandOptionChoice[]>;
  /**
   * The question a request is about (an /ask question, a message answered, the question under a
   * button), when there is one: the router writes every reply to it in that question's language
   * when it is clear (i18n.ts `replyLocale`), labels, buttons, notices and errors alike.
   */
  questionText?(request: CommandRequest): string | undefined;
  /** custom_id prefixes (the part before the first ":") this module's components and modals use. */
  customIdPrefixes?: readonly string[];
  handleComponent?(request: CommandRequest, services: Services): Awaitable<CommandResponse>;
  handleModal?(request: CommandRequest, services: Services): Awaitable<CommandResponse>;
  /**
   * Whether a deferred reply to this request must be ephemeral (the Discord transport defers when the
   * engine is still loading or the work runs long). Default: ephemeral for components, else public.
   */
  deferEphemeral?(request: CommandRequest): boolean;
}

/*
 * Typed option accessors. The router has already checked every option against the command's
 * definition (request-checks.ts), so these only say which type a handler expects.
 */

/** A string option as text; "" when absent. */
export function textOption(request: Pick<CommandRequest, 'options'>, name: string): string {
  return String(request.options[name] ?? '');
}

/** An optional string option; undefined when absent or blank. */
export function optionalTextOption(
  request: Pick<CommandRequest, 'options'>,
  name: string,
): string | undefined {
  const value = request.options[name];
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** A boolean option; false when absent. */
export function flagOption(request: Pick<CommandRequest, 'options'>, name: string): boolean {
  return request.options[name] === true;
}

/** An integer or number option (NaN when absent). */
export function numberOption(request: Pick<CommandRequest, 'options'>, name: string): number {
  return Number(request.options[name]);
}
