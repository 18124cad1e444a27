import type { APIApplicationCommandOption, APIEmbed } from 'discord-api-types/v10';
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline/promises';
import { consoleLocale, type LimitsConfig } from '../../config.ts';
import type { CommandRequest, CommandResponse, ServicesProvider } from '../../interactions/contract.ts';
import { servicesFor } from '../../interactions/contract.ts';
import { pick } from '../../interactions/i18n.ts';
import { truncateText } from '../../interactions/reply.ts';
import type { CommandRouter } from '../../interactions/router.ts';
import { baseRequest, commandPath, parseConsoleLine, type ConsoleContext } from './parse.ts';
import type { PromptSafeLog } from './prompt-safe-log.ts';
import { BOLD, buttonsOf, DIM, isPrivate, modalInputs, renderForTerminal } from './render.ts';
import { CONSOLE_TEXTS } from './texts.ts';

type ConsoleTexts = (typeof CONSOLE_TEXTS)[keyof typeof CONSOLE_TEXTS];

/** The limits in effect, as the banner and /help state them: those of Discord, or that they are off. */
export function limitsLine(limits: LimitsConfig | undefined, locale: string): string {
  const rules: string[] = [];
  if (limits?.askBurst) {
    rules.push(
      pick(locale, CONSOLE_TEXTS.memberLimit, {
        burst: limits.askBurst,
        seconds: limits.askCooldownSeconds,
      }),
    );
  }
  if (limits?.guildAsksPerMinute)
    rules.push(pick(locale, CONSOLE_TEXTS.serverLimit, { count: limits.guildAsksPerMinute }));
  if (limits?.guildPinChangesPerHour)
    rules.push(pick(locale, CONSOLE_TEXTS.pinLimit, { count: limits.guildPinChangesPerHour }));
  if (rules.length === 0) return pick(locale, CONSOLE_TEXTS.limitsOff);
  return pick(locale, CONSOLE_TEXTS.limitsOn, { rules: rules.join(locale.startsWith('zh') ? '；' : '; ') });
}

/** How many autocomplete suggestions the console shows when a required option is missing. */
const SUGGESTIONS_SHOWN = 5;

/**
 * The local console: the same commands and handlers as on Discord, typed as text (parse.ts), with
 * the payloads rendered for a terminal (render.ts). This is the read loop that joins them.
 */

