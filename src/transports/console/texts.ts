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
} satisfies Record<string, Texts>;
