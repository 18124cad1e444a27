import type { PinnedFact } from '../../src/answer/types.ts';
import {
  numberOption,
  optionalTextOption,
  textOption,
  type CommandRequest,
  type CommandResponse,
  type Services,
} from '../../src/interactions/contract.ts';
import { passageLabel } from '../../src/interactions/formatting.ts';
import { pick } from '../../src/interactions/i18n.ts';
import { isModerator, pinQuota, serverStore } from '../../src/interactions/preconditions.ts';
import { DISCORD_LIMITS, errorReply, escapeUserText, reply, update } from '../../src/interactions/reply.ts';
import { STORE_LIMITS } from '../../src/store/limits.ts';
import { serializePins } from '../../src/store/pin-file.ts';
import type { CitebotStore } from '../../src/store/types.ts';
import { pinButtonId, pinFormId } from './ids.ts';
import { importFile } from './import.ts';
import { explain, PIN_TEXTS } from './texts.ts';
import { listPage, pinEmbed, pinModal, postedPinEmbed, removedEmbed } from './views.ts';

/**
 * /pin's handlers. Everything is scoped by the request's server; the command's preconditions
 * (in a server, Manage Messages, a store) have run before any of these.
 */

function messageLink(guildId: string, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId}/${channelId}/${messageId}`;
}

/**
 * Turns what a moderator typed or picked ("§12", "article§12") into a passage key; blank or "-"
 * is no passage. A reference to no passage comes back as typed, for the caller to explain.
 */
function resolvePassage(
  ref: string | undefined,
  services: Pick<Services, 'engine'>,
): { ok: true; key?: string } | { ok: false; ref: string } {
  const trimmed = ref?.trim();
  if (!trimmed || trimmed === '-') return { ok: true };
  const passage = services.engine.findPassage(trimmed);
  return passage ? { ok: true, key: passage.key } : { ok: false, ref: trimmed };
}

export async function handle(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const { guildId, store } = serverStore(request, services);
  const locale = request.locale;
  switch (request.subcommand) {
    case 'add':
      return addPin(
        {
          text: textOption(request, 'fact'),
          keywords: optionalTextOption(request, 'keywords'),
          passage: optionalTextOption(request, 'passage'),
        },
        optionalTextOption(request, 'source'),
        request,
        services,
      );
    case 'edit': {
      const id = numberOption(request, 'id');
      const pin = await store.getPin(guildId, id);
      if (!pin) return errorReply(pick(locale, PIN_TEXTS.noPin, { id }));
      return pinModal(
        { action: 'edit', pinId: pin.id },
        pick(locale, PIN_TEXTS.modalEdit, { id: pin.id }),
        { text: pin.text, keywords: pin.keywords, passage: pin.passageKey, source: pin.sourceUrl ?? '' },
        locale,
      );
    }
    case 'remove': {
      const ids = parsePinIds(textOption(request, 'id'));
      if (!ids) return errorReply(pick(locale, PIN_TEXTS.badIds, { max: STORE_LIMITS.pinsPerGuild }));
      // However many pins, one change of the hourly quota: a bulk import can be undone at once.
      const limited = await pinQuota.check(request, services);
      if (limited) return limited;
      const removed = await store.removePins(guildId, ids);
      if (!removed.ok) return errorReply(explain(removed, locale));
      const [only] = removed.value;
      if (ids.length === 1 && only) {
        return reply(
          { embeds: [pinEmbed(only, pick(locale, PIN_TEXTS.removed, { id: only.id }), locale)] },
          { ephemeral: true },
        );
      }
      return reply({ embeds: [removedEmbed(removed.value, ids, locale)] }, { ephemeral: true });
    }
    case 'post': {
      // For everyone in the channel, unable to ping: the reply helper sends allowed_mentions
      // parse [] and breaks @everyone, @here and mentions in the pin's text.
      const id = numberOption(request, 'id');
      const pin = await store.getPin(guildId, id);
      if (!pin) return errorReply(pick(locale, PIN_TEXTS.noPin, { id }));
      services.logger.info({ guildId, pinId: pin.id }, 'pin posted');
      return reply({ embeds: [postedPinEmbed(pin, services.engine, locale)] });
    }
    case 'list':
      return reply(await listPage(store, guildId, 1, locale), { ephemeral: true });
    case 'export': {
      const pins = await store.listPins(guildId);
      return reply(
        { content: pick(locale, PIN_TEXTS.exported, { count: pins.length }) },
        { ephemeral: true },
        [
          {
            name: `citebot-pins-${guildId}.json`,
            data: serializePins(guildId, pins),
            contentType: 'application/json',
          },
        ],
      );
    }
    case 'import':
      return (
        (await pinQuota.check(request, services)) ??
        importFile(request.attachments.file, guildId, store, request, services)
      );
    default:
      throw new Error(`unknown /pin subcommand ${request.subcommand}`);
  }
}

async function addPin(
  fields: { text: string; keywords?: string; passage?: string },
  sourceUrl: string | undefined,
  request: CommandRequest,
  services: Services,
  onAdded?: (pin: PinnedFact, store: CitebotStore) => Promise<void>,
): Promise<CommandResponse> {
  const { guildId, store } = serverStore(request, services);
  const limited = await pinQuota.check(request, services);
  if (limited) return limited;
  const passage = resolvePassage(fields.passage, services);
  if (!passage.ok) {
    return errorReply(pick(request.locale, PIN_TEXTS.noPassage, { ref: escapeUserText(passage.ref) }));
  }
  const added = await store.addPin({
    guildId,
    text: fields.text,
    keywords: fields.keywords,
    passageKey: passage.key,
    sourceUrl,
    createdBy: request.user.id,
    createdByName: request.user.username,
  });
  if (!added.ok) return errorReply(explain(added, request.locale));
  services.logger.info({ guildId, pinId: added.value.id }, 'pin added');
  await onAdded?.(added.value, store);
  return reply(
    {
      embeds: [
        pinEmbed(added.value, pick(request.locale, PIN_TEXTS.pinned, { id: added.value.id }), request.locale),
      ],
    },
    { ephemeral: true },
  );
}

export async function autocomplete(request: CommandRequest, services: Services) {
  // Pin texts are for moderators only; passage suggestions need no store.
  if (!isModerator(request) || request.guildId === null) return [];
  const typed = request.focused?.value.trim() ?? '';
  if (request.focused?.name === 'passage') {
    return services.engine.suggestPassages(typed, DISCORD_LIMITS.choices).map((passage) => ({
      name: `${passageLabel(passage, services.engine)} ${passage.text.replace(/\s+/g, ' ')}`,
      value: passage.key,
    }));
  }
  if (request.focused?.name === 'id' && services.store) {
    // A pin's keywords are its aliases, as tag names are in tag bots: typing one finds the pin, and
    // the alias typed is shown first.
    const needle = typed.toLowerCase().replace(/^#/, '');
    const aliasOf = (pin: PinnedFact) =>
      needle ? pinAliases(pin).find((alias) => alias.toLowerCase().startsWith(needle)) : undefined;
    return (await services.store.listPins(request.guildId))
      .filter(
        (pin) =>
          !needle ||
          String(pin.id).startsWith(needle) ||
          pin.text.toLowerCase().includes(needle) ||
          aliasOf(pin) !== undefined,
      )
      .reverse() // newest first, pins whose alias was typed before the rest
      .sort((a, b) => Number(aliasOf(b) !== undefined) - Number(aliasOf(a) !== undefined))
      .slice(0, DISCORD_LIMITS.choices)
      .map((pin) => {
        const alias = aliasOf(pin);
        return {
          name: `#${pin.id} ${alias ? `[${alias}] ` : ''}${pin.text.replace(/\s+/g, ' ')}`,
          // /pin remove's id is a string (it takes several); edit's and post's are integers.
          value: request.subcommand === 'remove' ? String(pin.id) : pin.id,
        };
      });
  }
  return [];
}

