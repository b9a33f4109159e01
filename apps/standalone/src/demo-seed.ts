import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CatalogService, Tenant, UserRole } from '@mais/domain';
import { Settings } from '@mais/settings';
import { TenantScope, TenantService, UserService } from '@mais/tenancy';

export interface DemoAccess {
  tenantSlug: string;
  publicKey: string;
  secretKey: string;
  adminEmail: string;
  adminPassword: string | null;
}

const DEMO_SLUG = 'demo';
const DEMO_ADMIN = 'admin@demo.mais.local';

const PACKAGES = [
  {
    slug: 'essentials',
    name: 'Essentials',
    tier: 'silver',
    basePriceCents: 150000,
    description: 'Ceremony coverage, 4 hours, 300 edited photos.',
    addOns: [
      { slug: 'second-shooter', name: 'Second photographer', priceCents: 45000 },
      { slug: 'album', name: 'Printed album', priceCents: 30000 },
    ],
  },
  {
    slug: 'classic',
    name: 'Classic',
    tier: 'gold',
    basePriceCents: 280000,
    description: 'Ceremony and reception, 8 hours, engagement shoot.',
    addOns: [
      { slug: 'drone', name: 'Drone footage', priceCents: 35000 },
      { slug: 'album', name: 'Printed album', priceCents: 30000 },
      { slug: 'cake', name: 'Wedding cake', priceCents: 20000 },
    ],
  },
  {
    slug: 'signature',
    name: 'Signature',
    tier: 'platinum',
    basePriceCents: 495000,
    description: 'Full day, two photographers, film and album included.',
    addOns: [
      { slug: 'rehearsal', name: 'Rehearsal dinner coverage', priceCents: 60000 },
      { slug: 'same-day-edit', name: 'Same-day edit film', priceCents: 90000 },
    ],
  },
];

/**
 * On an empty database, a demo tenant with packages and a demo tenant admin; on later starts, the same
 * access again. Development only: this prints the demo tenant's secret key, which production never does.
 */
export async function seedDemo(app: INestApplicationContext): Promise<DemoAccess> {
  const settings = app.get(Settings);
  const scope = app.get(TenantScope);
  const tenants = app.get(TenantService);
  const credentialsFile = join(settings.dataDir, 'demo-credentials.json');

  return scope.runUnscoped(async () => {
    const em = app.get(EntityManager);
    const existing = await tenants.findBySlug(DEMO_SLUG);
    if (existing || (await em.count(Tenant, {})) > 0) {
      const demo = existing;
      const saved = existsSync(credentialsFile) ? (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { adminPassword?: string }) : {};
      return {
        tenantSlug: demo?.slug ?? '(none)',
        publicKey: demo?.publicKey ?? '',
        secretKey: demo ? tenants.revealSecretKey(demo) : '',
        adminEmail: DEMO_ADMIN,
        adminPassword: saved.adminPassword ?? null,
      };
    }

    const { tenant, keys } = await tenants.create({ name: 'Demo Weddings', slug: DEMO_SLUG, commissionPercent: 12.5, timezone: 'UTC' });
    await scope.run(tenant.id, async () => {
      const catalog = app.get(CatalogService);
      for (const { addOns, ...pkg } of PACKAGES) {
        const created = await catalog.createPackage(pkg);
        for (const addOn of addOns) await catalog.addAddOn(created.id, { ...addOn, description: '' });
      }
    });
    const adminPassword = `demo-${randomBytes(6).toString('base64url')}`;
    await app.get(UserService).create({ email: DEMO_ADMIN, password: adminPassword, role: UserRole.TENANT_ADMIN, tenantId: tenant.id });
    mkdirSync(settings.dataDir, { recursive: true });
    writeFileSync(credentialsFile, JSON.stringify({ adminEmail: DEMO_ADMIN, adminPassword }, null, 2) + '\n', { mode: 0o600 });
    return { tenantSlug: tenant.slug, ...keys, adminEmail: DEMO_ADMIN, adminPassword };
  });
}
