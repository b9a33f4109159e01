import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';

/** Debian's Chromium found by the global setup (test/global-setup.mjs), or undefined: the browser suites then skip, loudly. */
export function testChromiumPath(): string | undefined {
  return process.env.TEST_CHROMIUM_PATH || undefined;
}

/** `describe` for suites that drive a real browser: skipped when the run has none (never under REQUIRE_SERVICES=1). */
export const describeWithBrowser: jest.Describe = (testChromiumPath() ? describe : describe.skip) as jest.Describe;

/** Headless Chromium through playwright-core (no browser download: the machine's own). */
export async function launchBrowser(): Promise<Browser> {
  // Loaded here, not at the top: every suite imports @mais/testing, few drive a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: testChromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

export interface HostPage {
  html: string;
  headers?: Record<string, string>;
}

/**
 * A stand-in for a tenant's own website, on its own origin: serves the pages it is given by path (the query
 * string ignored), so a test can embed the widget from "another site" and check what crosses between them.
 */
export class HostSite {
  private server: Server | null = null;
  private readonly pages = new Map<string, HostPage>();
  origin = '';

  /** `host`: `localhost` when the API listens on 127.0.0.1, so the two are different origins. */
  async start(host = 'localhost'): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const page = this.pages.get(new URL(request.url ?? '/', 'http://x').pathname);
      if (!page) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(page.html);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  page(path: string, page: HostPage): string {
    this.pages.set(path, page);
    return `${this.origin}${path}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A port free right now (for an app that must know its own URL before it listens). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
