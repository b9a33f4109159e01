/**
 * embed.js: puts a tenant's booking widget on any page with one tag (README, "Embedding").
 *
 *   <script src="https://<mais>/embed.js" data-tenant="<slug>" async></script>
 *
 * Modes (`data-mode`): `inline` (default; the frame takes the script's place, or `data-target`'s element, and
 * is sized to its content), `popup` (any element with `data-mais-open` opens it in a modal dialog) and
 * `floating` (a button in a corner opens the dialog; `data-label`, `data-position="bottom-left|bottom-right"`).
 *
 * Works under a strict Content-Security-Policy: no inline script, no <style> element, no style attribute in
 * markup (styles are set through the CSSOM). Messages go to the widget's origin only and are read only from
 * the widget's frames at that origin. No cookies, no storage.
 */

type Mode = 'inline' | 'popup' | 'floating';

interface Instance {
  mode: Mode;
  frame: HTMLIFrameElement | null;
  dialog: HTMLDialogElement | null;
  open(session?: string): void;
  close(): void;
}

const PREFILL = ['name', 'email', 'phone', 'notes', 'package', 'date'];
const MAX_VALUE = 500;

declare global {
  interface Window {
    MAIS?: { refresh(): void; open(): void; close(): void; instances: Instance[] };
  }
}

