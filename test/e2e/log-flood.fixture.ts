import { createLogger } from '../../src/compose.ts';
import { flushLogs } from '../../src/logging.ts';

// Logs ~300 KB (more than a pipe holds), then ends as src/main.ts does on SIGTERM.
const logger = createLogger('info');
const line = 'x'.repeat(1000);
for (let i = 0; i < 300; i += 1) logger.info({ line }, 'flood');
process.stdout.write('logged\n');
void flushLogs(500).finally(() => process.exit(0));
