import { ApplicationCommandType } from 'discord-api-types/v10';
import { ContextMenuCommandBuilder } from 'discord.js';
import { answerQuestion } from './answer/use-case.ts';
import { localizations, pick } from '../src/interactions/i18n.ts';
import { errorReply } from '../src/interactions/reply.ts';
import { usableEverywhere } from '../src/interactions/availability.ts';
import type { CommandRequest, CommandResponse, Services } from '../src/interactions/contract.ts';
import { plainQuestion } from '../src/interactions/chat-text.ts';

export const definition = usableEverywhere(
  new ContextMenuCommandBuilder()
    .setName('Answer from article')
    .setNameLocalizations(localizations({ en: '', 'zh-CN': '从文章回答', 'zh-TW': '從文章回答' }))
    .setType(ApplicationCommandType.Message),
).toJSON();

const TEXTS = {
  noText: {
    en: 'That message has no text to answer (only attachments or embeds).',
    'zh-CN': '那条消息没有可回答的文字（只有附件或嵌入内容）。',
    'zh-TW': '那則訊息沒有可回答的文字（只有附件或嵌入內容）。',
  },
};

/** Replies follow the language of the message answered. */
export function questionText(request: CommandRequest): string | undefined {
  return request.targetMessage?.content;
}

/** Interaction replies cannot quote-reply, so the answer links the message it answers. */
export async function handle(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const target = request.targetMessage;
  // Pings, emoji and markdown are not the question (chat-text.ts); a message of only those has none.
  if (!target || !plainQuestion(target.content)) return errorReply(pick(request.locale, TEXTS.noText));
  // As typed: answerQuestion drops the markup once (a second pass over its output could pair
  // leftover marks anew), the engine reads the first 300 characters and the title cuts with "…".
  return answerQuestion(target.content, request, services, {
    answering: { url: target.url, author: target.author.username },
  });
}
