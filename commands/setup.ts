import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { SlashCommandBuilder } from 'discord.js';
import { serverInstallOnly } from '../src/interactions/availability.ts';
import {
  textOption,
  type CommandRequest,
  type CommandResponse,
  type Services,
} from '../src/interactions/contract.ts';
import { localizations, pick, type Texts } from '../src/interactions/i18n.ts';
import { serverManager, serverOnly, settingsStore } from '../src/interactions/preconditions.ts';
import { reply } from '../src/interactions/reply.ts';
import type { AutoAnswerChannels } from '../src/runtime/auto-answer-channels.ts';

/**
 * /setup (Manage Server): how citebot works in this server. `auto-answer on channel:` makes the
 * bot answer new posts in one forum or text channel when it is sure (commands/answer/auto-answer.ts),
 * `auto-answer off` stops it, `status` shows the settings. Stored per server.
 */

/** Where posts can be answered: a forum's posts, or a text channel's messages. */
const POST_CHANNELS = [ChannelType.GuildText, ChannelType.GuildForum] as const;

export const definition = serverInstallOnly(
  new SlashCommandBuilder()
    .setName('setup')
    .setDescription('How citebot works in this server')
    .setDescriptionLocalizations(
      localizations({ en: '', 'zh-CN': 'citebot 在本服务器的设置', 'zh-TW': 'citebot 在本伺服器的設定' }),
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
)
  .addSubcommandGroup((group) =>
    group
      .setName('auto-answer')
      .setDescription('Answer new posts in one help channel when sure')
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '在一个求助频道里，有把握时自动回答新帖子',
          'zh-TW': '在一個求助頻道裡，有把握時自動回答新貼文',
        }),
      )
      .addSubcommand((sub) =>
        sub
          .setName('on')
          .setDescription('Answer new posts in this channel when sure; stay silent otherwise')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '有把握时回答此频道的新帖子，否则保持沉默',
              'zh-TW': '有把握時回答此頻道的新貼文，否則保持沉默',
            }),
          )
          .addChannelOption((option) =>
            option
              .setName('channel')
              .setDescription('A forum or text channel')
              .setDescriptionLocalizations(
                localizations({ en: '', 'zh-CN': '论坛频道或文字频道', 'zh-TW': '論壇頻道或文字頻道' }),
              )
              .setRequired(true)
              .addChannelTypes(...POST_CHANNELS),
          ),
      )
      .addSubcommand((sub) =>
        sub
          .setName('off')
          .setDescription('Stop answering posts')
          .setDescriptionLocalizations(
            localizations({ en: '', 'zh-CN': '停止自动回答帖子', 'zh-TW': '停止自動回答貼文' }),
          ),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('status')
      .setDescription("This server's citebot settings")
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '本服务器的 citebot 设置', 'zh-TW': '本伺服器的 citebot 設定' }),
      ),
  )
  .toJSON();

export const preconditions = [serverOnly, serverManager, settingsStore];

/** Settings replies are for the one who changes them. */
export function deferEphemeral(): boolean {
  return true;
}

const TEXTS = {
  needsIntent: {
    en: 'Auto-answer needs to read the text of posts, which this bot does not do yet. Whoever runs citebot turns it on: Developer Portal → Bot → Privileged Gateway Intents → **Message Content** on, then `AUTO_ANSWER=1` in `.env` and a restart (see the README). Nothing was changed.',
    'zh-CN':
      '自动回答需要读取帖子的文字，而本机器人目前不读取。请由运行 citebot 的人开启：Developer Portal → Bot → Privileged Gateway Intents → 打开 **Message Content**，再在 `.env` 中设置 `AUTO_ANSWER=1` 并重启（见 README）。没有做任何更改。',
    'zh-TW':
      '自動回答需要讀取貼文的文字，而本機器人目前不讀取。請由執行 citebot 的人開啟：Developer Portal → Bot → Privileged Gateway Intents → 打開 **Message Content**，再在 `.env` 中設定 `AUTO_ANSWER=1` 並重新啟動（見 README）。沒有做任何變更。',
  },
  wrongChannel: {
    en: 'Pick a forum or a text channel. Nothing was changed.',
    'zh-CN': '请选择论坛频道或文字频道。没有做任何更改。',
    'zh-TW': '請選擇論壇頻道或文字頻道。沒有做任何變更。',
  },
  notSaved: {
    en: 'The setting could not be saved (the database is busy or unwritable). Try again.',
    'zh-CN': '无法保存设置（数据库繁忙或不可写）。请再试一次。',
    'zh-TW': '無法儲存設定（資料庫忙碌或無法寫入）。請再試一次。',
  },
  on: {
    en: 'Auto-answer is on in {channel}: when I am sure of the answer (the **Answer** level) I reply to a new post there — a forum post’s title and first message, or a text channel message that is not a reply and mentions no one — once, and otherwise I stay silent. `/setup auto-answer off` stops it.',
    'zh-CN':
      '已在 {channel} 开启自动回答：当我对答案有把握（**回答**级别）时，我会回复那里的新帖子——论坛帖子的标题和第一条消息，或文字频道中不是回复、也没有提及任何人的消息——只回复一次；否则保持沉默。用 `/setup auto-answer off` 关闭。',
    'zh-TW':
      '已在 {channel} 開啟自動回答：當我對答案有把握（**回答**級別）時，我會回覆那裡的新貼文——論壇貼文的標題和第一則訊息，或文字頻道中不是回覆、也沒有提及任何人的訊息——只回覆一次；否則保持沉默。用 `/setup auto-answer off` 關閉。',
  },
  off: {
    en: 'Auto-answer is off (it was on in {channel}).',
    'zh-CN': '已关闭自动回答（之前在 {channel} 开启）。',
    'zh-TW': '已關閉自動回答（之前在 {channel} 開啟）。',
  },
  alreadyOff: {
    en: 'Auto-answer was already off.',
    'zh-CN': '自动回答本来就是关闭的。',
    'zh-TW': '自動回答本來就是關閉的。',
  },
  statusTitle: { en: 'citebot in this server', 'zh-CN': 'citebot 在本服务器', 'zh-TW': 'citebot 在本伺服器' },
  statusOn: {
    en: 'Auto-answer: on in {channel} (new posts answered when sure).',
    'zh-CN': '自动回答：在 {channel} 开启（有把握时回答新帖子）。',
    'zh-TW': '自動回答：在 {channel} 開啟（有把握時回答新貼文）。',
  },
  statusOff: {
    en: 'Auto-answer: off. `/setup auto-answer on channel:` turns it on.',
    'zh-CN': '自动回答：关闭。用 `/setup auto-answer on channel:` 开启。',
    'zh-TW': '自動回答：關閉。用 `/setup auto-answer on channel:` 開啟。',
  },
  statusNoIntent: {
    en: 'This bot does not read message content (`AUTO_ANSWER` is not set), so no post is answered until whoever runs it enables it.',
    'zh-CN': '本机器人不读取消息内容（未设置 `AUTO_ANSWER`），因此在运行者启用之前不会回答任何帖子。',
    'zh-TW': '本機器人不讀取訊息內容（未設定 `AUTO_ANSWER`），因此在執行者啟用之前不會回答任何貼文。',
  },
  unavailable: {
    en: 'The setting could not be read right now.',
    'zh-CN': '暂时无法读取设置。',
    'zh-TW': '暫時無法讀取設定。',
  },
} satisfies Record<string, Texts>;

