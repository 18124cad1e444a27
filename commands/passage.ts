import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import { SlashCommandBuilder } from 'discord.js';
import type { Passage } from '../src/engine.ts';
import { customIdParts } from '../src/interactions/custom-id.ts';
import { passageLabel } from '../src/interactions/formatting.ts';
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
    en: 'There is no passage "{id}". Start typing and pick one from the list, or use /search.',
    'zh-CN': '没有段落“{id}”。输入时从列表中选择，或使用 /search。',
    'zh-TW': '沒有段落「{id}」。輸入時從清單中選擇，或使用 /search。',
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

export function handle(request: CommandRequest, services: Pick<Services, 'engine'>): CommandResponse {
  const ref = textOption(request, 'id').trim();
  const passage = services.engine.findPassage(ref) ?? services.engine.suggestPassages(ref, 1)[0];
  if (!ref || !passage) {
    return errorReply(pick(request.locale, TEXTS.notFound, { id: escapeUserText(ref) }));
  }
  return reply(passageMessage(passage, request, services));
}

export function autocomplete(request: CommandRequest, services: Pick<Services, 'engine'>) {
  const typed = request.focused?.value ?? '';
  return services.engine.suggestPassages(typed, DISCORD_LIMITS.choices).map((passage) => ({
    name: `${passageLabel(passage)} — ${passage.text}`,
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