/**
 * The pins `/pin remove` names: "12", "3 5 7", "3, 5, 12-40"; undefined for anything else or for
 * more ids than a server can have pins.
 */
export function parsePinIds(typed: string): number[] | undefined {
  const ids = new Set<number>();
  for (const part of typed.trim().split(/[\s,，、;；]+/)) {
    const range = /^#?(\d+)(?:\s*[-–~]\s*#?(\d+))?$/.exec(part);
    if (!range) return undefined;
    const first = Number(range[1]);
    const last = Number(range[2] ?? range[1]);
    if (first < 1 || last < first || last - first >= STORE_LIMITS.pinsPerGuild) return undefined;
    for (let id = first; id <= last; id++) ids.add(id);
    if (ids.size > STORE_LIMITS.pinsPerGuild) return undefined;
  }
  return ids.size > 0 ? [...ids] : undefined;
}

/** A pin's keywords, split at commas (and their full-width forms) or whitespace. */
export function pinAliases(pin: Pick<PinnedFact, 'keywords'>): string[] {
  return (pin.keywords ?? '').split(/[,，、;；\s]+/).filter(Boolean);
}

export async function handleComponent(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const { guildId, store } = serverStore(request, services);
  const button = pinButtonId.parse(request.customId ?? '');
  switch (button?.action) {
    case 'list':
      return update(await listPage(store, guildId, button.page, request.locale));
    case 'answer': {
      // "Pin an answer" from /insights: the question becomes the keywords, the moderator writes the fact.
      const question = await store.getQuestion(guildId, button.questionId);
      if (!question) return errorReply(pick(request.locale, PIN_TEXTS.questionGone));
      return pinModal(
        { action: 'add', questionId: question.id },
        pick(request.locale, PIN_TEXTS.modalAdd),
        { keywords: question.text.slice(0, STORE_LIMITS.keywords) },
        request.locale,
      );
    }
    default:
      throw new Error(`unknown pin component ${request.customId}`);
  }
}

