/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { clock, clockStart } from '../../src/common/dates/clock';
import { TestApp } from './test-app';

/** Debian's Chromium (never a downloaded one): `.ci/run` installs the package when it is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests leave their screenshots, to be looked at (not committed). */
export const SHOTS_DIR = join(__dirname, '..', '..', 'var', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium introuvable (${CHROMIUM}) : apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root in CI; no calls home (the network is closed here).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The whole product as a town runs it on one origin: the built portal, the API, the test bank, the
 * demo data; PUBLIC_URL is the portal's own address, so mail links and the bank's return land here.
 */
export async function startPortalApp(env: Record<string, string> = {}): Promise<{ app: TestApp; url: string }> {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'web', 'index.html'))) throw new Error('Portail non construit : npm run build');
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const app = await TestApp.start({ PORT: String(port), PUBLIC_URL: url, API_PUBLIC_URL: url, SEED_DEMO: 'true', ...env });
  return { app, url };
}

export interface Screen {
  context: BrowserContext;
  page: Page;
  width: number;
}

/** A fresh browser profile at a width (phone 360 px, desktop 1280 px), French. */
export async function openScreen(browser: Browser, width: number): Promise<Screen> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 780 : 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', acceptDownloads: true });
  // The browser's calendar is the tests' (CLOCK_START moves both); its time then flows naturally.
  if (clockStart()) await context.clock.install({ time: clock.now() });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page, width };
}

/**
 * The checks every screen gets: no axe-core violation at WCAG 2.1 A/AA, no horizontal scrolling at
 * its width, and a screenshot kept under var/screenshots for people to look at.
 */
export async function checkScreen(screen: Screen, name: string): Promise<void> {
  const { page, width } = screen;
  // Settled: nothing loading, no button busy.
  await eventually(async () => expect(await page.locator('.loading, [aria-busy="true"]').count()).toBe(0));
  await page.waitForTimeout(150);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect({ screen: `${name} @${width}px`, violations }).toEqual({ screen: `${name} @${width}px`, violations: [] });
  const overflow = await page.evaluate(() => {
    const by = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (by <= 0) return { by: 0, widest: null };
    // Name the element that sticks out, to know what to fix.
    const limit = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll<HTMLElement>('body *')].filter((el) => el.getBoundingClientRect().right > limit + 0.5);
    const last = out[out.length - 1];
    return { by, widest: last ? `${last.tagName.toLowerCase()}.${last.className} « ${(last.textContent ?? '').slice(0, 40)} »` : null };
  });
  expect({ screen: `${name} @${width}px`, horizontalOverflow: overflow }).toEqual({ screen: `${name} @${width}px`, horizontalOverflow: { by: 0, widest: null } });
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}-${width}.png`), fullPage: true });
}

/** The mail link's path and query, opened on this server. */
export function linkIn(text: string, base: string): string {
  const m = text.match(/https?:\/\/[^\s)>\]]+[?&]token=[A-Za-z0-9_%-]+/);
  if (!m) throw new Error('no link with a token in the mail');
  const link = new URL(m[0]);
  return `${base}${link.pathname}${link.search}`;
}

/** Text with its non-breaking spaces made plain, for comparing amounts (« 861,73 € »). */
export const plain = (s: string | null) =>
  (s ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Retries a check until it passes (the page is asynchronous), then fails with its last error. */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Waiting assertions on what a locator shows (jest's expect, retried). */
export function see(locator: Locator) {
  const text = async () => plain(await locator.first().textContent({ timeout: 2_000 }));
  return {
    toHaveText: (expected: string | RegExp) => eventually(async () => (typeof expected === 'string' ? expect(await text()).toBe(expected) : expect(await text()).toMatch(expected))),
    toContainText: (expected: string | RegExp) => eventually(async () => (typeof expected === 'string' ? expect(await text()).toContain(expected) : expect(await text()).toMatch(expected))),
    toBeVisible: () => eventually(async () => expect(await locator.first().isVisible()).toBe(true)),
    toHaveCount: (n: number) => eventually(async () => expect(await locator.count()).toBe(n)),
    toBeChecked: () => eventually(async () => expect(await locator.isChecked({ timeout: 2_000 })).toBe(true)),
    notToBeChecked: () => eventually(async () => expect(await locator.isChecked({ timeout: 2_000 })).toBe(false)),
    toHaveAttribute: (name: string, value: string) => eventually(async () => expect(await locator.first().getAttribute(name, { timeout: 2_000 })).toBe(value)),
    toHaveAccessibleName: (expected: RegExp) =>
      eventually(async () => expect(await locator.first().evaluate((el) => el.getAttribute('aria-label') ?? (el as HTMLElement).innerText)).toMatch(expected)),
  };
}
