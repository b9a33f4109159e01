import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { allowedAddresses, parseEndpointUrl, refusedAddress, systemResolver, type Resolver, type UrlPolicy } from './url-guard';

/** Bytes of a response body read at most (then the connection is dropped); the log keeps the first SNIPPET_CHARS. */
const MAX_BODY_BYTES = 4 * 1024;
const SNIPPET_CHARS = 1024;

export interface OutgoingDelivery {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: UrlPolicy;
  /** Connection, request and response together. */
  timeoutMs: number;
  resolve?: Resolver;
  /** Aborted when the worker shuts down. */
  signal?: AbortSignal;
}

export interface DeliveryResult {
  /** A 2xx answer. */
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  responseSnippet: string | null;
  /** Why it failed: the refused address, the timeout, the connection error, the status, the redirect. */
  error: string | null;
}

/**
 * POSTs one delivery. The host is resolved and every address checked against the policy at connect time (the
 * socket connects to an address that was checked, so DNS cannot change between the check and the connection);
 * redirects are not followed; the whole exchange is bounded by `timeoutMs`; at most 4 KB of the answer is read.
 * Never throws: every outcome is a DeliveryResult for the log.
 */
export async function postDelivery(delivery: OutgoingDelivery): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: string, statusCode: number | null = null, responseSnippet: string | null = null): DeliveryResult => ({
    ok: false,
    statusCode,
    latencyMs: elapsed(),
    responseSnippet,
    error,
  });
  if (delivery.signal?.aborted) return failed('aborted: the worker is shutting down');
  let url: URL;
  try {
    url = parseEndpointUrl(delivery.url, delivery.policy);
  } catch (error) {
    return failed(`refused: the URL ${(error as Error).message}`);
  }
  // An IP literal is connected to without a lookup: check it here.
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const refused = isIP(literal) ? refusedAddress(literal, delivery.policy) : null;
  if (refused) return failed(`refused: ${refused}`);
  const resolve = delivery.resolve ?? systemResolver;
  const lookup: LookupFunction = (hostname, options, callback) => {
    allowedAddresses(hostname, delivery.policy, resolve).then(
      (addresses: LookupAddress[]) => {
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: Error) => callback(Object.assign(error, { code: 'EREFUSED_ADDRESS' }), '', 0),
    );
  };

  return new Promise<DeliveryResult>((settle) => {
    let done = false;
    const finish = (result: DeliveryResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      delivery.signal?.removeEventListener('abort', onAbort);
      settle(result);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'POST',
      headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) },
      lookup,
      // A fresh connection per delivery: a pooled socket would skip the address check.
      agent: false,
    });
    const timer = setTimeout(() => {
      finish(failed(`timed out after ${delivery.timeoutMs} ms`));
      req.destroy();
    }, delivery.timeoutMs);
    const onAbort = () => {
      finish(failed('aborted: the worker is shutting down'));
      req.destroy();
    };
    delivery.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const refused = error.code === 'EREFUSED_ADDRESS';
      finish(failed(refused ? `refused: ${error.message}` : `${error.code ?? 'error'}: ${error.message}`));
    });
    req.on('response', (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let read = 0;
      const complete = () => {
        const snippet = snippetOf(Buffer.concat(chunks));
        if (status >= 200 && status < 300) finish({ ok: true, statusCode: status, latencyMs: elapsed(), responseSnippet: snippet, error: null });
        else if (status >= 300 && status < 400)
          finish(failed(`redirect not followed (HTTP ${status}${res.headers.location ? ` to ${res.headers.location}` : ''})`, status, snippet));
        else finish(failed(`HTTP ${status}`, status, snippet));
      };
      res.on('data', (chunk: Buffer) => {
        if (read >= MAX_BODY_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_BODY_BYTES - read));
        read += chunk.length;
        if (read >= MAX_BODY_BYTES) {
          complete();
          res.destroy();
        }
      });
      res.on('end', complete);
      res.on('error', complete);
      res.on('close', complete);
    });
    req.end(delivery.body);
  });
}

/** The start of a response body as text, control characters replaced, for the log. */
function snippetOf(body: Buffer): string | null {
  if (body.length === 0) return null;
  return body.toString('utf8').slice(0, SNIPPET_CHARS).replace(CONTROL_CHARACTERS, '\ufffd');
}

/** Control characters other than tab, newline and carriage return: never stored in the log. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
