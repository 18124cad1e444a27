import { PermissionFlagsBits } from 'discord-api-types/v10';
import { SlashCommandBuilder, type SlashCommandIntegerOption } from 'discord.js';
import { serverInstallOnly } from '../../src/interactions/availability.ts';
import { localizations } from '../../src/interactions/i18n.ts';
import { STORE_LIMITS } from '../../src/store/limits.ts';

/** /pin's definition: add, edit, remove, post, list, export, import; hidden from members without Manage Messages. */

const MANAGE = PermissionFlagsBits.ManageMessages;

/** The `id` option of /pin edit, remove and post: a pin of this server, suggested by number, text or keyword. */
function pinIdOption(option: SlashCommandIntegerOption): SlashCommandIntegerOption {
  return option
    .setName('id')
    .setDescription('The pin')
    .setDescriptionLocalizations(localizations({ en: '', 'zh-CN': '置顶编号', 'zh-TW': '置頂編號' }))
    .setRequired(true)
    .setMinValue(1)
    .setAutocomplete(true);
}

export const definition = serverInstallOnly(
  new SlashCommandBuilder()
    .setName('pin')
    .setDescription("Manage this server's pinned facts (answers use them first)")
    .setDescriptionLocalizations(
      localizations({
        en: '',
        'zh-CN': '管理本服务器的置顶事实（回答会优先使用）',
        'zh-TW': '管理本伺服器的置頂事實（回答會優先使用）',
      }),
    )
    .setDefaultMemberPermissions(MANAGE),
)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Pin a fact for this server')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '为本服务器置顶一条事实', 'zh-TW': '為本伺服器置頂一條事實' }),
      )
      .addStringOption((option) =>
        option
          .setName('fact')
          .setDescription('The fact, as members should read it')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '事实内容，成员将看到的原文',
              'zh-TW': '事實內容，成員將看到的原文',
            }),
          )
          .setRequired(true)
          .setMaxLength(STORE_LIMITS.pinText),
      )
      .addStringOption((option) =>
        option
          .setName('keywords')
          .setDescription('Extra words that should find this fact')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '帮助找到这条事实的关键词',
              'zh-TW': '幫助找到這條事實的關鍵詞',
            }),
          )
          .setMaxLength(STORE_LIMITS.keywords),
      )
      .addStringOption((option) =>
        option
          .setName('passage')
          .setDescription('The article passage this fact relates to')
          .setDescriptionLocalizations(
            localizations({ en: '', 'zh-CN': '相关的文章段落', 'zh-TW': '相關的文章段落' }),
          )
          .setAutocomplete(true),
      )
      .addStringOption((option) =>
        option
          .setName('source')
          .setDescription('Where the fact comes from: an http(s) link')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '事实的出处：http(s) 链接',
              'zh-TW': '事實的出處：http(s) 連結',
            }),
          )
          .setMaxLength(STORE_LIMITS.sourceUrl),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('edit')
      .setDescription('Edit a pinned fact')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '编辑置顶事实', 'zh-TW': '編輯置頂事實' }),
      )
      .addIntegerOption(pinIdOption),
  )
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Remove pinned facts: one, or several at once')
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '移除置顶事实：一条或多条', 'zh-TW': '移除置頂事實：一條或多條' }),
      )
      // A string, not an integer: several ids and ranges ("3 5 12-40") undo a bulk import as one change.
      .addStringOption((option) =>
        option
          .setName('id')
          .setDescription('The pin, or several: 3 5 7, or a range 12-40')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '置顶编号，可多个：3 5 7，或范围 12-40',
              'zh-TW': '置頂編號，可多個：3 5 7，或範圍 12-40',
            }),
          )
          .setRequired(true)
          .setMaxLength(200)
          .setAutocomplete(true),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('post')
      .setDescription('Post a pinned fact in this channel, for everyone (it pings no one)')
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '在本频道公开发布一条置顶事实（不会提醒任何人）',
          'zh-TW': '在本頻道公開發布一條置頂事實（不會提醒任何人）',
        }),
      )
      .addIntegerOption(pinIdOption),
  )
  .addSubcommand((sub) =>
    sub
      .setName('list')
      .setDescription("List this server's pinned facts")
      .setDescriptionLocalizations(
        localizations({ en: '', 'zh-CN': '列出本服务器的置顶事实', 'zh-TW': '列出本伺服器的置頂事實' }),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('export')
      .setDescription("Download this server's pinned facts as a JSON file")
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '以 JSON 文件下载本服务器的置顶事实',
          'zh-TW': '以 JSON 檔案下載本伺服器的置頂事實',
        }),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('import')
      .setDescription('Add the pinned facts of a file made by /pin export')
      .setDescriptionLocalizations(
        localizations({
          en: '',
          'zh-CN': '导入 /pin export 生成的文件中的置顶事实',
          'zh-TW': '匯入 /pin export 產生的檔案中的置頂事實',
        }),
      )
      .addAttachmentOption((option) =>
        option
          .setName('file')
          .setDescription('A JSON file made by /pin export')
          .setDescriptionLocalizations(
            localizations({
              en: '',
              'zh-CN': '由 /pin export 生成的 JSON 文件',
              'zh-TW': '由 /pin export 產生的 JSON 檔案',
            }),
          )
          .setRequired(true),
      ),
  )
  .toJSON();
