// Just enough RESP to remove the run's own keys afterwards (SCAN MATCH prefix* + UNLINK): no client
// dependency for two commands, and nothing outside the prefix is ever touched.
import { connect } from 'node:net';

/** Deletes the keys starting with `prefix` (which must end with ':'); returns how many. */
export async function deleteKeysWithPrefix(url, prefix) {
  if (!/^[A-Za-z0-9_-]+:$/.test(prefix)) throw new Error(`refusing a broad or odd prefix: ${prefix}`);
  const redis = await open(url);
  try {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.command('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000');
      cursor = next;
      if (keys.length) deleted += await redis.command('UNLINK', ...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.close();
  }
}

function open(url) {
  const { hostname, port, password, username, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const pending = [];
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parse(buffer, 0);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.end);
        const { resolve: done, reject: fail } = pending.shift();
        if (parsed.value instanceof Error) fail(parsed.value);
        else done(parsed.value);
      }
    });
    socket.once('error', (error) => {
      reject(error);
      for (const p of pending.splice(0)) p.reject(error);
    });
    const client = {
      command: (...args) =>
        new Promise((res, rej) => {
          pending.push({ resolve: res, reject: rej });
          socket.write(`*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join(''));
        }),
      close: () => socket.end(),
    };
    socket.once('connect', async () => {
      try {
        if (password) await client.command('AUTH', ...(username ? [decodeURIComponent(username)] : []), decodeURIComponent(password));
        const db = pathname?.slice(1);
        if (db) await client.command('SELECT', db);
        resolve(client);
      } catch (error) {
        socket.destroy();
        reject(error);
      }
    });
  });
}

/** One RESP2 value from `buf` at `at`: { value, end }, or undefined when more bytes are needed. */
function parse(buf, at) {
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new Error(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length === -1) return { value: null, end: next };
      if (buf.length < next + length + 2) return undefined;
      return { value: buf.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count === -1) return { value: null, end: next };
      const items = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parse(buf, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`unexpected RESP type ${type}`);
  }
}
