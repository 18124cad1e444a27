import { logUnhandledRejections } from '../../src/transports/discord/bot.ts';
import { createLogger } from '../../src/compose.ts';

// Run by faults.test.ts in its own process: installs what src/main.ts installs, then lets a
// rejection go unhandled. Node's default would end the process with code 1.
logUnhandledRejections(createLogger('info'));
void Promise.reject(new Error('nobody caught this'));
setTimeout(() => {
  console.log('still serving');
}, 200);
