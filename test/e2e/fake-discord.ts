import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Discord on 127.0.0.1 for the real discord.js client: the REST routes citebot uses and a
 * v10 JSON gateway (HELLO, IDENTIFY → READY, GUILD_CREATE, heartbeats, RESUME, dispatches).
 * Every REST request is recorded so tests can assert on exactly what Discord would receive.
 */

/** A file part of a multipart request (an attachment on a reply or an edit), as received. */
export interface UploadedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path after /api/v10, e.g. "/interactions/1/tok/callback". */
  path: string;
  query: string;
  authorized: boolean;
  body: any;
  status: number;
}

export const APP_ID = '1100000000000000001';
export const BOT_ID = APP_ID;
export const GUILD_ID = '1200000000000000001';
export const CHANNEL_ID = '1300000000000000001';
export const MEMBER = { id: '1400000000000000001', username: 'alice' };
export const OTHER_MEMBER = { id: '1400000000000000002', username: 'bob' };

let snowflake = 1500000000000000000n;
export function nextId(): string {
  snowflake += 1n;
  return snowflake.toString();
}

function apiUser(user: { id: string; username: string }, bot = false) {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot,
    flags: 0,
  };
}

function apiMember(user: { id: string; username: string }, permissions = '1071698660928') {
  return {
    user: apiUser(user),
    roles: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    deaf: false,
    mute: false,
    flags: 0,
    nick: null,
    avatar: null,
    premium_since: null,
    pending: false,
    communication_disabled_until: null,
    permissions,
  };
}

export function apiMessage(options: {
  id?: string;
  /** Default CHANNEL_ID. */
  channelId?: string;
  content: string;
  author?: { id: string; username: string };
  authorIsBot?: boolean;
  embeds?: unknown[];
  components?: unknown[];
  mentions?: { id: string; username: string }[];
}) {
  return {
    id: options.id ?? nextId(),
    channel_id: options.channelId ?? CHANNEL_ID,
    guild_id: GUILD_ID,
    author: apiUser(options.author ?? MEMBER, options.authorIsBot ?? false),
    content: options.content,
    timestamp: '2024-01-01T00:00:00.000Z',
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (options.mentions ?? []).map((user) => apiUser(user, user.id === BOT_ID)),
    mention_roles: [],
    attachments: [],
    embeds: options.embeds ?? [],
    components: options.components ?? [],
    pinned: false,
    type: 0,
    flags: 0,
  };
}

/** The guild's text channel: CHANNEL_ID for GUILD_ID, a derived id for other guilds. */
export function channelIdFor(guildId: string): string {
  return (BigInt(guildId) + 100000000000000000n).toString();
}

/** The guild's forum channel (type 15): each post is a thread whose first message has its id. */
export function forumIdFor(guildId: string): string {
  return (BigInt(guildId) + 50000000000000000n).toString();
}

/** The guild's second text channel ("random"), where auto-answer is not on. */
export function otherChannelIdFor(guildId: string): string {
  return (BigInt(guildId) + 60000000000000000n).toString();
}

export const FORUM_ID = forumIdFor(GUILD_ID);
export const OTHER_CHANNEL_ID = otherChannelIdFor(GUILD_ID);

