/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { addDays, todayIn, UserRole } from '@mais/domain';
import { describeWithBrowser, freePort, launchBrowser, WebhookReceiver } from '@mais/testing';
import { createAgentClient } from '../../../clients/agent';
import { createTestApp, seedUser, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import { checkoutBody, createBookingTenant, eventually, postCheckout, sql, type BookingTenant } from '../../api/test/support/booking-fixtures';
import { seedBooking } from '../../worker/test/support/worker-test-helpers';

/**
 * Issue 13: the admin console in a real browser (Debian's Chromium through playwright-core), against the API
 * with the worker and simulated payments. CONSOLE_SCREENSHOTS=1 also writes docs/console/*.png.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS === '1' ? join(__dirname, '../../../docs/console') : null;
const PASSWORD = 'Admin-Pass-2026!';
jest.setTimeout(60_000);

describeWithBrowser('the admin console in a browser', () => {
  let t: TestApp;
  let api: string;
  let tenant: BookingTenant;
  let other: BookingTenant;
  let browser: Browser;
  let context: BrowserContext;
  const platform = { email: 'ops-console@example.test', password: 'Ops-Console-Pass-2026!' };

  beforeAll(async () => {
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    t = await createTestApp({ worker: WorkerModule, env: { PORT: String(port), PUBLIC_URL: api } });
    await t.app.listen({ port, host: '127.0.0.1' });
    tenant = await createBookingTenant(t, 'console');
    other = await createBookingTenant(t, 'console-other');
    await seedUser(t, platform.email, platform.password, UserRole.PLATFORM_ADMIN);
    browser = await launchBrowser();
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
  });
  afterEach(async () => {
    await context?.close();
  });

  async function signIn(page: Page, email = `admin-${tenant.slug}@example.test`, password = PASSWORD): Promise<void> {
    await page.goto(`${api}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function expectAccessible(frame: Frame, screen: string): Promise<void> {
    await frame.evaluate(AXE_SOURCE);
    const violations = await frame.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
      return (await axe.run(document)).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect({ screen, violations }).toEqual({ screen, violations: [] });
    if (SCREENSHOTS && frame === frame.page().mainFrame()) {
      const width = frame.page().viewportSize()?.width ?? 1280;
      await frame.page().screenshot({ path: join(SCREENSHOTS, `${screen.replace(/[^a-z0-9]+/gi, '-')}-${width}.png`), fullPage: true });
    }
  }

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const primaryOf = (frame: Frame) => frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mais-primary').trim());

  it('signs in, says when the password is wrong, and sends an ended session back to sign-in saying so', async () => {
    const page = await context.newPage();
    await signIn(page, `admin-${tenant.slug}@example.test`, 'not-the-password');
    await page.getByRole('alert').getByText('The email or password is not right.').waitFor();
    await expectAccessible(page.mainFrame(), 'sign-in');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Bookings');
    // The token is in session storage only, never in the address bar.
    expect(page.url()).not.toMatch(/eyJ/);

    // The server stops accepting the token (here: a forged one): the console goes back to sign-in and says why.
    await page.evaluate(() => {
      const session = JSON.parse(sessionStorage.getItem('mais-console-session')!);
      sessionStorage.setItem('mais-console-session', JSON.stringify({ ...session, token: `${session.token}x` }));
    });
    await page.reload();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
  });

  it('lists, filters, shows and cancels a booking with a refund; the detail says what was refunded', async () => {
    // Paid through the simulated payment page, so there is a payment to refund.
    const eventDate = addDays(todayIn('UTC'), 90);
    const checkout = await postCheckout(t, tenant, checkoutBody(eventDate, { customer: { email: 'cleo@example.com', name: 'Cleo Park' } }));
    await t.app.inject({ method: 'POST', url: `/v1/dev/checkout/${checkout.json().sessionId}/complete`, headers: { accept: 'application/json' } });
    const bookingId = await eventually(
      async () => (await sql<{ id: string }>(t, `select id from bookings where checkout_session_id = ?`, [checkout.json().sessionId]))[0]?.id,
      'the booking',
    );
    await seedBooking(t, tenant.id, { eventDate: addDays(eventDate, 1), email: 'dan@example.com', name: 'Dan Wu' });
    const page = await context.newPage();
    await signIn(page);
    await heading(page, 'Bookings');
    await page.getByLabel('Customer').fill('cleo');
    await page.getByRole('button', { name: 'Filter' }).click();
    // The unfiltered list shows both at first: the filter has applied once the other customer is gone.
    await page.getByText('Dan Wu').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: eventDate }).waitFor();
    await expectAccessible(page.mainFrame(), 'bookings');

    await page.getByRole('link', { name: eventDate }).click();
    await heading(page, `Booking for ${eventDate}`);
    await expectAccessible(page.mainFrame(), 'booking');
    await page.getByRole('button', { name: 'Cancel booking…' }).click();
    await page.getByText('The date becomes available again in the widget.').waitFor();
    await page.getByRole('button', { name: 'Cancel and refund' }).click();
    await page.getByText('Cancelled and refunded: $100.01 goes back to the customer.').waitFor();
    const [row] = await sql<{ status: string }>(t, `select status from bookings where id = ?`, [bookingId]);
    expect(row.status).toBe('REFUNDED');
  });

  it('creates a package (price typed in the currency, stored in cents) that the widget then offers', async () => {
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Catalog' }).click();
    await heading(page, 'Catalog');
    await page.getByRole('button', { name: 'New package' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Garden Party');
    await page.getByLabel('Price (USD)').fill('1,234.5x');
    await page.getByRole('button', { name: 'Create package' }).click();
    await page.getByText('Enter an amount like 1,250.00 in USD.').waitFor();
    await page.getByLabel('Price (USD)').fill('1,234.50');
    await expectAccessible(page.mainFrame(), 'catalog');
    await page.getByRole('button', { name: 'Create package' }).click();
    await page.getByText('Created Garden Party: it is in the widget now.').waitFor();
    const [row] = await sql<{ base_price_cents: number; slug: string }>(
      t,
      `select base_price_cents, slug from packages where tenant_id = ? and name = 'Garden Party'`,
      [tenant.id],
    );
    expect(row).toEqual({ base_price_cents: 123450, slug: 'garden-party' });

    const widget = await context.newPage();
    await widget.goto(`${api}/widget?tenant=${tenant.slug}`);
    await widget.getByRole('button', { name: /Garden Party.*\$1,234\.50/ }).waitFor();
  });

  it('blacks out a day that the widget then shows unavailable', async () => {
    const day = addDays(todayIn('UTC'), 45);
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Availability' }).click();
    await heading(page, 'Availability');
    await page.getByLabel('First day').fill(day);
    await page.getByLabel('Reason').fill('Family wedding');
    await page.getByRole('button', { name: 'Black out' }).click();
    await page.getByText(`${day} is blacked out.`).waitFor();
    await expectAccessible(page.mainFrame(), 'availability');

    const widget = await context.newPage();
    await widget.goto(`${api}/widget?tenant=${tenant.slug}&package=classic&date=${day}`);
    await widget.getByRole('button', { name: 'Continue' }).click();
    const cell = widget.locator(`[data-date="${day}"]`);
    // While the month's availability loads every day is disabled ("loading"): wait for it, then read the day.
    await widget.locator('table[aria-busy="true"]').waitFor({ state: 'detached' });
    await eventually(async () => cell.isDisabled(), 'the blacked-out day disabled in the widget');
    expect(await cell.getAttribute('aria-label')).toContain('unavailable');
  });

  it('edits the branding in a draft, shows it in the preview only, then publishes it to the live widget', async () => {
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Widget' }).click();
    await heading(page, 'Widget');
    await page.getByRole('button', { name: 'Start a draft' }).click();
    await page.getByLabel('Main colour').fill('#0b6e4f');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText(/saved; the preview shows it/).waitFor();
    const preview = (await (await page.waitForSelector('iframe[title="Preview of the draft"]')).contentFrame())!;
    await eventually(async () => (await primaryOf(preview)) === '#0b6e4f', 'the draft colour in the preview');
    await expectAccessible(page.mainFrame(), 'widget');

    const live = await context.newPage();
    await live.goto(`${api}/widget?tenant=${tenant.slug}`);
    expect(await primaryOf(live.mainFrame())).toBe('#7b2cbf');

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(/is published: the live widget shows it now/).waitFor();
    await live.reload();
    expect(await primaryOf(live.mainFrame())).toBe('#0b6e4f');
  });

  it("approves an agent's proposal (made through the generated client) from its diff screen, publishing it", async () => {
    const agent = createAgentClient({ baseUrl: api, secretKey: tenant.secretKey });
    const proposal = await agent.propose({
      summary: 'A deeper purple for the winter season',
      rationale: 'Winter enquiries prefer darker themes.',
      patch: [{ op: 'replace', path: '/branding/primaryColor', value: '#3c1361' }],
      agent: { name: 'season-bot', model: 'test' },
    });
    const page = await context.newPage();
    await signIn(page);
    await page.getByRole('link', { name: 'Proposals' }).click();
    await heading(page, 'Agent proposals');
    await expectAccessible(page.mainFrame(), 'proposals');
    await page.getByRole('link', { name: 'A deeper purple for the winter season' }).click();
    await heading(page, 'A deeper purple for the winter season');
    // The widget as it would be with the proposal, before anyone approves it.
    const preview = (await (await page.waitForSelector('iframe[title="Preview of the widget with the proposal"]')).contentFrame())!;
    await eventually(async () => (await primaryOf(preview)) === '#3c1361', 'the proposal colour in its preview');
    const row = page.getByRole('row', { name: /branding\.primaryColor/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('#3c1361');
    await expectAccessible(page.mainFrame(), 'proposal');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved and published: the widget shows it now.').waitFor();
    expect((await agent.getProposal(proposal.id)).status).toBe('APPROVED');
    expect((await agent.getConfig()).config.branding.primaryColor).toBe('#3c1361');
  });

  it("keeps a tenant admin to its own tenant: no platform screens, and the API refuses another tenant's data", async () => {
    const otherBooking = await seedBooking(t, other.id, { eventDate: addDays(todayIn('UTC'), 70) });
    const page = await context.newPage();
    await signIn(page);
    await heading(page, 'Bookings');
    expect(await page.getByRole('link', { name: 'Tenants' }).count()).toBe(0);
    await page.goto(`${api}/console#/tenants`);
    await heading(page, 'Not available');
    await page.goto(`${api}/console#/bookings/${otherBooking}`);
    await page.getByRole('alert').waitFor();
    const statuses = await page.evaluate(
      async ({ id, otherTenant }) => {
        const token = JSON.parse(sessionStorage.getItem('mais-console-session')!).token as string;
        const headers = { authorization: `Bearer ${token}` };
        return [
          (await fetch(`/v1/admin/bookings/${id}`, { headers })).status,
          (await fetch('/v1/admin/bookings', { headers: { ...headers, 'x-tenant-id': otherTenant } })).status,
          (await fetch('/v1/admin/tenants', { headers })).status,
        ];
      },
      { id: otherBooking, otherTenant: other.id },
    );
    expect(statuses).toEqual([404, 403, 403]);
  });

  it('lets a platform admin create a tenant (keys shown once) and act within another tenant', async () => {
    const page = await context.newPage();
    await signIn(page, platform.email, platform.password);
    await page.getByRole('link', { name: 'Tenants' }).click();
    await heading(page, 'Tenants');
    await page.getByLabel('Name').fill('Lakeside Events');
    await page.getByLabel('Slug').fill('lakeside');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByText('Keys of Lakeside Events: shown once').waitFor();
    expect(await page.getByText(/^sk_live_lakeside_/).count()).toBe(1);
    await expectAccessible(page.mainFrame(), 'tenants');
    await page.getByRole('button', { name: 'I have copied them' }).click();
    expect(await page.getByText(/^sk_live_lakeside_/).count()).toBe(0);

    await page
      .getByRole('row', { name: /Tenant console-other/ })
      .getByRole('button', { name: 'Act within' })
      .click();
    await heading(page, 'Bookings');
    await page.getByText('Tenant console-other').first().waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await heading(page, 'Settings');
    expect(await page.getByLabel('Embed snippet').inputValue()).toContain(`data-tenant="${other.slug}"`);
    await expectAccessible(page.mainFrame(), 'settings');
  });

  it('shows dates held on the payment page in the month, and rotates the keys showing the new secret once', async () => {
    const rotated = await createBookingTenant(t, 'console-keys');
    const held = addDays(todayIn('UTC'), 3);
    expect((await postCheckout(t, rotated, checkoutBody(held, { customer: { email: 'holder@example.com', name: 'Holder' } }))).statusCode).toBe(201);
    const page = await context.newPage();
    await signIn(page, `admin-${rotated.slug}@example.test`);
    await heading(page, 'Bookings');
    await page.goto(`${api}/console#/availability`);
    await heading(page, 'Availability');
    if (held.slice(0, 7) !== todayIn('UTC').slice(0, 7)) await page.getByRole('button', { name: 'Next month' }).click();
    await page.locator(`[data-date="${held}"]`).getByText('On hold: holder@example.com paying').waitFor();

    await page.getByRole('link', { name: 'Settings' }).click();
    await heading(page, 'Settings');
    await page.getByRole('button', { name: 'Rotate keys…' }).click();
    await page.getByRole('button', { name: 'Rotate the keys' }).click();
    const secret = page.getByText(/^sk_live_console-keys_/);
    await secret.waitFor();
    await expectAccessible(page.mainFrame(), 'settings-keys');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await secret.count()).toBe(0);
    const packages = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': rotated.publicKey } });
    expect(packages.statusCode).toBe(401);
  });

  it('registers a webhook endpoint (secret shown once), shows its delivery log, and redelivers an event', async () => {
    const receiver = await WebhookReceiver.start();
    // A tenant of its own: the login limit counts the sign-ins of each admin.
    const hooked = await createBookingTenant(t, 'console-hooks');
    try {
      const page = await context.newPage();
      await signIn(page, `admin-${hooked.slug}@example.test`);
      await heading(page, 'Bookings');
      await page.getByRole('link', { name: 'Webhooks' }).click();
      await heading(page, 'Webhooks');
      await page.getByText('No endpoint yet.').waitFor();
      // The form with the keyboard alone: type, Tab through the fields and the event boxes, Space, Enter.
      await page.getByLabel('URL').focus();
      await page.keyboard.type(`${receiver.url}/mais`);
      await page.keyboard.press('Tab'); // description
      await page.keyboard.press('Tab'); // booking.created (checked)
      await page.keyboard.press('Tab'); // booking.cancelled
      await page.keyboard.press('Space');
      expect(await page.getByLabel(/A booking is cancelled/).isChecked()).toBe(true);
      for (let i = 0; i < 4; i++) await page.keyboard.press('Tab'); // the other three boxes, then the button
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Add endpoint');
      await page.keyboard.press('Enter');
      const secret = page.getByText(/^whsec_/);
      await secret.waitFor();
      await expectAccessible(page.mainFrame(), 'webhooks-secret');
      await page.getByRole('button', { name: 'I have copied it' }).focus();
      await page.keyboard.press('Enter');
      expect(await secret.count()).toBe(0);

      const bookingId = await seedBooking(t, hooked.id, { eventDate: addDays(todayIn('UTC'), 77), email: 'hooked@example.com' });
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/v1/admin/bookings/${bookingId}/cancel`,
            headers: { authorization: `Bearer ${hooked.adminToken}` },
            payload: { refund: false },
          })
        ).statusCode,
      ).toBe(200);
      await receiver.waitFor(1);
      await page.getByRole('button', { name: 'Deliveries' }).click();
      await page.getByRole('cell', { name: 'SUCCEEDED' }).waitFor();
      await page.getByRole('button', { name: /^Redeliver booking.cancelled/ }).click();
      await page.getByText('Sent again as a new delivery (same event id).').waitFor();
      await receiver.waitFor(2);
      expect(receiver.received[1].headers['mais-event-id']).toBe(receiver.received[0].headers['mais-event-id']);
      await expectAccessible(page.mainFrame(), 'webhooks-log');
      await page.setViewportSize({ width: 375, height: 800 });
      await expectAccessible(page.mainFrame(), 'webhooks-log');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await receiver.stop();
    }
  });

  it('shows whether the business can take payments, and goes through onboarding (left unfinished, then completed)', async () => {
    const onboarding = await createBookingTenant(t, 'console-pay');
    const page = await context.newPage();
    await signIn(page, `admin-${onboarding.slug}@example.test`);
    await heading(page, 'Bookings');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('Ready to take payments.').waitFor();
    await page.getByRole('button', { name: 'Set up payments' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Set up payments for Tenant ${onboarding.slug}` }).waitFor();
    await expectAccessible(page.mainFrame(), 'dev-onboarding');
    await page.getByRole('button', { name: 'Leave unfinished' }).click();
    await heading(page, 'Settings');
    await page.getByText('Not taking payments: the widget tells customers to contact you.').waitFor();
    await page.getByText('Stripe needs: external_account').waitFor();
    await expectAccessible(page.mainFrame(), 'settings-payments');
    await page.setViewportSize({ width: 375, height: 800 });
    await expectAccessible(page.mainFrame(), 'settings-payments');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect((await postCheckout(t, onboarding, checkoutBody(addDays(todayIn('UTC'), 90)))).json().code).toBe('PAYMENTS_NOT_READY');

    await page.getByRole('button', { name: 'Continue onboarding' }).click();
    await page.getByRole('button', { name: 'Complete onboarding' }).click();
    await heading(page, 'Settings');
    await page.getByText('Ready to take payments.').waitFor();
    expect((await postCheckout(t, onboarding, checkoutBody(addDays(todayIn('UTC'), 91)))).statusCode).toBe(201);
  });

  it('adds a seasonal rule to a draft that hides a package today, and the live widget follows once it is published', async () => {
    const seasonal = await createBookingTenant(t, 'console-rules');
    const page = await context.newPage();
    await signIn(page, `admin-${seasonal.slug}@example.test`);
    await page.getByRole('link', { name: 'Widget' }).click();
    await page.getByRole('button', { name: 'Start a draft' }).click();
    await page.getByLabel('Rule name').fill('winter-pause');
    await page.getByLabel('Action').selectOption('hide');
    await page.getByLabel('First day').fill(todayIn('UTC'));
    await page.getByLabel('Last day').fill(addDays(todayIn('UTC'), 30));
    await page.getByRole('group', { name: 'Seasonal rules' }).getByLabel('Other').check();
    await page.getByRole('button', { name: 'Add the rule' }).click();
    await page.getByText(/winter-pause: hide Other from/).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(/is published: the live widget shows it now/).waitFor();
    const widget = await context.newPage();
    await widget.goto(`${api}/widget?tenant=${seasonal.slug}`);
    await widget.getByRole('button', { name: /Classic/ }).waitFor();
    expect(await widget.getByRole('button', { name: /Other/ }).count()).toBe(0);
  });

  it('fits a phone: bookings and a proposal at 375 px without sideways scrolling, the menu behind a button', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    try {
      const page = await phone.newPage();
      await signIn(page);
      await heading(page, 'Bookings');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
      await expectAccessible(page.mainFrame(), 'bookings');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Proposals' }).click();
      await heading(page, 'Agent proposals');
      await page.getByLabel('Show').selectOption('APPROVED');
      await page.getByRole('link', { name: 'A deeper purple for the winter season' }).click();
      await heading(page, 'A deeper purple for the winter season');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(375);
      await expectAccessible(page.mainFrame(), 'proposal');
    } finally {
      await phone.close();
    }
  });
});
