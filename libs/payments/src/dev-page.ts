import { escapeHtml } from '@mais/domain';

/**
 * The frame of the simulated provider's pages (checkout, onboarding): a card on a grey page, a banner saying
 * nothing real happens, styles inline (no script anywhere, so a strict Content-Security-Policy holds).
 */
export function devPage(params: { title: string; banner: string; css: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>${escapeHtml(params.title)}</title>
  <style>
    body { font: 16px/1.5 system-ui, sans-serif; background: #f6f7f9; color: #1f2328; margin: 0; }
    main { max-width: 28rem; margin: 3rem auto; background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 1px 4px rgba(0,0,0,.1); }
    .banner { background: #fff4d6; border-radius: 6px; padding: .5rem .75rem; font-size: .875rem; }
    h1 { font-size: 1.375rem; margin: 1rem 0 .5rem; }
    .actions { display: flex; gap: .75rem; } .actions form { flex: 1; }
    button { width: 100%; font: inherit; padding: .625rem; border-radius: 6px; border: 1px solid #d0d7de; cursor: pointer; background: #fff; }
${params.css}
  </style>
</head>
<body>
  <main>
    <p class="banner">${escapeHtml(params.banner)}</p>
${params.body}
  </main>
</body>
</html>
`;
}
