import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { CitebotStore } from '../store/types.ts';
import type { Awaitable, CommandModule, CommandRequest, CommandResponse, Services } from './contract.ts';
import { discordRelativeTime } from './formatting.ts';
import { COMMON_TEXTS, pick, type Texts } from './i18n.ts';
import { errorReply } from './reply.ts';

/**
 * What must hold before a command runs, declared on the command (`preconditions: [serverOnly,
 * moderator, pinStore]`) and checked in order before its handlers, so no handler starts with
 * guard clauses. A precondition answers undefined (go on) or the refusal the member sees.
 */
export interface Precondition {
  readonly name: string;
  check(request: CommandRequest, services: Services): Awaitable<CommandResponse | undefined>;
}

const TEXTS = {
  needManageMessages: {
    en: 'Only members with the Manage Messages permission can change pinned facts or see insights.',
    'zh-CN': '只有拥有“管理消息”权限的成员才能修改置顶事实或查看洞察。',
    'zh-TW': '只有擁有「管理訊息」權限的成員才能修改置頂事實或查看洞察。',
  },
  storeUnavailable: {
    en: 'Pinned facts are unavailable right now (the database could not be opened). Answers still come from the articles.',
    'zh-CN': '置顶事实暂时不可用（无法打开数据库）。回答仍然来自文章。',
    'zh-TW': '置頂事實暫時無法使用（無法開啟資料庫）。回答仍然來自文章。',
  },
  needManageServer: {
    en: 'Only members with the Manage Server permission can change how citebot is set up here.',
    'zh-CN': '只有拥有“管理服务器”权限的成员才能修改 citebot 在本服务器的设置。',
    'zh-TW': '只有擁有「管理伺服器」權限的成員才能修改 citebot 在本伺服器的設定。',
  },
  settingsUnavailable: {
    en: "This server's settings are unavailable right now (the database could not be opened).",
    'zh-CN': '本服务器的设置暂时不可用（无法打开数据库）。',
    'zh-TW': '本伺服器的設定暫時無法使用（無法開啟資料庫）。',
  },
  ownerOnly: {
    en: "Only the bot's owner can reload the articles.",
    'zh-CN': '只有机器人的所有者可以重新加载文章。',
    'zh-TW': '只有機器人的擁有者可以重新載入文章。',
  },
} satisfies Record<string, Texts>;

/**
 * In a server that installed citebot: pins, votes and insights belong to one server, and nothing
 * is stored for a server that only a member's user install reaches.
 */
export const serverOnly: Precondition = {
  name: 'serverOnly',
  check: (request) =>
    request.guildId === null
      ? errorReply(pick(request.locale, COMMON_TEXTS.guildOnly))
      : request.serverInstalled === false
        ? errorReply(pick(request.locale, COMMON_TEXTS.notInstalled))
        : undefined,
};

/** Whether the member may change pins and see insights. Administrators have every permission. */
export function isModerator(request: Pick<CommandRequest, 'guildId' | 'memberPermissions'>): boolean {
  const permissions = request.memberPermissions;
  if (request.guildId === null || permissions === null) return false;
  return (permissions & (PermissionFlagsBits.ManageMessages | PermissionFlagsBits.Administrator)) !== 0n;
}

/**
 * Manage Messages, checked on the server side for every request: default_member_permissions only
 * hides a command, it does not stop a forged or stale request.
 */
export const moderator: Precondition = {
  name: 'moderator',
  check(request, services) {
    if (isModerator(request)) return undefined;
    services.logger.info(
      { guildId: request.guildId, userId: request.user.id, kind: request.kind },
      'refused: no Manage Messages',
    );
    return errorReply(pick(request.locale, TEXTS.needManageMessages));
  },
};

/** Manage Server (or Administrator), checked on the server side like `moderator`: for /setup. */
export const serverManager: Precondition = {
  name: 'serverManager',
  check(request, services) {
    const permissions = request.memberPermissions;
    const allowed =
      request.guildId !== null &&
      permissions !== null &&
      (permissions & (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator)) !== 0n;
    if (allowed) return undefined;
    services.logger.info(
      { guildId: request.guildId, userId: request.user.id, kind: request.kind },
      'refused: no Manage Server',
    );
    return errorReply(pick(request.locale, TEXTS.needManageServer));
  },
};

/** The database opened: a server's settings live there. */
export const settingsStore: Precondition = {
  name: 'settingsStore',
  check: (request, services) =>
    services.autoAnswerChannels ? undefined : errorReply(pick(request.locale, TEXTS.settingsUnavailable)),
};

