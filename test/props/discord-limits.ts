import type { APIEmbed } from 'discord-api-types/v10';
import type { CommandResponse } from '../../src/interactions/contract.ts';

/**
 * Checks a handler's response against what Discord accepts and what citebot promises: every limit
 * Discord enforces (a reply over one is refused with a 400, so the member sees "interaction
 * failed"), no mention that can ping, user text shown back with its mentions broken.
 * Returns what is wrong, empty when the response is fine, so a failing property names the rule.
 */

const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  perRow: 5,
  customId: 100,
  label: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  modalTitle: 45,
  v2Components: 40,
  v2Text: 4000,
} as const;

const IS_COMPONENTS_V2 = 1 << 15;

/** Where a mention would render (and, without allowed_mentions, ping). */
const MASS_MENTION = /@(everyone|here)/g;
const USER_MENTION = /<@!?(\d+)>/g;
const ROLE_MENTION = /<@&\d+>/g;

function embedTexts(embed: APIEmbed): string[] {
  return [
    embed.title ?? '',
    embed.description ?? '',
    embed.footer?.text ?? '',
    embed.author?.name ?? '',
    ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
  ];
}

function embedSize(embed: APIEmbed): number {
  return embedTexts(embed).reduce((sum, text) => sum + text.length, 0);
}

export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

interface AnyComponent {
  type: number;
  custom_id?: string;
  label?: string;
  content?: string;
  components?: AnyComponent[];
  accessory?: AnyComponent;
  value?: string;
}

function walkComponents(components: readonly AnyComponent[], visit: (component: AnyComponent) => void): void {
  for (const component of components) {
    visit(component);
    if (component.components) walkComponents(component.components, visit);
    if (component.accessory) walkComponents([component.accessory], visit);
  }
}

