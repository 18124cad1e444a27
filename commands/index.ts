import type { CommandModule } from '../src/interactions/contract.ts';
import * as about from './about.ts';
import * as answerFromArticle from './answer-from-article.ts';
import * as ask from './ask.ts';
import * as help from './help.ts';
import * as insights from './insights.ts';
import * as passage from './passage.ts';
import * as pinMessage from './pin-message.ts';
import * as pin from './pin/index.ts';
import * as reload from './reload.ts';
import * as search from './search.ts';
import * as setup from './setup.ts';

/**
 * Every command, listed by hand: adding a command is adding its module here. The order is the
 * order `npm run deploy` registers them in.
 */
const MODULES: Record<string, Partial<CommandModule>> = {
  about,
  answerFromArticle,
  ask,
  help,
  insights,
  passage,
  pinMessage,
  pin,
  reload,
  search,
  setup,
};

/** A module that exports no definition or no handler is a bug: the bot refuses to start. */
function checked(name: string, module: Partial<CommandModule>): CommandModule {
  if (typeof module.handle !== 'function' || typeof module.definition?.name !== 'string')
    throw new Error(`commands/${name} exports no \`definition\` or no \`handle\``);
  return module as CommandModule;
}

export const COMMAND_MODULES: readonly CommandModule[] = Object.entries(MODULES).map(([name, module]) =>
  checked(name, module),
);
