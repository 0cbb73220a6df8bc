import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../gateway/server';
import { gatewayOn } from './helpers/gateway';
import { browserTestsRun, launchBrowser, screenshotPath, type TestBrowser } from './helpers/browser';
import { startHub, type Hub } from './helpers/hub';
import { officerOf, PRODUCTION_AUTH_ENV } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

/**
 * The offline IDE (`/graphiql`: GraphiQL served by the gateway from node_modules), the landing pages that
 * link to it and to the dashboard, and `experiences(filter: { realOnly: true })` — through the gateway, on
 * the seed data, and in Debian's headless Chromium with every request but 127.0.0.1's refused.
 */

const runsHere = browserTestsRun('GraphiQL');

/** The script and stylesheet URLs of an HTML page. */
function assetUrls(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  const styles = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  return { scripts, styles };
}

/** The `href`s of the links of an HTML page. */
const links = (html: string) => [...html.matchAll(/<a[^>]*\shref="([^"]+)"/g)].map((m) => m[1]);

/**
 * Screenshots go to test-results/ (ignored by git) so a test run leaves the tree clean;
 * `UPDATE_SCREENSHOTS=1` refreshes the one in docs/.
 */
const getHtml = (base: string, pathname: string) =>
  fetch(new URL(pathname, base), { headers: { accept: 'text/html' } });

const FES = '03.231.01.0';

let hub: Hub;

beforeAll(async () => {
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

describe('/graphiql, the offline IDE', () => {
  it('answers a page whose every script and stylesheet the gateway serves itself', async () => {
    const page = await getHtml(hub.gateway.url, '/graphiql');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/connect-src 'self'(;|$)/);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|https?:/);
    const html = await page.text();
    const { scripts, styles } = assetUrls(html);
    expect(scripts.length).toBeGreaterThanOrEqual(4);
    expect(styles.length).toBeGreaterThanOrEqual(1);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    for (const [urls, type] of [
      [scripts, /^text\/javascript/],
      [styles, /^text\/css/],
    ] as const) {
      for (const url of urls) {
        expect(url, 'served from this gateway, not a CDN').toMatch(/^\/graphiql\//);
        const asset = await fetch(new URL(url, hub.gateway.url));
        expect(asset.status, url).toBe(200);
        expect(asset.headers.get('content-type'), url).toMatch(type);
        expect(asset.headers.get('x-content-type-options'), url).toBe('nosniff');
        expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(100);
      }
    }
  });

  it('answers an unknown GraphiQL file and a POST as the rest of the gateway does', async () => {
    const missing = await fetch(new URL('/graphiql/vendor/nothing.js', hub.gateway.url));
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0].extensions.code).toBe('NOT_FOUND');
    const posted = await fetch(new URL('/graphiql', hub.gateway.url), { method: 'POST', body: '{}' });
    expect(posted.status).toBe(405);
  });
});

