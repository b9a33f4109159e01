import { parseArgs } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { DomainError, UserRole } from '@mais/domain';
import { TenantScope, TenantService, UserService } from '@mais/tenancy';

export class UsageError extends Error {}

export const USAGE = `Usage:
  npm run cli -- tenant create --name <name> --slug <slug> --commission <percent> [--currency usd] [--timezone UTC] [--stripe-account acct_…] [--json]
  npm run cli -- tenant rotate-keys --slug <slug> [--json]
  npm run cli -- user create --email <email> --password <password> --role PLATFORM_ADMIN|TENANT_ADMIN [--tenant <slug>] [--json]`;

type Output = { json: boolean; print: (text: string) => void };

/** Runs one operator command; returns the object printed with --json. */
export async function runCommand(app: INestApplicationContext, argv: string[], out: Output): Promise<Record<string, unknown>> {
  const [group, action, ...rest] = argv;
  const scope = app.get(TenantScope);
  const command = `${group ?? ''} ${action ?? ''}`.trim();
  return scope.runUnscoped(async () => {
    switch (command) {
      case 'tenant create': {
        const { values } = parse(rest, { name: {}, slug: {}, commission: {}, currency: {}, timezone: {}, 'stripe-account': {} });
        const { tenant, keys } = await app.get(TenantService).create({
          name: required(values, 'name'),
          slug: required(values, 'slug'),
          commissionPercent: required(values, 'commission'),
          currency: values.currency,
          timezone: values.timezone,
          stripeAccountId: values['stripe-account'],
        });
        const result = { tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug, commissionPercent: Number(tenant.commissionPercent) }, keys };
        out.print(`Created tenant ${tenant.slug} (${tenant.id})\n  public key: ${keys.publicKey}\n  secret key: ${keys.secretKey}  (shown once)`);
        return result;
      }
      case 'tenant rotate-keys': {
        const { values } = parse(rest, { slug: {} });
        const tenants = app.get(TenantService);
        const tenant = await tenants.findBySlug(required(values, 'slug'));
        if (!tenant) throw new DomainError('NOT_FOUND', `No tenant with slug '${values.slug}'`);
        const { keys } = await tenants.rotateKeys(tenant.id);
        out.print(
          `Rotated keys of ${tenant.slug}; the old keys no longer work\n  public key: ${keys.publicKey}\n  secret key: ${keys.secretKey}  (shown once)`,
        );
        return { tenant: { id: tenant.id, slug: tenant.slug }, keys };
      }
      case 'user create': {
        const { values } = parse(rest, { email: {}, password: {}, role: {}, tenant: {} });
        const role = required(values, 'role') as UserRole;
        if (!Object.values(UserRole).includes(role)) throw new UsageError(`--role must be one of ${Object.values(UserRole).join(', ')}`);
        let tenantId: string | undefined;
        if (values.tenant) {
          const tenant = await app.get(TenantService).findBySlug(values.tenant);
          if (!tenant) throw new DomainError('NOT_FOUND', `No tenant with slug '${values.tenant}'`);
          tenantId = tenant.id;
        }
        const user = await app.get(UserService).create({ email: required(values, 'email'), password: required(values, 'password'), role, tenantId });
        out.print(`Created ${user.role} ${user.email} (${user.id})`);
        return { user: { id: user.id, email: user.email, role: user.role, tenantId: tenantId ?? null } };
      }
      default:
        throw new UsageError(command ? `Unknown command: ${command}` : 'No command given');
    }
  });
}

function parse<K extends string>(args: string[], options: Record<K, object>) {
  try {
    const spec = Object.fromEntries(Object.keys(options).map((k) => [k, { type: 'string' as const }]));
    return parseArgs({ args, options: { ...spec, json: { type: 'boolean' } }, strict: true }) as unknown as {
      values: Partial<Record<K, string>> & { json?: boolean };
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required<K extends string>(values: Partial<Record<K, string>>, name: K): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}
