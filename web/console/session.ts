import { ApiError, callApi, type RequestOptions, type Schemas } from '../shared/api';

export type Role = 'PLATFORM_ADMIN' | 'TENANT_ADMIN';

/** Who is signed in: the token (session storage only, never a URL), its role, and the tenant acted on. */
export interface Session {
  token: string;
  role: Role;
  /** A tenant admin's own tenant; a platform admin's chosen one (sent as X-Tenant-Id), or null. */
  tenantId: string | null;
  expiresAt: number;
}

const KEY = 'mais-console-session';

export function loadSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return session && session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
}

/** The session a login answer opens (the role and tenant read from the token's claims, for what to show; the API decides). */
export function sessionFrom(login: Schemas['LoginResponseDto']): Session {
  const claims = JSON.parse(atob(login.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { role: Role; tenantId: string | null };
  return { token: login.token, role: claims.role, tenantId: claims.tenantId ?? null, expiresAt: Date.now() + login.expiresIn * 1000 };
}

/**
 * The documented admin routes with the session's token (and X-Tenant-Id for a platform admin acting within a
 * tenant). A 401 ends the session: the console goes back to sign-in and says why.
 */
export class ConsoleApi {
  constructor(
    readonly session: Session,
    private readonly onExpired: () => void,
  ) {}

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.session.token}` };
    if (this.session.role === 'PLATFORM_ADMIN' && this.session.tenantId) headers['x-tenant-id'] = this.session.tenantId;
    return headers;
  }

  async call<T>(path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await callApi<T>(path, { ...options, headers: { ...this.headers(), ...options.headers } });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this.onExpired();
      throw error;
    }
  }

  get = <T>(path: string) => this.call<T>(path);
  post = <T>(path: string, body: unknown = {}) => this.call<T>(path, { method: 'POST', body });
  patch = <T>(path: string, body: unknown) => this.call<T>(path, { method: 'PATCH', body });
  put = <T>(path: string, body: unknown) => this.call<T>(path, { method: 'PUT', body });
  delete = <T>(path: string) => this.call<T>(path, { method: 'DELETE' });

  /** Downloads what a route answers (the bookings CSV) as a file. */
  async download(path: string, fileName: string): Promise<void> {
    const response = await fetch(path, { headers: this.headers(), credentials: 'omit' });
    if (response.status === 401) this.onExpired();
    if (!response.ok) throw new ApiError(response.status, null);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}

/** `?a=1&b=2` from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
}
