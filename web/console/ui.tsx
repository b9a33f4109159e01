import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../shared/api';
import { formatMoney } from '../../libs/domain/src/common/money';

export const money = (cents: number, currency: string) => formatMoney(cents, currency);

/** What to tell an admin about a failed call: the problem's detail, never a stack trace. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return `Too many attempts. Try again in ${error.retryAfterSeconds ?? 60} seconds.`;
    if (error.status === 403) return 'Your role cannot do this.';
    return error.message;
  }
  return 'The server could not be reached. Check the connection and try again.';
}

/** Loads `load()` when `deps` change: { data, error, loading, reload }. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; loading: boolean; reload(): void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => live && (setData(value), setError(null), setLoading(false)),
      (failure: unknown) => live && (setError(errorText(failure)), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [...deps, count]);
  return { data, error, loading, reload: () => setCount((n) => n + 1) };
}

export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="page" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions ? <div class="page-actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </section>
  );
}

export function Status(props: { loading?: boolean; error?: string | null; notice?: string | null }) {
  if (props.error) {
    return (
      <p class="error" role="alert">
        {props.error}
      </p>
    );
  }
  if (props.notice) {
    return (
      <p class="notice" role="status">
        {props.notice}
      </p>
    );
  }
  return props.loading ? <p role="status">Loading…</p> : null;
}

/** A labelled input with its field error from the problem+json (`errors[].field`). */
export function Field(props: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  children: (attributes: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const described = [props.error ? `${props.id}-error` : null, props.hint ? `${props.id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children({ id: props.id, 'aria-invalid': props.error ? 'true' : undefined, 'aria-describedby': described || undefined })}
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export const formatDateTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' }) : '—';

/**
 * A price typed in the currency ("1,250.5") as integer cents, exactly (no floating point): null when it is not
 * an amount with at most the currency's decimals.
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  const match = /^\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (!match || (match[2] ?? '').length > digits) return null;
  const cents = Number(match[1].replace(/,/g, '')) * 10 ** digits + Number((match[2] ?? '').padEnd(digits, '0') || 0);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Integer cents as the amount typed in the currency ("12001" usd → "120.01"). */
export function centsToInput(cents: number, currency: string): string {
  const digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return String(cents);
  const text = String(cents).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
