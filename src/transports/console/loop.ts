import type { APIEmbed } from 'discord-api-types/v10';
import { mkdir, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline/promises';
import { consoleLocale } from '../../config.ts';
import type { CommandRequest, CommandResponse, ServicesProvider } from '../../interactions/contract.ts';
import { servicesFor } from '../../interactions/contract.ts';
import { pick } from '../../interactions/i18n.ts';
import type { CommandRouter } from '../../interactions/router.ts';
import { baseRequest, parseConsoleLine, type ConsoleContext } from './parse.ts';
import { BOLD, buttonsOf, DIM, modalInputs, renderForTerminal } from './render.ts';
import { CONSOLE_TEXTS } from './texts.ts';

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
    output.write(prompt);
    const next = await lines.next();
    return next.done ? undefined : next.value;
  };
  const say = (texts: (typeof CONSOLE_TEXTS)[keyof typeof CONSOLE_TEXTS], vars = {}) =>
    pick(context.locale, texts, vars);
  const hasPins = options.router.modules.some((module) => module.definition.name === 'pin');
  write(DIM(say(CONSOLE_TEXTS.banner, { more: hasPins ? ', /pin, /insights' : '' }), color));
  let provider: ServicesProvider | undefined;
  let last: { response: CommandResponse; embeds: readonly APIEmbed[]; id: string } | undefined;
  let counter = 0;

  async function show(request: CommandRequest): Promise<void> {
    provider ??= await options.services;
    const services = servicesFor(provider);
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
    write(renderForTerminal(response, color));
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

  for (;;) {
    const line = await readLine(color ? '\x1b[36m›\x1b[39m ' : '> ');
    if (line === undefined) break; // input closed
    const parsed = parseConsoleLine(line, options.router.modules, context, String(++counter));
    try {
      if (parsed.type === 'quit') break;
      if (parsed.type === 'empty') continue;
      if (parsed.type === 'error') write(parsed.message);
      else if (parsed.type === 'request') await show(parsed.request);
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
