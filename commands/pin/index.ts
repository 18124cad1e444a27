import type { CommandRequest } from '../../src/interactions/contract.ts';
import { moderator, pinStore, serverOnly } from '../../src/interactions/preconditions.ts';
import { PIN_PREFIX } from './ids.ts';

/**
 * /pin: moderators' facts for their server. Every path (command, button, form) runs the
 * preconditions below on the server side: default_member_permissions only hides the command, it
 * does not stop a forged or stale request. Autocomplete checks the permission itself.
 */
export { definition } from './definition.ts';
export { autocomplete, handle, handleComponent, handleModal } from './handlers.ts';

export const preconditions = [serverOnly, moderator, pinStore];

export const customIdPrefixes = [PIN_PREFIX] as const;

/**
 * Moderators' replies are private, except `/pin post`, which posts a pin for everyone; if the
 * transport has to defer (index still loading), the wait is as private as the reply will be.
 */
export function deferEphemeral(request: CommandRequest): boolean {
  return !(request.kind === 'command' && request.subcommand === 'post');
}
