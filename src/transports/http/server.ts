import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { REST } from 'discord.js';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIInteractionResponse,
} from 'discord-api-types/v10';
import type { Logger } from 'pino';
import type { CommandRequest, CommandResponse, ServicesProvider } from '../../interactions/contract.ts';
import { servicesFor } from '../../interactions/contract.ts';
import { withinDeadline } from '../../interactions/deadline.ts';
import type { CommandRouter } from '../../interactions/router.ts';
import { editableFlags, rawFiles, withAttachments } from '../discord/respond.ts';
import { requestFromPayload, type RawInteraction } from './request.ts';
import { checkSignature, publicKeyFromHex } from './verify.ts';

/**
 * `npm run start:http`: Discord's Interactions Endpoint URL. Every request's signature is checked
 * before its body is parsed; interactions go through the same router and handlers as the gateway
 * bot. An answer ready in time is the HTTP response itself; a slower one (or one with files, or
 * while the knowledge loads) is a deferral, then an edit of `@original` through REST.
 */

export interface HttpServerOptions {
  host: string;
  port: number;
  publicKey: string;
  router: CommandRouter;
  /** Resolves when the engine (and store) are ready; interactions before that are deferred. */
  services: Promise<ServicesProvider>;
  logger: Logger;
  /** Discord's REST API (DISCORD_API_URL), for edits after a deferral; webhook routes need no token. */
  rest: REST;
  /**
   * Defer when a handler has not answered after this long. Discord allows 3 s for the response,
   * network included; the default leaves room for a slow hop.
   */
  deferAfterMs?: number;
  /**
   * Run once the services are ready, before the instance reports ready on /healthz: the first
   * questions of a fresh engine load lazily built data (the English lexicon and glosses, ~50 ms since they are word-list files).
   */
  warmUp?: (services: ServicesProvider) => void;
  /** Bodies larger than this are refused (Discord's payloads are far smaller). */
  maxBodyBytes?: number;
  /**
   * With this many interactions already being answered, a new one is deferred at once (and
   * answered by an edit): under a burst the HTTP responses stay fast instead of queueing behind
   * the work. Default 16.
   */
  busyAt?: number;
  /**
   * Interactions worked on at once; the others wait their turn. Keeps the event loop free to
   * read, verify and acknowledge new requests during a burst. Default 8.
   */
  concurrency?: number;
}

export interface RunningHttpServer {
  server: Server;
  /** The port listened on (PORT=0 picks a free one). */
  port: number;
  close(): Promise<void>;
}

