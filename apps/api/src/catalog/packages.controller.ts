import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { PackageDto, PackageQueryDto } from './package.dto';
import { PublicCatalogService } from './public-catalog.service';

/** Answers are JSON text (or a cache hit's bytes) already: sent as they are, never serialised twice. */
const JSON_TYPE = 'application/json; charset=utf-8';

@ApiTags('widget')
@Controller('v1/packages')
@Auth('widget')
export class PackagesController {
  constructor(private readonly catalog: PublicCatalogService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's active packages with their active add-ons, as the published config shows them" })
  @ApiOkResponse({ type: [PackageDto] })
  @ApiProblems(400)
  list(@Query() query: PackageQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | Buffer> {
    reply.type(JSON_TYPE);
    return this.catalog.listJson(query);
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
