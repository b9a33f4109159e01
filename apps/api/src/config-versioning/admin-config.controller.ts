import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigVersion } from '@mais/config-versioning';
import { ConfigVersionService } from '@mais/config-versioning';
import { Auth } from '../auth/auth.decorators';
import { actorOf, CurrentPrincipal, type Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { ConfigChangeDto, ConfigChangePageDto } from './dto/config-change.dto';
import { ConfigDiffDto, ConfigVersionDto, ConfigVersionPageDto, CreateDraftDto, DiffQueryDto, UpdateDraftDto } from './dto/config-version.dto';
import { PageQueryDto } from '../common/page-query.dto';

@ApiTags('admin: config')
@Controller('v1/admin/config')
@Auth('tenant-admin')
export class AdminConfigController {
  constructor(private readonly versions: ConfigVersionService) {}

  @Get('versions')
  @ApiOperation({ operationId: 'listConfigVersions', summary: 'Config versions, newest first' })
  @ApiOkResponse({ type: ConfigVersionPageDto })
  @ApiProblems(400)
  async list(@Query() query: PageQueryDto): Promise<ConfigVersionPageDto> {
    const page = await this.versions.list(query);
    return { items: page.items.map((v) => this.dto(v)), nextCursor: page.nextCursor };
  }

  @Post('versions')
  @ApiOperation({ operationId: 'createConfigDraft', summary: 'Create a draft: from the body, else a copy of the published config (else the defaults)' })
  @ApiCreatedResponse({ type: ConfigVersionDto })
  @ApiProblems(400)
  async create(@Body() body: CreateDraftDto, @CurrentPrincipal() principal: Principal): Promise<ConfigVersionDto> {
    return this.dto(await this.versions.createDraft(actorOf(principal), body.config));
  }

  @Get('versions/:id')
  @ApiOperation({ operationId: 'getConfigVersion', summary: 'One config version' })
  @ApiOkResponse({ type: ConfigVersionDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<ConfigVersionDto> {
    return this.dto(await this.versions.get(id));
  }

  @Patch('versions/:id')
  @ApiOperation({
    operationId: 'updateConfigDraft',
    summary: "Replace a draft's document",
    description: 'A published or archived version is 409; so is a stale `expectedVersion` (the draft was edited since you read its `revision`).',
  })
  @ApiOkResponse({ type: ConfigVersionDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateDraftDto, @CurrentPrincipal() principal: Principal): Promise<ConfigVersionDto> {
    return this.dto(await this.versions.updateDraft(actorOf(principal), id, body.config, body.expectedVersion));
  }

  @Post('versions/:id/publish')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'publishConfigVersion',
    summary: 'Publish a draft: it becomes the one published version, the previous one is archived',
    description: 'Only a draft: anything else is 409.',
  })
  @ApiOkResponse({ type: ConfigVersionDto })
  @ApiProblems(400, 404, 409)
  async publish(@Param('id', UuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<ConfigVersionDto> {
    return this.dto(await this.versions.publish(actorOf(principal), id));
  }

  @Post('versions/:id/rollback')
  @ApiOperation({
    operationId: 'rollbackConfigVersion',
    summary: 'Roll back: publish a new version whose config is a copy of this one',
    description: 'The previously published version is archived. Rolling back to a draft (never published) is 409: publish it instead.',
  })
  @ApiCreatedResponse({ type: ConfigVersionDto, description: 'The new, published version' })
  @ApiProblems(400, 404, 409)
  async rollback(@Param('id', UuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<ConfigVersionDto> {
    return this.dto(await this.versions.rollback(actorOf(principal), id));
  }

  @Get('versions/:id/diff')
  @ApiOperation({ operationId: 'diffConfigVersion', summary: 'RFC 6902 operations turning `against` (default: the published config) into this version' })
  @ApiOkResponse({ type: ConfigDiffDto })
  @ApiProblems(400, 404)
  async diff(@Param('id', UuidPipe) id: string, @Query() query: DiffQueryDto): Promise<ConfigDiffDto> {
    const against = !query.against || query.against.toLowerCase() === 'published' ? 'published' : query.against.toLowerCase();
    return ConfigDiffDto.from(await this.versions.diff(id, against));
  }

  @Get('changes')
  @ApiOperation({ operationId: 'listConfigChanges', summary: 'The audit trail of config changes, newest first (append-only)' })
  @ApiOkResponse({ type: ConfigChangePageDto })
  @ApiProblems(400)
  async changes(@Query() query: PageQueryDto): Promise<ConfigChangePageDto> {
    const page = await this.versions.listChanges(query);
    return { items: page.items.map(ConfigChangeDto.from), nextCursor: page.nextCursor };
  }

  private dto(version: ConfigVersion): ConfigVersionDto {
    return ConfigVersionDto.from(version, this.versions.configOf(version));
  }
}
