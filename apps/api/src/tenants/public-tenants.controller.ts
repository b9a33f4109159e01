import { ApiOkResponse, ApiOperation, ApiParam, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Controller, Get, Param } from '@nestjs/common';
import { DomainError } from '@mais/domain';
import { SLUG_PATTERN, TenantResolver } from '@mais/tenancy';
import { Auth } from '../auth/auth.decorators';
import { ApiProblems } from '../common/openapi';

export class PublicTenantDto {
  @ApiProperty({ example: 'bella' }) slug: string;
  @ApiProperty({ example: 'Bella Weddings' }) name: string;
  @ApiProperty({ example: 'pk_live_bella_0123456789abcdef0123456789abcdef', description: 'The X-Tenant-Key of the widget routes' }) publicKey: string;
  @ApiProperty({ example: 'usd' }) currency: string;
}

/** Who is behind a widget link: only what every widget page of the tenant already shows. */
@ApiTags('widget')
@Controller('v1/public/tenants')
@Auth('none')
export class PublicTenantsController {
  constructor(private readonly tenants: TenantResolver) {}

  @Get(':slug')
  @ApiOperation({
    operationId: 'resolveTenant',
    summary: "A business's public key and name by its slug (what `/widget?tenant=<slug>` does)",
    description: 'Only active businesses; an unknown or inactive slug is 404.',
  })
  @ApiParam({ name: 'slug', example: 'bella' })
  @ApiOkResponse({ type: PublicTenantDto })
  @ApiProblems(404)
  async get(@Param('slug') slug: string): Promise<PublicTenantDto> {
    const profile = SLUG_PATTERN.test(slug) ? await this.tenants.publicProfileBySlug(slug) : null;
    if (!profile) throw new DomainError('NOT_FOUND', 'No active business has this slug');
    return { slug: profile.slug, name: profile.name, publicKey: profile.publicKey, currency: profile.currency };
  }
}