/** Ids were checked as Discord ids (request-checks.ts) before they were stored. */
const channelMention = (id: string) => `<#${id}>`;

function settingsOf(request: CommandRequest, services: Pick<Services, 'autoAnswerChannels'>) {
  if (request.guildId === null || !services.autoAnswerChannels)
    throw new Error('/setup needs the serverOnly and settingsStore preconditions');
  return { guildId: request.guildId, channels: services.autoAnswerChannels };
}

const say = (text: string) => reply({ content: text }, { ephemeral: true });

async function turnOn(
  request: CommandRequest,
  services: Services,
  guildId: string,
  channels: AutoAnswerChannels,
): Promise<CommandResponse> {
  const locale = request.locale;
  if (!services.autoAnswerEnabled) return say(pick(locale, TEXTS.needsIntent));
  const channelId = textOption(request, 'channel');
  // Discord resolves the channel with its type; one it could not offer (a voice channel) is forged.
  const type = request.resolvedChannels?.[channelId]?.type;
  if (type !== undefined && !(POST_CHANNELS as readonly number[]).includes(type))
    return say(pick(locale, TEXTS.wrongChannel));
  const saved = await channels.set(guildId, channelId, request.user.id);
  if (!saved.ok) return say(pick(locale, TEXTS.notSaved));
  services.logger.info({ guildId, channelId, userId: request.user.id }, 'auto-answer turned on');
  return say(pick(locale, TEXTS.on, { channel: channelMention(channelId) }));
}

async function turnOff(
  request: CommandRequest,
  services: Services,
  guildId: string,
  channels: AutoAnswerChannels,
): Promise<CommandResponse> {
  const locale = request.locale;
  const previous = await channels.channelFor(guildId);
  if (!previous) return say(pick(locale, TEXTS.alreadyOff));
  const saved = await channels.set(guildId, null, request.user.id);
  if (!saved.ok) return say(pick(locale, TEXTS.notSaved));
  services.logger.info({ guildId, userId: request.user.id }, 'auto-answer turned off');
  return say(pick(locale, TEXTS.off, { channel: channelMention(previous) }));
}

async function status(
  request: CommandRequest,
  services: Services,
  guildId: string,
  channels: AutoAnswerChannels,
): Promise<CommandResponse> {
  const locale = request.locale;
  const lines: string[] = [];
  try {
    const channel = await channels.channelFor(guildId);
    lines.push(
      channel
        ? pick(locale, TEXTS.statusOn, { channel: channelMention(channel) })
        : pick(locale, TEXTS.statusOff),
    );
    if (channel && !services.autoAnswerEnabled) lines.push(pick(locale, TEXTS.statusNoIntent));
  } catch (error) {
    services.logger.warn({ err: error, guildId }, 'could not read the auto-answer setting');
    lines.push(pick(locale, TEXTS.unavailable));
  }
  return reply(
    { embeds: [{ title: pick(locale, TEXTS.statusTitle), description: lines.join('\n') }] },
    { ephemeral: true },
  );
}

export async function handle(request: CommandRequest, services: Services): Promise<CommandResponse> {
  const { guildId, channels } = settingsOf(request, services);
  if (request.subcommandGroup === 'auto-answer' && request.subcommand === 'on')
    return turnOn(request, services, guildId, channels);
  if (request.subcommandGroup === 'auto-answer' && request.subcommand === 'off')
    return turnOff(request, services, guildId, channels);
  return status(request, services, guildId, channels);
}
