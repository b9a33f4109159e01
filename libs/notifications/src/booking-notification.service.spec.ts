import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import { Booking, CurrentTenant, Customer, EmailSender, PermanentEmailError, Tenant, User, UserRole } from '@mais/domain';
import { ActorType, ConfigVersion, ConfigVersionStatus, PublishedConfigReader } from '@mais/config-versioning';
import { EmailDelivery, EmailDeliveryStatus } from './email-delivery.entity';
import { DatabaseModule } from '@mais/database';
import { SettingsModule } from '@mais/settings';
import { TenantScope } from '@mais/tenancy';
import { createTestSettings, FakePostmarkServer } from '@mais/testing';
import { BookingNotificationService, dedupeKeyOf } from './booking-notification.service';
import { PostmarkEmailSender } from './postmark-email.sender';

describe(BookingNotificationService.name, () => {
  let moduleRef: TestingModule;
  let postmark: FakePostmarkServer;
  let scope: TenantScope;
  let service: BookingNotificationService;
  let em: EntityManager;
  let tenantId: string;
  let otherTenantId: string;

  beforeAll(async () => {
    postmark = await FakePostmarkServer.start();
    const settings = await createTestSettings({ DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-notifications-')) });
    moduleRef = await Test.createTestingModule({
      imports: [SettingsModule.forRoot(settings), DatabaseModule.forRoot()],
      providers: [
        TenantScope,
        { provide: CurrentTenant, useExisting: TenantScope },
        BookingNotificationService,
        PublishedConfigReader,
        {
          provide: EmailSender,
          useValue: new PostmarkEmailSender({ serverToken: postmark.serverToken, fromEmail: 'bookings@mais.example', apiUrl: postmark.url }),
        },
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    scope = moduleRef.get(TenantScope);
    service = moduleRef.get(BookingNotificationService);
    em = moduleRef.get(EntityManager);
    [tenantId, otherTenantId] = await scope.runUnscoped(async () => {
      const make = (slug: string) =>
        em.create(Tenant, {
          name: `Studio ${slug}`,
          slug,
          publicKey: `pk_${slug}`,
          secretKeyHash: `h_${slug}`,
          secretKeyCiphertext: 'c',
          commissionPercent: '10.00',
        });
      const [mine, other] = [make('mine'), make('other')];
      const user = (email: string, role: UserRole, tenant: Tenant | null, isActive = true) =>
        em.create(User, { email, passwordHash: 'x', role, tenant, isActive });
      user('b-admin@mine.test', UserRole.TENANT_ADMIN, mine);
      user('a-admin@mine.test', UserRole.TENANT_ADMIN, mine);
      user('gone@mine.test', UserRole.TENANT_ADMIN, mine, false);
      user('root@mais.test', UserRole.PLATFORM_ADMIN, null);
      user('admin@other.test', UserRole.TENANT_ADMIN, other);
      await em.flush();
      return [mine.id, other.id];
    });
  });
  afterAll(async () => {
    await moduleRef?.close();
    await postmark?.stop();
  });
  beforeEach(() => postmark.reset());

  let day = 0;
  const booking = (email = `c${++day}@example.com`) =>
    scope.run(tenantId, async () => {
      const customer = em.create(Customer, { tenant: tenantId, email, name: 'Ada Lovelace' });
      const created = em.create(Booking, {
        tenant: tenantId,
        eventDate: `2028-01-${String(++day).padStart(2, '0')}`,
        customer,
        lineItems: [{ kind: 'PACKAGE', id: 'p', slug: 'classic', name: 'Classic', priceCents: 100_000 }],
        totalCents: 100_000,
        commissionCents: 10_000,
        commissionPercent: '10.00',
        currency: 'usd',
        checkoutSessionId: `cs_${randomBytes(8).toString('hex')}`,
      });
      await em.flush();
      return created.id;
    });
  const send = (bookingId: string, template: 'booking-confirmed' | 'booking-new-tenant' = 'booking-confirmed') =>
    scope.run(tenantId, () => service.send({ template, bookingId }));
  const deliveries = () => scope.run(tenantId, () => em.find(EmailDelivery, {}, { orderBy: { dedupeKey: 'asc' } }));

  it('sends the confirmation to the customer and records it under (template, booking, recipient)', async () => {
    const bookingId = await booking('ada@example.com');

    const result = await send(bookingId);

    expect(postmark.messages.map((m) => [m.To, m.Tag])).toEqual([['ada@example.com', 'booking-confirmed']]);
    const key = `booking-confirmed:booking-${bookingId}:ada@example.com`;
    expect(result.deliveries).toEqual([{ to: 'ada@example.com', dedupeKey: key, outcome: 'sent' }]);
    const row = (await deliveries()).find((d) => d.dedupeKey === key);
    expect(row).toMatchObject({
      status: EmailDeliveryStatus.SENT,
      template: 'booking-confirmed',
      toAddress: 'ada@example.com',
      providerMessageId: postmark.messages[0].MessageID,
    });
  });

  it('sends nothing when the same email is asked for again', async () => {
    const bookingId = await booking();
    await send(bookingId);

    const again = await send(bookingId);

    expect(postmark.messages).toHaveLength(1);
    expect(again.deliveries.map((d) => d.outcome)).toEqual(['already-recorded']);
  });

  it("sends once when two runs of the same email race (the second waits on the first one's record)", async () => {
    const bookingId = await booking();

    const results = await Promise.all([send(bookingId), send(bookingId), send(bookingId)]);

    expect(postmark.messages).toHaveLength(1);
    expect(results.map((r) => r.deliveries[0].outcome).sort()).toEqual(['already-recorded', 'already-recorded', 'sent']);
  });

  it("notifies each active admin of the booking's tenant, and no one else", async () => {
    const bookingId = await booking();

    await send(bookingId, 'booking-new-tenant');

    expect(postmark.messages.map((m) => m.To)).toEqual(['a-admin@mine.test', 'b-admin@mine.test']);
    expect(postmark.messages[0].TextBody).toContain('Your payout');
  });

  it("sends the couple's confirmation and the admins' notice in one run, each under its own template's key", async () => {
    const bookingId = await booking('grace@example.com');
    const both = () => scope.run(tenantId, () => service.send({ template: 'booking-confirmed', bookingId, withTenantNotice: true }));

    const result = await both();

    expect(postmark.messages.map((m) => [m.To, m.Tag])).toEqual([
      ['grace@example.com', 'booking-confirmed'],
      ['a-admin@mine.test', 'booking-new-tenant'],
      ['b-admin@mine.test', 'booking-new-tenant'],
    ]);
    expect(result.deliveries.map((d) => d.dedupeKey)).toEqual([
      `booking-confirmed:booking-${bookingId}:grace@example.com`,
      `booking-new-tenant:booking-${bookingId}:a-admin@mine.test`,
      `booking-new-tenant:booking-${bookingId}:b-admin@mine.test`,
    ]);
    expect((await deliveries()).filter((d) => d.dedupeKey.includes(bookingId)).map((d) => d.template)).toEqual([
      'booking-confirmed',
      'booking-new-tenant',
      'booking-new-tenant',
    ]);
    // The keys are those of the separate jobs: neither a retry nor an older separate notice job sends anything again.
    expect((await both()).deliveries.map((d) => d.outcome)).toEqual(['already-recorded', 'already-recorded', 'already-recorded']);
    expect((await send(bookingId, 'booking-new-tenant')).deliveries.map((d) => d.outcome)).toEqual(['already-recorded', 'already-recorded']);
    expect(postmark.messages).toHaveLength(3);
  });

  it('rolls back the record of a send that failed retryably, so the retry sends it', async () => {
    const bookingId = await booking();
    postmark.failNext(1, { status: 503 });

    const error = await send(bookingId).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentEmailError);
    expect((await deliveries()).filter((d) => d.dedupeKey.includes(bookingId))).toEqual([]);
    await send(bookingId);
    expect(postmark.messages).toHaveLength(1);
  });

  it('records a permanent refusal as FAILED, still serves the other recipients, then reports PermanentEmailError', async () => {
    const bookingId = await booking();
    postmark.failNext(1, { status: 422, errorCode: 406 }); // the first admin (a-admin) is an inactive recipient

    const error = await send(bookingId, 'booking-new-tenant').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentEmailError);
    expect(postmark.messages.map((m) => m.To)).toEqual(['b-admin@mine.test']);
    const rows = (await deliveries()).filter((d) => d.dedupeKey.includes(bookingId));
    expect(rows.map((d) => [d.toAddress, d.status])).toEqual([
      ['a-admin@mine.test', EmailDeliveryStatus.FAILED],
      ['b-admin@mine.test', EmailDeliveryStatus.SENT],
    ]);
    expect(rows[0].error).toContain('Postmark code 406');
    // Asked again: neither the refused nor the sent one goes out again.
    await send(bookingId, 'booking-new-tenant');
    expect(postmark.requests).toHaveLength(2);
  });

  it('keeps the neutral look when nothing is published (not the widget defaults)', async () => {
    await send(await booking());

    expect(postmark.messages[0].HtmlBody).not.toContain('#7b2cbf');
  });

  it("brands the email with the tenant's published config, as the config reader validates it", async () => {
    await scope.run(tenantId, async () => {
      em.create(ConfigVersion, {
        tenant: tenantId,
        version: 1,
        status: ConfigVersionStatus.PUBLISHED,
        // An older document without every branding field: the reader fills the defaults in.
        config: { schemaVersion: 1, branding: { primaryColor: '#0a7d4f', logoUrl: 'https://cdn.example/logo.png' } },
        createdByType: ActorType.SYSTEM,
      });
      await em.flush();
    });
    const bookingId = await booking();

    await send(bookingId);

    expect(postmark.messages[0].HtmlBody).toContain('#0a7d4f');
    expect(postmark.messages[0].HtmlBody).toContain('https://cdn.example/logo.png');
    expect(postmark.messages[0].HtmlBody).toContain('#ffffff'); // the default secondary color
  });

  it("does not find another tenant's booking", async () => {
    const bookingId = await booking();

    await expect(scope.run(otherTenantId, () => service.send({ template: 'booking-confirmed', bookingId }))).rejects.toThrow(/not found/);
    expect(postmark.messages).toHaveLength(0);
  });

  it('keeps dedupe keys within the column, hashing an address too long for it', () => {
    const long = `${'x'.repeat(200)}@example.com`;
    const key = dedupeKeyOf('booking-new-tenant', 'booking-7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f', long);
    expect(key).toMatch(/^booking-new-tenant:booking-7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f:sha256-[0-9a-f]{64}$/);
    expect(key.length).toBeLessThanOrEqual(255);
    expect(dedupeKeyOf('booking-confirmed', 'booking-1', 'Ada@Example.com')).toBe('booking-confirmed:booking-1:ada@example.com');
  });
});
