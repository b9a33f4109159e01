import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Settings } from '@mais/settings';
import { TenantScope, UserService } from '@mais/tenancy';

/** PLATFORM_ADMIN_EMAIL/PASSWORD, when set, make sure that platform admin exists at every start. */
@Injectable()
export class PlatformAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('PlatformAdmin');

  constructor(
    private readonly settings: Settings,
    private readonly users: UserService,
    private readonly scope: TenantScope,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { platformAdminEmail: email, platformAdminPassword: password } = this.settings;
    if (!email || !password) return;
    try {
      await this.scope.runUnscoped(() => this.users.ensurePlatformAdmin(email, password));
      this.logger.log(`Platform admin ${email} is in place`);
    } catch (error) {
      // Another API instance starting at the same moment created it first.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
}
