import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi';
import { Auth } from './auth.decorators';
import { LoginDto, LoginResponseDto } from './login.dto';
import { LoginService } from './login.service';

@ApiTags('admin: auth')
@Controller('v1/admin')
export class AuthController {
  constructor(private readonly login: LoginService) {}

  @Post('login')
  @HttpCode(200)
  @Auth('none')
  @ApiOperation({ summary: 'Log in as an admin; returns a JWT' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 401, 403, 429)
  async logIn(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResponseDto> {
    return this.login.login(body.email, body.password, ip);
  }
}
