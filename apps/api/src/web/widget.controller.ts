import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ConfigDocument, defaultConfig, frameAncestors, themeCss, widgetTheme } from '@mais/config-versioning';
import { DomainError, todayIn } from '@mais/domain';
import { TenantResolver, TenantScope } from '@mais/tenancy';
import { Auth } from '../auth/auth.decorators';
import { PublicCatalogService } from '../catalog/public-catalog.service';
import { PublishedConfigBody } from '../config-versioning/published-config-body';
import { type WebAsset, WebAssets } from './web-assets';
import type { WidgetBoot } from '../../../../web/widget/boot';
import { parseWidgetQuery, renderMessagePage, renderWidgetPage, widgetPageCsp } from './widget-page';

const HASHED_FILE = /^[A-Za-z0-9_-]{1,100}\.(?:js|css|svg|png|woff2)$/;
const HTML = 'text/html; charset=utf-8';

/**
 * The booking widget's page (`GET /widget?tenant=<slug>`), its built files and `embed.js` (README,
 * "Embedding"). Pages for people, not API routes: left out of the OpenAPI document; the widget itself calls
 * only the documented routes, with the tenant's public key.
 */
@ApiExcludeController()
@Controller()
@Auth('none')
export class WidgetController {
  constructor(
    private readonly assets: WebAssets,
    private readonly tenants: TenantResolver,
    private readonly scope: TenantScope,
    private readonly catalog: PublicCatalogService,
    private readonly publishedConfig: PublishedConfigBody,
  ) {}

  @Get('widget')
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Prefill and tracking differ per visitor: never kept by a shared cache.
    reply.header('cache-control', 'no-store');
    const query = parseWidgetQuery(request.query as Record<string, unknown>);
    if ('error' in query) return this.message(reply, 400, 'This booking link is incomplete', query.error);
    const entry = this.assets.entry('widget');
    if (!entry) return this.message(reply, 503, 'The booking widget is not built', 'Run `npm run build`, then reload this page.');
    const tenant =
      'slug' in query.tenant ? await this.tenants.publicProfileBySlug(query.tenant.slug) : await this.tenants.publicProfileByKey(query.tenant.publicKey);
    if (!tenant) return this.message(reply, 404, 'Booking page not found', 'No business takes bookings at this address.');

    // Scoped like a widget request: the catalog and config reads below are the tenant's, by construction.
    this.scope.enter(tenant.id);
    request.raw.tenantId = tenant.id;
    const [config, packages] = await Promise.all([this.readConfig(), this.readPackages()]);
    const theme = widgetTheme((config ?? defaultConfig()).branding);
    const css = themeCss(theme);
    const boot: WidgetBoot = {
      publicKey: tenant.publicKey,
      tenant: { name: tenant.name, slug: tenant.slug, currency: tenant.currency },
      today: todayIn(tenant.timeZone),
      config,
      packages,
      parentOrigin: query.parentOrigin,
      mode: query.mode,
      prefill: query.prefill,
      metadata: query.metadata,
      previewVersionId: query.versionId,
      previewProposalId: query.proposalId,
      session: query.session,
      returnUrl: query.returnUrl,
    };
    const html = renderWidgetPage({
      title: `Book with ${tenant.name}`,
      lang: 'en',
      scheme: theme.scheme,
      mode: query.mode,
      themeCss: css,
      bootJson: JSON.stringify(boot),
      entry,
    });
    reply
      .header('content-security-policy', widgetPageCsp(css, frameAncestors(config ?? defaultConfig())))
      // Framing is what this page is for: the CSP's frame-ancestors decides where (X-Frame-Options cannot list sites).
      .removeHeader('x-frame-options')
      .header('cross-origin-resource-policy', 'cross-origin')
      .type(HTML);
    await reply.send(html);
  }

  @Get('web/assets/:file')
  async asset(@Param('file') file: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const asset = HASHED_FILE.test(file) ? this.assets.asset(file) : undefined;
    if (!asset) throw new DomainError('NOT_FOUND', 'No such file');
    // Content-hashed names: a new build is a new URL, so a file can be kept for a year.
    await sendAsset(request, reply, asset, 'public, max-age=31536000, immutable');
  }

  @Get('embed.js')
  async embed(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const asset = this.assets.embedScript();
    if (!asset) return this.message(reply, 503, 'The booking widget is not built', 'Run `npm run build`.');
    // One URL that tenants paste: short-lived in caches, revalidated by ETag; loaded by pages of any site.
    reply.header('cross-origin-resource-policy', 'cross-origin').header('access-control-allow-origin', '*');
    await sendAsset(request, reply, asset, 'public, max-age=300, must-revalidate');
  }

  /** The published config, or null when it cannot be read (the widget then runs on the default theme). */
  private async readConfig(): Promise<ConfigDocument | null> {
    try {
      return (JSON.parse((await this.publishedConfig.json()).toString()) as { config: ConfigDocument }).config;
    } catch {
      return null;
    }
  }

  /** GET /v1/packages's answer (the same cache entry), or null: the widget then asks the route itself. */
  private async readPackages(): Promise<unknown[] | null> {
    try {
      return JSON.parse((await this.catalog.listJson({})).toString()) as unknown[];
    } catch {
      return null;
    }
  }

  private async message(reply: FastifyReply, status: number, title: string, message: string): Promise<void> {
    await reply.code(status).type(HTML).send(renderMessagePage(title, message));
  }
}

async function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: WebAsset, cacheControl: string): Promise<void> {
  reply.header('cache-control', cacheControl).header('etag', asset.etag).header('vary', 'accept-encoding').type(asset.type);
  if (request.headers['if-none-match'] === asset.etag) {
    await reply.code(304).send();
    return;
  }
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) await reply.header('content-encoding', 'br').send(asset.br);
  else if (/\bgzip\b/.test(accepted)) await reply.header('content-encoding', 'gzip').send(asset.gzip);
  else await reply.send(asset.body);
}
