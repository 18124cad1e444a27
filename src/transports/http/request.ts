import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ApplicationCommandType,
  InteractionType,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIUser,
} from 'discord-api-types/v10';
import type {
  CommandRequest,
  OptionValue,
  RequestAttachment,
  RequestMessage,
  RequestUser,
} from '../../interactions/contract.ts';

/**
 * Discord's interaction payloads, as an Interactions Endpoint URL receives them (raw API JSON),
 * turned into the plain requests handlers see: the same `CommandRequest` the gateway transport
 * builds from discord.js objects (transports/discord/request.ts).
 */

/** The fields of an interaction payload this transport reads; everything else is ignored. */
export interface RawInteraction {
  id: string;
  application_id: string;
  type: number;
  token: string;
  data?: RawData;
  guild_id?: string;
  channel_id?: string;
  channel?: { id: string };
  member?: { user: APIUser; permissions?: string };
  user?: APIUser;
  locale?: string;
  guild_locale?: string;
  message?: APIMessage;
  /** Who authorized the command, by installation type ("0" the server's install, "1" a user's). */
  authorizing_integration_owners?: Partial<Record<string, string>>;
}

interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
  options?: RawOption[];
}

interface RawData {
  name?: string;
  type?: number;
  options?: RawOption[];
  custom_id?: string;
  target_id?: string;
  components?: unknown[];
  resolved?: {
    users?: Record<string, APIUser>;
    attachments?: Record<string, APIAttachment>;
    messages?: Record<string, APIMessage>;
    channels?: Record<string, { id: string; type: number }>;
  };
}

function userOf(user: Pick<APIUser, 'id' | 'username'>): RequestUser {
  return { id: user.id, username: user.username };
}

function messageOf(message: APIMessage, guildId: string | null): RequestMessage {
  return {
    id: message.id,
    content: message.content ?? '',
    author: userOf(message.author),
    url: `https://discord.com/channels/${guildId ?? '@me'}/${message.channel_id}/${message.id}`,
    embeds: (message.embeds ?? []) as APIEmbed[],
  };
}

function collectOptions(options: readonly RawOption[], data: RawData, request: CommandRequest): void {
  for (const option of options) {
    switch (option.type) {
      case ApplicationCommandOptionType.SubcommandGroup:
        request.subcommandGroup = option.name;
        collectOptions(option.options ?? [], data, request);
        break;
      case ApplicationCommandOptionType.Subcommand:
        request.subcommand = option.name;
        collectOptions(option.options ?? [], data, request);
        break;
      case ApplicationCommandOptionType.Attachment: {
        const attachment = data.resolved?.attachments?.[String(option.value)];
        if (attachment) {
          const value: RequestAttachment = {
            id: attachment.id,
            url: attachment.url,
            filename: attachment.filename,
            size: attachment.size,
            ...(attachment.content_type ? { contentType: attachment.content_type } : {}),
          };
          request.attachments[option.name] = value;
        }
        break;
      }
      default: {
        if (option.focused) request.focused = { name: option.name, value: String(option.value ?? '') };
        const value = option.value;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          request.options[option.name] = value as OptionValue;
        const user =
          option.type === ApplicationCommandOptionType.User
            ? data.resolved?.users?.[String(value)]
            : undefined;
        if (user) (request.resolvedUsers ??= {})[user.id] = userOf(user);
        const channel =
          option.type === ApplicationCommandOptionType.Channel
            ? data.resolved?.channels?.[String(value)]
            : undefined;
        if (channel) (request.resolvedChannels ??= {})[channel.id] = { id: channel.id, type: channel.type };
      }
    }
  }
}

/** Text inputs of a submitted modal, in action rows or labels, by custom_id. */
function modalFields(components: readonly unknown[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.custom_id === 'string' && typeof record.value === 'string')
      fields[record.custom_id] = record.value;
    walk(record.components);
    walk(record.component);
  };
  walk(components);
  return fields;
}

/** The plain request handlers see; undefined for PING and kinds citebot does not handle. */
export function requestFromPayload(interaction: RawInteraction): CommandRequest | undefined {
  const who = interaction.member?.user ?? interaction.user;
  if (!who) return undefined;
  const guildId = interaction.guild_id ?? null;
  const data = interaction.data ?? {};
  const permissions = interaction.member?.permissions;
  const base: CommandRequest = {
    kind: 'command',
    id: interaction.id,
    commandName: '',
    options: {},
    attachments: {},
    user: userOf(who),
    guildId,
    // Discord names who authorized the command: the server's own install, or only a member's.
    serverInstalled:
      guildId !== null &&
      interaction.authorizing_integration_owners?.[String(ApplicationIntegrationType.GuildInstall)] ===
        guildId,
    channelId: interaction.channel_id ?? interaction.channel?.id ?? '',
    memberPermissions: guildId && permissions && /^\d+$/.test(permissions) ? BigInt(permissions) : null,
    locale: interaction.locale ?? interaction.guild_locale ?? 'en-US',
  };
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
    case InteractionType.ApplicationCommandAutocomplete: {
      const request: CommandRequest = {
        ...base,
        kind:
          interaction.type === InteractionType.ApplicationCommandAutocomplete ? 'autocomplete' : 'command',
        commandName: data.name ?? '',
      };
      if (data.type === ApplicationCommandType.Message) {
        const target = data.resolved?.messages?.[data.target_id ?? ''];
        if (!target) return undefined;
        return { ...request, kind: 'message-context', targetMessage: messageOf(target, guildId) };
      }
      if (data.type !== undefined && data.type !== ApplicationCommandType.ChatInput) return undefined;
      collectOptions(data.options ?? [], data, request);
      return request;
    }
    case InteractionType.MessageComponent:
      return {
        ...base,
        kind: 'component',
        customId: data.custom_id ?? '',
        ...(interaction.message ? { targetMessage: messageOf(interaction.message, guildId) } : {}),
      };
    case InteractionType.ModalSubmit:
      return {
        ...base,
        kind: 'modal',
        customId: data.custom_id ?? '',
        fields: modalFields(data.components),
        ...(interaction.message ? { targetMessage: messageOf(interaction.message, guildId) } : {}),
      };
    default:
      return undefined;
  }
}
