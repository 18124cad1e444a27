// The burst's client, in a worker thread of its own: it signs and sends every request at once
// and times each response, on an event loop that the fake Discord's work (the edits it receives
// in the test's thread) cannot hold up. Plain JavaScript, so the worker needs no loader.
import { request, Agent } from 'node:http';
import { createPrivateKey, sign } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const { bodies, ports, privateKeyPem } = workerData;
const key = createPrivateKey(privateKeyPem);
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function post(port, body) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/interactions',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': timestamp,
          'x-signature-ed25519': signature,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // kept as text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const started = performance.now();
const responses = await Promise.all(bodies.map((body, n) => post(ports[n % ports.length], body)));
parentPort.postMessage({ responses, wallMs: performance.now() - started });
agent.destroy();
