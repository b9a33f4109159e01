import type { components } from '../../clients/agent/schema';

/** The API's types, generated from its OpenAPI document (`npm run openapi`): one contract for agents and front ends. */
export type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDto'];

/** A problem+json answer: `code` is the stable error code, `errors` the field errors of a 400. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** Retry-After in seconds (429), when the server said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `The server answered ${status}`);
  }

  /** The field errors of a 400, by field name (`customer.email`). */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem?.errors ?? []).map((error) => [error.field, error.message]));
  }

  get code(): string | undefined {
    return this.problem?.code;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * One JSON call to the API (same origin). Throws ApiError for a problem answer, and a TypeError (from fetch)
 * when the network fails; callers show both. No credentials: the widget keeps no cookies and needs none.
 */
export async function callApi<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'omit',
    signal: options.signal,
  });
  const text = await response.text();
  const value: unknown = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text || undefined;
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ApiError(response.status, isProblem(value) ? value : null, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  return value as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value;
}