(() => {
  const script = document.currentScript as HTMLScriptElement | null;
  if (!script?.src) return;
  const widgetOrigin = new URL(script.src).origin;
  const data = script.dataset;
  const mode: Mode = data.mode === 'popup' || data.mode === 'floating' ? data.mode : 'inline';
  const here = new URL(location.href);
  const returningSession = here.searchParams.get('mais_session');

  const registry = (window.MAIS ??= {
    instances: [],
    refresh: () => registry.instances.forEach((i) => post(i.frame, { type: 'mais:refresh' })),
    open: () => registry.instances.find((i) => i.mode !== 'inline')?.open(),
    close: () => registry.instances.forEach((i) => i.close()),
  });

  function post(frame: HTMLIFrameElement | null, message: unknown): void {
    frame?.contentWindow?.postMessage(message, widgetOrigin);
  }

  /** The widget's URL: tenant, this page's origin (the only one it will talk to), prefill and tracking. */
  function widgetUrl(frameMode: 'inline' | 'popup', session: string | null): string {
    const params = new URLSearchParams();
    if (data.tenant) params.set('tenant', data.tenant);
    else if (data.key) params.set('key', data.key);
    params.set('origin', location.origin);
    params.set('mode', frameMode);
    const back = new URL(location.href);
    back.searchParams.delete('mais_session');
    back.hash = '';
    params.set('return', back.toString());
    if (data.versionId) params.set('versionId', data.versionId);
    if (session) params.set('session', session);
    for (const field of PREFILL) {
      // The page's query string (a link made for one customer) wins over the tag's attributes.
      const value = here.searchParams.get(field) ?? script!.getAttribute(`data-${field}`);
      if (value) params.set(field, value.slice(0, MAX_VALUE));
    }
    here.searchParams.forEach((value, name) => {
      if (/^utm_[a-z]{1,20}$/.test(name) || /^metadata\[[A-Za-z0-9_.-]{1,40}\]$/.test(name)) params.set(name, value.slice(0, MAX_VALUE));
    });
    for (const attribute of Array.from(script!.attributes)) {
      const match = /^data-metadata-([a-z0-9_.-]{1,40})$/.exec(attribute.name);
      if (match && !params.has(`metadata[${match[1]}]`)) params.set(`metadata[${match[1]}]`, attribute.value.slice(0, MAX_VALUE));
    }
    return `${widgetOrigin}/widget?${params.toString()}`;
  }

  function makeFrame(frameMode: 'inline' | 'popup', session: string | null): HTMLIFrameElement {
    const frame = document.createElement('iframe');
    frame.src = widgetUrl(frameMode, session);
    frame.title = data.title || 'Book your date';
    frame.setAttribute('allow', 'payment');
    Object.assign(frame.style, { border: '0', width: '100%', display: 'block', colorScheme: 'normal' });
    frame.style.height = frameMode === 'inline' ? '640px' : '100%';
    return frame;
  }

  function makeDialog(): HTMLDialogElement {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-label', data.title || 'Book your date');
    Object.assign(dialog.style, {
      padding: '0',
      border: '0',
      borderRadius: '12px',
      width: 'min(600px, 100vw)',
      height: 'min(820px, 100dvh)',
      maxWidth: '100vw',
      maxHeight: '100dvh',
      overflow: 'hidden',
      boxShadow: '0 10px 40px rgba(0,0,0,.35)',
    });
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', 'Close booking');
    Object.assign(close.style, {
      position: 'absolute',
      top: '8px',
      right: '8px',
      width: '40px',
      height: '40px',
      border: '0',
      borderRadius: '50%',
      background: 'rgba(0,0,0,.65)',
      color: '#fff',
      fontSize: '24px',
      lineHeight: '40px',
      cursor: 'pointer',
      zIndex: '1',
    });
    close.addEventListener('click', () => dialog.close());
    dialog.appendChild(close);
    // A click on the backdrop (the dialog itself, outside the frame) closes it.
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog) dialog.close();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function inline(): Instance {
    const instance: Instance = {
      mode: 'inline',
      frame: null,
      dialog: null,
      open(session) {
        const target = (data.target && document.querySelector(data.target)) || null;
        instance.frame?.remove();
        instance.frame = makeFrame('inline', session ?? null);
        if (target) target.appendChild(instance.frame);
        else script!.insertAdjacentElement('afterend', instance.frame);
      },
      close() {},
    };
    instance.open(returningSession ?? undefined);
    return instance;
  }

  function modal(kind: 'popup' | 'floating'): Instance {
    const instance: Instance = {
      mode: kind,
      frame: null,
      dialog: null,
      open(session) {
        instance.dialog ??= makeDialog();
        if (!instance.frame || session) {
          instance.frame?.remove();
          instance.frame = makeFrame('popup', session ?? null);
          instance.dialog.appendChild(instance.frame);
        }
        if (!instance.dialog.open) instance.dialog.showModal();
        instance.frame.focus();
      },
      close() {
        instance.dialog?.close();
      },
    };
    document.addEventListener('click', (event) => {
      const opener = (event.target as Element | null)?.closest?.('[data-mais-open]');
      if (!opener) return;
      event.preventDefault();
      instance.open();
    });
    if (kind === 'floating') {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = data.label || 'Book now';
      button.setAttribute('data-mais-open', '');
      const left = data.position === 'bottom-left';
      Object.assign(button.style, {
        position: 'fixed',
        bottom: '20px',
        [left ? 'left' : 'right']: '20px',
        zIndex: '2147483000',
        padding: '14px 22px',
        border: '0',
        borderRadius: '999px',
        background: data.color || '#1f1f1f',
        color: data.textColor || '#ffffff',
        font: '600 16px/1.2 system-ui, sans-serif',
        boxShadow: '0 6px 20px rgba(0,0,0,.3)',
        cursor: 'pointer',
      });
      const place = () => document.body.appendChild(button);
      if (document.body) place();
      else document.addEventListener('DOMContentLoaded', place);
    }
    if (returningSession) {
      const show = () => instance.open(returningSession);
      if (document.body) show();
      else document.addEventListener('DOMContentLoaded', show);
    }
    return instance;
  }

  const instance = mode === 'inline' ? inline() : modal(mode);
  registry.instances.push(instance);
  if (returningSession) {
    // The payment page's return parameter has done its job: the address bar goes back to the page's own.
    here.searchParams.delete('mais_session');
    history.replaceState(history.state, '', here.toString());
  }

  window.addEventListener('message', (event) => {
    if (event.origin !== widgetOrigin || !instance.frame || event.source !== instance.frame.contentWindow) return;
    const message = event.data as { type?: unknown; height?: unknown; url?: unknown; sessionId?: unknown; bookingId?: unknown; eventDate?: unknown };
    if (typeof message !== 'object' || message === null) return;
    switch (message.type) {
      case 'mais:resize':
        if (instance.mode === 'inline' && typeof message.height === 'number' && Number.isFinite(message.height)) {
          instance.frame.style.height = `${Math.min(Math.max(Math.ceil(message.height), 120), 20_000)}px`;
        }
        break;
      case 'mais:checkout':
        if (typeof message.url === 'string' && /^https?:\/\//.test(message.url)) {
          emit('mais:checkout', { sessionId: message.sessionId });
          // Stripe Checkout cannot run in a frame: the whole page goes to it, and comes back with mais_session.
          location.assign(message.url);
        }
        break;
      case 'mais:booked':
        emit('mais:booked', { bookingId: message.bookingId, eventDate: message.eventDate });
        break;
    }
  });

  /** The widget's news for the host page's own code: `document.addEventListener('mais:booked', (e) => e.detail)`. */
  function emit(type: string, detail: unknown): void {
    document.dispatchEvent(new CustomEvent(type, { detail }));
  }
})();

export {};
