import type { Texts } from '../../interactions/i18n.ts';

/**
 * What the local console itself says (the banner, its own errors), in the console's language:
 * LC_ALL / LC_MESSAGES / LANG (config.ts `consoleLocale`). Replies to questions follow the
 * question's language like on Discord (router.ts).
 */
export const CONSOLE_TEXTS = {
  banner: {
    en: 'citebot console — type a question, or /ask, /search, /passage 12, /about, /help{more}; #n clicks button n; /quit to leave.',
    'zh-CN':
      'citebot 控制台——直接输入问题，或 /ask、/search、/passage 12、/about、/help{more}；#n 点击第 n 个按钮；/quit 退出。',
    'zh-TW':
      'citebot 主控台——直接輸入問題，或 /ask、/search、/passage 12、/about、/help{more}；#n 點擊第 n 個按鈕；/quit 離開。',
  },
  /** Listed in the banner after /help when the pin commands are there (each language's list separator). */
  pinCommands: { en: ', /pin, /insights', 'zh-CN': '、/pin、/insights', 'zh-TW': '、/pin、/insights' },
  noSuchButton: {
    en: 'No such button on the last reply.',
    'zh-CN': '上一条回复没有这个按钮。',
    'zh-TW': '上一則回覆沒有這個按鈕。',
  },
  error: { en: 'Error: {message}', 'zh-CN': '错误：{message}', 'zh-TW': '錯誤：{message}' },
  unknownCommand: {
    en: 'Unknown command /{name}. Commands: {names}',
    'zh-CN': '没有 /{name} 这个命令。可用命令：{names}',
    'zh-TW': '沒有 /{name} 這個指令。可用指令：{names}',
  },
  unknownOption: {
    en: '/{command} has no option "{name}". Its options: {names}. (For "{name}:" inside a value, put a space after the colon.)',
    'zh-CN':
      '/{command} 没有选项“{name}”。可用选项：{names}。（若“{name}:”是内容的一部分，请在冒号后加空格。）',
    'zh-TW':
      '/{command} 沒有選項「{name}」。可用選項：{names}。（若「{name}:」是內容的一部分，請在冒號後加空格。）',
  },
  needsSubcommand: {
    en: '/{name} needs one of: {subs}',
    'zh-CN': '/{name} 需要以下之一：{subs}',
    'zh-TW': '/{name} 需要以下之一：{subs}',
  },
  cannotRead: {
    en: 'Cannot read {file}: {reason}.',
    'zh-CN': '无法读取 {file}：{reason}。',
    'zh-TW': '無法讀取 {file}：{reason}。',
  },
  noSuchFile: {
    en: 'there is no such file (paths are relative to {cwd})',
    'zh-CN': '没有这个文件（路径相对于 {cwd}）',
    'zh-TW': '沒有這個檔案（路徑相對於 {cwd}）',
  },
  noPermission: { en: 'permission denied', 'zh-CN': '没有读取权限', 'zh-TW': '沒有讀取權限' },
  isFolder: {
    en: 'it is a folder, not a file',
    'zh-CN': '这是文件夹，不是文件',
    'zh-TW': '這是資料夾，不是檔案',
  },
  otherReadError: { en: '{message}', 'zh-CN': '{message}', 'zh-TW': '{message}' },
  savedTo: {
    en: 'saved {path}',
    'zh-CN': '已保存 {path}',
    'zh-TW': '已儲存 {path}',
  },
  privateReply: {
    en: '(private: on Discord only you would see this reply)',
    'zh-CN': '（私密：在 Discord 上只有你能看到这条回复）',
    'zh-TW': '（私密：在 Discord 上只有你能看到這則回覆）',
  },
  limitsOn: {
    en: 'Limits apply as on Discord: {rules}.',
    'zh-CN': '频率限制与 Discord 上相同：{rules}。',
    'zh-TW': '頻率限制與 Discord 上相同：{rules}。',
  },
  memberLimit: {
    en: '{burst} {burst|question|questions} back to back, then one every {seconds} s (ASK_BURST, ASK_COOLDOWN_SECONDS)',
    'zh-CN': '连续 {burst} 个问题，之后每 {seconds} 秒一个（ASK_BURST、ASK_COOLDOWN_SECONDS）',
    'zh-TW': '連續 {burst} 個問題，之後每 {seconds} 秒一個（ASK_BURST、ASK_COOLDOWN_SECONDS）',
  },
  serverLimit: {
    en: '{count} answers a minute for the server (GUILD_ASKS_PER_MINUTE)',
    'zh-CN': '服务器每分钟 {count} 个回答（GUILD_ASKS_PER_MINUTE）',
    'zh-TW': '伺服器每分鐘 {count} 個回答（GUILD_ASKS_PER_MINUTE）',
  },
  pinLimit: {
    en: '{count} pin changes an hour (GUILD_PIN_CHANGES_PER_HOUR)',
    'zh-CN': '每小时 {count} 次置顶修改（GUILD_PIN_CHANGES_PER_HOUR）',
    'zh-TW': '每小時 {count} 次置頂修改（GUILD_PIN_CHANGES_PER_HOUR）',
  },
  limitsOff: {
    en: 'Rate limits are off (ASK_BURST, GUILD_ASKS_PER_MINUTE and GUILD_PIN_CHANGES_PER_HOUR are 0).',
    'zh-CN': '频率限制已关闭（ASK_BURST、GUILD_ASKS_PER_MINUTE 和 GUILD_PIN_CHANGES_PER_HOUR 为 0）。',
    'zh-TW': '頻率限制已關閉（ASK_BURST、GUILD_ASKS_PER_MINUTE 和 GUILD_PIN_CHANGES_PER_HOUR 為 0）。',
  },
  consoleHelp: {
    en: [
      'In this console:',
      '  plain text                        asks, like /ask',
      '  /passage 12, /search Chintala     the rest of the line fills the first option',
      '  /ask question:… hide:true         options by name (/pin add fact:… keywords:…)',
      '  #2                                clicks button 2 of the last reply',
      '  /reload                           re-reads the articles (here you own the bot)',
      '  /quit                             leaves',
      'Message menus and @mentions are only on Discord.',
    ].join('\n'),
    'zh-CN': [
      '在控制台中：',
      '  直接输入文字                      提问，等同 /ask',
      '  /passage 12、/search Chintala     其余内容填入第一个选项',
      '  /ask question:… hide:true         按名称设置选项（/pin add fact:… keywords:…）',
      '  #2                                点击上一条回复的第 2 个按钮',
      '  /reload                           重新读取文章（在这里你是机器人的所有者）',
      '  /quit                             退出',
      '消息菜单和 @提及 只在 Discord 上可用。',
    ].join('\n'),
    'zh-TW': [
      '在主控台中：',
      '  直接輸入文字                      提問，等同 /ask',
      '  /passage 12、/search Chintala     其餘內容填入第一個選項',
      '  /ask question:… hide:true         按名稱設定選項（/pin add fact:… keywords:…）',
      '  #2                                點擊上一則回覆的第 2 個按鈕',
      '  /reload                           重新讀取文章（在這裡你是機器人的擁有者）',
      '  /quit                             離開',
      '訊息選單和 @提及 只在 Discord 上可用。',
    ].join('\n'),
  },
  missingOption: {
    en: '/{name} needs {option} ({description}): type /{name} followed by it, or {option}:… with other options.',
    'zh-CN': '/{name} 需要 {option}（{description}）：在 /{name} 后面输入，或与其他选项一起写 {option}:…。',
    'zh-TW': '/{name} 需要 {option}（{description}）：在 /{name} 後面輸入，或與其他選項一起寫 {option}:…。',
  },
  suggestions: {
    en: 'For example (on Discord a list suggests these as you type):',
    'zh-CN': '例如（在 Discord 上输入时会列出这些建议）：',
    'zh-TW': '例如（在 Discord 上輸入時會列出這些建議）：',
  },
} satisfies Record<string, Texts>;
