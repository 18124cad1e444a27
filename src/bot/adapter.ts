import {
  ApplicationCommandOptionType,
  Client,
  GatewayIntentBits,
  type CommandInteractionOption,
  type Interaction,
  type Message,
} from 'discord.js';
import {
  InteractionResponseType,
  MessageFlags,
  Routes,
  type APIInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { RawFile } from 'discord.js';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type {
  CommandRequest,
  CommandResponse,
  OptionValue,
  ReplyFile,
  RequestAttachment,
  RequestUser,
  ServicesProvider,
} from '../../commands/types.ts';
import { servicesFor } from '../../commands/types.ts';
import type { BotConfig } from '../config.ts';
import type { CommandRouter } from './router.ts';

/** Guilds for GUILD_CREATE, GuildMessages for @mentions (which carry content without MessageContent). */
export const BOT_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];

export function createClient(config: Pick<BotConfig, 'apiUrl'>): Client {
  return new Client({
    intents: BOT_INTENTS,
    // DISCORD_API_URL points REST (and through GET /gateway/bot, the gateway) at another server.
    rest: config.apiUrl ? { api: config.apiUrl } : {},
    // discord.js holds interactions back until every guild named in READY has arrived, waiting up
    // to this long after the last guild packet (default 15 s). Guild packets stream in quickly; a
    // guild that does not come (an outage, a gateway that never sends it) must not keep members'
    // questions waiting past Discord's 3 s.
    waitGuildTimeout: 1_000,
  });
}

function userOf(user: { id: string; username: string }): RequestUser {
  return { id: user.id, username: user.username };
}

function collectOptions(
  options: readonly CommandInteractionOption[],
  request: Pick<
    CommandRequest,
    'options' | 'attachments' | 'resolvedUsers' | 'subcommand' | 'subcommandGroup' | 'focused'
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
  return {
    kind: 'mention',
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
  };
}

function rawFiles(files: readonly ReplyFile[] | undefined): RawFile[] | undefined {
  return files?.map((file) => ({
    name: file.name,
    data: file.data,
    ...(file.contentType ? { contentType: file.contentType } : {}),
  }));
}

function withAttachments(
  data: APIInteractionResponseCallbackData,
  files: readonly ReplyFile[] | undefined,
): APIInteractionResponseCallbackData {
  if (!files || files.length === 0) return data;
  return { ...data, attachments: files.map((file, id) => ({ id: String(id), filename: file.name })) };
}

/** Edits and channel messages accept only these flags; EPHEMERAL was decided by the first response. */
function editableFlags(flags: number | undefined): number | undefined {
  if (flags === undefined) return undefined;
  const kept = flags & (MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2);
  return kept === 0 ? undefined : kept;
}

/**
 * The callback was accepted (2xx) but its empty body came labelled as JSON, which the REST client
 * cannot parse; some Discord-compatible servers answer 204 that way. The response was delivered,
 * so a deferral must still be followed by its edit.
 */
function acceptedWithoutBody(error: unknown): undefined {
  if (error instanceof SyntaxError) return undefined;
  throw error;
}

export interface InteractionHandlerOptions {
  client: Client;
  router: CommandRouter;
  /** Resolves when the engine (and store) are ready; interactions before that are deferred. */
  services: Promise<ServicesProvider>;
  logger: Logger;
  /** Defer when a handler has not answered after this long (Discord allows 3 s for the first response). */
  deferAfterMs?: number;
}

/**
 * Connects discord.js events to the router: interactions become `CommandRequest`s, responses go
 * back through discord.js's REST client (which owns rate limits and retries) as raw API payloads,
 * so what the handlers built is exactly what Discord receives.
 */
