import { ApplicationIntegrationType, InteractionContextType } from 'discord.js';

interface Placeable<B> {
  setIntegrationTypes(...types: ApplicationIntegrationType[]): B;
  setContexts(...contexts: InteractionContextType[]): B;
}

/**
 * Reading commands (/ask, /search, /passage, /about, /help, the "Answer from article" menu) make
 * sense everywhere: installed to a server or to a user; in servers, the bot's DMs and group DMs.
 */
export function usableEverywhere<B extends Placeable<B>>(builder: B): B {
  return builder
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall)
    .setContexts(
      InteractionContextType.Guild,
      InteractionContextType.BotDM,
      InteractionContextType.PrivateChannel,
    );
}

/** Pins and insights change or read one server's data: server installs, in servers only. */
export function serverInstallOnly<B extends Placeable<B>>(builder: B): B {
  return builder
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setContexts(InteractionContextType.Guild);
}