type Callback = APIInteractionResponse;

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A first response as Discord's callback body; files cannot go in it (they go through REST after a deferral). */
function callbackFor(response: CommandResponse): Callback {
  switch (response.type) {
    case 'message':
      return { type: InteractionResponseType.ChannelMessageWithSource, data: response.data };
    case 'update':
      return { type: InteractionResponseType.UpdateMessage, data: response.data };
    case 'modal':
      return { type: InteractionResponseType.Modal, data: response.data };
    case 'autocomplete':
      return {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: response.choices },
      };
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { router, logger, rest } = options;
  const key = publicKeyFromHex(options.publicKey);
  const deferAfterMs = options.deferAfterMs ?? 1000;
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const busyAt = options.busyAt ?? 16;
  const concurrency = options.concurrency ?? 8;
  let inFlight = 0;
  let running = 0;
  /** Edits still to send after a deferral: a shutdown waits for them. */
  const pending = new Set<Promise<void>>();
  const waiting: (() => void)[] = [];
  /** Runs `work` when one of the `concurrency` slots is free. */
  async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    while (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  }
  let ready: ServicesProvider | undefined;
  options.services.then(
    (services) => {
      try {
        options.warmUp?.(services);
      } catch (error) {
        logger.warn({ err: error }, 'warm-up failed');
      }
      ready = services;
    },
    () => undefined,
  );

  /** The HTTP response to one verified interaction, and what to do after it is sent. */
  async function answer(
    request: CommandRequest,
    interaction: RawInteraction,
  ): Promise<{ callback: Callback; after?: () => Promise<void> }> {
    if (request.kind === 'autocomplete') {
      // Autocomplete cannot be deferred: while loading it offers nothing rather than time out.
      const response = ready
        ? await router.route(request, servicesFor(ready))
        : { type: 'autocomplete' as const, choices: [] };
      return {
        callback: callbackFor(
          response.type === 'autocomplete' ? response : { type: 'autocomplete', choices: [] },
        ),
      };
    }
    // Each request takes one snapshot of the services: a knowledge reload never changes it midway.
    const busy = inFlight >= busyAt;
    inFlight++;
    const work = (ready ? Promise.resolve(ready) : options.services)
      .then((services) => inTurn(() => router.route(request, servicesFor(services))))
      .finally(() => inFlight--);
    const first = ready && !busy ? await withinDeadline(work, deferAfterMs) : 'defer';
    if (first !== 'defer' && !('files' in first && first.files?.length))
      return { callback: callbackFor(first) };
    // A component's deferral keeps its message as is; a command's shows "thinking…".
    const deferType =
      request.kind === 'component'
        ? InteractionResponseType.DeferredMessageUpdate
        : InteractionResponseType.DeferredChannelMessageWithSource;
    const ephemeral =
      first !== 'defer' && first.type === 'message'
        ? Boolean((first.data.flags ?? 0) & MessageFlags.Ephemeral)
        : router.deferEphemeral(request);
    const callback: Callback =
      deferType === InteractionResponseType.DeferredChannelMessageWithSource
        ? { type: deferType, ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}) }
        : { type: deferType };
    return { callback, after: async () => sendAfterDefer(interaction, request, await work, deferType) };
  }

  async function sendAfterDefer(
    interaction: RawInteraction,
    request: CommandRequest,
    response: CommandResponse,
    deferType: InteractionResponseType,
  ): Promise<void> {
    if (response.type === 'modal' || response.type === 'autocomplete') {
      // A modal must be the first response; after waiting for the index it can only be refused.
      throw new Error(
        `${response.type} response after a deferral (${request.customId ?? request.commandName})`,
      );
    }
    const data = withAttachments(response.data, response.files);
    const files = rawFiles(response.files);
    const applicationId = interaction.application_id;
    if (deferType === InteractionResponseType.DeferredMessageUpdate && response.type === 'message') {
      // The component's message stays; the answer is a new (possibly ephemeral) follow-up.
      await rest.post(Routes.webhook(applicationId, interaction.token), { body: data, files, auth: false });
      return;
    }
    await rest.patch(Routes.webhookMessage(applicationId, interaction.token, '@original'), {
      body: { ...data, flags: editableFlags(data.flags) },
      files,
      auth: false,
    });
  }

  async function interactions(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof TooLarge) return sendJson(res, 413, { error: 'body too large' });
      throw error;
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const checked = checkSignature(
      key,
      { signature: header('x-signature-ed25519'), timestamp: header('x-signature-timestamp') },
      body,
    );
    if (!checked.ok) {
      logger.info({ reason: checked.reason }, 'interaction refused: invalid request signature');
      return sendJson(res, 401, { error: 'invalid request signature' });
    }
    let interaction: RawInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as RawInteraction;
    } catch {
      return sendJson(res, 400, { error: 'body is not JSON' });
    }
    if (interaction.type === InteractionType.Ping)
      return sendJson(res, 200, { type: InteractionResponseType.Pong });
    const request = requestFromPayload(interaction);
    if (!request) return sendJson(res, 400, { error: 'unsupported interaction' });
    const { callback, after } = await answer(request, interaction);
    sendJson(res, 200, callback);
    if (after) {
      logger.debug({ interaction: interaction.id, kind: request.kind }, 'deferred');
      const sending = after().catch((error: unknown) => {
        const id = randomUUID().slice(0, 8);
        logger.error(
          { err: error, errorId: id, interaction: interaction.id, kind: request.kind },
          'could not respond',
        );
      });
      pending.add(sending);
      void sending.finally(() => pending.delete(sending));
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handled =
      path === '/interactions' && req.method === 'POST'
        ? interactions(req, res)
        : path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')
          ? Promise.resolve(sendJson(res, 200, { ok: true, ready: ready !== undefined }))
          : Promise.resolve(
              sendJson(res, path === '/interactions' || path === '/healthz' ? 405 : 404, {
                error: 'not found',
              }),
            );
    handled.catch((error: unknown) => {
      const id = randomUUID().slice(0, 8);
      logger.error({ err: error, errorId: id }, 'could not answer an HTTP request');
      if (!res.headersSent) sendJson(res, 500, { error: `internal error ${id}` });
      else res.destroy();
    });
  });
  // Discord keeps connections open between requests; a reverse proxy may too.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // Answers already deferred are still edited in before the database closes.
      await Promise.allSettled([...pending]);
    },
  };
}
