// Child processes for the benchmark: servers started with a readiness wait, one-shot commands, and a
// registry so that every child is stopped (SIGTERM, then SIGKILL) however the run ends.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';

const children = new Set();
let cleanupInstalled = false;

/** Stops every child still running; safe to call more than once. */
export async function stopAll() {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Makes sure children die with this process: on normal exit (synchronously, SIGKILL), on Ctrl-C and
 * SIGTERM (gracefully), and on an uncaught error.
 */
export function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      console.error(`\n${signal}: stopping child processes…`);
      await stopAll();
      process.exit(130);
    });
  }
}

/** Tracks a spawned child so stopAll() and the exit handler can reach it. */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion, capturing its output; rejects on a non-zero exit with that output. */
export function run(command, args, { env, cwd, timeoutMs = 120_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stdout + stderr)}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail(stdout + stderr)}`));
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * Starts a long-running server and waits until GET {healthPath} answers `readyStatus` (200). Rejects (after stopping it)
 * if it exits first or is not ready within `timeoutMs`; the error carries the end of its output.
 * `inheritEnv: false` gives the child exactly `env` (no DATABASE_URL or the like leaking from the shell).
 */
export async function startServer({
  name,
  command = process.execPath,
  args,
  env,
  inheritEnv = true,
  cwd,
  port,
  healthPath = '/health',
  readyStatus = 200,
  timeoutMs = 60_000,
}) {
  const childEnv = inheritEnv ? { ...process.env, ...env } : env;
  const child = track(spawn(command, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  const log = [];
  let lineCount = 0;
  const keep = (chunk) => {
    const text = String(chunk);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCount++;
    log.push(text);
    if (log.length > 200) log.splice(0, log.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const output = () => log.join('');

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const deadline = Date.now() + timeoutMs;
  let ready = false;
  while (!ready) {
    const status = await Promise.race([httpStatus(port, healthPath), exited.then((how) => ({ exited: how }))]);
    if (typeof status === 'object') {
      throw new Error(`${name} exited with ${status.exited} before it was ready\n${tail(output())}`);
    }
    if (status === readyStatus) ready = true;
    else if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`${name} was not ready within ${timeoutMs} ms (last GET ${healthPath}: ${status})\n${tail(output())}`);
    } else await sleep(100);
  }
  await sleep(200); // lets a start-up banner printed right after listen() arrive before readyLineCount
  return {
    name,
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    /** The end of what it printed (stdout and stderr interleaved), and how many lines in all. */
    output,
    lineCount: () => lineCount,
    /** Lines printed up to readiness (start-up banner), to tell them from later warnings. */
    readyLineCount: lineCount,
    /** Whether it died on its own since it became ready. */
    crashed: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => stopChild(child),
  };
}

/** The HTTP status of GET path on the loopback port, or a string describing why there is none. */
export function httpStatus(port, path) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve(error.code ?? error.message));
    req.end();
  });
}

/** GET with headers; resolves { status, body } with the body as text. */
export function httpGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Resident set size of a live process in KiB (VmRSS of /proc/<pid>/status). */
export function readRssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function tail(text, lines = 30) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
