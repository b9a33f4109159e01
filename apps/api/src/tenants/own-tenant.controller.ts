import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant } from '@mais/domain';
import { Auth } from '../auth/auth.decorators';
import { TenantDto } from './tenant.dto';

/** The admin's own business: what the console shows in its settings and needs for the widget preview. */
@ApiTags('admin: tenant')
@Controller('v1/admin/tenant')
@Auth('tenant-admin')
export class OwnTenantController {
  constructor(private readonly currentTenant: CurrentTenant) {}

  @Get()
  @ApiOperation({
    operationId: 'getOwnTenant',
    summary: "The admin's own business (a platform admin's: the one X-Tenant-Id names): name, slug, public key, currency, time zone",
  })
  @ApiOkResponse({ type: TenantDto })
  async get(): Promise<TenantDto> {
    return TenantDto.from(await this.currentTenant.tenant());
  }
}
