import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { CREDENTIAL_RULES } from '@mais/tenancy';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.test' })
  @IsEmail()
  @MaxLength(CREDENTIAL_RULES.emailMaxLength)
  email: string;

  @ApiProperty({ example: 'demo-password-2026', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(CREDENTIAL_RULES.passwordMaxLength)
  password: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Admin JWT for Authorization: Bearer' }) token: string;
  @ApiProperty({ example: 28800, description: 'Seconds until the token expires' }) expiresIn: number;
}
