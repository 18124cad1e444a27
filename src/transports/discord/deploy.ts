import 'dotenv/config';
import { REST } from 'discord.js';
import {
  ApplicationCommandType,
  Routes,
  type RESTPostAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsResult,
} from 'discord-api-types/v10';
import { pathToFileURL } from 'node:url';
import { loadCommandModules } from '../../compose.ts';
import { readConfig } from '../../config.ts';
import { scrubSecrets } from '../../logging.ts';

export interface DeployResult {
  scope: 'guild' | 'global';
  guildId?: string;
  commands: RESTPutAPIApplicationCommandsResult;
}

/**
 * Registers exactly these commands (bulk overwrite: commands not in the list are removed). A guild
 * deploy applies at once to that server; a global one reaches every server and user install.
 */
export async function deployCommands(options: {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl?: string;
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[];
}): Promise<DeployResult> {
  const rest = new REST(options.apiUrl ? { api: options.apiUrl } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.applicationId, options.guildId)
    : Routes.applicationCommands(options.applicationId);
  const commands = (await rest.put(route, {
    body: options.definitions,
  })) as RESTPutAPIApplicationCommandsResult;
  return { scope: options.guildId ? 'guild' : 'global', guildId: options.guildId, commands };
}

function describe(result: DeployResult): string {
  const kind = (type: ApplicationCommandType | undefined) =>
    type === ApplicationCommandType.Message
      ? 'message menu'
      : type === ApplicationCommandType.User
        ? 'user menu'
        : 'slash';
  const where =
    result.scope === 'guild'
      ? `in server ${result.guildId} (available now)`
      : 'globally (every server and user install; may take a few minutes to show)';
  const lines = result.commands.map(
    (command) =>
      `  ${command.type === ApplicationCommandType.ChatInput ? '/' : ''}${command.name}  [${kind(command.type)}]  id ${command.id}`,
  );
  if (result.commands.length === 0) {
    return `Removed all commands ${result.scope === 'guild' ? `from server ${result.guildId}` : 'registered globally'}.`;
  }
  return [
    `Registered ${result.commands.length} commands ${where}, replacing the previous set:`,
    ...lines,
  ].join('\n');
}

async function main(): Promise<number> {
  const checked = readConfig(process.env, { token: true, applicationId: true });
  if (!checked.ok) {
    for (const problem of checked.problems) console.error(problem.message);
    return 1;
  }
  const { config } = checked;
  // `npm run deploy -- --clear` removes every command from the target (a server, or global).
  const clear = process.argv.includes('--clear');
  const definitions = clear ? [] : (await loadCommandModules()).map((module) => module.definition);
  try {
    const result = await deployCommands({
      token: config.token!,
      applicationId: config.applicationId!,
      guildId: config.guildId,
      apiUrl: config.apiUrl,
      definitions,
    });
    console.log(describe(result));
    return 0;
  } catch (error) {
    const status = (error as { status?: number }).status;
    const hint =
      status === 401
        ? 'Discord refused the token: check DISCORD_TOKEN.'
        : status === 403 || status === 404
          ? 'Discord refused: check DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID, and that the bot was invited there with the applications.commands scope).'
          : 'Deploy failed.';
    // An API base that echoes the request into its error message must not print the token.
    const message = scrubSecrets(error instanceof Error ? error.message : String(error), [config.token]);
    console.error(`${hint} (${message})`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main();
}
