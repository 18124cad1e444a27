/**
 * Custom ids are `<prefix>:<action>:<args…>` (at most 100 characters): the prefix names the
 * command that owns the component or modal (the router routes by it), the rest is that command's
 * own. Each command keeps one typed codec (build + parse) beside the handler that reads it.
 */

/** The part before the first ":", which names the module that owns the custom id. */
export function customIdPrefix(customId: string): string {
  const colon = customId.indexOf(':');
  return colon === -1 ? customId : customId.slice(0, colon);
}

/** A custom id's action (second part) and the parts after it, for a codec's `parse`. */
export function customIdParts(customId: string): { action: string | undefined; rest: string[] } {
  const [, action, ...rest] = customId.split(':');
  return { action, rest };
}
