import type { Texts } from '../../src/interactions/i18n.ts';

/** What answers say around the quoted passage, in every reply language. */
export const ANSWER_TEXTS = {
  notCovered: {
    en: '**{level}.** The closest passages:',
    'zh-CN': '**{level}。**最接近的段落：',
    'zh-TW': '**{level}。**最接近的段落：',
  },
  nothingClose: {
    en: '**{level}**, nor anything close to it.',
    'zh-CN': '**{level}**，也没有相近的内容。',
    'zh-TW': '**{level}**，也沒有相近的內容。',
  },
  source: { en: 'Source', 'zh-CN': '来源', 'zh-TW': '來源' },
  pinned: { en: '📌 pinned by moderators', 'zh-CN': '📌 管理员置顶', 'zh-TW': '📌 管理員置頂' },
  pinnedBy: {
    en: 'Pinned by {who} {when}',
    'zh-CN': '由 {who} 于 {when} 置顶',
    'zh-TW': '由 {who} 於 {when} 置頂',
  },
  pinSource: { en: 'source', 'zh-CN': '出处', 'zh-TW': '出處' },
  moreSources: { en: 'More sources', 'zh-CN': '更多来源', 'zh-TW': '更多來源' },
  showPassage: { en: 'Show passage', 'zh-CN': '查看段落', 'zh-TW': '查看段落' },
  forYou: {
    en: '{user}, this answer is for you:',
    'zh-CN': '{user}，这是给你的回答：',
    'zh-TW': '{user}，這是給你的回答：',
  },
  replyingTo: {
    en: '↪ Answering {link} by {author}',
    'zh-CN': '↪ 回答 {author} 的{link}',
    'zh-TW': '↪ 回答 {author} 的{link}',
  },
  message: { en: 'message', 'zh-CN': '消息', 'zh-TW': '訊息' },
  mentionDropped: {
    en: 'Only you can see this answer, so it was not addressed to anyone: ask without `hide` to address it.',
    'zh-CN': '这条回答只有你能看到，所以没有发给任何人：不加 `hide` 再问一次即可发给对方。',
    'zh-TW': '這則回答只有你能看到，所以沒有發給任何人：不加 `hide` 再問一次即可發給對方。',
  },
  noMoreSources: {
    en: 'No other passages match this question.',
    'zh-CN': '没有其他段落与这个问题相关。',
    'zh-TW': '沒有其他段落與這個問題相關。',
  },
  moreTitle: {
    en: 'More sources for: {question}',
    'zh-CN': '更多来源：{question}',
    'zh-TW': '更多來源：{question}',
  },
  passageGone: {
    en: 'That passage is no longer in the knowledge (the articles changed). Ask again.',
    'zh-CN': '这个段落已不在知识库中（文章已更新）。请重新提问。',
    'zh-TW': '這個段落已不在知識庫中（文章已更新）。請重新提問。',
  },
  thanksHelpful: {
    en: 'Thanks — noted that this answer helped 👍',
    'zh-CN': '谢谢——已记录：这个回答有帮助 👍',
    'zh-TW': '謝謝——已記錄：這個回答有幫助 👍',
  },
  thanksUnhelpful: {
    en: "Thanks — noted that this answer didn't help 👎. Moderators see such questions in /insights.",
    'zh-CN': '谢谢——已记录：这个回答没有帮助 👎。管理员会在 /insights 中看到这类问题。',
    'zh-TW': '謝謝——已記錄：這個回答沒有幫助 👎。管理員會在 /insights 中看到這類問題。',
  },
  feedbackGuildOnly: {
    en: 'Feedback is only kept in servers. Thanks anyway!',
    'zh-CN': '反馈只在服务器中记录。仍然感谢你！',
    'zh-TW': '回饋只在伺服器中記錄。仍然感謝你！',
  },
  emptyQuestion: {
    en: 'Ask me something about the articles, e.g. "@citebot how many contributors does PyTorch have?" — or use /help.',
    'zh-CN': '请问我关于文章的问题，例如“@citebot PyTorch 有多少贡献者？”——或使用 /help。',
    'zh-TW': '請問我關於文章的問題，例如「@citebot PyTorch 有多少貢獻者？」——或使用 /help。',
  },
} satisfies Record<string, Texts>;
