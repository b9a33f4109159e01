/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { addDays, todayIn } from '@mais/domain';
import { describeWithBrowser, freePort, HostSite, launchBrowser } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import { adminGet, checkoutBody, createBookingTenant, eventually, postCheckout, sql, type BookingTenant } from '../../api/test/support/booking-fixtures';

/**
 * Issue 11: the booking widget in a real browser (Debian's Chromium through playwright-core). The API (with
 * the worker, simulated payments) listens on 127.0.0.1; the "tenant's website" is a HostSite on localhost, a
 * different origin, that embeds the widget with embed.js as a tenant would.
 */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
jest.setTimeout(60_000);

describeWithBrowser('the booking widget in a browser', () => {
  let t: TestApp;
  let api: string;
  let tenant: BookingTenant;
  let host: HostSite;
  let foreign: HostSite;
  let browser: Browser;
  let context: BrowserContext;
  let dayOffset = 40;

  /** A future date no other test here uses, far enough ahead to need the month navigation at times. */
  const nextDate = () => addDays(todayIn('UTC'), (dayOffset += 3));

  beforeAll(async () => {
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    t = await createTestApp({ worker: WorkerModule, env: { PORT: String(port), PUBLIC_URL: api } });
    await t.app.listen({ port, host: '127.0.0.1' });
    tenant = await createBookingTenant(t, 'widget');
    host = new HostSite();
    await host.start('localhost');
    foreign = new HostSite();
    await foreign.start('localhost');
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await foreign?.stop();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // A step that cannot happen fails with what it waited for, well before the test's own timeout.
    context.setDefaultTimeout(10_000);
  });
  afterEach(async () => {
    await context?.close();
  });

  const admin = () => ({ authorization: `Bearer ${tenant.adminToken}` });
  const embedTag = (attributes = '') => `<script src="${api}/embed.js" data-tenant="${tenant.slug}" ${attributes} async></script>`;
  const hostPage = (path: string, body: string, headers?: Record<string, string>) =>
    host.page(path, { html: `<!doctype html><html lang="en"><head><title>Host</title></head><body><h1>Our weddings</h1>${body}</body></html>`, headers });

  async function publish(config: Record<string, unknown>): Promise<void> {
    const draft = await t.app.inject({ method: 'POST', url: '/v1/admin/config/versions', headers: admin(), payload: { config } });
    expect(draft.statusCode).toBe(201);
    const published = await t.app.inject({ method: 'POST', url: `/v1/admin/config/versions/${draft.json().id}/publish`, headers: admin(), payload: {} });
    expect(published.statusCode).toBe(200);
  }

  /** The widget frame of a host page (by its title, which embed.js always sets). */
  const widgetFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Book your date"]');

  /** axe-core on the widget as it is now: no serious or critical violation. */
  async function expectAccessible(frame: Frame, step: string): Promise<void> {
    await frame.evaluate(AXE_SOURCE);
    const violations = await frame.evaluate(async () => {
      const axe = (
        window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
      ).axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect({ step, violations }).toEqual({ step, violations: [] });
  }

  /** Presses Tab until `target` has the focus: what a keyboard user does (fails if it cannot be reached). */
  async function tabTo(page: Page, target: Locator, what: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`could not reach ${what} with the Tab key`);
  }

  async function frameOf(page: Page): Promise<Frame> {
    const handle = await page.waitForSelector('iframe[title="Book your date"]');
    return (await handle.contentFrame())!;
  }

  /** Moves the calendar to `date`'s month with the Next month button. */
  /** Moves the calendar to `date`'s month with the Next month button, and waits for that month's availability. */
  async function showMonth(frame: Page | FrameLocator, date: string): Promise<void> {
    for (let i = 0; i < 24; i++) {
      if ((await frame.locator(`[data-date="${date}"]`).count()) > 0) {
        // Until the month's availability arrives its days are disabled, labelled "loading".
        await frame.locator('table[aria-busy="true"]').waitFor({ state: 'detached' });
        return;
      }
      await frame.getByRole('button', { name: 'Next month' }).click();
    }
    throw new Error(`month of ${date} not reached`);
  }

  it('books a date with the keyboard alone, through the payment page, to the confirmed return page; accessible at every step', async () => {
    const page = await context.newPage();
    // The host page's own code listens for the widget's news, as a shop's analytics would.
    const listener = "<script>window.maisEvents = []; document.addEventListener('mais:booked', (e) => maisEvents.push(e.detail));</script>";
    const url = hostPage('/book', `${listener}${embedTag()}<p>After the widget</p>`);
    await page.goto(`${url}?utm_source=wedding-fair&utm_campaign=spring&metadata[ref]=table-12`);
    const frame = widgetFrame(page);
    const liveFrame = await frameOf(page);
    const date = nextDate();

    const classic = frame.getByRole('button', { name: /Classic/ });
    await expect(classic.isVisible()).resolves.toBe(true);
    await expectAccessible(liveFrame, 'packages');
    await tabTo(page, classic, 'the Classic package');
    await page.keyboard.press('Enter');
    await expect(classic.getAttribute('aria-pressed')).resolves.toBe('true');
    const drone = frame.getByRole('checkbox', { name: /Drone footage/ });
    await tabTo(page, drone, 'the drone add-on');
    await page.keyboard.press('Space');
    await expectAccessible(liveFrame, 'packages with add-ons');
    await tabTo(page, frame.getByRole('button', { name: 'Continue' }), 'Continue');
    await page.keyboard.press('Enter');

    await frame.getByRole('heading', { name: 'Choose your date' }).waitFor();
    await showMonth(frame, date);
    const day = frame.locator(`[data-date="${date}"]`);
    await expect(day.isEnabled()).resolves.toBe(true);
    await expectAccessible(liveFrame, 'calendar');
    await tabTo(page, day, `the day ${date}`);
    await page.keyboard.press('Enter');
    await expect(day.getAttribute('aria-pressed')).resolves.toBe('true');
    await tabTo(page, frame.getByRole('button', { name: 'Continue' }), 'Continue');
    await page.keyboard.press('Enter');

    await frame.getByRole('heading', { name: 'Your details' }).waitFor();
    await tabTo(page, frame.getByLabel('Name'), 'Name');
    await page.keyboard.type('Ann Lee');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ann@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('+1 555 123 4567');
    await expectAccessible(liveFrame, 'details');
    await page.keyboard.press('Enter');

    await frame.getByRole('heading', { name: 'Review and pay' }).waitFor();
    await expect(frame.locator('.total').textContent()).resolves.toBe('$120.01');
    await expectAccessible(liveFrame, 'summary');
    const pay = frame.getByRole('button', { name: /^Continue to payment/ });
    await tabTo(page, pay, 'Continue to payment');
    await Promise.all([page.waitForURL(/\/v1\/dev\/checkout\/cs_/), page.keyboard.press('Enter')]);

    // The simulated payment page (as Stripe's): the whole window went there, and Pay comes back to the host page.
    const payButton = page.getByRole('button', { name: /Pay/ });
    await tabTo(page, payButton, 'Pay');
    await Promise.all([page.waitForURL(`${host.origin}/book**`), page.keyboard.press('Enter')]);
    await widgetFrame(page).getByRole('heading', { name: "You're booked!" }).waitFor({ timeout: 15_000 });
    await expectAccessible(await frameOf(page), 'confirmed');
    expect(new URL(page.url()).searchParams.has('mais_session')).toBe(false);

    const [booking] = await sql<{ id: string; event_date: string; total_cents: number; metadata: Record<string, string> }>(
      t,
      `select id, event_date::text, total_cents, metadata from bookings where tenant_id = ? and event_date = ?`,
      [tenant.id, date],
    );
    expect(booking).toMatchObject({ event_date: date, total_cents: 12001, metadata: { utm_source: 'wedding-fair', utm_campaign: 'spring', ref: 'table-12' } });
    const events = await eventually(async () => {
      const seen = await page.evaluate(() => (window as unknown as { maisEvents: unknown[] }).maisEvents);
      return seen.length > 0 ? seen : null;
    }, 'the mais:booked event on the host page');
    expect(events).toEqual([{ bookingId: booking.id, eventDate: date }]);
    const detail = await adminGet(t, tenant, `/v1/admin/bookings/${booking.id}`);
    expect(detail.json().metadata).toEqual({ utm_source: 'wedding-fair', utm_campaign: 'spring', ref: 'table-12' });
    // Nothing kept in the browser: no cookie, no storage, on either origin.
    expect(await context.cookies()).toEqual([]);
    // Storage in the frame is empty, or (third-party storage blocked, as here) not even reachable: the widget needs none.
    const stored = await (
      await frameOf(page)
    ).evaluate(() => {
      try {
        return localStorage.length + sessionStorage.length;
      } catch {
        return 0;
      }
    });
    expect(stored).toBe(0);
  });

  it('tells a customer whose date was lost to someone else that the payment was refunded, and lets them choose again', async () => {
    const date = nextDate();
    const started = await postCheckout(t, tenant, checkoutBody(date));
    const sessionId = started.json().sessionId as string;
    // What the worker records when a payment arrives for a date booked meanwhile (booking-pipeline.e2e-spec drives that race).
    await sql(
      t,
      `insert into booking_failures (id, tenant_id, checkout_session_id, event_date, reason, customer_email, amount_cents, currency, created_at, updated_at)
       values (gen_random_uuid(), ?, ?, ?, 'BOOKED', 'ann@example.com', 10001, 'usd', now(), now())`,
      [tenant.id, sessionId, date],
    );
    await sql(t, `update checkout_holds set status = 'RELEASED' where session_id = ?`, [sessionId]);

    const page = await context.newPage();
    await page.goto(`${api}/widget?tenant=${tenant.slug}&mais_session=${sessionId}`);
    await page.getByRole('heading', { name: 'Your payment was refunded' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Someone else booked this date');
    expect(await page.getByRole('alert').textContent()).toContain('$100.01');
    await expectAccessible(page.mainFrame(), 'refunded');
    await page.getByRole('button', { name: 'Choose another date' }).click();
    await page.getByRole('heading', { name: 'Choose your date' }).waitFor();
  });

  it('shows a published change (colour, hidden package, prices off) after mais:refresh from the host page, without reloading', async () => {
    await publish({});
    const page = await context.newPage();
    await page.goto(hostPage('/refresh', embedTag()));
    const frame = widgetFrame(page);
    const live = await frameOf(page);
    await frame.getByRole('button', { name: /Other/ }).waitFor();
    await expect(frame.getByText('$100.01').count()).resolves.toBe(1);
    await live.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    await publish({
      branding: { primaryColor: '#0b6e4f' },
      packages: { [await otherPackageId()]: { visible: false, order: 0, featured: false, customDescription: null } },
      widget: { features: { addOns: true, showPrices: false, customerNotes: true } },
    });
    await page.evaluate(() => (window as unknown as { MAIS: { refresh(): void } }).MAIS.refresh());

    await eventually(async () => (await frame.getByRole('button', { name: /Other/ }).count()) === 0, 'the hidden package gone');
    await eventually(async () => (await frame.getByText('$100.01').count()) === 0, 'prices hidden');
    expect(await live.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mais-primary').trim())).toBe('#0b6e4f');
    expect(await live.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await publish({});
  });

  async function otherPackageId(): Promise<string> {
    const [row] = await sql<{ id: string }>(t, `select id from packages where tenant_id = ? and slug = 'other'`, [tenant.id]);
    return row.id;
  }

  it('offers no unavailable day: past, booked, held and blacked-out days are disabled buttons that say why', async () => {
    const booked = nextDate();
    const held = nextDate();
    const blackout = nextDate();
    const paid = await postCheckout(t, tenant, checkoutBody(booked));
    expect(paid.statusCode).toBe(201);
    await t.app.inject({ method: 'POST', url: `/v1/dev/checkout/${paid.json().sessionId}/complete`, headers: { accept: 'application/json' } });
    await eventually(
      async () => (await sql(t, `select 1 from bookings where tenant_id = ? and event_date = ?`, [tenant.id, booked])).length > 0,
      'the booking',
    );
    expect((await postCheckout(t, tenant, checkoutBody(held))).statusCode).toBe(201);
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/admin/blackouts', headers: admin(), payload: { date: blackout, reason: 'Closed' } })).statusCode,
    ).toBe(201);

    const page = await context.newPage();
    await page.goto(`${api}/widget?tenant=${tenant.slug}`);
    await page.getByRole('button', { name: /Classic/ }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    const yesterday = addDays(todayIn('UTC'), -1);
    if (yesterday.slice(0, 7) === todayIn('UTC').slice(0, 7)) {
      await expect(page.locator(`[data-date="${yesterday}"]`).isDisabled()).resolves.toBe(true);
    }
    for (const [date, words] of [
      [booked, 'booked'],
      [held, 'on hold'],
      [blackout, 'not available'],
    ]) {
      await showMonth(page, date);
      const day = page.locator(`[data-date="${date}"]`);
      await eventually(async () => day.isDisabled(), `${date} disabled`);
      expect(await day.getAttribute('aria-label')).toContain(`unavailable, ${words}`);
      await day.click({ force: true });
      expect(await day.getAttribute('aria-pressed')).toBeNull();
    }
  });

  it('moves between days with the arrow keys, skipping unavailable ones, and between months with Page Down', async () => {
    // The 10th of a month about 200 days ahead: the steps below (+1, +2, +9) stay within its month whatever today is.
    const start = `${addDays(todayIn('UTC'), 200).slice(0, 8)}10`;
    const blocked = addDays(start, 1);
    expect((await t.app.inject({ method: 'POST', url: '/v1/admin/blackouts', headers: admin(), payload: { date: blocked } })).statusCode).toBe(201);
    const page = await context.newPage();
    await page.goto(`${api}/widget?tenant=${tenant.slug}&package=classic&date=${start}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    const day = (date: string) => page.locator(`[data-date="${date}"]`);
    await day(start).and(page.locator('[aria-pressed="true"]')).waitFor();
    await day(start).focus();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.date);
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe(addDays(start, 2)); // the blacked-out day cannot take the focus
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(addDays(start, 9));
    await page.keyboard.press('PageDown');
    const [year, month] = addDays(start, 9).split('-').map(Number);
    const nextMonth = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    await eventually(async () => !!(await focused())?.startsWith(nextMonth), 'a day of the next month focused');
    const target = await focused();
    await page.keyboard.press('Enter');
    await page.locator(`[data-date="${target}"][aria-pressed="true"]`).waitFor();
  });

  /** A new page at the summary of `date`, through every step, with the package and the customer prefilled. */
  async function reviewWithPrefill(date: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${api}/widget?tenant=${tenant.slug}&package=classic&date=${date}&name=Bo&email=bo@example.com`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator(`[data-date="${date}"][aria-pressed="true"]`).waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Review and pay' }).waitFor();
    return page;
  }

  it('when the date is taken between choosing and paying, says so and shows the calendar again with the day disabled', async () => {
    const date = nextDate();
    const page = await reviewWithPrefill(date);

    // Someone else holds the date meanwhile.
    const rival = await postCheckout(t, tenant, checkoutBody(date, { customer: { email: 'other@example.com', name: 'Other' } }));
    expect(rival.statusCode).toBe(201);
    await page.getByRole('button', { name: /^Continue to payment/ }).click();
    await page.getByRole('heading', { name: 'Choose your date' }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('was just taken');
    await eventually(async () => page.locator(`[data-date="${date}"]`).isDisabled(), 'the taken day disabled');
  });

  it('says, in words, that the business cannot take payments yet when its onboarding is unfinished, and holds nothing', async () => {
    const date = nextDate();
    await sql(t, `update tenants set charges_enabled = false, payment_requirements_due = '["external_account"]' where id = ?`, [tenant.id]);
    try {
      const page = await reviewWithPrefill(date);
      await page.getByRole('button', { name: /^Continue to payment/ }).click();
      await eventually(async () => (await page.getByRole('status').first().textContent())?.includes('cannot take payments online') ?? false, 'the message');
      // Still on the summary with everything the customer entered, and no date held.
      expect(await page.getByRole('heading', { name: 'Review and pay' }).isVisible()).toBe(true);
      expect(await sql(t, `select 1 from checkout_holds where tenant_id = ? and event_date = ?`, [tenant.id, date])).toEqual([]);
    } finally {
      await sql(t, `update tenants set charges_enabled = null, payment_requirements_due = '[]' where id = ?`, [tenant.id]);
    }
  });

  it('fits 320 px without sideways scrolling at every step', async () => {
    const small = await browser.newContext({ viewport: { width: 320, height: 640 } });
    try {
      const page = await small.newPage();
      await page.goto(`${api}/widget?tenant=${tenant.slug}`);
      const noSideScroll = async (step: string) =>
        expect({ step, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ step, width: 320 });
      await page.getByRole('button', { name: /Classic/ }).click();
      await noSideScroll('packages');
      await page.getByRole('button', { name: 'Continue' }).click();
      await noSideScroll('calendar');
      const date = nextDate();
      await showMonth(page, date);
      await page.locator(`[data-date="${date}"]`).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await noSideScroll('details');
    } finally {
      await small.close();
    }
  });

  it('refuses to be framed by sites the tenant has not listed (CSP frame-ancestors), and loads on the listed ones', async () => {
    await publish({ widget: { embedOrigins: ['https://weddings.example.com'] } });
    try {
      const response = await t.app.inject({ method: 'GET', url: `/widget?tenant=${tenant.slug}` });
      expect(response.headers['content-security-policy']).toContain('frame-ancestors https://weddings.example.com');
      expect(response.headers['x-frame-options']).toBeUndefined();

      const page = await context.newPage();
      await page.goto(hostPage('/blocked', embedTag()));
      const frame = await frameOf(page);
      await page.waitForTimeout(500);
      expect(
        await frame
          .locator('.widget')
          .count()
          .catch(() => 0),
      ).toBe(0);

      await publish({ widget: { embedOrigins: ['https://weddings.example.com', host.origin] } });
      await page.reload();
      await widgetFrame(page)
        .getByRole('button', { name: /Classic/ })
        .waitFor();
    } finally {
      await publish({});
    }
  });

  it("previews a draft with an admin token handed over by a page of the widget's own origin (the console), never by another", async () => {
    const draft = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/config/versions',
      headers: admin(),
      payload: {
        config: {
          branding: { primaryColor: '#aa3300' },
          packages: { [await otherPackageId()]: { visible: false, order: 0, featured: false, customDescription: null } },
        },
      },
    });
    expect(draft.statusCode).toBe(201);
    const preview = `${api}/widget?tenant=${tenant.slug}&versionId=${draft.json().id}`;
    const primaryOf = (frame: Frame) => frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--mais-primary').trim());

    // A page of the API's origin (what the console will be) frames the preview and answers its request for the token.
    const page = await context.newPage();
    await page.goto(`${api}/health`);
    await page.evaluate(
      ({ src, token }) => {
        window.addEventListener('message', (event) => {
          if ((event.data as { type?: string }).type === 'mais:preview-ready')
            (event.source as Window).postMessage({ type: 'mais:preview-token', token }, event.origin);
        });
        const frame = document.createElement('iframe');
        frame.title = 'Book your date';
        frame.src = `${src}&origin=${encodeURIComponent(location.origin)}`;
        document.body.appendChild(frame);
      },
      { src: preview, token: tenant.adminToken },
    );
    const frame = await frameOf(page);
    await widgetFrame(page).getByText('Preview').waitFor();
    await eventually(async () => (await primaryOf(frame)) === '#aa3300', 'the draft colour in the preview');
    // The draft's catalog too: the package it hides is gone from the preview, and still in the live widget.
    await eventually(async () => (await widgetFrame(page).getByRole('button', { name: /Other/ }).count()) === 0, 'the hidden package gone from the preview');

    // The same handshake from another origin hands over nothing: the widget keeps the published look.
    const other = await context.newPage();
    await other.goto(hostPage('/sneaky', ''));
    await other.evaluate(
      ({ src, token }) => {
        window.addEventListener('message', (event) => (event.source as Window).postMessage({ type: 'mais:preview-token', token }, '*'));
        const frame = document.createElement('iframe');
        frame.title = 'Book your date';
        frame.src = `${src}&origin=${encodeURIComponent(location.origin)}`;
        document.body.appendChild(frame);
      },
      { src: preview, token: tenant.adminToken },
    );
    const otherFrame = await frameOf(other);
    await widgetFrame(other)
      .getByRole('button', { name: /Classic/ })
      .waitFor();
    await other.waitForTimeout(500);
    expect(await primaryOf(otherFrame)).toBe('#7b2cbf');
    expect(await widgetFrame(other).getByRole('button', { name: /Other/ }).count()).toBe(1);
  });

  it('opens as a popup from any data-mais-open element, and as a floating button, and closes with Escape', async () => {
    const page = await context.newPage();
    await page.goto(hostPage('/popup', `<button type="button" data-mais-open>Check dates</button>${embedTag('data-mode="popup"')}`));
    await page.getByRole('button', { name: 'Check dates' }).click();
    const dialog = page.getByRole('dialog', { name: 'Book your date' });
    await dialog.waitFor();
    await widgetFrame(page)
      .getByRole('button', { name: /Classic/ })
      .waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const floating = await context.newPage();
    await floating.goto(hostPage('/floating', embedTag('data-mode="floating" data-label="Book your day" data-position="bottom-left"')));
    const button = floating.getByRole('button', { name: 'Book your day' });
    const box = (await button.boundingBox())!;
    expect(box.x).toBeLessThan(100);
    await button.click();
    await widgetFrame(floating)
      .getByRole('button', { name: /Classic/ })
      .waitFor();
  });

  it('prefills the customer from the tag and the host page, and works under a strict host CSP', async () => {
    const strict = `default-src 'none'; script-src ${api}; frame-src ${api}; style-src 'none'; img-src 'none'`;
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const url = hostPage('/strict', embedTag('data-name="Cleo Park" data-package="classic"'), { 'content-security-policy': strict });
    await page.goto(`${url}?email=cleo@example.com&phone=%2B15550001111`);
    const frame = widgetFrame(page);
    await frame.getByRole('button', { name: /Classic/, pressed: true }).waitFor();
    // Sized to its content: the frame is as tall as the widget, and the host page has the only scrollbar.
    await eventually(async () => {
      const height = await page.evaluate(() => document.querySelector('iframe')!.getBoundingClientRect().height);
      return height !== 640 && height > 200;
    }, 'the frame resized to its content');
    await frame.getByRole('button', { name: 'Continue' }).click();
    await showMonth(frame, nextDate());
    const date = nextDate();
    await showMonth(frame, date);
    await frame.locator(`[data-date="${date}"]`).click();
    await frame.getByRole('button', { name: 'Continue' }).click();
    await expect(frame.getByLabel('Name').inputValue()).resolves.toBe('Cleo Park');
    await expect(frame.getByLabel('Email').inputValue()).resolves.toBe('cleo@example.com');
    await expect(frame.getByLabel('Phone').inputValue()).resolves.toBe('+15550001111');
    expect(problems.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
  });

  it('ignores messages from other origins and windows: a foreign frame can neither refresh the widget nor send the page to a payment URL', async () => {
    const foreignUrl = foreign.page('/meddler', {
      html:
        '<!doctype html><html lang="en"><head><title>Ad</title></head><body><script>' +
        "for (const f of parent.frames) { try { f.postMessage({ type: 'mais:refresh' }, '*'); } catch (e) {} }" +
        "parent.postMessage({ type: 'mais:checkout', sessionId: 'cs_evil', url: 'https://evil.example/pay' }, '*');" +
        "parent.postMessage({ type: 'mais:resize', height: 5 }, '*');" +
        '</script></body></html>',
    });
    const page = await context.newPage();
    let catalogReads = 0;
    page.on('request', (request) => {
      if (request.url().startsWith(`${api}/v1/packages`)) catalogReads += 1;
    });
    await page.goto(hostPage('/meddled', `${embedTag()}<div id="slot"></div>`));
    const frame = widgetFrame(page);
    await frame.getByRole('button', { name: /Classic/ }).waitFor();
    const heightBefore = await page.evaluate(() => document.querySelector('iframe')!.getBoundingClientRect().height);
    const before = catalogReads;

    await page.evaluate((src) => {
      const meddler = document.createElement('iframe');
      meddler.src = src;
      document.body.appendChild(meddler);
    }, foreignUrl);
    await page.waitForTimeout(700);
    expect(catalogReads).toBe(before);
    expect(page.url()).toContain('/meddled');
    expect(await page.evaluate(() => document.querySelector('iframe')!.getBoundingClientRect().height)).toBe(heightBefore);

    // The host page itself may ask.
    await page.evaluate(() => (window as unknown as { MAIS: { refresh(): void } }).MAIS.refresh());
    await eventually(async () => catalogReads > before, 'a refresh from the host page');
  });
});
