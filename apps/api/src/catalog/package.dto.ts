import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { AddOn, Package } from '@mais/domain';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
const MAX_CENTS = 100_000_000_00; // $100M: far above any event package, far below integer limits

/** The fields packages and add-ons share, declared once: validation and documentation together. */
const CatalogField = {
  slug: (example: string) =>
    applyDecorators(ApiProperty({ example }), Matches(SLUG, { message: 'slug must be lower-case letters, digits and inner hyphens (max 80)' })),
  name: (example: string) => applyDecorators(ApiProperty({ example }), IsString(), Length(1, 200)),
  description: (example: string) => applyDecorators(ApiPropertyOptional({ example }), IsOptional(), IsString(), MaxLength(5000)),
  cents: (example: number) => applyDecorators(ApiProperty({ example, description: 'Integer cents' }), IsInt(), Min(0), Max(MAX_CENTS)),
  photoUrl: (example?: string) =>
    applyDecorators(
      ApiPropertyOptional({ example, nullable: true, type: String }),
      IsOptional(),
      ValidateIf((_, v) => v !== null),
      IsUrl({ protocols: ['https', 'http'], require_protocol: true }),
      MaxLength(2048),
    ),
  active: () => applyDecorators(ApiPropertyOptional({ default: true }), IsOptional(), IsBoolean()),
};

export class CreatePackageDto {
  @CatalogField.slug('classic') slug: string;
  @CatalogField.name('Classic Wedding') name: string;
  @CatalogField.description('Ceremony and reception, 8 hours') description?: string;
  @CatalogField.cents(250000) basePriceCents: number;

  @ApiPropertyOptional({ example: 'gold', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 40)
  tier?: string | null;

  @CatalogField.photoUrl('https://images.example.com/classic.jpg') photoUrl?: string | null;
  @CatalogField.active() active?: boolean;
}

export class UpdatePackageDto extends PartialType(CreatePackageDto) {}

export class CreateAddOnDto {
  @CatalogField.slug('cake') slug: string;
  @CatalogField.name('Wedding cake') name: string;
  @CatalogField.description('Three tiers') description?: string;
  @CatalogField.cents(20000) priceCents: number;
  @CatalogField.photoUrl() photoUrl?: string | null;
  @CatalogField.active() active?: boolean;
}

export class UpdateAddOnDto extends PartialType(CreateAddOnDto) {}

export class AddOnDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Integer cents' }) priceCents: number;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiPropertyOptional({ description: 'Admin views only' }) active?: boolean;

  static from(addOn: AddOn, admin = false): AddOnDto {
    const dto: AddOnDto = {
      id: addOn.id,
      slug: addOn.slug,
      name: addOn.name,
      description: addOn.description,
      priceCents: addOn.priceCents,
      photoUrl: addOn.photoUrl,
    };
    if (admin) dto.active = addOn.active;
    return dto;
  }
}

/** A package as the widget sees it. */
export class PackageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Integer cents' }) basePriceCents: number;
  @ApiProperty({ example: 'usd' }) currency: string;
  @ApiProperty({ nullable: true, type: String }) tier: string | null;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiProperty({ description: 'Highlighted by the published config' }) featured: boolean;
  @ApiProperty({ type: [AddOnDto] }) addOns: AddOnDto[];
}

/** A package as its admin sees it: inactive add-ons included, with flags and timestamps. */
export class AdminPackageDto extends PackageDto {
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(pkg: Package, currency: string): AdminPackageDto {
    return {
      id: pkg.id,
      slug: pkg.slug,
      name: pkg.name,
      description: pkg.description,
      basePriceCents: pkg.basePriceCents,
      currency,
      tier: pkg.tier,
      photoUrl: pkg.photoUrl,
      featured: false,
      active: pkg.active,
      addOns: pkg.addOns.isInitialized() ? pkg.addOns.getItems().map((a) => AddOnDto.from(a, true)) : [],
      createdAt: pkg.createdAt.toISOString(),
      updatedAt: pkg.updatedAt.toISOString(),
    };
  }
}

export const PACKAGE_SORTS = ['display', 'price_asc', 'price_desc', 'name'] as const;
export type PackageSort = (typeof PACKAGE_SORTS)[number];

export class PackageQueryDto {
  @ApiPropertyOptional({ description: 'Text in name or description' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 'gold' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tier?: string;

  @ApiPropertyOptional({ description: 'Integer cents' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPriceCents?: number;

  @ApiPropertyOptional({ description: 'Integer cents' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  maxPriceCents?: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "A config version to show the catalog as (a draft, for preview): Authorization must then carry the tenant's admin JWT (or a " +
      "platform admin's) or its secret key, as for GET /v1/config; never cached",
  })
  @IsOptional()
  @IsUUID()
  versionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The catalog as a pending agent proposal would show it; the same Authorization rule as versionId' })
  @IsOptional()
  @IsUUID()
  proposalId?: string;

  @ApiPropertyOptional({ enum: PACKAGE_SORTS, default: 'display' })
  @IsOptional()
  @IsIn(PACKAGE_SORTS)
  sort?: PackageSort;
}
