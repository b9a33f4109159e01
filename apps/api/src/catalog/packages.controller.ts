import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ConfigVersionService } from '@mais/config-versioning';
import { Auth, AuthorizationHeader, SECURITY } from '../auth/auth.decorators';
import { ConfigPreviewAccess } from '../config-versioning/config-preview-access';
import { ApiProblems } from '../common/openapi';
import { PackageDto, PackageQueryDto } from './package.dto';
import { PublicCatalogService } from './public-catalog.service';

/** Answers are JSON text (or a cache hit's bytes) already: sent as they are, never serialised twice. */
const JSON_TYPE = 'application/json; charset=utf-8';

@ApiTags('widget')
@Controller('v1/packages')
@Auth('widget')
export class PackagesController {
  constructor(
    private readonly catalog: PublicCatalogService,
    private readonly versions: ConfigVersionService,
    private readonly previewAccess: ConfigPreviewAccess,
  ) {}

  @Get()
  @ApiSecurity({ [SECURITY.tenantKey]: [], [SECURITY.adminJwt]: [] })
  @ApiSecurity({ [SECURITY.tenantKey]: [], [SECURITY.secretKey]: [] })
  @ApiOperation({ summary: "The tenant's active packages with their active add-ons, as the published config shows them" })
  @ApiOkResponse({ type: [PackageDto] })
  @ApiProblems(400, 404)
  async list(
    @Query() query: PackageQueryDto,
    @AuthorizationHeader() authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Buffer> {
    reply.type(JSON_TYPE);
    const { versionId, ...rest } = query;
    if (!versionId) return this.catalog.listJson(rest);
    // A draft's catalog, for the admin's preview: the same access rule as GET /v1/config?versionId=.
    await this.previewAccess.assertAllowed(authorization);
    return this.catalog.previewJson(rest, this.versions.configOf(await this.versions.get(versionId)));
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One active package with its active add-ons' })
  @ApiOkResponse({ type: PackageDto })
  @ApiProblems(404)
  get(@Param('slug') slug: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | Buffer> {
    reply.type(JSON_TYPE);
    return this.catalog.getJson(slug);
  }
}
