import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { totpCode } from '@app/auth';
import { TEST_TOTP_SECRET } from '@app/testing';

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');

/** Debian's Chromium, never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** A page that records every console error and uncaught exception, so a journey can assert there were none. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

export async function openPage(browser: Browser, baseURL: string, options: { mobile?: boolean } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1366, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  return { page, context, errors };
}

/** antd puts a space between two Chinese characters of a button's label (登 录): match either way. */
export function label(text: string): RegExp {
  return new RegExp(`^\\s*${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s?')}\\s*$`);
}

/** Waits until the page has no loading indicator left. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('[role="status"] .ant-spin').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
  // A function, not a string: the pages' CSP (script-src 'self') forbids evaluating strings.
  await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.ant-spin-spinning').length === 0, undefined, { timeout: 30_000 });
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/用户名|Username/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  // Staff made by createStaff share TEST_TOTP_SECRET; the code is ignored for accounts without a second factor.
  await page.getByLabel(/动态验证码|Authenticator code/).fill(totpCode(TEST_TOTP_SECRET));
  await page.locator('form').getByRole('button', { name: /登\s?录|Log in/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await settled(page);
}

/** Serious or critical accessibility violations of the page as it is now (axe-core, WCAG 2 A/AA). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Clicks `target`; when it cannot, the error says what the page showed instead — its address and each dialog's
 * markup — and keeps a screenshot (`failed-<name>.png`): a click that times out otherwise says only what it waited for.
 */
export async function clickOrExplain(page: Page, target: Locator, name: string): Promise<void> {
  try {
    await target.click();
  } catch (error) {
    const shot = await screenshot(page, `failed-${name}`).catch(() => 'none');
    const dialogs = await page.locator('[role="dialog"]').evaluateAll((nodes) => nodes.map((n) => n.outerHTML.slice(0, 3_000))).catch(() => []);
    throw new Error(`${(error as Error).message}\nthe page at ${page.url()}; its dialogs: ${dialogs.join('\n') || 'none'}; screenshot ${shot}`);
  }
}