/** The database opened: pins and insights cannot work without it. */
export const pinStore: Precondition = {
  name: 'pinStore',
  check: (request, services) =>
    services.store ? undefined : errorReply(pick(request.locale, TEXTS.storeUnavailable)),
};

/** One of BOT_OWNER_IDS: a server admin is not the bot's owner. */
export const owner: Precondition = {
  name: 'owner',
  check: (request, services) =>
    (services.ownerIds ?? []).includes(request.user.id)
      ? undefined
      : errorReply(pick(request.locale, TEXTS.ownerOnly)),
};

/**
 * The member's cooldown, then the server's quota of answers (ASK_BURST, GUILD_ASKS_PER_MINUTE).
 * The answer use case runs it itself, after the question proved non-empty: an empty mention
 * costs nothing.
 */
export const askCooldown: Precondition = {
  name: 'askCooldown',
  async check(request, services) {
    const limited = await services.limits?.ask(request.user.id, request.guildId);
    if (!limited || limited.ok) return undefined;
    const text = limited.limit === 'server' ? COMMON_TEXTS.serverBusy : COMMON_TEXTS.slowDown;
    const refused = errorReply(pick(request.locale, text, { when: discordRelativeTime(limited.retryAt) }));
    // A mention's notice is a channel message: one per cooldown window, then silence.
    return limited.repeated && refused.type === 'message' ? { ...refused, quiet: true } : refused;
  },
};

/**
 * The server's hourly quota of pin changes (GUILD_PIN_CHANGES_PER_HOUR). Run by the pin handlers
 * that change pins, at the moment they would: listing and exporting cost nothing.
 */
export const pinQuota: Precondition = {
  name: 'pinQuota',
  async check(request, services) {
    if (request.guildId === null) return undefined;
    const limited = await services.limits?.pinChange(request.guildId);
    if (!limited || limited.ok) return undefined;
    return errorReply(
      pick(request.locale, COMMON_TEXTS.pinQuota, { when: discordRelativeTime(limited.retryAt) }),
    );
  },
};

/** The first refusal among `preconditions`, or undefined when the request may go on. */
export async function refusal(
  preconditions: readonly Precondition[],
  request: CommandRequest,
  services: Services,
): Promise<CommandResponse | undefined> {
  for (const precondition of preconditions) {
    const refused = await precondition.check(request, services);
    if (refused) return refused;
  }
  return undefined;
}

type Handler = (request: CommandRequest, services: Services) => unknown;

/** A handler behind its preconditions: it takes the services (to check them) and may answer with a refusal. */
type GuardedHandler<F> = F extends (...args: never[]) => infer R
  ? (request: CommandRequest, services: Services) => Promise<Awaited<R> | CommandResponse>
  : F;

export type Guarded<M extends CommandModule> = Omit<M, 'handle' | 'handleComponent' | 'handleModal'> & {
  handle: GuardedHandler<M['handle']>;
  handleComponent: GuardedHandler<M['handleComponent']>;
  handleModal: GuardedHandler<M['handleModal']>;
};

/**
 * The module with its handlers guarded by its preconditions (autocomplete excepted: it answers
 * with no suggestions rather than a refusal). The router serves every module through this.
 */
export function withPreconditions<M extends CommandModule>(module: M): Guarded<M> {
  const preconditions = module.preconditions ?? [];
  if (preconditions.length === 0) return module as unknown as Guarded<M>;
  const guard = (handler: Handler) => async (request: CommandRequest, services: Services) =>
    (await refusal(preconditions, request, services)) ?? handler(request, services);
  return {
    ...module,
    handle: guard(module.handle),
    ...(module.handleComponent ? { handleComponent: guard(module.handleComponent) } : {}),
    ...(module.handleModal ? { handleModal: guard(module.handleModal) } : {}),
  } as unknown as Guarded<M>;
}

/**
 * What `serverOnly` and `pinStore` guarantee, typed: the server and its store. Reaching here
 * without them is a bug (a command that forgot to declare its preconditions).
 */
export function serverStore(
  request: CommandRequest,
  services: Pick<Services, 'store'>,
): { guildId: string; store: CitebotStore } {
  if (request.guildId === null || !services.store)
    throw new Error('serverStore needs the serverOnly and pinStore preconditions');
  return { guildId: request.guildId, store: services.store };
}
