import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ChannelType,
  MessageType,
  type CommandInteractionOption,
  type Interaction,
  type Message,
} from 'discord.js';
import type {
  CommandRequest,
  OptionValue,
  RequestAttachment,
  RequestUser,
} from '../../interactions/contract.ts';

/** Discord's interactions and messages as the plain requests handlers see (no discord.js objects past here). */

function userOf(user: { id: string; username: string }): RequestUser {
  return { id: user.id, username: user.username };
}

function collectOptions(
  options: readonly CommandInteractionOption[],
  request: Pick<
    CommandRequest,
    | 'options'
    | 'attachments'
    | 'resolvedUsers'
    | 'resolvedChannels'
    | 'subcommand'
    | 'subcommandGroup'
    | 'focused'
  >,
): void {
  for (const option of options) {
    switch (option.type) {
      case ApplicationCommandOptionType.SubcommandGroup:
        request.subcommandGroup = option.name;
        collectOptions(option.options ?? [], request);
        break;
      case ApplicationCommandOptionType.Subcommand:
        request.subcommand = option.name;
        collectOptions(option.options ?? [], request);
        break;
      case ApplicationCommandOptionType.Attachment:
        if (option.attachment) {
          const attachment: RequestAttachment = {
            id: option.attachment.id,
            url: option.attachment.url,
            filename: option.attachment.name,
            size: option.attachment.size,
            ...(option.attachment.contentType ? { contentType: option.attachment.contentType } : {}),
          };
          request.attachments[option.name] = attachment;
        }
        break;
      default:
        if (option.focused) request.focused = { name: option.name, value: String(option.value ?? '') };
        if (option.value !== undefined && option.value !== null)
          request.options[option.name] = option.value as OptionValue;
        if (option.user) (request.resolvedUsers ??= {})[option.user.id] = userOf(option.user);
        if (option.channel)
          (request.resolvedChannels ??= {})[option.channel.id] = {
            id: option.channel.id,
            type: option.channel.type,
          };
    }
  }
}

function messageOf(message: Message): NonNullable<CommandRequest['targetMessage']> {
  return {
    id: message.id,
    content: message.content ?? '',
    author: userOf(message.author),
    url: message.url,
    embeds: message.embeds.map((embed) => embed.toJSON()),
  };
}

/** The plain request handlers see; undefined for interaction kinds citebot does not handle. */
export function requestFromInteraction(interaction: Interaction): CommandRequest | undefined {
  const base = {
    id: interaction.id,
    commandName: '',
    options: {},
    attachments: {},
    user: userOf(interaction.user),
    guildId: interaction.guildId,
    // Discord names who authorized the command: the server's own install, or only a member's.
    serverInstalled:
      interaction.guildId !== null &&
      interaction.authorizingIntegrationOwners?.[ApplicationIntegrationType.GuildInstall] ===
        interaction.guildId,
    channelId: interaction.channelId ?? '',
    memberPermissions: interaction.memberPermissions?.bitfield ?? null,
    locale: interaction.locale,
  } satisfies Omit<CommandRequest, 'kind'>;
  if (interaction.isChatInputCommand() || interaction.isAutocomplete()) {
    const request: CommandRequest = {
      ...base,
      kind: interaction.isAutocomplete() ? 'autocomplete' : 'command',
      commandName: interaction.commandName,
    };
    collectOptions(interaction.options.data, request);
    return request;
  }
  if (interaction.isMessageContextMenuCommand()) {
    return {
      ...base,
      kind: 'message-context',
      commandName: interaction.commandName,
      targetMessage: messageOf(interaction.targetMessage),
    };
  }
  if (interaction.isMessageComponent()) {
    return {
      ...base,
      kind: 'component',
      customId: interaction.customId,
      targetMessage: messageOf(interaction.message),
    };
  }
  if (interaction.isModalSubmit()) {
    const fields: Record<string, string> = {};
    for (const [customId, field] of interaction.fields.fields) {
      if ('value' in field && typeof field.value === 'string') fields[customId] = field.value;
    }
    return {
      ...base,
      kind: 'modal',
      customId: interaction.customId,
      fields,
      ...(interaction.message ? { targetMessage: messageOf(interaction.message) } : {}),
    };
  }
  return undefined;
}

/** A message that mentions the bot, as an /ask request; undefined when it is not for us. */
export function requestFromMention(message: Message, botUserId: string): CommandRequest | undefined {
  if (message.author.bot || message.webhookId) return undefined;
  // The mention must be in the text: a reply to one of the bot's answers also "mentions" it
  // (reply ping) but is usually "thanks", not a question.
  const mention = new RegExp(`<@!?${botUserId}>`, 'g');
  if (!message.mentions.users.has(botUserId) || !mention.test(message.content)) return undefined;
  const question = message.content.replace(mention, ' ').replace(/\s+/g, ' ').trim();
  return askFromMessage(message, 'mention', question);
}

/** A member's message as an /ask of `question`: a mention of the bot, or a post auto-answered. */
function askFromMessage(
  message: Message,
  kind: 'mention' | 'post',
  question: string,
  extra: Partial<CommandRequest> = {},
): CommandRequest {
  return {
    kind,
    id: message.id,
    commandName: 'ask',
    options: { question },
    attachments: {},
    user: userOf(message.author),
    guildId: message.guildId,
    channelId: message.channelId,
    memberPermissions: message.member?.permissions.bitfield ?? null,
    locale: message.guild?.preferredLocale ?? 'en-US',
    targetMessage: messageOf(message),
    ...extra,
  };
}

/** Forum-like channels: each post is a thread whose first message has the thread's id. */
const FORUMS: readonly ChannelType[] = [ChannelType.GuildForum, ChannelType.GuildMedia];

/** A post's text is cut here, like a message's: the engine reads only its first 300 characters. */
const POST_MAX = 4000;

/**
 * A member's new post as an auto-answer request (the use case checks the server's channel);
 * undefined when it cannot be one. A forum post is its thread's first message (same id as the
 * thread): its question is the title and that message. In a text channel, a plain message: not a
 * reply, mentioning no one (a conversation between members), not a bot's, webhook's or system
 * message. Edits are MESSAGE_UPDATE and later messages in a post's thread have other ids, so each
 * post is answered at most once.
 */
export function requestFromPost(message: Message): CommandRequest | undefined {
  if (!message.inGuild() || message.author.bot || message.webhookId || message.system) return undefined;
  if (message.type !== MessageType.Default) return undefined;
  const channel = message.channel;
  let postedIn: string;
  let question: string;
  if (channel.isThread()) {
    const forum = channel.parent;
    if (!forum || !FORUMS.includes(forum.type) || message.id !== channel.id) return undefined;
    postedIn = forum.id;
    question = `${channel.name}\n${message.content}`;
  } else {
    const { mentions } = message;
    if (mentions.everyone || mentions.users.size > 0 || mentions.roles.size > 0) return undefined;
    postedIn = channel.id;
    question = message.content;
  }
  question = Array.from(question.trim()).slice(0, POST_MAX).join('');
  if (!question) return undefined;
  return askFromMessage(message, 'post', question, { postedIn });
}
