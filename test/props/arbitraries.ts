import fc from 'fast-check';

/**
 * What members of a public server paste into a bot, on purpose or not. Each fragment family is a
 * known way text breaks software (or Discord rendering); `hostileText` mixes them so one string can
 * hold a mention inside a code fence next to a lone surrogate and a real question.
 */

/** How many cases each property runs: small in `npm test`, 10,000 in `npm run test:props`. */
export const PROPS_RUNS = Math.max(1, Number.parseInt(process.env.PROPS_RUNS ?? '', 10) || 200);

/**
 * The seed every property of a run starts from: new each run, so runs explore different cases, and
 * printed, so a failure replays with `PROPS_SEED=<seed> npx vitest run <file>` (fast-check's
 * failure message also names the seed and the path of the shrunk case).
 */
export const PROPS_SEED = (() => {
  const given = Number.parseInt(process.env.PROPS_SEED ?? '', 10);
  return Number.isNaN(given) ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0 : given;
})();
console.info(`property seed ${PROPS_SEED} (replay with PROPS_SEED=${PROPS_SEED})`);

/** fast-check parameters for every property: the run's seed and number of cases. */
export const PROPS = { seed: PROPS_SEED, numRuns: PROPS_RUNS } as const;

/** The longest string the properties build; Discord never sends more than 6000 characters of text. */
export const MAX_TEXT = 6000;

const SNOWFLAKE = fc.bigInt({ min: 10n ** 16n, max: 2n ** 63n - 1n }).map(String);

const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code));

/** Bidi controls and invisible characters that reorder or hide text. */
const invisible = fc.constantFrom(
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u061c',
  '\u180e',
);

const whitespace = fc.constantFrom(
  ' ',
  '\n',
  '\r\n',
  '\t',
  '\u3000',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\v',
  '\f',
);

const loneSurrogate = fc
  .oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
  .map((code) => String.fromCharCode(code));

/** Unicode oddities: noncharacters, replacement char, private use, astral, a reversed pair. */
const oddCodePoint = fc.oneof(
  fc.constantFrom(
    '\uffff',
    '\ufffe',
    '\ufffd',
    '\ue000',
    '\u{10ffff}',
    '\u{1d400}',
    '\udc00\ud800',
    '\u0000',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
);

/** A base letter drowned in combining marks. */
const zalgo = fc
  .tuple(
    fc.constantFrom('a', 'Z', '中', '1', '@', '<', '§', ' '),
    fc.array(fc.integer({ min: 0x0300, max: 0x036f }), { minLength: 1, maxLength: 60 }),
  )
  .map(([base, marks]) => base + String.fromCharCode(...marks));

const emoji = fc.constantFrom(
  '👍',
  '👎',
  '📌',
  '❓',
  '🏳️‍🌈',
  '👨‍👩‍👧‍👦',
  '👍🏽',
  '🇨🇳',
  '🇹🇼',
  '🔥',
  '\u{1f9d1}\u{200d}\u{1f4bb}',
  '#️⃣',
  '⚠️',
);

/** Every shape of mention Discord renders, plus the ones that must never ping. */
const mention = fc.oneof(
  fc.constantFrom(
    '@everyone',
    '@here',
    '@ everyone',
    '＠everyone',
    '@\u200beveryone',
    '@@everyone',
    'everyone@',
  ),
  SNOWFLAKE.map((id) => `<@${id}>`),
  SNOWFLAKE.map((id) => `<@!${id}>`),
  SNOWFLAKE.map((id) => `<@&${id}>`),
  SNOWFLAKE.map((id) => `<#${id}>`),
  SNOWFLAKE.map((id) => `</ask:${id}>`),
  SNOWFLAKE.map((id) => `<:pytorch:${id}>`),
  SNOWFLAKE.map((id) => `<a:spin:${id}>`),
  SNOWFLAKE.map((id) => `@${id}`),
  SNOWFLAKE.map((id) => `#${id}`),
  fc.integer({ min: 0, max: 2 ** 31 }).map((t) => `<t:${t}:R>`),
);

const markdown = fc.constantFrom(
  '**',
  '__',
  '~~',
  '||',
  '`',
  '```',
  '```js\nconsole.log(1)\n```',
  '```\n',
  '> ',
  '>>> ',
  '# ',
  '## ',
  '-# ',
  '- ',
  '1. ',
  '* ',
  '\\',
  '\\*',
  '[link](https://example.com)',
  '[](<>)',
  '![img](x.png)',
  '***bold italic***',
  '||spoiler||',
  '<https://example.com>',
  '|',
  '[',
  ']',
  '(',
  ')',
);

const url = fc.oneof(
  fc.constantFrom(
    'https://discord.gg/invite',
    'http://127.0.0.1:8080/api',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://example.com/a_b*c~d`e|f',
    'file:///etc/passwd',
  ),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
);

const sqlish = fc.constantFrom(
  "'; DROP TABLE pins; --",
  '" OR ""="',
  '1 OR 1=1',
  "Robert'); DELETE FROM questions WHERE 1=1;--",
  'UNION SELECT * FROM votes',
  '%',
  '_',
  '?',
  '@guild',
  ':id',
  '$1',
);

/** Strings that break naive code: object keys, regex syntax, format placeholders, numbers. */
const codeHazard = fc.constantFrom(
  '__proto__',
  'constructor',
  'constructors',
  'prototypes',
  ' __proto__ ',
  'toStrings',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '{id}',
  '{question}',
  '$&',
  '$1',
  '.*+?^${}()|[]\\',
  '(?<x>',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'undefined',
  'null',
  '%s%d%n',
  '§',
  '§12',
  'pytorch-5th-birthday§3',
  ':',
  '::',
);

/** Words and questions the knowledge does answer, so hostile text also reaches the answering paths. */
const onTopic = fc.constantFrom(
  'PyTorch',
  'pytroch',
  'TensorFlow',
  'Soumith Chintala',
  'Adam Paszke',
  'Hugging Face',
  'Meta',
  'Facebook',
  '贡献者',
  '貢獻者',
  '深度学习',
  '動態計算圖',
  '英伟达',
  '实习生',
  'PyTorch 公开发布几周年了？',
  'Chintala 找来的实习生叫什么名字？',
  'How many contributors does PyTorch have?',
  'Hugging Face 上有多少模型是 PyTorch 獨家的？',
  '一周内修复了多少个 bug？',
  'who is the intern',
  '多少',
  'how many',
  '?',
  '？',
);

const printable = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
);

