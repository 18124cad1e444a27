import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInModalActionRow,
  type APIEmbed,
} from 'discord-api-types/v10';
import type { PinnedFact } from '../../src/answer/types.ts';
import type { Engine } from '../../src/engine.ts';
import type { CommandResponse } from '../../src/interactions/contract.ts';
import { COLORS, discordDate, passageLabel } from '../../src/interactions/formatting.ts';
import { pick } from '../../src/interactions/i18n.ts';
import { escapeUserText, modal, truncateText } from '../../src/interactions/reply.ts';
import { STORE_LIMITS } from '../../src/store/limits.ts';
import type { CitebotStore, ImportProblem, ImportReport } from '../../src/store/types.ts';
import { pinButtonId, pinFormId, type PinForm } from './ids.ts';
import { pinByline } from '../answer/render.ts';
import { explain, PIN_TEXTS } from './texts.ts';

/** How pins look to moderators: one pin, a page of the list, an import report, the pin form. */

const PINS_PER_PAGE = 10;

/** A pin as moderators see it after a change: the text verbatim (escaped), keywords, passage, source. */
export function pinEmbed(pin: PinnedFact, title: string, locale: string): APIEmbed {
  const fields = [];
  if (pin.keywords)
    fields.push({ name: pick(locale, PIN_TEXTS.keywords), value: escapeUserText(pin.keywords) });
  if (pin.passageKey)
    fields.push({ name: pick(locale, PIN_TEXTS.passage), value: escapeUserText(passageRef(pin.passageKey)) });
  if (pin.sourceUrl) fields.push({ name: pick(locale, PIN_TEXTS.source), value: pin.sourceUrl });
  return {
    title,
    description: escapeUserText(pin.text),
    color: COLORS.pin,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

/**
 * `/pin post`: the pin for everyone in the channel, with who pinned it and its source (the
 * message link or URL it was pinned from) and the article passage it is linked to.
 */
export function postedPinEmbed(pin: PinnedFact, engine: Engine, locale: string): APIEmbed {
  const fields = [];
  const passage = pin.passageKey ? engine.findPassage(pin.passageKey) : undefined;
  if (passage) {
    const article = engine.articles.find((candidate) => candidate.id === passage.articleId);
    const title = escapeUserText(article?.title ?? passage.articleId);
    fields.push({
      name: pick(locale, PIN_TEXTS.passage),
      value: `${passageLabel(passage, engine)} — ${article?.url ? `[${title}](${article.url})` : title}`,
    });
  }
  return {
    title: pick(locale, PIN_TEXTS.posted, { id: pin.id }),
    description: truncateText(`${escapeUserText(pin.text)}\n\n${pinByline(pin, locale)}`, 4000),
    color: COLORS.pin,
    ...(fields.length > 0 ? { fields } : {}),
  };
}

function textInput(
  customId: string,
  label: string,
  options: { value?: string; max: number; required: boolean; paragraph?: boolean },
): APIActionRowComponent<APIComponentInModalActionRow> {
  const value = options.value ? options.value.slice(0, options.max) : undefined;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.TextInput,
        custom_id: customId,
        label: truncateText(label, 45),
        style: options.paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short,
        max_length: options.max,
        required: options.required,
        ...(value ? { value } : {}),
      },
    ],
  };
}

/**
 * The pin form, shared by /pin edit, "Pin as fact" and "Pin an answer". Its custom id (ids.ts) says
 * what to do on submit: edit a pin, add one keeping a message link, or add one.
 */
export function pinModal(
  form: PinForm,
  title: string,
  prefill: { text?: string; keywords?: string; passage?: string; source?: string },
  locale: string,
): CommandResponse {
  // The source field only where a source can be typed: the edit form (given its current source).
  const source =
    prefill.source === undefined
      ? []
      : [
          textInput('source', pick(locale, PIN_TEXTS.fieldSource), {
            value: prefill.source,
            max: STORE_LIMITS.sourceUrl,
            required: false,
          }),
        ];
  return modal({
    custom_id: pinFormId.build(form),
    title,
    components: [
      textInput('text', pick(locale, PIN_TEXTS.fieldFact), {
        value: prefill.text,
        max: STORE_LIMITS.pinText,
        required: true,
        paragraph: true,
      }),
      textInput('keywords', pick(locale, PIN_TEXTS.fieldKeywords), {
        value: prefill.keywords,
        max: STORE_LIMITS.keywords,
        required: false,
      }),
      textInput('passage', pick(locale, PIN_TEXTS.fieldPassage), {
        value: prefill.passage,
        max: STORE_LIMITS.passageKey,
        required: false,
      }),
      ...source,
    ],
  });
}

