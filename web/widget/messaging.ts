/**
 * The postMessage protocol with the embedding page (README, "Embedding"). Messages go to the parent's origin
 * only (never `*`), and only messages from the parent window at that origin are read.
 */
export type OutgoingMessage =
  | { type: 'mais:resize'; height: number }
  | { type: 'mais:checkout'; sessionId: string; url: string }
  | { type: 'mais:booked'; bookingId: string; eventDate: string }
  | { type: 'mais:preview-ready' };

export type IncomingMessage = { type: 'mais:refresh' } | { type: 'mais:preview-token'; token: string };

export function isEmbedded(parentOrigin: string | null): parentOrigin is string {
  return parentOrigin !== null && window.parent !== window;
}

export function postToParent(parentOrigin: string | null, message: OutgoingMessage): void {
  if (isEmbedded(parentOrigin)) window.parent.postMessage(message, parentOrigin);
}

/** Calls `handler` for each well-formed message of the parent page; returns the unsubscribe function. */
export function onParentMessage(parentOrigin: string | null, handler: (message: IncomingMessage) => void): () => void {
  if (!isEmbedded(parentOrigin)) return () => {};
  const listener = (event: MessageEvent) => {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    const data: unknown = event.data;
    if (typeof data !== 'object' || data === null) return;
    const type = (data as { type?: unknown }).type;
    if (type === 'mais:refresh') handler({ type });
    else if (type === 'mais:preview-token' && typeof (data as { token?: unknown }).token === 'string') {
      handler({ type, token: (data as { token: string }).token });
    }
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

/**
 * Tells the parent the content's height whenever it changes. The height measured is the content's own
 * (`#app`), which does not depend on the iframe's height: no growth loop.
 */
export function reportHeight(parentOrigin: string | null, element: HTMLElement): void {
  if (!isEmbedded(parentOrigin) || typeof ResizeObserver === 'undefined') return;
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(element.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      postToParent(parentOrigin, { type: 'mais:resize', height });
    }
  }).observe(element);
}
