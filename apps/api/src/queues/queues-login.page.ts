import { escapeHtml } from '@mais/domain';

/** The dashboard's sign-in form: a pasted admin JWT becomes an HttpOnly cookie. No script (CSP: script-src 'self'). */
export function loginPage(error?: string): string {
  const message = error ? `<p class="error">${escapeHtml(error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>MAIS queues: sign in</title>
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f6;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
form{background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1);width:min(520px,90vw)}
h1{font-size:18px;margin:0 0 8px}p{color:#4b5563;font-size:14px}textarea{width:100%;box-sizing:border-box;height:120px;font-family:monospace;font-size:12px}
button{margin-top:12px;padding:8px 16px;border:0;border-radius:6px;background:#1f2937;color:#fff;font-size:14px;cursor:pointer}.error{color:#b91c1c}
</style>
</head>
<body>
<form method="post" action="/admin/queues/login">
<h1>MAIS queues</h1>
<p>Platform admins only. Get a token from <code>POST /v1/admin/login</code> and paste it here; it is kept in an HttpOnly cookie for this page only.</p>
${message}
<textarea name="token" required autocomplete="off" spellcheck="false" aria-label="Admin token"></textarea>
<button type="submit">Open the dashboard</button>
</form>
</body>
</html>
`;
}
