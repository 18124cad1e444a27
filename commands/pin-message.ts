import { ApplicationCommandType, PermissionFlagsBits } from 'discord-api-types/v10';
import { ContextMenuCommandBuilder } from 'discord.js';
import { STORE_LIMITS } from '../src/store/limits.ts';
import { localizations, pick } from '../src/interactions/i18n.ts';
import { moderator, pinStore, serverOnly } from '../src/interactions/preconditions.ts';
import { PIN_TEXTS } from './pin/texts.ts';
import { pinModal } from './pin/views.ts';
import { errorReply } from '../src/interactions/reply.ts';
import { serverInstallOnly } from '../src/interactions/availability.ts';
import type { CommandRequest, CommandResponse } from '../src/interactions/contract.ts';

/**
 * Message menu → Apps → "Pin as fact": the pin form, prefilled with the message's text. The form's
 * custom_id carries the channel and message ids (a link would not fit in 100 characters), so the
 * pin keeps the message link as its source; /pin handles the submit (pin/ids.ts, pin/handlers.ts).
 */
export const definition = serverInstallOnly(
  new ContextMenuCommandBuilder()
    .setName('Pin as fact')
    .setNameLocalizations(localizations({ en: '', 'zh-CN': '置顶为事实', 'zh-TW': '置頂為事實' }))
    .setType(ApplicationCommandType.Message)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages),
).toJSON();

export const preconditions = [serverOnly, moderator, pinStore];

/** Moderators' replies are private; if the transport has to defer (index still loading), so is the wait. */
export function deferEphemeral(): boolean {
  return true;
}

const TEXTS = {
  noText: {
    en: 'That message has no text to pin (only attachments or embeds).',
    'zh-CN': '那条消息没有可置顶的文字（只有附件或嵌入内容）。',
    'zh-TW': '那則訊息沒有可置頂的文字（只有附件或嵌入內容）。',
  },
};

export function handle(request: CommandRequest): CommandResponse {
  const target = request.targetMessage;
  const text = target?.content.trim() ?? '';
  if (!target || !text) return errorReply(pick(request.locale, TEXTS.noText));
  return pinModal(
    { action: 'msg', channelId: request.channelId, messageId: target.id },
    pick(request.locale, PIN_TEXTS.modalAdd),
    { text: text.slice(0, STORE_LIMITS.pinText) },
    request.locale,
  );
}
