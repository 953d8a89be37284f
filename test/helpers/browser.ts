// Debian's Chromium driven by playwright-core (browsers cannot be downloaded here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { realClockEnv } from '../../scripts/lib/shifted-clock.ts';
import { REPO_ROOT } from './data-dir.ts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

export interface BrowserSession {
  browser: BrowserContext;
  page: Page;
  /** Console errors and failed requests seen so far (the e2e tests assert there are none). */
  problems: string[];
  close(): Promise<void>;
}

export async function openBrowser(options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    // Chromium hangs at start under libfaketime (npm run test:at-date); it keeps the real clock.
    env: realClockEnv(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // A streamed page arrives in parts: React parks each finished part in a hidden
  // <div hidden id="S:…"> until its script moves it into place, so for a moment the document
  // holds content twice (a loaded machine makes the moment long). A navigation returns once
  // every part is in place, so a locator never sees the parked copy.
  const goto = page.goto.bind(page);
  page.goto = async (...args: Parameters<Page['goto']>) => {
    const response = await goto(...args);
    await page.waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'), null, { timeout: 15_000 }).catch(() => undefined);
    return response;
  };
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Navigations away from a page abort its pending prefetches; those are not failures.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return {
    browser: context,
    page,
    problems,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits for the element to be visible and returns its text. */
export async function visibleText(locator: Locator): Promise<string> {
  await locator.waitFor({ state: 'visible' });
  return (await locator.textContent()) ?? '';
}

export type { Browser, Page };