/** What a `/pin remove` of several ids removed, and which of the ids were no pins. */
export function removedEmbed(
  removed: readonly PinnedFact[],
  ids: readonly number[],
  locale: string,
): APIEmbed {
  const found = new Set(removed.map((pin) => pin.id));
  const missing = ids.filter((id) => !found.has(id));
  const lines = removed.map(
    (pin) => `#${pin.id} ${escapeUserText(truncateText(pin.text.replace(/\s+/g, ' '), 80))}`,
  );
  const shown = lines.slice(0, 20);
  if (lines.length > shown.length) shown.push(`… +${lines.length - shown.length}`);
  return {
    title: pick(locale, PIN_TEXTS.removedMany, { count: removed.length }),
    description: shown.join('\n'),
    color: COLORS.pin,
    ...(missing.length > 0
      ? {
          fields: [
            {
              name: pick(locale, PIN_TEXTS.notPins),
              value: truncateText(missing.map((id) => `#${id}`).join(' '), 1000),
            },
          ],
        }
      : {}),
  };
}

/** A passage key as members read it: "pytorch-5th-birthday§11" → "pytorch-5th-birthday §11". */
export function passageRef(key: string): string {
  const mark = key.lastIndexOf('§');
  return mark > 0 ? `${key.slice(0, mark)} §${key.slice(mark + 1)}` : `§${key.replace(/^§/, '')}`;
}

/** One page of the list as message data; buttons page through it (`pin:list:<page>`). */
export async function listPage(store: CitebotStore, guildId: string, requestedPage: number, locale: string) {
  const [pins, usage] = await Promise.all([store.listPins(guildId), store.pinUsage(guildId)]);
  const cited = new Map(usage.map((entry) => [entry.pinId, entry.cited]));
  const pages = Math.max(1, Math.ceil(pins.length / PINS_PER_PAGE));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const shown = pins.slice((page - 1) * PINS_PER_PAGE, page * PINS_PER_PAGE);
  // Ten pins share one embed (6000 chars): each line is cut so the page always fits.
  const lines = shown.map((pin) => {
    const extra = [
      pin.passageKey ? escapeUserText(passageRef(pin.passageKey)) : '',
      discordDate(pin.createdAt, 'short'),
      pick(locale, PIN_TEXTS.cited, { count: cited.get(pin.id) ?? 0 }),
    ].filter(Boolean);
    return `**#${pin.id}** ${escapeUserText(truncateText(pin.text.replace(/\s+/g, ' '), 280))} · ${extra.join(' · ')}`;
  });
  const buttons: APIButtonComponent[] = [
    {
      type: ComponentType.Button,
      custom_id: pinButtonId.build({ action: 'list', page: page - 1 }),
      label: pick(locale, PIN_TEXTS.previous),
      style: ButtonStyle.Secondary,
      disabled: page <= 1,
    },
    {
      type: ComponentType.Button,
      custom_id: pinButtonId.build({ action: 'list', page: page + 1 }),
      label: pick(locale, PIN_TEXTS.next),
      style: ButtonStyle.Secondary,
      disabled: page >= pages,
    },
  ];
  return {
    embeds: [
      {
        title: pick(locale, PIN_TEXTS.listTitle, { count: pins.length, max: STORE_LIMITS.pinsPerGuild }),
        description: lines.length > 0 ? lines.join('\n') : pick(locale, PIN_TEXTS.listEmpty),
        color: COLORS.pin,
        footer: { text: pick(locale, PIN_TEXTS.page, { page, pages }) },
      },
    ],
    components: pages > 1 ? [{ type: ComponentType.ActionRow as const, components: buttons }] : [],
  };
}

export function importEmbed(report: ImportReport, locale: string): APIEmbed {
  // "3. “text” — why", or "3. why" for an entry without text.
  const entryLine = (entry: ImportProblem) => {
    const text = escapeUserText(truncateText(entry.text.replace(/\s+/g, ' ').trim(), 80));
    const why = explain({ ...entry, message: entry.reason }, locale);
    return `${entry.index + 1}. ${text ? `“${text}” — ` : ''}${why}`;
  };
  const list = (lines: string[]) => {
    const shown = lines.slice(0, 10);
    if (lines.length > shown.length) shown.push(`… +${lines.length - shown.length}`);
    return shown.join('\n');
  };
  const fields = [];
  if (report.added.length > 0) {
    fields.push({
      name: pick(locale, PIN_TEXTS.added),
      value: list(report.added.map((pin) => `#${pin.id} ${escapeUserText(truncateText(pin.text, 80))}`)),
    });
  }
  if (report.unlinked?.length) {
    fields.push({ name: pick(locale, PIN_TEXTS.unlinked), value: list(report.unlinked.map(entryLine)) });
  }
  if (report.skipped.length > 0) {
    fields.push({ name: pick(locale, PIN_TEXTS.skipped), value: list(report.skipped.map(entryLine)) });
  }
  if (report.refused.length > 0) {
    fields.push({ name: pick(locale, PIN_TEXTS.refused), value: list(report.refused.map(entryLine)) });
  }
  return {
    title: pick(locale, PIN_TEXTS.importTitle, {
      added: report.added.length,
      skipped: report.skipped.length,
      refused: report.refused.length,
    }),
    color: COLORS.pin,
    ...(fields.length > 0 ? { fields } : {}),
  };
}
