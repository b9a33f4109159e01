import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ConfigVersionService } from '@mais/config-versioning';
import { Auth, AuthorizationHeader, SECURITY } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { ConfigPreviewAccess } from './config-preview-access';
import { ConfigQueryDto, PublishedConfigDto } from './dto/config-version.dto';
import { PublishedConfigBody } from './published-config-body';

@ApiTags('widget')
@Controller('v1/config')
@Auth('widget')
export class PublicConfigController {
  constructor(
    private readonly versions: ConfigVersionService,
    private readonly previewAccess: ConfigPreviewAccess,
    private readonly published: PublishedConfigBody,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getConfig',
    summary: 'The published widget config (the defaults when none was published)',
    description:
      "With `versionId`, that version instead (a draft, for preview): then Authorization must also carry the tenant's admin JWT " +
      "(or a platform admin's) or its secret key, else 401; a version of another tenant is 404.",
  })
  @ApiSecurity({ [SECURITY.tenantKey]: [], [SECURITY.adminJwt]: [] })
  @ApiSecurity({ [SECURITY.tenantKey]: [], [SECURITY.secretKey]: [] })
  @ApiOkResponse({ type: PublishedConfigDto })
  @ApiProblems(400, 404)
  async get(
    @Query() query: ConfigQueryDto,
    @AuthorizationHeader() authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublishedConfigDto | string | Buffer> {
    if (query.versionId && !query.proposalId) {
      await this.previewAccess.assertAllowed(authorization);
      const version = await this.versions.get(query.versionId);
      return PublishedConfigDto.fromPublished({ version, config: this.versions.configOf(version) });
    }
    const proposed = await this.previewAccess.previewedConfig(query, authorization);
    // What a proposal would make is no version yet: versionId and version are null.
    if (proposed) return PublishedConfigDto.fromPublished({ version: null, config: proposed });
    reply.type('application/json; charset=utf-8');
    return this.published.json();
  }
}
