import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { PackageDto, PackageQueryDto } from './package.dto';
import { PublicCatalogService } from './public-catalog.service';

@ApiTags('widget')
@Controller('v1/packages')
@Auth('widget')
export class PackagesController {
  constructor(private readonly catalog: PublicCatalogService) {}

  @Get()
  @ApiOperation({ summary: 'The tenant\'s active packages with their active add-ons, as the published config shows them' })
  @ApiOkResponse({ type: [PackageDto] })
  @ApiProblems(400)
  list(@Query() query: PackageQueryDto): Promise<PackageDto[]> {
    return this.catalog.list(query);
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One active package with its active add-ons' })
  @ApiOkResponse({ type: PackageDto })
  @ApiProblems(404)
  get(@Param('slug') slug: string): Promise<PackageDto> {
    return this.catalog.get(slug);
  }
}
