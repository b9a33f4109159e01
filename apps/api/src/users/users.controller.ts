import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@mais/domain';
import { UserService } from '@mais/tenancy';
import { Auth } from '../auth/auth.decorators';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ApiProblems } from '../common/openapi';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateUserDto, UpdateUserDto, UserDto } from './user.dto';

@ApiTags('admin: users (platform)')
@Controller('v1/admin/users')
@Auth('platform-admin')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Get()
  @ApiOperation({ summary: 'List admin users' })
  @ApiOkResponse({ type: [UserDto] })
  async list(): Promise<UserDto[]> {
    return (await this.users.list()).map(UserDto.from);
  }

  @Post()
  @ApiOperation({ summary: 'Create an admin user (a TENANT_ADMIN needs tenantId)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 409)
  async create(@Body() body: CreateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.create(body));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a user's password, role, tenant or active flag" })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 404)
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return UserDto.from(await this.users.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user' })
  @ApiNoContentResponse()
  @ApiProblems(400, 404, 409)
  async remove(@Param('id', UuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    if (principal.kind === 'user' && principal.userId === id) throw new DomainError('CONFLICT', 'You cannot delete your own account');
    await this.users.delete(id);
  }
}
