import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../subgraphs/shared/project';

/**
 * The browser of the browser tests: Debian's headless Chromium driven by playwright-core, a fresh profile per
 * run, every background service of Chromium switched off (no network but 127.0.0.1 here).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// In CI (CI set, as .ci/run does) a browser test that cannot run is a failure, never a skip: CI must not be
// green with no browser test run. Elsewhere they skip, saying so.
const inCi = !!process.env.CI && process.env.CI !== 'false';

/** Whether the browser tests of `what` run here; says so when they are skipped. */
export function browserTestsRun(what: string): boolean {
  if (!hasChromium && !inCi) {
    console.warn(
      `\n${what} browser tests SKIPPED: no Chromium at ${CHROMIUM} ` +
        '(apt-get install chromium, or set CHROMIUM_PATH).\n',
    );
  }
  return hasChromium || inCi;
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Launches Chromium (1280×900); in CI without it, fails saying how to install it. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!hasChromium) {
    throw new Error(
      `No Chromium at ${CHROMIUM} in CI: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'passerelle-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 900 },
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots go to test-results/ (ignored by git); `UPDATE_SCREENSHOTS=1` writes the README's, in docs/. */
export function screenshotPath(file: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';
  mkdirSync(path.join(projectRoot(), dir), { recursive: true });
  return path.join(projectRoot(), dir, file);
}
