import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsNumber, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { Tenant } from '@mais/domain';

export class CreateTenantDto {
  @ApiProperty({ example: 'Bella Weddings' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ example: 'bella-weddings', description: 'lower-case letters, digits, inner hyphens; part of the keys' })
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: 'slug must be lower-case letters, digits and inner hyphens (max 63)' })
  slug: string;

  @ApiProperty({ example: 12.5, description: 'Platform commission, 0–100 with at most two decimals' })
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  commissionPercent: number;

  @ApiPropertyOptional({ example: 'acct_1Nv0FGQ9RKHgCVdK', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @Matches(/^acct_[A-Za-z0-9]+$/, { message: 'stripeAccountId must look like acct_…' })
  stripeAccountId?: string | null;

  @ApiPropertyOptional({ example: 'usd', description: 'ISO 4217, lower case' })
  @IsOptional()
  @Matches(/^[a-z]{3}$/, { message: 'currency must be a lower-case ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({ example: 'America/New_York', description: 'IANA time zone: decides the tenant\'s "today"' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateTenantDto extends PartialType(CreateTenantDto) {}

export class TenantDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() slug: string;
  @ApiProperty({ example: 12.5 }) commissionPercent: number;
  @ApiProperty({ nullable: true, type: String }) stripeAccountId: string | null;
  @ApiProperty({ example: 'usd' }) currency: string;
  @ApiProperty({ example: 'UTC' }) timezone: string;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ description: 'The public widget key (safe to embed)' }) publicKey: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(tenant: Tenant): TenantDto {
    return {
      id: tenant.id,
      name: tenant.name,
      slug: tenant.slug,
      commissionPercent: Number(tenant.commissionPercent),
      stripeAccountId: tenant.stripeAccountId,
      currency: tenant.currency,
      timezone: tenant.timezone,
      isActive: tenant.isActive,
      publicKey: tenant.publicKey,
      createdAt: tenant.createdAt.toISOString(),
      updatedAt: tenant.updatedAt.toISOString(),
    };
  }
}

export class TenantKeysDto {
  @ApiProperty({ example: 'pk_live_bella-weddings_0123456789abcdefABCDEF0123456789' }) publicKey: string;
  @ApiProperty({ example: 'sk_live_bella-weddings_0123456789abcdefABCDEF0123456789', description: 'Shown only now' }) secretKey: string;
}

export class CreatedTenantDto {
  @ApiProperty({ type: TenantDto }) tenant: TenantDto;
  @ApiProperty({ type: TenantKeysDto }) keys: TenantKeysDto;
}

export class RotatedKeysDto {
  @ApiProperty({ type: TenantKeysDto }) keys: TenantKeysDto;
}
