import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
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
    const { versionId, proposalId, ...rest } = query;
    // A draft's or a proposal's catalog, for the admin's preview: the same access rule as GET /v1/config.
    const previewed = await this.previewAccess.previewedConfig({ versionId, proposalId }, authorization);
    return previewed ? this.catalog.previewJson(rest, previewed) : this.catalog.listJson(rest);
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
