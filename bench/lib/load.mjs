// Runs autocannon in a separate Node process (load-worker.mjs) and returns its summary:
// { requests, durationSeconds, requestsPerSecond, latencyP50Ms, latencyP99Ms, latencyMaxMs, non2xx,
//   statusCodes, errors, timeouts, bytesPer2xx }.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopChild, track } from './process.mjs';

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

/**
 * GET `path` on `url` from `connections` keep-alive connections, each request carrying one of `keys` as
 * X-Tenant-Key (round robin). Runs for `durationSeconds`, or until `amount` requests when given (then
 * stopped early after `maxSeconds` if set: check `requests` in the summary).
 */
export function runLoad({ url, path, keys, connections = 64, durationSeconds = 10, amount, maxSeconds, timeoutSeconds = 10 }) {
  const child = track(fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  // A run that never reports is stopped: its duration (or its bound for an amount) plus slack.
  const limitMs = ((amount ? (maxSeconds ?? Math.max(120, amount / 200)) : durationSeconds) + 30) * 1000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopChild(child);
      reject(new Error(`load run on ${url}${path} did not finish within ${limitMs / 1000} s`));
    }, limitMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      stopChild(child);
      if (message.ok) resolve(message.result);
      else reject(new Error(`autocannon failed: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`load generator exited with ${code ?? signal} before reporting`));
    });
    child.send({ url, path, keys, connections, durationSeconds, amount, maxSeconds, timeoutSeconds });
  });
}
