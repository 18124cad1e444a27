import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import type { AnswerResult, Citation } from '../../src/engine.ts';
import type { CommandRequest } from '../../src/interactions/contract.ts';
import { customIdParts } from '../../src/interactions/custom-id.ts';
import { pick } from '../../src/interactions/i18n.ts';
import { DISCORD_LIMITS } from '../../src/interactions/reply.ts';
import { ANSWER_TEXTS } from './texts.ts';

/**
 * The buttons under an answer and their custom ids (`ask:…`), built and parsed here; the
 * handlers are in buttons.ts. A custom id carries at most 100 characters, so the question itself
 * is read back from the answer's title (render.ts).
 */
export type AnswerButton =
  /** `ask:more`: more sources for the same question. */
  | { action: 'more' }
  /** `ask:show:<passage key>`: the cited passage with its neighbours. */
  | { action: 'show'; passageKey: string }
  /** `ask:vote:u|d:<cited>`: 👍/👎, with the passage or pin the answer cited. */
  | { action: 'vote'; helpful: boolean; cited: string };

export const ANSWER_PREFIX = 'ask';
const VOTE_PREFIX = 'ask:vote:u:';

export const answerButtonId = {
  build(button: AnswerButton): string {
    switch (button.action) {
      case 'more':
        return 'ask:more';
      case 'show':
        return `ask:show:${button.passageKey}`;
      case 'vote':
        return `ask:vote:${button.helpful ? 'u' : 'd'}:${button.cited.slice(0, DISCORD_LIMITS.customId - VOTE_PREFIX.length)}`;
    }
  },
  parse(customId: string): AnswerButton | undefined {
    const { action, rest } = customIdParts(customId);
    switch (action) {
      case 'more':
        return { action: 'more' };
      case 'show':
        return { action: 'show', passageKey: rest.join(':') };
      case 'vote':
        return { action: 'vote', helpful: rest[0] === 'u', cited: rest.slice(1).join(':') };
      default:
        return undefined;
    }
  },
};

function citedRef(citation: Citation | undefined): string {
  if (!citation) return '-';
  return citation.pin ? `pin-${citation.pin.id}` : (citation.key ?? citation.passage);
}

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary,
  emoji?: string,
): APIButtonComponent {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label,
    style,
    ...(emoji ? { emoji: { name: emoji } } : {}),
  };
}

/** The buttons under an answer: more sources, the passage, and 👍/👎 in servers (where votes are kept). */
export function answerButtons(
  result: AnswerResult,
  request: Pick<CommandRequest, 'locale' | 'guildId'>,
): APIButtonComponent[] {
  const buttons: APIButtonComponent[] = [];
  const top = result.citations[0];
  if (result.citations.length > 1 && result.answered) {
    buttons.push(
      button(answerButtonId.build({ action: 'more' }), pick(request.locale, ANSWER_TEXTS.moreSources)),
    );
  }
  const passageKey = top?.key ?? top?.pin?.passageKey;
  const show = passageKey ? answerButtonId.build({ action: 'show', passageKey }) : undefined;
  if (show && show.length <= DISCORD_LIMITS.customId) {
    buttons.push(button(show, pick(request.locale, ANSWER_TEXTS.showPassage)));
  }
  if (request.guildId) {
    const cited = citedRef(top);
    buttons.push(
      button(answerButtonId.build({ action: 'vote', helpful: true, cited }), '', ButtonStyle.Secondary, '👍'),
    );
    buttons.push(
      button(
        answerButtonId.build({ action: 'vote', helpful: false, cited }),
        '',
        ButtonStyle.Secondary,
        '👎',
      ),
    );
  }
  // Emoji-only buttons carry no label at all (Discord refuses an empty one).
  for (const b of buttons) if ('label' in b && b.label === '') delete b.label;
  return buttons;
}