describe('the landing page in development (Apollo Sandbox)', () => {
  it('links to GraphiQL and the dashboard, and says Sandbox needs the internet', async () => {
    const response = await getHtml(hub.gateway.url, '/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/embeddable-sandbox/);
    expect(links(html)).toEqual(expect.arrayContaining(['/graphiql', '/dashboard']));
    expect(html).toMatch(/Sandbox[^<]*needs the internet/);
  });
});

describe('in production', () => {
  let production: RunningGateway;
  let introspecting: RunningGateway;

  beforeAll(async () => {
    production = await gatewayOn(hub, { NODE_ENV: 'production', ...PRODUCTION_AUTH_ENV });
    introspecting = await gatewayOn(hub, {
      NODE_ENV: 'production',
      GATEWAY_INTROSPECTION: 'true',
      ...PRODUCTION_AUTH_ENV,
    });
  });

  afterAll(async () => {
    await production?.stop();
    await introspecting?.stop();
  });

  it('serves no GraphiQL while introspection is off, and its landing page links to the dashboard only', async () => {
    expect((await getHtml(production.url, '/graphiql')).status).toBe(404);
    expect((await fetch(new URL('/graphiql/vendor/graphiql.min.js', production.url))).status).toBe(404);
    const html = await (await getHtml(production.url, '/')).text();
    expect(links(html)).toContain('/dashboard');
    expect(links(html)).not.toContain('/graphiql');
    expect(html).toMatch(/introspection is off/);
  });

  it('serves GraphiQL and links to it when introspection is turned on', async () => {
    expect((await getHtml(introspecting.url, '/graphiql')).status).toBe(200);
    const html = await (await getHtml(introspecting.url, '/')).text();
    expect(links(html)).toEqual(expect.arrayContaining(['/graphiql', '/dashboard']));
    expect(html).not.toMatch(/<script/i);
  });
});

describe('experiences(filter: { realOnly: true })', () => {
  const { ok } = writesThrough(() => hub.gateway.url);
  const CREATE_EXPERIENCE = `mutation($input: CreateExperienceInput!) {
    createExperience(input: $input) { id version } }`;
  const PUBLISH_EXPERIENCE = `mutation($id: ID!, $v: Int!) {
    publishExperience(id: $id, expectedVersion: $v) { id isDemo isPublished } }`;
  const EXPERIENCES = `query Experiences($realOnly: Boolean, $after: String) {
    experiences(filter: { realOnly: $realOnly }, first: 100, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id isDemo }
    }
  }`;

  /** Every experience of the list, page by page. */
  async function all(realOnly: boolean | null) {
    const nodes: { id: string; isDemo: boolean }[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const { data, errors }: { data: any; errors?: unknown } = await hub.query(EXPERIENCES, {
        realOnly,
        after,
      });
      expect(errors).toBeUndefined();
      totalCount = data.experiences.totalCount;
      nodes.push(...data.experiences.nodes);
      after = data.experiences.pageInfo.hasNextPage ? data.experiences.pageInfo.endCursor : null;
    } while (after);
    expect(nodes).toHaveLength(totalCount);
    return nodes;
  }

  it('leaves out every demo experience and keeps every real one', async () => {
    // The seed's experiences are all demo ones (none is documented yet): Fès's officer records and
    // publishes a real one, as a user would.
    const fes = await officerOf(FES);
    const draft = await ok(fes, CREATE_EXPERIENCE, {
      input: {
        territoryId: FES,
        title: 'Réduire les fuites du réseau d’eau de la médina',
        summary: 'Sectorisation du réseau et campagne de détection des fuites.',
        lessonsLearned: 'Mesurer avant d’investir; associer les habitants aux relevés.',
        language: 'FR',
        themes: ['water-sanitation'],
        sdgs: [6],
      },
    });
    const recorded = await ok(fes, PUBLISH_EXPERIENCE, { id: draft.id, v: draft.version });
    expect(recorded.isDemo).toBe(false);
    const everything = await all(null);
    const real = await all(true);
    expect(real.map((x) => x.id)).toContain(recorded.id);
    expect(everything.some((x) => x.isDemo)).toBe(true);
    expect(real.length).toBeGreaterThan(0);
    expect(real.length).toBeLessThan(everything.length);
    expect(real.filter((x) => x.isDemo)).toEqual([]);
    expect(real.map((x) => x.id).sort()).toEqual(
      everything
        .filter((x) => !x.isDemo)
        .map((x) => x.id)
        .sort(),
    );
    expect(await all(false)).toHaveLength(everything.length);
    // The same count as the statistics' real-only total.
    const { data } = await hub.query('{ experienceStats(realOnly: true) { total } }');
    expect(real).toHaveLength(data.experienceStats.total);
  });
});

describe.skipIf(!runsHere)('GraphiQL in headless Chromium, offline', () => {
  let browser: BrowserContext;
  let testBrowser: TestBrowser | undefined;
  let page: Page;
  /** Requests the browser tried beyond 127.0.0.1 (refused). */
  const outside: string[] = [];

  beforeAll(async () => {
    testBrowser = await launchBrowser();
    browser = testBrowser.context;
    // As offline: whatever is not the gateway on 127.0.0.1 is refused, and noted.
    await browser.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      outside.push(url.toString());
      return route.abort('internetdisconnected');
    });
    // Content-Security-Policy refusals, recorded by the page itself.
    await browser.addInitScript(() => {
      const violations: string[] = [];
      (window as any).cspViolations = violations;
      document.addEventListener('securitypolicyviolation', (event) =>
        violations.push(`${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    page = testBrowser.page;
  });

  afterAll(async () => {
    await testBrowser?.close();
  });

  it('loads, shows the schema and the header editor, and runs its default query', async () => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(new URL('/graphiql', hub.gateway.url).toString());
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    // The default query is a domain question: Fès's agreements.
    const editor = page.locator('.graphiql-query-editor');
    await expect
      .poll(() => editor.textContent(), { timeout: 30_000 })
      .toMatch(/territory\(id: "03\.231\.01\.0"\)/);
    // The header editor is there, open, for a bearer token.
    await expect
      .poll(() => page.locator('.graphiql-editor-tool .graphiql-editor').last().isVisible())
      .toBe(true);
    expect(await page.locator('button[data-name="headers"]').getAttribute('class')).toMatch(/\bactive\b/);
    // A bearer token pasted there goes with the query; run it: the answer is the API's.
    const token = (await officerOf(FES)).authorization;
    await page.locator('.graphiql-editor-tool .graphiql-editor').last().click();
    await page.keyboard.insertText(JSON.stringify({ Authorization: token }));
    const sent = page.waitForRequest(
      (request) => request.method() === 'POST' && /query Fes \{/.test(request.postData() ?? ''),
    );
    await page.locator('.graphiql-execute-button').click();
    expect((await sent).headers().authorization).toBe(token);
    const result = page.locator('.graphiql-response');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/"partnerships"/);
    const { data } = await hub.query('{ territory(id: "03.231.01.0") { name partnerships { title } } }');
    const shown = (await result.textContent()) ?? '';
    expect(shown).toContain(JSON.stringify(data.territory.name));
    expect(shown).toContain(JSON.stringify(data.territory.partnerships[0].title).slice(1, -1));
    // The schema's descriptions, read by introspection, in the documentation explorer.
    await page.getByRole('button', { name: /Show Documentation Explorer/i }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await expect
      .poll(() => page.locator('.graphiql-doc-explorer').textContent(), { timeout: 30_000 })
      .toMatch(/Shared experiences and good practices/);
    // The screenshot shows where a token goes, not a token.
    await page.locator('.graphiql-editor-tool .graphiql-editor').last().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('{"Authorization": "Bearer <token>"}');
    await page.screenshot({ path: screenshotPath('graphiql.png') });
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as any).cspViolations)).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('is reached offline from the landing page, where Sandbox cannot load', async () => {
    await page.goto(hub.gateway.url);
    const link = page.getByRole('link', { name: /GraphiQL/ }).first();
    await link.click();
    await page.waitForURL(/\/graphiql$/);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent()).toMatch(/query Fes/);
    // Sandbox's script was the only thing asked of the internet, and refused.
    expect(outside.length).toBeGreaterThan(0);
    expect(
      outside.every((url) => /^https:\/\/[a-z-.]+\.apollographql\.com\/|fonts\.googleapis/.test(url)),
    ).toBe(true);
  });
});
