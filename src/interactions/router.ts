import { randomUUID } from 'node:crypto';
import type { CommandModule, CommandRequest, CommandResponse, Services } from './contract.ts';
import { customIdPrefix } from './custom-id.ts';
import { COMMON_TEXTS, pick, replyLocale } from './i18n.ts';
import { withPreconditions } from './preconditions.ts';
import { autocompleteChoices, errorReply } from './reply.ts';
import { checkRequest, type CommandDefinition } from './request-checks.ts';

/** A post's author did not ask the bot: a refusal or an apology is logged, never posted. */
function quietFor(request: CommandRequest, response: CommandResponse): CommandResponse {
  return request.kind === 'post' && response.type === 'message' ? { ...response, quiet: true } : response;
}

/**
 * Finds the module for a request: commands by name, components and modals by custom_id prefix,
 * mentions and auto-answer posts go to /ask. Each module's preconditions run before its handlers. Bugs in handlers become one log line with an id and an ephemeral reply
 * naming that id.
 */
export class CommandRouter {
  private readonly byName = new Map<string, CommandModule>();
  private readonly byPrefix = new Map<string, CommandModule>();

  readonly modules: readonly CommandModule[];

  constructor(modules: readonly CommandModule[]) {
    this.modules = modules.map((module): CommandModule => withPreconditions(module));
    for (const module of this.modules) {
      if (this.byName.has(module.definition.name)) {
        throw new Error(`Two command modules define "${module.definition.name}"`);
      }
      this.byName.set(module.definition.name, module);
      for (const prefix of module.customIdPrefixes ?? []) {
        if (this.byPrefix.has(prefix))
          throw new Error(`Two command modules own custom_id prefix "${prefix}"`);
        this.byPrefix.set(prefix, module);
      }
    }
  }

  get definitions() {
    return this.modules.map((module) => module.definition);
  }

  moduleFor(request: CommandRequest): CommandModule | undefined {
    switch (request.kind) {
      case 'component':
      case 'modal':
        return this.byPrefix.get(customIdPrefix(request.customId ?? ''));
      case 'mention':
      case 'post':
        return this.byName.get('ask');
      default:
        return this.byName.get(request.commandName);
    }
  }

  /** Whether a deferred response to this request should be ephemeral. */
  deferEphemeral(request: CommandRequest): boolean {
    const module = this.moduleFor(request);
    if (module?.deferEphemeral) return module.deferEphemeral(request);
    return request.kind === 'component' || request.kind === 'modal';
  }

  /** The request with `locale` set to the language replies to it are written in (see `replyLocale`). */
  localize(request: CommandRequest): CommandRequest {
    const module = this.moduleFor(request);
    if (!module?.questionText || request.kind === 'autocomplete') return request;
    let question: string | undefined;
    try {
      question = module.questionText(request);
    } catch {
      return request;
    }
    const locale = replyLocale(question, request.locale);
    return locale === request.locale ? request : { ...request, locale };
  }

  async route(received: CommandRequest, services: Services): Promise<CommandResponse> {
    const request = this.localize(received);
    const module = this.moduleFor(request);
    try {
      if (!module)
        throw new Error(`No handler for ${request.kind} "${request.commandName || request.customId}"`);
      // Discord enforces each command's option types and lengths; a request that breaks them was
      // forged, and gets a clear refusal instead of reaching a handler.
      const problem = checkRequest(module.definition as CommandDefinition, request);
      if (problem) {
        services.logger.info(
          { kind: request.kind, command: request.commandName, option: problem.option },
          'request refused: does not fit its command',
        );
        if (request.kind === 'autocomplete') return { type: 'autocomplete', choices: [] };
        return quietFor(request, errorReply(problem.reply(request.locale)));
      }
      switch (request.kind) {
        case 'autocomplete':
          return {
            type: 'autocomplete',
            choices: autocompleteChoices((await module.autocomplete?.(request, services)) ?? []),
          };
        case 'component':
          if (!module.handleComponent) throw new Error(`${module.definition.name} has no component handler`);
          return await module.handleComponent(request, services);
        case 'modal':
          if (!module.handleModal) throw new Error(`${module.definition.name} has no modal handler`);
          return await module.handleModal(request, services);
        default:
          return await module.handle(request, services);
      }
    } catch (error) {
      const id = randomUUID().slice(0, 8);
      services.logger.error(
        {
          err: error,
          errorId: id,
          kind: request.kind,
          command: request.commandName,
          customId: request.customId,
        },
        'handler failed',
      );
      if (request.kind === 'autocomplete') return { type: 'autocomplete', choices: [] };
      return quietFor(request, errorReply(pick(request.locale, COMMON_TEXTS.unexpectedError, { id })));
    }
  }
}
