import 'dotenv/config';
import { databasePathFrom, readConfig } from '../src/config.ts';
import { runEntry } from '../src/entry.ts';
import { normalizeText } from '../src/search/normalize.ts';
import { copySqliteToPostgres } from '../src/store/copy.ts';

/**
 * `npm run copy-to-postgres [-- --from FILE]`: copies the SQLite file (DATABASE_PATH, or --from)
 * into the empty PostgreSQL database at DATABASE_URL. Stop the bot first, so no pin is changed
 * during the copy; then start the instances with DATABASE_URL.
 */
async function main(): Promise<number> {
  const checked = readConfig(process.env);
  if (!checked.ok) {
    for (const problem of checked.problems) console.error(problem.message);
    return 1;
  }
  const databaseUrl = checked.config.databaseUrl;
  if (!databaseUrl) {
    console.error(
      'Set DATABASE_URL to the PostgreSQL database to copy into (postgres://user:password@host/db).',
    );
    return 1;
  }
  const from = process.argv.indexOf('--from');
  const sqlitePath = from !== -1 ? process.argv[from + 1] : databasePathFrom(process.env);
  if (!sqlitePath) {
    console.error('--from needs the SQLite file to copy.');
    return 1;
  }
  const copied = await copySqliteToPostgres({ sqlitePath, databaseUrl, normalize: normalizeText });
  if (!copied.ok) {
    console.error(copied.message);
    return 1;
  }
  const { pins, questions, votes, servers } = copied.value;
  console.log(
    `Copied ${sqlitePath} into PostgreSQL: ${pins} pins of ${servers} servers (same ids), ${questions} questions, ${votes} votes.`,
  );
  return 0;
}

runEntry(main, 'could not copy the pins to PostgreSQL');
