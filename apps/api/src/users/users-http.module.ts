import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';

/** The platform admins' routes of admin users. */
@Module({ controllers: [UsersController] })
export class UsersHttpModule {}
