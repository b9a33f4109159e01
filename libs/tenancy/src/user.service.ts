import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { ConflictError, NotFoundError, Tenant, User, UserRole, ValidationError } from '@mais/domain';
import { assertCredentials } from './credential-rules';
import { PasswordHasher } from './password-hasher';

export interface UserInput {
  email: string;
  password: string;
  role: UserRole;
  tenantId?: string | null;
}

export interface UserChanges {
  password?: string;
  role?: UserRole;
  tenantId?: string | null;
  isActive?: boolean;
}

/** Admin users (platform-level rows). */
@Injectable()
export class UserService {
  constructor(private readonly em: EntityManager) {}

  list(): Promise<User[]> {
    return this.em.find(User, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async get(id: string): Promise<User> {
    const user = await this.em.findOne(User, { id });
    if (!user) throw new NotFoundError('User');
    return user;
  }

  findActiveById(id: string): Promise<User | null> {
    return this.em.findOne(User, { id, isActive: true });
  }

  findByEmail(email: string): Promise<User | null> {
    // With its tenant, whose deactivation also ends its admins' logins.
    return this.em.findOne(User, { email: normaliseEmail(email) }, { populate: ['tenant'] });
  }

  async create(input: UserInput): Promise<User> {
    assertCredentials({ email: input.email, password: input.password });
    const tenant = await this.tenantFor(input.role, input.tenantId ?? null);
    const user = this.em.create(User, {
      email: normaliseEmail(input.email),
      passwordHash: await PasswordHasher.hash(input.password),
      role: input.role,
      tenant,
    });
    try {
      await this.em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        this.em.clear();
        throw new ConflictError(`A user with email '${user.email}' already exists`);
      }
      throw error;
    }
    return user;
  }

  async update(id: string, changes: UserChanges): Promise<User> {
    assertCredentials({ password: changes.password });
    const user = await this.get(id);
    const role = changes.role ?? user.role;
    const tenantId = changes.tenantId !== undefined ? changes.tenantId : (user.tenant?.id ?? null);
    user.role = role;
    user.tenant = await this.tenantFor(role, tenantId);
    if (changes.password !== undefined) user.passwordHash = await PasswordHasher.hash(changes.password);
    if (changes.isActive !== undefined) user.isActive = changes.isActive;
    await this.em.flush();
    return user;
  }

  async recordLogin(user: User): Promise<void> {
    user.lastLoginAt = new Date();
    await this.em.flush();
  }

  async delete(id: string): Promise<void> {
    const user = await this.get(id);
    this.em.remove(user);
    await this.em.flush();
  }

  /** Makes sure a platform admin with this email exists and has this password (PLATFORM_ADMIN_EMAIL/PASSWORD). */
  async ensurePlatformAdmin(email: string, password: string): Promise<User> {
    assertCredentials({ email, password });
    const existing = await this.findByEmail(email);
    if (!existing) return this.create({ email, password, role: UserRole.PLATFORM_ADMIN });
    existing.role = UserRole.PLATFORM_ADMIN;
    existing.tenant = null;
    existing.isActive = true;
    if (!(await PasswordHasher.verify(existing.passwordHash, password))) existing.passwordHash = await PasswordHasher.hash(password);
    await this.em.flush();
    return existing;
  }

  private async tenantFor(role: UserRole, tenantId: string | null): Promise<Tenant | null> {
    if (role === UserRole.PLATFORM_ADMIN) {
      if (tenantId) throw new ValidationError('Invalid user', [{ field: 'tenantId', message: 'a platform admin has no tenant' }]);
      return null;
    }
    if (!tenantId) throw new ValidationError('Invalid user', [{ field: 'tenantId', message: 'a TENANT_ADMIN needs a tenant' }]);
    const tenant = await this.em.findOne(Tenant, { id: tenantId });
    if (!tenant) throw new ValidationError('Invalid user', [{ field: 'tenantId', message: 'no such tenant' }]);
    return tenant;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
