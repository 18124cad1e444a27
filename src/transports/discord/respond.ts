import type { Client, Interaction, RawFile } from 'discord.js';
import {
  InteractionResponseType,
  MessageFlags,
  Routes,
  type APIInteractionResponseCallbackData,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type {
  CommandRequest,
  CommandResponse,
  ReplyFile,
  ServicesProvider,
} from '../../interactions/contract.ts';
import { servicesFor } from '../../interactions/contract.ts';
import {
  AnswerQueue,
  DEFAULT_ANSWER_QUEUE,
  type AnswerQueueOptions,
} from '../../interactions/answer-queue.ts';
import { withinDeadline } from '../../interactions/deadline.ts';
import { COMMON_TEXTS, pick } from '../../interactions/i18n.ts';
import { errorReply } from '../../interactions/reply.ts';
import type { CommandRouter } from '../../interactions/router.ts';
import { requestFromInteraction, requestFromMention, requestFromPost } from './request.ts';

export function rawFiles(files: readonly ReplyFile[] | undefined): RawFile[] | undefined {
  return files?.map((file) => ({
    name: file.name,
    data: file.data,
    ...(file.contentType ? { contentType: file.contentType } : {}),
  }));
}

export function withAttachments(
  data: APIInteractionResponseCallbackData,
  files: readonly ReplyFile[] | undefined,
): APIInteractionResponseCallbackData {
  if (!files || files.length === 0) return data;
  return { ...data, attachments: files.map((file, id) => ({ id: String(id), filename: file.name })) };
}

/** Edits and channel messages accept only these flags; EPHEMERAL was decided by the first response. */
export function editableFlags(flags: number | undefined): number | undefined {
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
  /** AUTO_ANSWER: members' posts may be answered (where a server turned it on), not only mentions. */
  autoAnswer?: boolean;
  /** When to refuse work the bot cannot do in time (see interactions/answer-queue.ts). */
  answerQueue?: AnswerQueueOptions;
}

export interface AttachedHandlers {
  /**
   * Stops taking new interactions and mentions, then waits (at most `ms`) for the ones in flight
   * to send their replies: on shutdown a deferred member must not see "thinking…" forever.
   */
  drain(ms: number): Promise<void>;
  /** The answers being worked on, and how many were refused as too many. */
  readonly queue: AnswerQueue;
}

/** How often at most the bot logs that it refused work (with the count since the last line). */
const BUSY_LOG_INTERVAL_MS = 10_000;

/**
 * Connects discord.js events to the router: interactions become `CommandRequest`s, responses go
 * back through discord.js's REST client (which owns rate limits and retries) as raw API payloads,
 * so what the handlers built is exactly what Discord receives.
 */
export function attachHandlers(options: InteractionHandlerOptions): AttachedHandlers {
  const { client, router, logger } = options;
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const deferAfterMs = options.deferAfterMs ?? 2000;
  const queue = new AnswerQueue(options.answerQueue ?? DEFAULT_ANSWER_QUEUE);
  let refusedLogged = 0;
  let busyLoggedAt = -Infinity;
  /** Whether the queue takes one more; if not, says so in the log now and then. */
  const admitted = (): boolean => {
    if (queue.admits()) return true;
    const now = performance.now();
    if (now - busyLoggedAt >= BUSY_LOG_INTERVAL_MS) {
      busyLoggedAt = now;
      logger.warn(
        {
          refused: queue.refused - refusedLogged,
          queued: queue.size,
          msPerAnswer: Math.round(queue.estimateMs),
        },
        'too busy to answer in time: refusing new work',
      );
      refusedLogged = queue.refused;
    }
    return false;
  };
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
    const services = ready;
    // More than can be answered in time: refused at once, with no work done and nothing stored.
    if (services && !admitted()) {
      await sendFirst(
        interaction,
        request.kind === 'autocomplete'
          ? { type: 'autocomplete', choices: [] }
          : errorReply(pick(request.locale, COMMON_TEXTS.botBusy)),
      );
      return;
    }
    if (request.kind === 'autocomplete') {
      // Autocomplete cannot be deferred: while loading it offers nothing rather than time out.
      const response = services
        ? await queue.run(() => router.route(request, servicesFor(services)))
        : { type: 'autocomplete' as const, choices: [] };
      const choices = response.type === 'autocomplete' ? response.choices : [];
      await callback(interaction, {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices },
      });
      return;
    }
    // Each request takes one snapshot of the services: a knowledge reload never changes it midway.
    // While the knowledge loads, every request is deferred and waits for it.
    const work = services
      ? queue.run(() => router.route(request, servicesFor(services)))
      : options.services.then((loaded) => router.route(request, servicesFor(loaded)));
    const first = services ? await withinDeadline(work, deferAfterMs) : 'defer';
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
    if (closing) return;
    const request = requestFromInteraction(interaction);
    if (!request) return;
    const work = respond(interaction, request).catch((error: unknown) => {
      const id = randomUUID().slice(0, 8);
      logger.error(
        { err: error, errorId: id, interaction: interaction.id, kind: request.kind },
        'could not respond',
      );
    });
    track(work);
  });

  client.on('messageCreate', (message) => {
    const botId = client.user?.id;
    if (!botId || closing) return;
    // A post that mentions the bot is answered once, as a mention.
    const request =
      requestFromMention(message, botId) ?? (options.autoAnswer ? requestFromPost(message) : undefined);
    if (!request) return;
    // A mention the bot has no time for is left unanswered: a "busy" notice would be a public
    // message, one more for every member asking.
    if (ready && !admitted()) return;
    const work = (async () => {
      const services = ready;
      const response = services
        ? await queue.run(() => router.route(request, servicesFor(services)))
        : await router.route(request, servicesFor(await options.services));
      if (response.type !== 'message' || response.quiet) return;
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
      logger.error({ err: error, errorId: id, message: message.id, kind: request.kind }, 'could not answer');
    });
    track(work);
  });

  return {
    queue,
    async drain(ms) {
      closing = true;
      if (inFlight.size === 0) return;
      logger.info({ inFlight: inFlight.size }, 'waiting for replies in flight');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, ms);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
