import type {
  CommandRequest,
  CommandResponse,
  RequestAttachment,
  Services,
} from '../../src/interactions/contract.ts';
import { pick } from '../../src/interactions/i18n.ts';
import { errorReply, escapeUserText, reply } from '../../src/interactions/reply.ts';
import { normalizeText } from '../../src/search/normalize.ts';
import { checkPinEntries, MAX_PIN_FILE_BYTES, parsePinFile } from '../../src/store/pin-file.ts';
import type { CitebotStore, ImportReport } from '../../src/store/types.ts';
import { explain, PIN_TEXTS } from './texts.ts';
import { importEmbed } from './views.ts';

/**
 * /pin import: download the file, check its entries and passages against the articles, add what
 * is new; a pin whose passage no longer exists is added without its link.
 */

/**
 * The attachment's text: the transport may have downloaded it (the console reads local files) (`content`), else it is fetched from
 * its URL (Discord's CDN, or the fake Discord in tests), never more than the file limit.
 */
async function attachmentText(attachment: RequestAttachment): Promise<string | undefined> {
  if (typeof attachment.content === 'string') return attachment.content;
  try {
    const response = await fetch(attachment.url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) return undefined;
    const body = await response.arrayBuffer();
    if (body.byteLength > MAX_PIN_FILE_BYTES) return undefined;
    return new TextDecoder().decode(body);
  } catch {
    return undefined;
  }
}

export async function importFile(
  attachment: RequestAttachment | undefined,
  guildId: string,
  store: CitebotStore,
  request: CommandRequest,
  services: Pick<Services, 'engine' | 'logger'>,
): Promise<CommandResponse> {
  const locale = request.locale;
  if (!attachment) return errorReply(pick(locale, PIN_TEXTS.fileUnreadable));
  if (attachment.size > MAX_PIN_FILE_BYTES) {
    return errorReply(pick(locale, PIN_TEXTS.fileTooLarge, { max: MAX_PIN_FILE_BYTES / 1_000_000 }));
  }
  const text = await attachmentText(attachment);
  if (text === undefined) return errorReply(pick(locale, PIN_TEXTS.fileUnreadable));
  const parsed = parsePinFile(text);
  if (!parsed.ok) return errorReply(explain(parsed, locale));
  // The entries /pin import and `ask --pins` take: valid fields, passage links checked against the
  // loaded articles as /pin add does (a link to no passage is dropped, the pin kept).
  const checked = checkPinEntries(
    parsed.value,
    (ref) => services.engine.findPassage(ref)?.key,
    normalizeText,
  );
  const entries = checked.entries;
  const imported = await store.importPins(
    guildId,
    entries.map(({ entry }) => entry),
    { createdBy: request.user.id, createdByName: request.user.username },
  );
  // The store numbers entries by their position among those it got; report positions in the file.
  const fileIndex = <T extends { index: number }>(entry: T): T => ({
    ...entry,
    index: entries[entry.index]?.index ?? entry.index,
  });
  const skipped = imported.skipped.map(fileIndex);
  const refused = [...imported.refused.map(fileIndex), ...checked.refused].sort((a, b) => a.index - b.index);
  const notAdded = new Set([...skipped, ...refused].map((entry) => entry.index));
  const report: ImportReport = {
    added: imported.added,
    skipped,
    refused,
    unlinked: checked.unlinked
      .filter((entry) => !notAdded.has(entry.index))
      .map((entry) => ({ ...entry, values: { ref: escapeUserText(String(entry.values?.ref)) } })),
  };
  services.logger.info(
    { guildId, added: report.added.length, skipped: report.skipped.length, refused: report.refused.length },
    'pins imported',
  );
  return reply({ embeds: [importEmbed(report, locale)] }, { ephemeral: true });
}
