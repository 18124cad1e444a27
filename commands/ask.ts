import { SlashCommandBuilder } from 'discord.js';
import { DISCORD_ID } from '../src/discord-ids.ts';
import { usableEverywhere } from '../src/interactions/availability.ts';
import {
  flagOption,
  textOption,
  type CommandRequest,
  type CommandResponse,
  type Services,
} from '../src/interactions/contract.ts';
import { localizations } from '../src/interactions/i18n.ts';
import { DISCORD_LIMITS } from '../src/interactions/reply.ts';
import { handleAnswerButton } from './answer/buttons.ts';
import { ANSWER_PREFIX } from './answer/ids.ts';
import { questionOf } from './answer/render.ts';
import { answerPost } from './answer/auto-answer.ts';
import { answerQuestion } from './answer/use-case.ts';

export const definition = usableEverywhere(
  new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the articles; the answer quotes and cites them')
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '就文章提问；回答会引用原文并注明出处',
        'zh-TW': '就文章提問；回答會引用原文並註明出處',
      }),
    ),
)
  .addStringOption((option) =>
    option
      .setName('question')
      .setDescription('Your question, in English or Chinese')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '你的问题（中文或英文）', 'zh-TW': '你的問題（中文或英文）' }),
      )
      .setRequired(true)
      .setMaxLength(500)
      .setAutocomplete(true),
  )
  .addBooleanOption((option) =>
    option
      .setName('hide')
      .setDescription('Only you see the answer')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '只有你能看到回答', 'zh-TW': '只有你能看到回答' }),
      ),
  )
  .addUserOption((option) =>
    option
      .setName('mention')
      .setDescription('Address the answer to this member (they get notified)')
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '把回答发给这位成员（会通知对方）',
          'zh-TW': '把回答發給這位成員（會通知對方）',
        }),
      ),
  )
  .toJSON();

export const customIdPrefixes = [ANSWER_PREFIX] as const;

export function deferEphemeral(request: CommandRequest): boolean {
  if (request.kind === 'component') return true;
  return flagOption(request, 'hide');
}

/** Replies follow the question's language: the one typed, or for a button the answer's question. */
export function questionText(request: CommandRequest): string | undefined {
  return request.kind === 'component' ? questionOf(request) : textOption(request, 'question');
}

export function handle(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const question = textOption(request, 'question');
  if (request.kind === 'mention') return answerQuestion(question, request, services);
  if (request.kind === 'post') return answerPost(request, services);
  const hide = flagOption(request, 'hide');
  // Discord sends a user option as the user's id; anything else is forged.
  const option = request.options.mention;
  const mention = typeof option === 'string' && DISCORD_ID.test(option) ? option : undefined;
  // A hidden answer cannot reach anyone else: the mention is dropped, and the reply says so.
  return answerQuestion(question, request, services, {
    ephemeral: hide,
    mentionUserId: hide ? undefined : mention,
    mentionDropped: hide && mention !== undefined,
  });
}

export async function autocomplete(
  request: CommandRequest,
  services: Pick<Services, 'engine' | 'store' | 'logger'>,
) {
  const typed = request.focused?.value ?? '';
  // Before anything is typed, the server's pinned facts come first, like hoisted tags: they are
  // what moderators expect members to ask about.
  if (!typed.trim() && request.guildId && services.store) {
    try {
      const pins = (await services.store.listPins(request.guildId)).slice(-DISCORD_LIMITS.choices).reverse();
      if (pins.length > 0) {
        return pins.map((pin) => ({
          name: `📌 ${pin.text}`,
          value: pin.text.slice(0, DISCORD_LIMITS.choiceValue),
        }));
      }
    } catch (error) {
      services.logger.warn({ err: error, guildId: request.guildId }, 'pins unavailable for autocomplete');
    }
  }
  return services.engine
    .suggestQuestions(typed, DISCORD_LIMITS.choices)
    .map((question) => ({ name: question, value: question.slice(0, DISCORD_LIMITS.choiceValue) }));
}

/** More sources, the passage, 👍/👎 under an answer. */
export const handleComponent = handleAnswerButton;
