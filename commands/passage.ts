import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import { SlashCommandBuilder } from 'discord.js';
import type { Passage } from '../src/engine.ts';
import { customIdParts } from '../src/interactions/custom-id.ts';
import { passageLabel, passageRef } from '../src/interactions/formatting.ts';
import { renderPassageWithNeighbours } from './answer/render.ts';
import { ANSWER_TEXTS } from './answer/texts.ts';
import { localizations, pick } from '../src/interactions/i18n.ts';
import { DISCORD_LIMITS, errorReply, escapeUserText, reply, update } from '../src/interactions/reply.ts';
import { usableEverywhere } from '../src/interactions/availability.ts';
import {
  textOption,
  type CommandRequest,
  type CommandResponse,
  type ReplyData,
  type Services,
} from '../src/interactions/contract.ts';

export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('passage')
    .setDescription('Show one passage in full, by its id (e.g. 12)')
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '按编号显示完整段落（如 12）',
        'zh-TW': '按編號顯示完整段落（如 12）',
      }),
    ),
)
  .addStringOption((option) =>
    option
      .setName('id')
      .setDescription('Passage id, or words from it')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '段落编号，或其中的词语', 'zh-TW': '段落編號，或其中的詞語' }),
      )
      .setRequired(true)
      .setMaxLength(100)
      .setAutocomplete(true),
  )
  .toJSON();

export const customIdPrefixes = ['passage'] as const;

/**
 * The ◀ ▶ buttons' custom ids: `passage:go:<passage key>`, or `passage:none:prev|next` for a
 * disabled button (custom ids must be unique within a message). Built and parsed here only.
 */
export const passageButtonId = {
  build(key: string | undefined, side: 'prev' | 'next'): { customId: string; enabled: boolean } {
    const fallback = `passage:none:${side}`;
    const customId = key ? `passage:go:${key}` : fallback;
    const enabled = Boolean(key) && customId.length <= DISCORD_LIMITS.customId;
    return { customId: enabled ? customId : fallback, enabled };
  },
  /** The passage key a button goes to; undefined for a disabled one. */
  parse(customId: string): string | undefined {
    const { action, rest } = customIdParts(customId);
    return action === 'go' ? rest.join(':') : undefined;
  },
};

const TEXTS = {
  notFound: {
    en: 'There is no passage "{id}". Give an id as answers and /search show them (e.g. {example}), or words from the passage.',
    'zh-CN': '没有段落“{id}”。请输入回答和 /search 中显示的编号（如 {example}），或段落中的词语。',
    'zh-TW': '沒有段落「{id}」。請輸入回答和 /search 中顯示的編號（如 {example}），或段落中的詞語。',
  },
  ambiguous: {
    en: 'Several articles have §{id}: {refs}. Name the article too, e.g. /passage {example}.',
    'zh-CN': '多篇文章都有 §{id}：{refs}。请同时写出文章，如 /passage {example}。',
    'zh-TW': '多篇文章都有 §{id}：{refs}。請同時寫出文章，如 /passage {example}。',
  },
  closest: {
    en: 'No passage is numbered "{id}": this is the one whose words match it best.',
    'zh-CN': '没有编号为“{id}”的段落：以下是词语与之最接近的段落。',
    'zh-TW': '沒有編號為「{id}」的段落：以下是詞語與之最接近的段落。',
  },
  previous: { en: 'Previous', 'zh-CN': '上一段', 'zh-TW': '上一段' },
  next: { en: 'Next', 'zh-CN': '下一段', 'zh-TW': '下一段' },
};

function navButton(key: string | undefined, label: string, side: 'prev' | 'next'): APIButtonComponent {
  const { customId, enabled } = passageButtonId.build(key, side);
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: customId,
    label,
    disabled: !enabled,
  };
}

function passageMessage(
  passage: Passage,
  request: CommandRequest,
  services: Pick<Services, 'engine'>,
): ReplyData {
  const { previous, next } = services.engine.neighbours(passage.key);
  return {
    embeds: [renderPassageWithNeighbours(passage, services.engine)],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          navButton(previous?.key, `◀ ${pick(request.locale, TEXTS.previous)}`, 'prev'),
          navButton(next?.key, `${pick(request.locale, TEXTS.next)} ▶`, 'next'),
        ],
      },
    ],
  };
}

/** How many same-numbered passages an ambiguous id lists; the reply stays short with many articles. */
const AMBIGUOUS_LISTED = 10;

export function handle(request: CommandRequest, services: Pick<Services, 'engine'>): CommandResponse {
  const { engine } = services;
  const ref = textOption(request, 'id').trim();
  const exact = engine.findPassage(ref);
  // With several articles "12" is a passage of each: the member picks, rather than gets one at random.
  const bare = ref.replace(/^§\s*/, '');
  const sameId = exact ? [] : engine.passages.filter((passage) => passage.id === bare);
  if (sameId.length > 1) {
    const refs = sameId.slice(0, AMBIGUOUS_LISTED).map((passage) => passageRef(passage, engine));
    return errorReply(
      pick(request.locale, TEXTS.ambiguous, {
        id: escapeUserText(bare),
        refs: refs.join(', ') + (sameId.length > AMBIGUOUS_LISTED ? ', …' : ''),
        example: refs[0]!,
      }),
    );
  }
  // A number is an id, not words: "0" or "36" missing is no passage, not the one that fuzzily
  // matches it ("0" -> §10).
  const words = ref && !/^\d+$/.test(bare);
  const passage = exact ?? (words ? engine.suggestPassages(ref, 1)[0] : undefined);
  if (!passage) {
    const first = engine.passages[0];
    return errorReply(
      pick(request.locale, TEXTS.notFound, {
        id: escapeUserText(ref),
        example: first ? passageRef(first, engine) : '§1',
      }),
    );
  }
  const message = passageMessage(passage, request, services);
  // Words matched, not an id: say so, or the member wonders why "abc" shows §24.
  if (!exact) message.content = pick(request.locale, TEXTS.closest, { id: escapeUserText(ref) });
  return reply(message);
}

export function autocomplete(request: CommandRequest, services: Pick<Services, 'engine'>) {
  const typed = request.focused?.value ?? '';
  return services.engine.suggestPassages(typed, DISCORD_LIMITS.choices).map((passage) => ({
    name: `${passageLabel(passage, services.engine)} — ${passage.text}`,
    // A key longer than Discord allows for a value falls back to the bare id, which findPassage also takes.
    value: passage.key.length <= DISCORD_LIMITS.choiceValue ? passage.key : passage.id,
  }));
}

/** Previous/next replace the shown passage in place, so the channel gets no extra messages. */
export function handleComponent(
  request: CommandRequest,
  services: Pick<Services, 'engine'>,
): CommandResponse {
  const key = passageButtonId.parse(request.customId ?? '');
  const passage = key !== undefined ? services.engine.findPassage(key) : undefined;
  if (!passage) return errorReply(pick(request.locale, ANSWER_TEXTS.passageGone));
  return update(passageMessage(passage, request, services));
}
