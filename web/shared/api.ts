import type { components } from '../../clients/agent/schema';

/** The API's types, generated from its OpenAPI document (`npm run openapi`): one contract for agents and front ends. */
export type Schemas = components['schemas'];
export type Problem = Schemas['ProblemDto'];

/** A problem+json answer: `code` is the stable error code, `errors` the field errors of a 400. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `The server answered ${status}`);
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
  const value: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, isProblem(value) ? value : null);
  return value as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value;
}