export async function runConsole(options: {
  router: CommandRouter;
  services: Promise<ServicesProvider>;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  color?: boolean;
  /** The console's own language; default from LC_ALL / LC_MESSAGES / LANG. */
  locale?: string;
  /** Where files a reply carries (a /pin export) are saved; default `data/`, beside the database. */
  filesDir?: string;
  /** The limits the services apply (LimitsConfig of config.ts), for the banner; undefined: none. */
  limits?: LimitsConfig;
  /** The log destination, told when the prompt is on screen so it can redraw it after a line. */
  logs?: PromptSafeLog;
}): Promise<void> {
  const output = options.output ?? process.stdout;
  const color = options.color ?? Boolean((output as { isTTY?: boolean }).isTTY);
  const rl: Interface = createInterface({ input: options.input ?? process.stdin, output, terminal: color });
  const context: ConsoleContext = {
    user: { id: 'local', username: userInfo().username || 'local' },
    locale: options.locale ?? consoleLocale(),
  };
  const write = (text: string) => output.write(`${text}\n`);
  // Ctrl+C leaves (readline would only pause the input without a listener).
  rl.on('SIGINT', () => rl.close());
  // Lines typed (or piped) while a reply is being worked on are queued, not lost.
  const lines = rl[Symbol.asyncIterator]();
  const readLine = async (prompt: string): Promise<string | undefined> => {
    rl.setPrompt(prompt);
    rl.prompt();
    // Only a terminal can be redrawn; piped output keeps log lines on stderr as they come.
    if (color) options.logs?.promptShown({ output, prompt: (keep) => rl.prompt(keep) });
    try {
      const next = await lines.next();
      return next.done ? undefined : next.value;
    } finally {
      options.logs?.promptShown(undefined);
    }
  };
  const say = (texts: ConsoleTexts, vars = {}) => pick(context.locale, texts, vars);
  const hasPins = options.router.modules.some((module) => module.definition.name === 'pin');
  write(DIM(say(CONSOLE_TEXTS.banner, { more: hasPins ? say(CONSOLE_TEXTS.pinCommands) : '' }), color));
  write(DIM(limitsLine(options.limits, context.locale), color));
  let provider: ServicesProvider | undefined;
  let last: { response: CommandResponse; embeds: readonly APIEmbed[]; id: string } | undefined;
  let counter = 0;

  // The person at the machine owns the bot: /reload works for them as for BOT_OWNER_IDS on Discord.
  const servicesNow = (ready: ServicesProvider) => {
    const services = servicesFor(ready);
    return { ...services, ownerIds: [...(services.ownerIds ?? []), context.user.id] };
  };

  async function show(request: CommandRequest): Promise<void> {
    provider ??= await options.services;
    const services = servicesNow(provider);
    let response = await options.router.route(request, services);
    if (response.type === 'modal') {
      write(BOLD(response.data.title, color));
      const fields: Record<string, string> = {};
      for (const input of modalInputs(response.data)) {
        const prompt = `${input.label}${input.value ? ` [${input.value}]` : ''}: `;
        const answer = ((await readLine(prompt)) ?? '').trim();
        fields[input.customId] = answer || input.value || '';
      }
      response = await options.router.route(
        { ...request, kind: 'modal', customId: response.data.custom_id, fields, id: String(++counter) },
        services,
      );
    }
    const replyLocale = options.router.localize(request).locale;
    write(renderForTerminal(response, color, replyLocale));
    if (isPrivate(response)) write(DIM(pick(replyLocale, CONSOLE_TEXTS.privateReply), color));
    if (request.kind === 'command' && request.commandName === 'help') {
      write(`\n${say(CONSOLE_TEXTS.consoleHelp)}\n${limitsLine(options.limits, context.locale)}`);
    }
    if ((response.type === 'message' || response.type === 'update') && response.files) {
      const dir = options.filesDir ?? 'data';
      await mkdir(dir, { recursive: true });
      for (const file of response.files) {
        const path = join(dir, basename(file.name));
        await writeFile(path, file.data);
        write(DIM(say(CONSOLE_TEXTS.savedTo, { path }), color));
      }
    }
    if ((response.type === 'message' || response.type === 'update') && buttonsOf(response).length > 0) {
      last = { response, embeds: response.data.embeds ?? [], id: request.id };
    }
  }

  /**
   * A required option left out: how to give it, and for an option Discord would suggest values
   * for (a passage id), the first suggestions, since the console has no list that opens as you type.
   */
  async function explainMissing(request: CommandRequest, option: APIApplicationCommandOption) {
    const localized =
      option.description_localizations?.[context.locale as keyof typeof option.description_localizations];
    write(
      say(CONSOLE_TEXTS.missingOption, {
        // "/pin add", not "/pin": typing "/pin <fact>" would read the fact as the subcommand.
        name: commandPath(request),
        option: option.name,
        description: localized ?? option.description,
      }),
    );
    if (!('autocomplete' in option && option.autocomplete)) return;
    provider ??= await options.services;
    const suggested = await options.router.route(
      { ...request, kind: 'autocomplete', focused: { name: option.name, value: '' } },
      servicesNow(provider),
    );
    if (suggested.type !== 'autocomplete' || suggested.choices.length === 0) return;
    const choices = suggested.choices
      .slice(0, SUGGESTIONS_SHOWN)
      .map((choice) => `  ${truncateText(choice.name, 72)}`);
    write(DIM([say(CONSOLE_TEXTS.suggestions), ...choices].join('\n'), color));
  }

  for (;;) {
    const line = await readLine(color ? '\x1b[36m›\x1b[39m ' : '> ');
    if (line === undefined) break; // input closed
    const parsed = parseConsoleLine(line, options.router.modules, context, String(++counter));
    try {
      if (parsed.type === 'quit') break;
      if (parsed.type === 'empty') continue;
      if (parsed.type === 'error') write(parsed.message);
      else if (parsed.type === 'request') await show(parsed.request);
      else if (parsed.type === 'missingOption') await explainMissing(parsed.request, parsed.option);
      else {
        const button = last ? buttonsOf(last.response)[parsed.index - 1] : undefined;
        if (!button || !last) {
          write(say(CONSOLE_TEXTS.noSuchButton));
          continue;
        }
        await show({
          ...baseRequest(context, String(++counter)),
          kind: 'component',
          commandName: '',
          customId: button.customId,
          targetMessage: {
            id: last.id,
            content: '',
            author: { id: 'citebot', username: 'citebot' },
            url: '',
            embeds: last.embeds,
          },
        });
      }
    } catch (error) {
      write(say(CONSOLE_TEXTS.error, { message: error instanceof Error ? error.message : String(error) }));
    }
  }
  rl.close();
}