/** The shard Discord routes a guild's events to: (guild_id >> 22) % shard count. */
export function shardFor(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

interface GatewaySession {
  id: string;
  shard: [number, number];
  sequence: number;
  /** Recent dispatches, replayed on RESUME after the client's last sequence. */
  sent: { s: number; t: string; d: unknown }[];
  socket?: WebSocket;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /**
   * Keep every request in `requests`. Load tests turn this off (the fake shares the bot's heap) and
   * watch `onRequest` instead; `waitForRequest` then sees only future requests.
   */
  retainRequests = true;
  onRequest?: (request: RecordedRequest) => void;
  /** Guilds every session receives (READY + GUILD_CREATE), each with one text channel. */
  guildIds: string[] = [GUILD_ID];
  /** What GET /gateway/bot recommends. */
  shardCount = 1;
  /** Dispatches kept per session for RESUME. */
  replayLimit = 1000;
  /** RESUME payloads received. */
  resumes: any[] = [];
  /** Dispatches sent again after a RESUME (the client had missed them). */
  replayed = 0;
  private server?: Server;
  private wss?: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private sessions = new Map<string, GatewaySession>();
  private sessionCount = 0;
  private faults: { method: string; path: RegExp; status: number }[] = [];
  private waiters: {
    predicate: (request: RecordedRequest) => boolean;
    resolve: (request: RecordedRequest) => void;
  }[] = [];
  private rateLimits: { method: string; path: RegExp; retryAfter: number }[] = [];
  private identified: (() => void)[] = [];
  identifies: any[] = [];
  /** Answer 204 labelled as JSON with no body, as some Discord-compatible servers do. */
  jsonOnNoContent = false;
  port = 0;

  /** Gateway connections open now (0 once every client has closed its socket). */
  get openSockets(): number {
    return this.sockets.size;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Node closes an idle keep-alive connection after 5 s, racing a client that reuses it just
    // then: on a loaded machine the RSS soak lost 85 of 20,000 answers to that race (undici's
    // "other side closed"; a POST is not retried). The fake keeps connections as long as Discord.
    this.server.keepAliveTimeout = 60_000;
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve());
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next request matching `method` and `path` gets a 429 with `retry_after` seconds. */
  rateLimitOnce(method: string, path: RegExp, retryAfter: number): void {
    this.rateLimits.push({ method, path, retryAfter });
  }

  /** The next request matching `method` and `path` gets `status` (e.g. 500, 502) instead of its answer. */
  failOnce(method: string, path: RegExp, status: number): void {
    this.faults.push({ method, path, status });
  }

  /**
   * Closes every gateway socket, as Discord does when it drops a connection: with `code` (e.g.
   * 4000, which clients resume after) or, without one, abruptly (1006). Sessions survive, so a
   * RESUME replays what was dispatched after the client's last sequence.
   */
  disconnect(code?: number): void {
    for (const socket of this.sockets) {
      if (code === undefined) socket.terminate();
      else socket.close(code, 'fake disconnect');
    }
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, after = 0): Promise<RecordedRequest> {
    const found = this.requests.slice(after).find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  /** Resolves once `count` clients (shards) have identified (READY and GUILD_CREATE sent). */
  async waitForIdentify(count = 1): Promise<void> {
    while (this.identifies.length < count)
      await new Promise<void>((resolve) => this.identified.push(resolve));
  }

  private record(request: RecordedRequest): void {
    if (this.retainRequests) this.requests.push(request);
    this.onRequest?.(request);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.predicate(request)) return true;
      waiter.resolve(request);
      return false;
    });
  }

  private async readBody(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    if (bytes.length === 0) return undefined;
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      // discord.js sends the JSON as the "payload_json" part, files as "files[n]" parts; the
      // platform's own multipart parser (undici's FormData) reads them byte for byte.
      const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
      const payload = form.get('payload_json');
      const uploads: UploadedFile[] = [];
      for (const [field, value] of form) {
        if (typeof value === 'string') continue;
        uploads.push({
          field,
          name: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
      return {
        ...(typeof payload === 'string' ? JSON.parse(payload) : {}),
        __files: uploads.map((file) => file.name),
        __uploads: uploads,
      };
    }
    return JSON.parse(bytes.toString('utf8'));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const body = await this.readBody(req);
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      this.record({
        method,
        path,
        query: url.search,
        authorized: Boolean(req.headers.authorization),
        body,
        status,
      });
      res.writeHead(
        status,
        payload === undefined && !this.jsonOnNoContent
          ? headers
          : { 'content-type': 'application/json', ...headers },
      );
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const fault = this.faults.findIndex((rule) => rule.method === method && rule.path.test(path));
    if (fault !== -1) {
      const { status } = this.faults.splice(fault, 1)[0]!;
      send(status, { message: 'fake server error', code: 0 });
      return;
    }
    const limit = this.rateLimits.findIndex((rule) => rule.method === method && rule.path.test(path));
    if (limit !== -1) {
      const { retryAfter } = this.rateLimits.splice(limit, 1)[0]!;
      send(
        429,
        { message: 'You are being rate limited.', retry_after: retryAfter, global: false, code: 0 },
        {
          'retry-after': String(Math.ceil(retryAfter)),
          'x-ratelimit-limit': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
          'x-ratelimit-bucket': 'fake-bucket',
          'x-ratelimit-scope': 'user',
        },
      );
      return;
    }
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      send(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: this.shardCount,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    } else if (
      method === 'PUT' &&
      (match = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))
    ) {
      const [, applicationId, guildId] = match;
      send(
        200,
        (body as any[]).map((command) => ({
          id: nextId(),
          application_id: applicationId,
          version: nextId(),
          type: 1,
          default_member_permissions: null,
          ...(guildId ? { guild_id: guildId } : {}),
          ...command,
        })),
      );
    } else if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      send(204);
    } else if (
      (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) ||
      (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) ||
      (method === 'POST' && /^\/channels\/\d+\/messages$/.test(path))
    ) {
      send(200, {
        ...apiMessage({
          content: body?.content ?? '',
          author: { id: BOT_ID, username: 'citebot' },
          authorIsBot: true,
        }),
        embeds: body?.embeds ?? [],
      });
    } else {
      send(404, { message: `Unknown route ${method} ${path}`, code: 0 });
    }
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    this.sockets.add(socket);
    let session: GatewaySession | undefined;
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (session?.socket === socket) session.socket = undefined;
    });
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(raw.toString());
      switch (payload.op) {
        case 1:
          socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
          break;
        case 2: {
          this.identifies.push(payload.d);
          const shard: [number, number] = Array.isArray(payload.d.shard) ? payload.d.shard : [0, 1];
          session = {
            id: `fake-session-${++this.sessionCount}`,
            shard,
            sequence: 0,
            sent: [],
            socket,
          };
          this.sessions.set(session.id, session);
          const guilds = this.guildIds.filter((id) => shardFor(id, shard[1]) === shard[0]);
          this.send(session, 'READY', {
            v: 10,
            user: {
              ...apiUser({ id: BOT_ID, username: 'citebot' }, true),
              verified: true,
              mfa_enabled: false,
            },
            guilds: guilds.map((id) => ({ id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: `ws://127.0.0.1:${this.port}`,
            shard,
            application: { id: APP_ID, flags: 0 },
            private_channels: [],
            relationships: [],
          });
          for (const id of guilds) this.send(session, 'GUILD_CREATE', guildPayload(id));
          for (const resolve of this.identified.splice(0)) resolve();
          break;
        }
        case 6: {
          this.resumes.push(payload.d);
          const resumed = this.sessions.get(payload.d?.session_id);
          const after = Number(payload.d?.seq ?? 0);
          // Discord cannot resume a session whose missed dispatches it no longer holds.
          const oldest = resumed?.sent[0]?.s ?? (resumed ? resumed.sequence + 1 : 0);
          if (!resumed || after + 1 < oldest) {
            // Not resumable: the client must identify afresh.
            socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
            break;
          }
          session = resumed;
          resumed.socket = socket;
          for (const missed of resumed.sent) {
            if (missed.s <= after) continue;
            socket.send(JSON.stringify({ op: 0, ...missed }));
            this.replayed += 1;
          }
          this.send(resumed, 'RESUMED', {});
          break;
        }
      }
    });
  }

  /** Numbers a dispatch in its session, keeps it for RESUME, and sends it if the session is connected. */
  private send(session: GatewaySession, t: string, d: unknown): void {
    const s = ++session.sequence;
    session.sent.push({ s, t, d });
    if (session.sent.length > this.replayLimit)
      session.sent.splice(0, session.sent.length - this.replayLimit);
    const socket = session.socket;
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify({ op: 0, t, s, d }));
  }

  /**
   * Sends a dispatch to every session (connected or not, for RESUME), a guild's events only to the
   * shard Discord routes that guild to, or to `shard` when given (as after a resharding).
   */
  dispatch(t: string, d: unknown, shard?: number): void {
    const guildId = (d as { guild_id?: unknown } | null)?.guild_id;
    for (const session of this.sessions.values()) {
      const [id, count] = session.shard;
      if (shard !== undefined ? shard !== id : typeof guildId === 'string' && shardFor(guildId, count) !== id)
        continue;
      this.send(session, t, d);
    }
  }

  /** Sends an INTERACTION_CREATE from MEMBER in the guild channel; returns its id and token. */
  interaction(
    type: number,
    data: unknown,
    extra: Record<string, unknown> = {},
  ): { id: string; token: string } {
    return this.interactionIn(GUILD_ID, type, data, extra);
  }

  /**
   * An INTERACTION_CREATE in `guildId`'s channel, from `options.member` (default MEMBER, with the
   * everyday permissions unless `options.permissions`), routed like Discord routes it or to
   * `options.shard`.
   */
  interactionIn(
    guildId: string,
    type: number,
    data: unknown,
    extra: Record<string, unknown> = {},
    options: { member?: { id: string; username: string }; permissions?: string; shard?: number } = {},
  ): { id: string; token: string } {
    const id = nextId();
    const token = `tok${id}`;
    const channelId = channelIdFor(guildId);
    this.dispatch(
      'INTERACTION_CREATE',
      {
        id,
        application_id: APP_ID,
        type,
        data,
        guild_id: guildId,
        guild: { id: guildId, locale: 'en-US', features: [] },
        channel_id: channelId,
        channel: { id: channelId, type: 0, guild_id: guildId, name: 'general', permissions: '1071698660928' },
        member: apiMember(options.member ?? MEMBER, options.permissions),
        token,
        version: 1,
        locale: 'en-US',
        guild_locale: 'en-US',
        app_permissions: '1071698660928',
        entitlements: [],
        authorizing_integration_owners: { '0': guildId },
        context: 0,
        attachment_size_limit: 10_485_760,
        ...extra,
      },
      options.shard,
    );
    return { id, token };
  }

  /** A member's message in the guild channel (MESSAGE_CREATE). */
  message(content: string, mentions: { id: string; username: string }[] = []): string {
    return this.messageIn(CHANNEL_ID, content, { mentions });
  }

  /**
   * A message in any channel or thread of GUILD_ID (MESSAGE_CREATE, with its content as under the
   * Message Content intent): by MEMBER unless `author`; `replyTo` makes it a reply (type 19).
   */
  messageIn(
    channelId: string,
    content: string,
    options: {
      id?: string;
      author?: { id: string; username: string };
      authorIsBot?: boolean;
      mentions?: { id: string; username: string }[];
      replyTo?: string;
    } = {},
  ): string {
    const author = options.author ?? MEMBER;
    const message = {
      ...apiMessage({ ...options, channelId, content, author }),
      member: apiMember(author),
      ...(options.replyTo
        ? {
            type: 19,
            message_reference: {
              type: 0,
              message_id: options.replyTo,
              channel_id: channelId,
              guild_id: GUILD_ID,
            },
          }
        : {}),
    };
    this.dispatch('MESSAGE_CREATE', message);
    return message.id;
  }

  /** An edit of a message (MESSAGE_UPDATE). */
  editMessage(channelId: string, id: string, content: string): void {
    const message = {
      ...apiMessage({ id, channelId, content }),
      edited_timestamp: '2024-01-01T00:01:00.000Z',
    };
    this.dispatch('MESSAGE_UPDATE', { ...message, member: apiMember(MEMBER) });
  }

  /**
   * A new forum post by MEMBER, as Discord sends it: THREAD_CREATE (a public thread of the forum,
   * named `title`), then MESSAGE_CREATE for its first message, whose id is the thread's.
   */
  forumPost(title: string, content: string, forumId = FORUM_ID): string {
    const threadId = nextId();
    this.dispatch('THREAD_CREATE', {
      id: threadId,
      type: 11,
      guild_id: GUILD_ID,
      parent_id: forumId,
      owner_id: MEMBER.id,
      name: title,
      last_message_id: threadId,
      rate_limit_per_user: 0,
      flags: 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      applied_tags: [],
      thread_metadata: {
        archived: false,
        auto_archive_duration: 4320,
        archive_timestamp: '2024-01-01T00:00:00.000Z',
        locked: false,
        create_timestamp: '2024-01-01T00:00:00.000Z',
      },
      newly_created: true,
    });
    this.messageIn(threadId, content, { id: threadId });
    return threadId;
  }
}

function guildPayload(guildId: string) {
  const channelId = channelIdFor(guildId);
  return {
    id: guildId,
    name: guildId === GUILD_ID ? 'Test server' : `Server ${guildId.slice(-4)}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: MEMBER.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: guildId,
        name: '@everyone',
        permissions: '1071698660928',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    stickers: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [
      {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
        topic: null,
      },
      {
        id: forumIdFor(guildId),
        type: 15,
        guild_id: guildId,
        name: 'help',
        position: 1,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
        topic: null,
        available_tags: [],
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
        rate_limit_per_user: 0,
        flags: 0,
      },
      {
        id: otherChannelIdFor(guildId),
        type: 0,
        guild_id: guildId,
        name: 'random',
        position: 2,
        permission_overwrites: [],
        nsfw: false,
        parent_id: null,
        topic: null,
      },
    ],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
