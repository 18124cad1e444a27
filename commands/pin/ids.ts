import { customIdParts } from '../../src/interactions/custom-id.ts';

/**
 * The custom ids /pin owns (prefix `pin`), built and parsed here only: the list's page buttons,
 * /insights' "Pin an answer" buttons, and the pin form's submit, which says what to do with it.
 */

export const PIN_PREFIX = 'pin';

export type PinButton =
  /** `pin:list:<page>`: a page of /pin list. */
  | { action: 'list'; page: number }
  /** `pin:answer:<question id>`: "Pin an answer" under /insights. */
  | { action: 'answer'; questionId: number };

export type PinForm =
  /** `pin:add`, or `pin:add:q:<question id>` for "Pin an answer" (insights then stop listing it). */
  | { action: 'add'; questionId?: number }
  /** `pin:msg:<channel>:<message>` from "Pin as fact": the pin keeps the message link as its source. */
  | { action: 'msg'; channelId: string; messageId: string }
  /** `pin:edit:<pin id>`. */
  | { action: 'edit'; pinId: number };

export const pinButtonId = {
  build(button: PinButton): string {
    return button.action === 'list' ? `pin:list:${button.page}` : `pin:answer:${button.questionId}`;
  },
  parse(customId: string): PinButton | undefined {
    const { action, rest } = customIdParts(customId);
    if (action === 'list') return { action, page: Number(rest[0]) || 1 };
    if (action === 'answer') return { action, questionId: Number(rest[0]) };
    return undefined;
  },
};

export const pinFormId = {
  build(form: PinForm): string {
    switch (form.action) {
      case 'add':
        return form.questionId === undefined ? 'pin:add' : `pin:add:q:${form.questionId}`;
      case 'msg':
        return `pin:msg:${form.channelId}:${form.messageId}`;
      case 'edit':
        return `pin:edit:${form.pinId}`;
    }
  },
  /** undefined for an id this command never built (a bug or a forgery: the router logs it). */
  parse(customId: string): PinForm | undefined {
    const { action, rest } = customIdParts(customId);
    const [first, second] = rest;
    switch (action) {
      case 'add':
        return first === 'q' ? { action, questionId: Number(second) } : { action };
      case 'msg':
        return first && second ? { action, channelId: first, messageId: second } : undefined;
      case 'edit':
        return { action, pinId: Number(first) };
      default:
        return undefined;
    }
  },
};
