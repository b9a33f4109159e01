import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TenantService } from '@mais/tenancy';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { CreatedTenantDto, CreateTenantDto, RotatedKeysDto, TenantDto, UpdateTenantDto } from './tenant.dto';

@ApiTags('admin: tenants (platform)')
@Controller('v1/admin/tenants')
@Auth('platform-admin')
export class TenantsController {
  constructor(private readonly tenants: TenantService) {}

  @Get()
  @ApiOperation({ summary: 'List tenants' })
  @ApiOkResponse({ type: [TenantDto] })
  async list(): Promise<TenantDto[]> {
    return (await this.tenants.list()).map(TenantDto.from);
  }

  @Post()
  @ApiOperation({ summary: 'Create a tenant; the response is the only time its secret key is shown' })
  @ApiCreatedResponse({ type: CreatedTenantDto })
  @ApiProblems(400, 409)
  async create(@Body() body: CreateTenantDto): Promise<CreatedTenantDto> {
    const { tenant, keys } = await this.tenants.create(body);
    return { tenant: TenantDto.from(tenant), keys };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a tenant' })
  @ApiOkResponse({ type: TenantDto })
  @ApiProblems(400, 404)
  async get(@Param('id', UuidPipe) id: string): Promise<TenantDto> {
    return TenantDto.from(await this.tenants.get(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Update a tenant (deactivate with isActive: false)' })
  @ApiOkResponse({ type: TenantDto })
  @ApiProblems(400, 404, 409)
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateTenantDto): Promise<TenantDto> {
    return TenantDto.from(await this.tenants.update(id, body));
  }

  @Post(':id/rotate-keys')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue new public and secret keys; the old ones stop working at once' })
  @ApiOkResponse({ type: RotatedKeysDto })
  @ApiProblems(400, 404)
  async rotateKeys(@Param('id', UuidPipe) id: string): Promise<RotatedKeysDto> {
    const { keys } = await this.tenants.rotateKeys(id);
    return { keys };
  }
}
