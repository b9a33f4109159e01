import { Injectable } from '@nestjs/common';
import { AgentProposalService, type ConfigDocument, ConfigVersionService } from '@mais/config-versioning';
import { CurrentTenant, DomainError, UserRole, ValidationError } from '@mais/domain';
import { bearerToken } from '../auth/credentials';
import { AdminJwtStrategy } from '../auth/strategies/admin-jwt.strategy';
import { SecretKeyStrategy } from '../auth/strategies/secret-key.strategy';

/**
 * GET /v1/config?versionId= shows unpublished versions, so besides the widget key it needs a
 * credential for the same tenant in Authorization: its secret key, an admin JWT of its tenant admin,
 * or a platform admin's JWT. Anything else is 401, whatever the version. The credentials are checked by the
 * agent's and the admins' strategies; only the rule "of this tenant" is this route's own.
 */
@Injectable()
export class ConfigPreviewAccess {
  constructor(
    private readonly currentTenant: CurrentTenant,
    private readonly secretKey: SecretKeyStrategy,
    private readonly adminJwt: AdminJwtStrategy,
    private readonly versions: ConfigVersionService,
    private readonly proposals: AgentProposalService,
  ) {}

  /**
   * The config an admin previews (`versionId`: a version, a draft usually; `proposalId`: what a pending agent
   * proposal would make), after checking Authorization; null when the request previews nothing.
   */
  async previewedConfig(query: { versionId?: string; proposalId?: string }, authorization: string | undefined): Promise<ConfigDocument | null> {
    if (!query.versionId && !query.proposalId) return null;
    if (query.versionId && query.proposalId) {
      throw new ValidationError('Preview one thing at a time', [{ field: 'proposalId', message: 'cannot be given with versionId' }]);
    }
    await this.assertAllowed(authorization);
    if (query.proposalId) return this.proposals.resultConfig(query.proposalId);
    return this.versions.configOf(await this.versions.get(query.versionId!));
  }

  async assertAllowed(authorization: string | undefined): Promise<void> {
    const token = bearerToken(authorization);
    if (!token) throw unauthenticated("Previewing a version needs the tenant's admin token or secret key (Authorization: Bearer …)");
    const tenantId = this.currentTenant.tenantId;

    if (token.startsWith('sk_live_')) {
      const tenant = await this.secretKey.tenantOf(token);
      if (tenant.id !== tenantId) throw unauthenticated("The secret key is not this tenant's");
      return;
    }
    const user = await this.adminJwt.userOf(token);
    if (user.role === UserRole.PLATFORM_ADMIN || user.tenantId === tenantId) return;
    throw unauthenticated("The admin token is not for this tenant's admin");
  }
}

function unauthenticated(message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
}
