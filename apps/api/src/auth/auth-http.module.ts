import { Module } from '@nestjs/common';
import { LimitsModule } from '../limits/limits.module';
import { AuthController } from './auth.controller';
import { LoginService } from './login.service';
import { PlatformAdminBootstrap } from './platform-admin.bootstrap';

/** Admin login (rate limited) and the platform admin that PLATFORM_ADMIN_EMAIL/PASSWORD make sure exists. */
@Module({ imports: [LimitsModule], controllers: [AuthController], providers: [LoginService, PlatformAdminBootstrap] })
export class AuthHttpModule {}
