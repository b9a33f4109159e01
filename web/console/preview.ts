import { type RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ConsoleApi } from './session';

/**
 * Hands the admin token to a widget preview framed by this page, when it asks (`mais:preview-ready`): by message,
 * to this origin only, never in a URL. The widget takes a token only from a parent of its own origin.
 */
export function usePreviewToken(frame: RefObject<HTMLIFrameElement | null>, api: ConsoleApi): void {
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== location.origin || event.source !== frame.current?.contentWindow) return;
      if ((event.data as { type?: string } | null)?.type === 'mais:preview-ready') {
        frame.current?.contentWindow?.postMessage({ type: 'mais:preview-token', token: api.session.token }, location.origin);
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [api]);
}

/** The widget page previewing `what` for `slug`, framed by the console (popup mode: it scrolls inside the frame). */
export function previewUrl(slug: string, what: { versionId: string } | { proposalId: string }): string {
  return `/widget?${new URLSearchParams({ tenant: slug, ...what, origin: location.origin, mode: 'popup' }).toString()}`;
}