export function responseProblems(response: CommandResponse): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.push(message);

  if (response.type === 'autocomplete') {
    if (response.choices.length > LIMITS.choices) fail(`${response.choices.length} autocomplete choices`);
    for (const choice of response.choices) {
      if (choice.name.length < 1 || choice.name.length > LIMITS.choiceName)
        fail(`choice name of ${choice.name.length} chars`);
      if (
        typeof choice.value === 'string' &&
        (choice.value.length < 1 || choice.value.length > LIMITS.choiceValue)
      )
        fail(`choice value of ${choice.value.length} chars`);
    }
    return problems;
  }

  if (response.type === 'modal') {
    const data = response.data;
    if (data.title.length > LIMITS.modalTitle) fail(`modal title of ${data.title.length} chars`);
    if (data.custom_id.length > LIMITS.customId) fail(`modal custom_id of ${data.custom_id.length} chars`);
    if (data.components.length > LIMITS.rows) fail(`${data.components.length} modal rows`);
    walkComponents(data.components as unknown as AnyComponent[], (component) => {
      if (component.custom_id && component.custom_id.length > LIMITS.customId)
        fail('modal input custom_id too long');
      // Text inputs: value up to 4000, label up to 45.
      if (typeof component.value === 'string' && component.value.length > 4000) fail('modal value over 4000');
      if (component.type === 4 && component.label && component.label.length > 45) fail('modal label over 45');
    });
    return problems;
  }

  const data = response.data;
  const texts: string[] = [];
  if (data.content !== undefined) {
    if (data.content.length > LIMITS.content) fail(`content of ${data.content.length} chars`);
    texts.push(data.content);
  }
  const embeds = data.embeds ?? [];
  if (embeds.length > LIMITS.embeds) fail(`${embeds.length} embeds`);
  let total = 0;
  for (const embed of embeds) {
    if ((embed.title?.length ?? 0) > LIMITS.title) fail(`embed title of ${embed.title!.length} chars`);
    if ((embed.description?.length ?? 0) > LIMITS.description)
      fail(`embed description of ${embed.description!.length} chars`);
    if ((embed.footer?.text.length ?? 0) > LIMITS.footer) fail('embed footer too long');
    if ((embed.author?.name.length ?? 0) > LIMITS.author) fail('embed author too long');
    if ((embed.fields?.length ?? 0) > LIMITS.fields) fail(`${embed.fields!.length} embed fields`);
    for (const field of embed.fields ?? []) {
      if (field.name.length < 1 || field.name.length > LIMITS.fieldName)
        fail(`field name of ${field.name.length} chars`);
      if (field.value.length < 1 || field.value.length > LIMITS.fieldValue)
        fail(`field value of ${field.value.length} chars`);
    }
    if (embed.description === '') fail('empty embed description');
    total += embedSize(embed);
    texts.push(...embedTexts(embed));
  }
  if (total > LIMITS.embedTotal) fail(`embeds total ${total} chars`);

  const components = (data.components ?? []) as unknown as AnyComponent[];
  if ((data.flags ?? 0) & IS_COMPONENTS_V2) {
    let count = 0;
    let text = 0;
    walkComponents(components, (component) => {
      count++;
      if (typeof component.content === 'string') {
        text += component.content.length;
        texts.push(component.content);
      }
    });
    if (count > LIMITS.v2Components) fail(`${count} components (v2)`);
    if (text > LIMITS.v2Text) fail(`${text} chars of text displays`);
  } else {
    if (components.length > LIMITS.rows) fail(`${components.length} action rows`);
    for (const row of components) {
      if ((row.components?.length ?? 0) > LIMITS.perRow)
        fail(`${row.components!.length} components in a row`);
    }
  }
  walkComponents(components, (component) => {
    if (
      component.custom_id !== undefined &&
      (component.custom_id.length < 1 || component.custom_id.length > LIMITS.customId)
    )
      fail(`custom_id of ${component.custom_id.length} chars`);
    if (
      component.label !== undefined &&
      (component.label.length < 1 || component.label.length > LIMITS.label)
    )
      fail(`button label of ${component.label.length} chars`);
  });

  // Mentions: nothing may ping except the users the reply names explicitly.
  const allowed = data.allowed_mentions;
  if (!allowed) fail('no allowed_mentions');
  else {
    if (!Array.isArray(allowed.parse) || allowed.parse.length > 0)
      fail(`allowed_mentions.parse = ${JSON.stringify(allowed.parse)}`);
    if (allowed.roles && allowed.roles.length > 0) fail('allowed_mentions.roles is not empty');
    if (allowed.replied_user) fail('allowed_mentions.replied_user is set');
  }
  const allowedUsers = new Set(allowed?.users ?? []);
  for (const user of allowedUsers)
    if (!/^\d{17,20}$/.test(user)) fail(`allowed_mentions.users holds ${JSON.stringify(user)}`);
  for (const text of texts) {
    const excerpt = JSON.stringify(text.slice(0, 200));
    for (const match of text.matchAll(MASS_MENTION)) fail(`unescaped mention ${match[0]} in ${excerpt}`);
    for (const match of text.matchAll(ROLE_MENTION)) fail(`unescaped mention ${match[0]} in ${excerpt}`);
    for (const match of text.matchAll(USER_MENTION)) {
      if (!allowedUsers.has(match[1]!)) fail(`unescaped mention ${match[0]} in ${excerpt}`);
    }
  }
  return problems;
}

/** The rendered texts of a message response, for checks that are reported rather than enforced. */
export function renderedTexts(response: CommandResponse): string[] {
  if (response.type !== 'message' && response.type !== 'update') return [];
  const texts = [response.data.content ?? '', ...(response.data.embeds ?? []).flatMap(embedTexts)];
  walkComponents((response.data.components ?? []) as unknown as AnyComponent[], (component) => {
    if (component.label) texts.push(component.label);
    if (typeof component.content === 'string') texts.push(component.content);
  });
  return texts;
}
