/**
 * A small typed fetch client over the `paths` that openapi-typescript generates from the MAIS OpenAPI
 * document (schema.d.ts): paths, path and query parameters, bodies and response bodies are all checked
 * against the document. Errors are thrown as MaisApiError carrying the problem+json body.
 */
import type { components, paths } from './schema';

export type HttpMethod = 'get' | 'put' | 'post' | 'patch' | 'delete';
export type Problem = components['schemas']['ProblemDto'];

/** The paths that have an operation for `method`. */
export type PathsWith<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

export type OperationOf<P extends keyof paths, M extends HttpMethod> = paths[P] extends { [K in M]: infer O } ? O : never;

type Defined<T> = Exclude<T, undefined>;
type IsEmpty<T> = [Defined<T>] extends [never] ? true : false;

type PathInit<O> = O extends { parameters: { path: infer X } } ? (IsEmpty<X> extends true ? unknown : { path: X }) : unknown;
type QueryInit<O> = O extends { parameters: { query: infer Q } }
  ? IsEmpty<Q> extends true
    ? unknown
    : { query: Q }
  : O extends { parameters: { query?: infer Q } }
    ? IsEmpty<Q> extends true
      ? unknown
      : { query?: Defined<Q> }
    : unknown;
type BodyInit_<O> = O extends { requestBody: { content: { 'application/json': infer B } } }
  ? { body: B }
  : O extends { requestBody?: infer RB }
    ? IsEmpty<RB> extends true
      ? unknown
      : Defined<RB> extends { content: { 'application/json': infer B } }
        ? { body?: B }
        : unknown
    : unknown;

/** What a call takes besides the path: path parameters, query, JSON body, extra headers. */
export type RequestInit_<O> = PathInit<O> & QueryInit<O> & BodyInit_<O> & { headers?: Record<string, string>; signal?: AbortSignal };

type SuccessStatus = 200 | 201 | 202 | 204;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;
/** The body of the operation's success response. */
export type ResponseData<O> = O extends { responses: infer Rs } ? { [S in keyof Rs & SuccessStatus]: JsonOf<Rs[S]> }[keyof Rs & SuccessStatus] : never;

type Args<O> = object extends RequestInit_<O> ? [init?: RequestInit_<O>] : [init: RequestInit_<O>];

export class MaisApiError extends Error {
  constructor(
    readonly status: number,
    /** The RFC 9457 problem (with its stable `code`), when the server sent one. */
    readonly problem: Problem | null,
    readonly response: Response,
  ) {
    super(problem ? `${status} ${problem.code}: ${problem.detail}` : `HTTP ${status}`);
    this.name = 'MaisApiError';
  }

  get code(): string | undefined {
    return this.problem?.code;
  }

  /** Seconds to wait before retrying, from Retry-After (429). */
  get retryAfterSeconds(): number | null {
    const value = this.response.headers.get('retry-after');
    return value === null ? null : Number(value);
  }
}

export interface ClientOptions {
  /** e.g. `https://api.mais.example` or `http://127.0.0.1:3000` */
  baseUrl: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer sk_live_…' }`. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export interface ApiClient {
  GET<P extends PathsWith<'get'>>(path: P, ...args: Args<OperationOf<P, 'get'>>): Promise<ResponseData<OperationOf<P, 'get'>>>;
  POST<P extends PathsWith<'post'>>(path: P, ...args: Args<OperationOf<P, 'post'>>): Promise<ResponseData<OperationOf<P, 'post'>>>;
  PUT<P extends PathsWith<'put'>>(path: P, ...args: Args<OperationOf<P, 'put'>>): Promise<ResponseData<OperationOf<P, 'put'>>>;
  PATCH<P extends PathsWith<'patch'>>(path: P, ...args: Args<OperationOf<P, 'patch'>>): Promise<ResponseData<OperationOf<P, 'patch'>>>;
  DELETE<P extends PathsWith<'delete'>>(path: P, ...args: Args<OperationOf<P, 'delete'>>): Promise<ResponseData<OperationOf<P, 'delete'>>>;
}

interface LooseInit {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | null | undefined | (string | number | boolean)[]>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function createApiClient(options: ClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;

  async function request(method: HttpMethod, template: string, init: LooseInit = {}): Promise<unknown> {
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = init.path?.[name];
      if (value === undefined) throw new TypeError(`Missing path parameter ${name} for ${template}`);
      return encodeURIComponent(String(value));
    });
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(init.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
    }
    const url = `${baseUrl}${path}${search.size ? `?${search}` : ''}`;
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';

    const response = await doFetch(url, {
      method: method.toUpperCase(),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
    const text = await response.text();
    const isJson = /json/i.test(response.headers.get('content-type') ?? '');
    const parsed: unknown = text && isJson ? JSON.parse(text) : undefined;
    if (!response.ok) throw new MaisApiError(response.status, (parsed as Problem | undefined) ?? null, response);
    return parsed;
  }

  const bind =
    (method: HttpMethod) =>
    (path: string, init?: LooseInit): Promise<unknown> =>
      request(method, path, init);
  return { GET: bind('get'), POST: bind('post'), PUT: bind('put'), PATCH: bind('patch'), DELETE: bind('delete') } as ApiClient;
}