export function attachHandlers(options: InteractionHandlerOptions): void {
  const { client, router, logger } = options;
  const deferAfterMs = options.deferAfterMs ?? 2000;
  let ready: ServicesProvider | undefined;
  options.services.then(
    (services) => {
      ready = services;
    },
    () => undefined,
  );

  const callback = (interaction: Interaction, body: unknown, files?: RawFile[]) =>
    client.rest
      .post(Routes.interactionCallback(interaction.id, interaction.token), { body, files, auth: false })
      .catch(acceptedWithoutBody);

  async function respond(interaction: Interaction, request: CommandRequest): Promise<void> {
    if (request.kind === 'autocomplete') {
      // Autocomplete cannot be deferred: while loading it offers nothing rather than time out.
      const response = ready
        ? await router.route(request, servicesFor(ready))
        : { type: 'autocomplete' as const, choices: [] };
      const choices = response.type === 'autocomplete' ? response.choices : [];
      await callback(interaction, {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices },
      });
      return;
    }
    // Each request takes one snapshot of the services: a knowledge reload never changes it midway.
    const work = (ready ? Promise.resolve(ready) : options.services).then((services) =>
      router.route(request, servicesFor(services)),
    );
    let timer: NodeJS.Timeout | undefined;
    const first = ready
      ? await Promise.race([
          work,
          new Promise<'defer'>((resolve) => {
            timer = setTimeout(() => resolve('defer'), deferAfterMs);
          }),
        ])
      : 'defer';
    clearTimeout(timer);
    if (first !== 'defer') {
      await sendFirst(interaction, first);
      return;
    }
    // A component's deferral keeps its message as is; a command's shows "thinking…".
    const deferType =
      request.kind === 'component'
        ? InteractionResponseType.DeferredMessageUpdate
        : InteractionResponseType.DeferredChannelMessageWithSource;
    // Only a new "thinking…" message can be ephemeral; a deferred update has no message of its own.
    const deferFlags =
      deferType === InteractionResponseType.DeferredChannelMessageWithSource && router.deferEphemeral(request)
        ? MessageFlags.Ephemeral
        : undefined;
    await callback(interaction, { type: deferType, ...(deferFlags ? { data: { flags: deferFlags } } : {}) });
    logger.debug({ interaction: interaction.id, kind: request.kind }, 'deferred');
    await sendAfterDefer(interaction, request, await work, deferType);
  }

  async function sendFirst(interaction: Interaction, response: CommandResponse): Promise<void> {
    switch (response.type) {
      case 'message':
      case 'update':
        await callback(
          interaction,
          {
            type:
              response.type === 'message'
                ? InteractionResponseType.ChannelMessageWithSource
                : InteractionResponseType.UpdateMessage,
            data: withAttachments(response.data, response.files),
          },
          rawFiles(response.files),
        );
        return;
      case 'modal':
        await callback(interaction, { type: InteractionResponseType.Modal, data: response.data });
        return;
      case 'autocomplete':
        await callback(interaction, {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices: response.choices },
        });
    }
  }

  async function sendAfterDefer(
    interaction: Interaction,
    request: CommandRequest,
    response: CommandResponse,
    deferType: InteractionResponseType,
  ): Promise<void> {
    const applicationId = interaction.applicationId;
    if (response.type === 'modal' || response.type === 'autocomplete') {
      // A modal must be the first response; after waiting for the index it can only be refused.
      throw new Error(
        `${response.type} response after a deferral (${request.customId ?? request.commandName})`,
      );
    }
    const data = withAttachments(response.data, response.files);
    const files = rawFiles(response.files);
    if (deferType === InteractionResponseType.DeferredMessageUpdate && response.type === 'message') {
      // The component's message stays; the answer is a new (possibly ephemeral) follow-up.
      await client.rest.post(Routes.webhook(applicationId, interaction.token), {
        body: data,
        files,
        auth: false,
      });
      return;
    }
    await client.rest.patch(Routes.webhookMessage(applicationId, interaction.token, '@original'), {
      body: { ...data, flags: editableFlags(data.flags) },
      files,
      auth: false,
    });
  }

  client.on('interactionCreate', (interaction) => {
    const request = requestFromInteraction(interaction);
    if (!request) return;
    respond(interaction, request).catch((error: unknown) => {
      const id = randomUUID().slice(0, 8);
      logger.error(
        { err: error, errorId: id, interaction: interaction.id, kind: request.kind },
        'could not respond',
      );
    });
  });

  client.on('messageCreate', (message) => {
    const botId = client.user?.id;
    if (!botId) return;
    const request = requestFromMention(message, botId);
    if (!request) return;
    (async () => {
      const services = ready ?? (await options.services);
      const response = await router.route(request, servicesFor(services));
      if (response.type !== 'message') return;
      const body: RESTPostAPIChannelMessageJSONBody = {
        ...response.data,
        flags: editableFlags(response.data.flags),
        // A reply to the asker, without pinging them: allowed_mentions stays { parse: [] }.
        message_reference: { message_id: message.id, fail_if_not_exists: false },
      } as RESTPostAPIChannelMessageJSONBody;
      await client.rest.post(Routes.channelMessages(message.channelId), {
        body,
        files: rawFiles(response.files),
      });
    })().catch((error: unknown) => {
      const id = randomUUID().slice(0, 8);
      logger.error({ err: error, errorId: id, message: message.id }, 'could not answer mention');
    });
  });
}