/** One piece of hostile text. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: printable, weight: 4 },
  { arbitrary: onTopic, weight: 3 },
  { arbitrary: mention, weight: 3 },
  { arbitrary: markdown, weight: 3 },
  { arbitrary: whitespace, weight: 2 },
  { arbitrary: controlChar, weight: 1 },
  { arbitrary: invisible, weight: 1 },
  { arbitrary: loneSurrogate, weight: 1 },
  { arbitrary: oddCodePoint, weight: 1 },
  { arbitrary: zalgo, weight: 1 },
  { arbitrary: emoji, weight: 1 },
  { arbitrary: url, weight: 1 },
  { arbitrary: sqlish, weight: 1 },
  { arbitrary: codeHazard, weight: 1 },
);

/** A long run of one fragment: walls of text, 6000 zalgo marks, a mention repeated. */
const wall = fc
  .tuple(fragment, fc.integer({ min: 1, max: MAX_TEXT }))
  .map(([piece, times]) => (piece || 'x').repeat(Math.ceil(times / Math.max(1, piece.length))));

/**
 * Any text up to 6000 UTF-16 units: mostly mixtures of fragments, sometimes a wall, sometimes
 * plain random Unicode. Cutting at 6000 may split a surrogate pair — on purpose.
 */
export const hostileText: fc.Arbitrary<string> = fc
  .oneof(
    { arbitrary: fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join('')), weight: 6 },
    { arbitrary: fc.tuple(fragment, wall, fragment).map((parts) => parts.join('')), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: MAX_TEXT }), weight: 1 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 800 }), weight: 1 },
    { arbitrary: fc.constant(''), weight: 1 },
  )
  .map((text) => text.slice(0, MAX_TEXT));

/** Short hostile text, as autocomplete sends while typing and as option values are (≤ 100). */
export const typedText: fc.Arbitrary<string> = fc.oneof(
  hostileText.map((text) => text.slice(0, 100)),
  fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join('')),
);

export const snowflake = SNOWFLAKE;

export const locale = fc.constantFrom(
  'en-US',
  'en-GB',
  'zh-CN',
  'zh-TW',
  'zh-HK',
  'ja',
  'de',
  '',
  'xx-invalid',
);
