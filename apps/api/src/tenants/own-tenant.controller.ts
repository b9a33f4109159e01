import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant } from '@mais/domain';
import { TenantService } from '@mais/tenancy';
import { ApiProblems } from '../common/openapi';
import { Auth } from '../auth/auth.decorators';
import { RotatedKeysDto, TenantDto } from './tenant.dto';

/** The admin's own business: what the console shows in its settings and needs for the widget preview. */
@ApiTags('admin: tenant')
@Controller('v1/admin/tenant')
@Auth('tenant-admin')
export class OwnTenantController {
  constructor(
    private readonly currentTenant: CurrentTenant,
    private readonly tenants: TenantService,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getOwnTenant',
    summary: "The admin's own business (a platform admin's: the one X-Tenant-Id names): name, slug, public key, currency, time zone",
  })
  @ApiOkResponse({ type: TenantDto })
  async get(): Promise<TenantDto> {
    return TenantDto.from(await this.currentTenant.tenant());
  }

  @Post('rotate-keys')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateOwnKeys',
    summary: "New public and secret keys for the admin's own business; the old ones stop working at once",
    description:
      'The secret key is shown in this answer only. Every widget embed keeps working (it names the business by slug); agents need the new secret key.',
  })
  @ApiOkResponse({ type: RotatedKeysDto })
  @ApiProblems(400)
  async rotateKeys(): Promise<RotatedKeysDto> {
    const { keys } = await this.tenants.rotateKeys(this.currentTenant.tenantId);
    return { keys };
  }
}
