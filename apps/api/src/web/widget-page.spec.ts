import { createHash } from 'node:crypto';
import { originOf, parseWidgetQuery, renderWidgetPage, scriptSafe, widgetPageCsp, type WidgetQuery } from './widget-page';

const parsed = (query: Record<string, unknown>) => parseWidgetQuery(query) as WidgetQuery;

describe('the widget page query', () => {
  it('names the business by slug or by public key, and nothing else will do', () => {
    expect(parsed({ tenant: 'bella' }).tenant).toEqual({ slug: 'bella' });
    expect(parsed({ key: 'pk_live_bella_0123456789abcdef0123456789abcdef' }).tenant).toEqual({ publicKey: 'pk_live_bella_0123456789abcdef0123456789abcdef' });
    expect(parseWidgetQuery({})).toEqual({ error: 'name the business: ?tenant=<slug> or ?key=<public key>' });
    expect(parseWidgetQuery({ tenant: 'Bella Weddings' })).toEqual({ error: expect.stringContaining('tenant must be a business slug') });
    expect(parseWidgetQuery({ key: 'sk_live_bella_0123456789abcdef0123456789abcdef' })).toEqual({ error: 'key must be a public key (pk_live_…)' });
    expect(parseWidgetQuery({ tenant: ['a', 'b'] })).toEqual({ error: expect.stringContaining('name the business') });
  });

  it('talks to the embedding page only when it names a plain http(s) origin, and returns only to that origin', () => {
    const embedded = parsed({ tenant: 'bella', origin: 'https://shop.example.com', return: 'https://shop.example.com/book?x=1', mode: 'popup' });
    expect(embedded).toMatchObject({ parentOrigin: 'https://shop.example.com', returnUrl: 'https://shop.example.com/book?x=1', mode: 'popup' });
    expect(parsed({ tenant: 'bella', origin: 'https://shop.example.com/path' }).parentOrigin).toBeNull();
    expect(parsed({ tenant: 'bella', origin: 'javascript:alert(1)' }).parentOrigin).toBeNull();
    expect(parsed({ tenant: 'bella', origin: 'https://shop.example.com', return: 'https://evil.example.com/' }).returnUrl).toBeNull();
    // Not embedded: a page of its own, whatever mode was asked.
    expect(parsed({ tenant: 'bella', mode: 'inline' })).toMatchObject({ parentOrigin: null, returnUrl: null, mode: 'page' });
    expect(parsed({ tenant: 'bella', origin: 'https://shop.example.com', mode: 'weird' }).mode).toBe('inline');
  });

  it('keeps prefill that fits the checkout rules and drops the rest', () => {
    const query = parsed({ tenant: 'bella', name: ' Ann Lee ', email: 'ann@example.com', date: '2027-02-29', package: 'Gold!', notes: 'x'.repeat(2001) });
    expect(query.prefill).toEqual({ name: 'Ann Lee', email: 'ann@example.com' });
    expect(parsed({ tenant: 'bella', date: '2028-02-29', package: 'gold' }).prefill).toEqual({ date: '2028-02-29', package: 'gold' });
  });

  it('passes utm_* and metadata[…] through as the booking metadata, at most 20, values at most 500 characters', () => {
    const query = parsed({
      tenant: 'bella',
      utm_source: 'fair',
      'metadata[ref]': 'table-12',
      'metadata[bad key]': 'x',
      utmsource: 'no',
      utm_long: 'y'.repeat(501),
    });
    expect(query.metadata).toEqual({ utm_source: 'fair', ref: 'table-12' });
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`metadata[k${i}]`, 'v']));
    expect(Object.keys(parsed({ tenant: 'bella', ...many }).metadata)).toHaveLength(20);
  });

  it('takes a preview version id and a checkout session only in their own shapes', () => {
    expect(parsed({ tenant: 'bella', versionId: '0B5C7A1E-5D0B-4F7E-9B5E-3A1C2D4E5F60', session: 'cs_sim_abc' })).toMatchObject({
      versionId: '0b5c7a1e-5d0b-4f7e-9b5e-3a1c2d4e5f60',
      session: 'cs_sim_abc',
    });
    expect(parsed({ tenant: 'bella', versionId: '1', session: 'cs_<script>' })).toMatchObject({ versionId: null, session: null });
    expect(parsed({ tenant: 'bella', mais_session: 'cs_sim_back' }).session).toBe('cs_sim_back');
  });

  it('reads origins exactly: scheme, host and port, nothing more', () => {
    expect(originOf('http://localhost:5173')).toBe('http://localhost:5173');
    expect(originOf('https://a.example/')).toBeNull();
    expect(originOf('https://a.example/x', true)).toBe('https://a.example');
    expect(originOf('ftp://a.example')).toBeNull();
    expect(originOf(undefined)).toBeNull();
  });
});

describe('the widget page', () => {
  it("cannot be broken out of by a tenant's text: the boot data is script-safe and the title escaped", () => {
    const html = renderWidgetPage({
      title: 'Book with <Bella & "Co">',
      lang: 'en',
      scheme: 'auto',
      mode: 'inline',
      themeCss: ':root{--mais-primary:#7b2cbf}',
      bootJson: JSON.stringify({ name: '</script><script>alert(1)</script>' }),
      entry: { script: 'widget-abc.js', styles: ['widget-abc.css'], preloads: ['shared-def.js'] },
    });
    expect(html).toContain('<title>Book with &#60;Bella &#38; &#34;Co&#34;&#62;</title>');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    expect(html).toContain('<html lang="en" data-scheme="auto" data-mode="inline">');
    expect(html).toContain('<link rel="stylesheet" href="/web/assets/widget-abc.css"><link rel="modulepreload" href="/web/assets/shared-def.js">');
    expect(html).toContain('<script type="module" src="/web/assets/widget-abc.js"></script>');
    expect(JSON.parse(scriptSafe('{"a":"<\u2028>"}'))).toEqual({ a: '<\u2028>' });
  });

  it('allows its own files, the theme by its hash, and framing only where the tenant says', () => {
    const css = ':root{--mais-primary:#7b2cbf}';
    const hash = createHash('sha256').update(css).digest('base64');
    const csp = widgetPageCsp(css, 'https://shop.example.com');
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      `style-src 'self' 'sha256-${hash}'`,
      "img-src 'self' https: data:",
      "connect-src 'self'",
      "font-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      'frame-ancestors https://shop.example.com',
    ]);
  });
});
