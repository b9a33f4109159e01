#!/usr/bin/env node
// Screenshots of every step of the booking widget at 375 px and 1280 px, into docs/widget/, from a running
// instance with simulated payments (`npm start`):
//   node scripts/widget-screenshots.mjs [http://localhost:3000] [demo]
// Drives Debian's Chromium (CHROMIUM_PATH or /usr/bin/chromium) through playwright-core; books real dates on
// that instance (one per width, a few months ahead).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = (process.argv[2] ?? 'http://localhost:3000').replace(/\/$/, '');
const slug = process.argv[3] ?? 'demo';
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs/widget');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const [width, height, monthsAhead] of [
    [375, 740, 3],
    [1280, 900, 4],
  ]) {
    const page = await browser.newPage({ viewport: { width, height } });
    const shot = async (name) => {
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(out, `${name}-${width}.png`), fullPage: true });
      console.log(`docs/widget/${name}-${width}.png`);
    };
    await page.goto(`${base}/widget?tenant=${slug}`);
    await page.locator('.package').first().waitFor();
    await shot('1-packages');
    await page.locator('.package').nth(1).click();
    const addOn = page.locator('.addon input').first();
    if (await addOn.count()) await addOn.check();
    await shot('2-add-ons');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    for (let i = 0; i < monthsAhead; i++) await page.getByRole('button', { name: 'Next month' }).click();
    const day = page.locator('.day:not([disabled])').nth(10);
    await day.waitFor();
    await day.click();
    await shot('3-calendar');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByLabel('Name').fill('Ann Lee');
    await page.getByLabel('Email').fill('ann@example.com');
    await page.getByLabel('Phone').fill('+1 555 123 4567');
    await page.getByLabel('Notes').fill('Ceremony at 3 pm in the garden.');
    await shot('4-details');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('heading', { name: 'Review and pay' }).waitFor();
    await shot('5-summary');
    await Promise.all([page.waitForURL(/\/v1\/dev\/checkout\//), page.getByRole('button', { name: /^Continue to payment/ }).click()]);
    await shot('6-payment-page');
    await Promise.all([page.waitForURL(/\/widget\?/), page.getByRole('button', { name: /Pay/ }).click()]);
    await page.getByRole('heading', { name: "You're booked!" }).waitFor({ timeout: 20_000 });
    await shot('7-confirmed');
    await page.close();
  }
} finally {
  await browser.close();
}
