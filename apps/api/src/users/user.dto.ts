import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CREDENTIAL_RULES } from '@mais/tenancy';
import { User, UserRole } from '@mais/domain';

export class CreateUserDto {
  @ApiProperty({ example: 'owner@bella.test' })
  @IsEmail()
  @MaxLength(CREDENTIAL_RULES.emailMaxLength)
  email: string;

  @ApiProperty({ minLength: CREDENTIAL_RULES.passwordMinLength, format: 'password' })
  @IsString()
  @MinLength(CREDENTIAL_RULES.passwordMinLength)
  @MaxLength(CREDENTIAL_RULES.passwordMaxLength)
  password: string;

  @ApiProperty({ enum: UserRole })
  @IsEnum(UserRole)
  role: UserRole;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Required for TENANT_ADMIN' })
  @IsOptional()
  @IsUUID()
  tenantId?: string | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: CREDENTIAL_RULES.passwordMinLength, format: 'password' })
  @IsOptional()
  @IsString()
  @MinLength(CREDENTIAL_RULES.passwordMinLength)
  @MaxLength(CREDENTIAL_RULES.passwordMaxLength)
  password?: string;

  @ApiPropertyOptional({ enum: UserRole })
  @IsOptional()
  @IsEnum(UserRole)
  role?: UserRole;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  tenantId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: UserRole }) role: UserRole;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) tenantId: string | null;
  @ApiProperty() isActive: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastLoginAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      tenantId: user.tenant?.id ?? null,
      isActive: user.isActive,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}