export async function handleModal(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const { guildId, store } = serverStore(request, services);
  const form = pinFormId.parse(request.customId ?? '');
  const fields = {
    text: request.fields?.text ?? '',
    keywords: request.fields?.keywords ?? '',
    passage: request.fields?.passage ?? '',
  };
  switch (form?.action) {
    case 'add': {
      // "Pin an answer" forms carry the question's id: once pinned, insights stop listing that
      // question until it is asked again.
      const { questionId } = form;
      return addPin(fields, undefined, request, services, async (_pin, pinStore) => {
        if (questionId) await pinStore.markAnswerPinned(guildId, questionId);
      });
    }
    case 'msg':
      return addPin(fields, messageLink(guildId, form.channelId, form.messageId), request, services);
    case 'edit': {
      const limited = await pinQuota.check(request, services);
      if (limited) return limited;
      const id = form.pinId;
      // A link to no passage (a typo, or the article was removed) does not lose the correction
      // typed with it: the edit is saved, the link left as it was, and the reply says so.
      const passage = resolvePassage(fields.passage, services);
      const edited = await store.editPin(guildId, id, {
        text: fields.text,
        keywords: fields.keywords,
        ...(passage.ok ? { passageKey: passage.key ?? '' } : {}),
        // Blank (or "-") removes the source; a form without the field keeps it.
        ...(request.fields?.source === undefined
          ? {}
          : { sourceUrl: request.fields.source.trim() === '-' ? '' : request.fields.source }),
      });
      if (!edited.ok) return errorReply(explain(edited, request.locale));
      const linkKept = passage.ok
        ? {}
        : { content: pick(request.locale, PIN_TEXTS.linkKept, { ref: escapeUserText(passage.ref) }) };
      return reply(
        {
          ...linkKept,
          embeds: [pinEmbed(edited.value, pick(request.locale, PIN_TEXTS.edited, { id }), request.locale)],
        },
        { ephemeral: true },
      );
    }
    default:
      throw new Error(`unknown pin modal ${request.customId}`);
  }
}
