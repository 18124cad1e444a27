import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { APP_ID, nextId } from './fake-discord.ts';
import { HTTP_BUNDLE, buildBot } from '../../scripts/build-bot.ts';

/**
 * `npm run start:http` instances in their own processes (what the script runs: the bundle of
 * src/transports/http/main.ts, dist/bot/http.mjs), and a Discord that signs what it sends them with
 * a test key pair.
 */

export function testKeyPair(): { publicKeyHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw 32-byte key is the end of its SPKI encoding.
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return { publicKeyHex, privateKey };
}

export const MODERATOR_PERMISSIONS =
  PermissionFlagsBits.ManageMessages | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;
export const MEMBER_PERMISSIONS = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;

export interface Who {
  user: { id: string; username: string };
  permissions: bigint;
  guildId: string;
}

/** An interaction payload as Discord posts it to an Interactions Endpoint URL. */
export function interactionPayload(type: number, data: unknown, who: Who): Record<string, unknown> {
  const id = nextId();
  return {
    id,
    application_id: APP_ID,
    type,
    token: `tok${id}`,
    version: 1,
    data,
    guild_id: who.guildId,
    channel_id: (BigInt(who.guildId) + 1n).toString(),
    member: {
      user: { ...who.user, discriminator: '0', global_name: null, avatar: null },
      roles: [],
      permissions: String(who.permissions),
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    locale: 'en-US',
    guild_locale: 'en-US',
    app_permissions: '1071698660928',
    entitlements: [],
    authorizing_integration_owners: { '0': who.guildId },
    context: 0,
  };
}

export function slashCommand(name: string, subcommand: string | undefined, options: object[] = []) {
  const inner = subcommand ? [{ name: subcommand, type: 1, options }] : options;
  return { id: nextId(), name, type: 1, options: inner };
}

export const askData = (question: string) =>
  slashCommand('ask', undefined, [{ name: 'question', type: 3, value: question }]);

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

export interface Posted {
  status: number;
  body: any;
  ms: number;
}

/** POSTs `body` to /interactions, signed unless `signature` says otherwise. */
export function post(
  port: number,
  body: string,
  key: KeyObject | undefined,
  options: { timestamp?: number; signWith?: string } = {},
): Promise<Posted> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) {
    headers['x-signature-timestamp'] = timestamp;
    headers['x-signature-ed25519'] = sign(
      null,
      Buffer.from(timestamp + (options.signWith ?? body)),
      key,
    ).toString('hex');
  }
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/interactions', method: 'POST', headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON: kept as text for the assertion message.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function get(port: number, path: string): Promise<{ status: number; body: any }> {
  return fetch(`http://127.0.0.1:${port}${path}`).then(async (res) => ({
    status: res.status,
    body: await res.json().catch(() => undefined),
  }));
}

export interface Instance {
  child: ChildProcess;
  port: number;
  logs: () => string;
}

/**
 * Starts one instance and resolves once it listens and its knowledge is loaded. Its logs go to a
 * file, as under a service manager: a pipe the busy test process drains late would slow it down.
 */
export async function startInstance(env: Record<string, string>, nodeArgs: string[] = []): Promise<Instance> {
  const logDir = mkdtempSync(join(tmpdir(), 'citebot-http-log-'));
  const logFile = join(logDir, 'instance.log');
  const fd = openSync(logFile, 'a');
  await buildBot();
  const child = spawn(process.execPath, [...nodeArgs, HTTP_BUNDLE], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DOTENV_CONFIG_PATH: '/nonexistent', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const output = () => readFileSync(logFile, 'utf8');
  child.once('exit', () => setTimeout(() => rmSync(logDir, { recursive: true, force: true }), 1000));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output()
        .split('\n')
        .find((l) => l.includes('listening for interactions'));
      if (line) {
        clearInterval(timer);
        resolve(JSON.parse(line).port as number);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`instance exited with ${code}: ${output()}`));
    });
  });
  for (let tries = 0; tries < 600; tries++) {
    const health = await get(port, '/healthz');
    if (health.body?.ready) return { child, port, logs: output };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`instance never became ready: ${output()}`);
}

export async function stopInstance(instance: Instance | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill(signal);
  await exited;
}

export interface BurstStats {
  count: number;
  ok: number;
  answered: number;
  deferred: number;
  p50: number;
  p99: number;
  max: number;
  wallMs: number;
}

/**
 * `count` signed /ask at once, spread over `instances`, each from its own member, sent and timed
 * from a worker thread (http-burst-client.mjs).
 */
export async function burst(
  instances: readonly Instance[],
  key: KeyObject,
  count: number,
  question: (n: number) => string,
  who: Who,
): Promise<{ stats: BurstStats; responses: (Posted & { token: string })[] }> {
  const payloads = Array.from({ length: count }, (_, n) =>
    interactionPayload(2, askData(question(n)), {
      ...who,
      user: { id: String(1600000000000000000n + BigInt(n)), username: `m${n}` },
    }),
  );
  const worker = new Worker(new URL('./http-burst-client.mjs', import.meta.url), {
    workerData: {
      bodies: payloads.map((payload) => JSON.stringify(payload)),
      ports: instances.map((instance) => instance.port),
      privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }),
    },
  });
  const result = await new Promise<{ responses: Posted[]; wallMs: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const responses = result.responses.map((response, n) => ({
    ...response,
    token: String(payloads[n]!.token),
  }));
  const times = responses.map((response) => response.ms).sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
  return {
    responses,
    stats: {
      count,
      ok: responses.filter((response) => response.status === 200).length,
      answered: responses.filter((response) => response.body?.type === 4).length,
      deferred: responses.filter((response) => response.body?.type === 5).length,
      p50: at(0.5),
      p99: at(0.99),
      max: Math.round(times[times.length - 1]!),
      wallMs: Math.round(result.wallMs),
    },
  };
}
