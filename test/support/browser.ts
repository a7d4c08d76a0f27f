import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/lib/web-build';
import { eventually } from './eventually';
import { testPassword, unusedTotpCode } from './session';

// Browser tests: Debian's chromium driven by playwright-core (its own browser download cannot
// work here), against the API harness's app listening on a free port and serving web/dist.

const root = path.join(__dirname, '..', '..');
export const screenshotDir = path.join(root, 'test-artifacts', 'screenshots');

/** The flags every launch uses: headless, no sandbox (root in CI), nothing phoning home. */
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function chromiumPath(): string {
  const candidate = process.env.SRDI_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(candidate)) throw new Error(`${candidate} is missing: run scripts/ensure-chromium.sh (npm test does)`);
  return candidate;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumFlags, headless: true });
}

export interface WebServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves the app on 127.0.0.1 with a free port, after making sure web/dist is current. */
export async function serveWeb(app: Express): Promise<WebServer> {
  ensureWebBuild();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Asserts a locator's text, waiting until it shows what is expected (or 10 s pass): pages fill in
 * names and labels as later requests answer (a unit's name after the unit list arrives), so one
 * read of textContent races the page. A string must be contained, unless `exact`.
 */
export async function expectText(locator: Locator, expected: string | RegExp, { exact = false } = {}): Promise<void> {
  const matches = (text: string) => (typeof expected !== 'string' ? expected.test(text) : exact ? text === expected : text.includes(expected));
  const text = await eventually(async () => (await locator.textContent()) ?? '', matches, 10_000);
  if (typeof expected !== 'string') expect(text).toMatch(expected);
  else if (exact) expect(text).toBe(expected);
  else expect(text).toContain(expected);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * Signs in through the login page as a person would: password, then binding a TOTP
 * authenticator (reading the secret shown under the QR code) or answering a code. Returns the
 * secret when one was bound.
 */
export async function signInInBrowser(
  page: Page,
  baseUrl: string,
  username: string,
  options: { totpSecret?: string; password?: string; newPassword?: string } = {},
): Promise<string | undefined> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(options.password ?? testPassword);
  await page.getByRole('button', { name: '登录' }).click();
  const next = await Promise.race([
    page.getByTestId('totp-secret').waitFor().then(() => 'enrol' as const),
    page.getByRole('button', { name: '验证' }).waitFor().then(() => 'verify' as const),
    page.getByRole('button', { name: '修改密码' }).waitFor().then(() => 'change' as const),
    page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'done' as const),
  ]);
  let secret = options.totpSecret;
  if (next === 'enrol') {
    secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('动态口令', { exact: true }).fill(await unusedTotpCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
  } else if (next === 'verify') {
    if (!secret) throw new Error(`${username} needs its TOTP secret`);
    await page.getByLabel('动态口令', { exact: true }).fill(await unusedTotpCode(secret));
    await page.getByRole('button', { name: '验证' }).click();
  }
  // After the second factor the app either goes on or asks for a new password: wait for whichever comes.
  const then =
    next === 'enrol' || next === 'verify'
      ? await Promise.race([
          page.getByRole('button', { name: '修改密码' }).waitFor().then(() => 'change' as const),
          page.waitForURL((url) => !url.pathname.startsWith('/login')).then(() => 'done' as const),
        ])
      : next;
  if (then === 'change') {
    if (!options.newPassword) throw new Error(`${username} must change its password: pass newPassword`);
    await page.getByLabel('当前密码', { exact: true }).fill(options.password ?? testPassword);
    await page.getByLabel('新密码', { exact: true }).fill(options.newPassword);
    await page.getByLabel('再次输入新密码', { exact: true }).fill(options.newPassword);
    await page.getByRole('button', { name: '修改密码' }).click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return secret;
}
