import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { ValidationError } from '@mais/domain';
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
      if (error instanceof ValidationError) {
        const why = error.details.errors?.map((e) => `${e.field} ${e.message}`).join('; ');
        throw new Error(`PLATFORM_ADMIN_EMAIL/PLATFORM_ADMIN_PASSWORD are not a valid login: ${why}`, { cause: error });
      }
      // Another API instance starting at the same moment created it first.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
}
