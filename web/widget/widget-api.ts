import type { ConfigDocument } from '../../libs/config-versioning/src/document/config-document.schema';
import { callApi, type Schemas } from '../shared/api';
import { addDays, daysInMonth } from './dates';

export type Package = Schemas['PackageDto'];
export type AddOn = Schemas['AddOnDto'];
export type CheckoutStarted = Schemas['CheckoutResponseDto'];
export type CheckoutRequest = Schemas['CheckoutRequestDto'];
export type CheckoutStatus = Schemas['CheckoutStatusDto'];

/** What an admin previews: a config version (a draft) or what a pending agent proposal would make. */
export type Preview = { versionId: string } | { proposalId: string };

const previewQuery = (preview: Preview) => new URLSearchParams(preview).toString();

/** The REST routes the widget calls, with the tenant's public key. */
export class WidgetApi {
  constructor(private readonly publicKey: string) {}

  private get headers(): Record<string, string> {
    return { 'x-tenant-key': this.publicKey };
  }

  /** The catalog as the published config shows it, or (with a preview and an admin token) as the previewed config would. */
  packages(preview: Preview | null = null, adminToken: string | null = null): Promise<Package[]> {
    if (preview && adminToken) {
      return callApi<Package[]>(`/v1/packages?${previewQuery(preview)}`, { headers: { ...this.headers, authorization: `Bearer ${adminToken}` } });
    }
    return callApi<Package[]>('/v1/packages', { headers: this.headers });
  }

  /** The published config, or with a preview (and an admin token) a draft's or a proposal's. */
  async config(preview: Preview | null, adminToken: string | null): Promise<ConfigDocument> {
    const query = preview ? `?${previewQuery(preview)}` : '';
    const headers = adminToken ? { ...this.headers, authorization: `Bearer ${adminToken}` } : this.headers;
    const published = await callApi<Schemas['PublishedConfigDto']>(`/v1/config${query}`, { headers });
    return published.config as unknown as ConfigDocument;
  }

  /** The unavailable days of a month (clamped to the bookable window) and why. */
  async unavailableDays(month: string, today: string, lastDay: string, signal: AbortSignal): Promise<Map<string, string>> {
    const first = `${month}-01`;
    const last = addDays(first, daysInMonth(month) - 1);
    const from = first < today ? today : first;
    const to = last > lastDay ? lastDay : last;
    if (from > to) return new Map();
    const query = new URLSearchParams({ from, to }).toString();
    const answer = await callApi<Schemas['UnavailableDatesDto']>(`/v1/availability/unavailable?${query}`, { headers: this.headers, signal });
    return new Map(answer.dates.map((d) => [d.date, d.reason]));
  }

  startCheckout(request: CheckoutRequest, idempotencyKey: string): Promise<CheckoutStarted> {
    return callApi<CheckoutStarted>('/v1/bookings/checkout', {
      method: 'POST',
      headers: { ...this.headers, 'idempotency-key': idempotencyKey },
      body: request,
    });
  }

  checkoutStatus(sessionId: string): Promise<CheckoutStatus> {
    return callApi<CheckoutStatus>(`/v1/checkouts/${encodeURIComponent(sessionId)}`, { headers: this.headers });
  }
}
