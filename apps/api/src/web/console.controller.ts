import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Auth } from '../auth/auth.decorators';
import { WebAssets } from './web-assets';
import { entryLinks, escapeHtml, renderMessagePage } from './widget-page';

/** The console's own files and the widget preview (same origin) only; never framed by another site. */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The admin console (`GET /console`, web/console): one page whose screens are in the URL's hash; it signs in
 * and works through the documented admin routes only. The page itself is public: it holds no data.
 */
@ApiExcludeController()
@Controller()
@Auth('none')
export class ConsoleController {
  constructor(private readonly assets: WebAssets) {}

  @Get('console')
  async page(@Res() reply: FastifyReply): Promise<void> {
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
    const entry = this.assets.entry('console');
    if (!entry) {
      await reply.code(503).send(renderMessagePage('The console is not built', 'Run `npm run build`, then reload this page.'));
      return;
    }
    const styles = entryLinks(entry);
    await reply
      .header('content-security-policy', CONSOLE_CSP)
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
          `<meta name="robots" content="noindex"><title>MAIS console</title>${styles}` +
          `<script type="module" src="/web/assets/${escapeHtml(entry.script)}"></script></head>` +
          '<body><div id="app"><p role="status">Loading…</p></div><noscript>The console needs JavaScript.</noscript></body></html>',
      );
  }
}
