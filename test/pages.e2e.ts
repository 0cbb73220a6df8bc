import { createRequire } from 'node:module';
import path from 'node:path';
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../subgraphs/shared/project';
import { browserTestsRun, launchBrowser, screenshotPath, type TestBrowser } from './helpers/browser';
import { startHub, type Hub } from './helpers/hub';

/**
 * The dashboard's record pages in a real browser (Debian's headless Chromium, driven by playwright-core):
 * the directory and its filters in the URL, a page per agreement, territory and network, the requests
 * board and the events calendar — each showing what the public API answers for a real record, in French,
 * Arabic (right to left) and English, with no serious accessibility violation (axe-core).
 */

const requireFromRoot = createRequire(path.join(projectRoot(), 'package.json'));
const runsHere = browserTestsRun('Record pages');

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

describe.skipIf(!runsHere)('the record pages in headless Chromium', () => {
  let hub: Hub;
  let testBrowser: TestBrowser | undefined;
  let page: Page;

  /** POSTs to the gateway and returns the data, failing on any error. */
  async function api(query: string, variables?: Record<string, unknown>): Promise<any> {
    const { data, errors } = await hub.query(query, variables);
    expect(errors).toBeUndefined();
    return data;
  }

  beforeAll(async () => {
    hub = await startHub();
    testBrowser = await launchBrowser();
    page = testBrowser.page;
  });

  afterAll(async () => {
    await testBrowser?.close();
    await hub?.stop();
  });

  /** Opens a dashboard path and waits until the page says it is done (ready, not-found or error). */
  async function open(target: string, state = 'ready') {
    await page.goto(new URL(target, hub.gateway.url).toString());
    await settled(state);
  }

  async function settled(state = 'ready') {
    await page.waitForSelector('body[data-state]', { timeout: 30_000 });
    expect(await page.textContent('#status')).toBe('');
    expect(await page.getAttribute('body', 'data-state')).toBe(state);
  }

  /** The `data-id`s of the items listed under a test id. */
  const listed = (testId: string, item = 'li') =>
    page.$$eval(`[data-testid="${testId}"] ${item}[data-id]`, (nodes) =>
      nodes.map((node) => node.getAttribute('data-id')),
    );
  const rows = () => listed('directory-table', 'tr');
  const count = (testId: string) => page.getAttribute(`[data-testid="${testId}"]`, 'data-value');

  const PAGE = `query Page($first: Int!, $after: String, $filter: PartnershipFilter) {
    partnerships(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { endCursor } nodes { id isDemo }
    }
  }`;

  describe('the directory', () => {
    it('lists the API’s agreements, 20 a page, each row linking to its agreement page', async () => {
      const first = (await api(PAGE, { first: 20 })).partnerships;
      await open('/dashboard/directory');
      expect(await count('directory-count')).toBe(String(first.totalCount));
      expect(await rows()).toEqual(ids(first.nodes));
      const demoRows = await page.$$eval('tr[data-demo="true"] .demo', (nodes) => nodes.length);
      expect(demoRows).toBe(first.nodes.filter((node: any) => node.isDemo).length);
      const second = (await api(PAGE, { first: 20, after: first.pageInfo.endCursor })).partnerships;
      await page.click('[data-testid="page-next"]');
      await page.waitForURL(/page=2/);
      await settled();
      expect(await rows()).toEqual(ids(second.nodes));
    });

    it('filters by region, kind and real only, keeps the filters in the URL and restores them from it', async () => {
      const filter = { within: '01', kinds: ['TWINNING'], realOnly: true };
      const expected = (await api(PAGE, { first: 20, filter })).partnerships;
      expect(expected.totalCount).toBeGreaterThan(0);
      await open('/dashboard/directory');
      const all = Number(await count('directory-count'));
      await page.selectOption('#filter-region', '01');
      await page.waitForURL(/region=01/);
      await settled();
      await page.selectOption('#filter-kind', 'TWINNING');
      await page.waitForURL(/kind=TWINNING/);
      await settled();
      await page.check('#filter-realOnly');
      await page.waitForURL(/realOnly=1/);
      await settled();
      expect(Number(await count('directory-count'))).toBeLessThan(all);
      expect(await count('directory-count')).toBe(String(expected.totalCount));
      expect(await rows()).toEqual(ids(expected.nodes));
      expect(await page.$$eval('tr[data-demo="true"]', (nodes) => nodes.length)).toBe(0);
      const shared = page.url();
      expect(new URL(shared).searchParams.get('region')).toBe('01');
      // A shared link: a fresh load of the URL shows the same filters and the same list.
      await page.goto('about:blank');
      await page.goto(shared);
      await settled();
      expect(await page.inputValue('#filter-region')).toBe('01');
      expect(await page.inputValue('#filter-kind')).toBe('TWINNING');
      expect(await page.isChecked('#filter-realOnly')).toBe(true);
      expect(await rows()).toEqual(ids(expected.nodes));
    });

    it('finds a party by name, lists its agreements, and goes to an agreement page and back', async () => {
      const { territories } = await api(
        `{ territories(filter: { search: "Chefchaouen", kind: COMMUNE }) { nodes { id partnerships { id } } } }`,
      );
      const commune = territories.nodes[0];
      await open('/dashboard/directory?q=Chefchaouen');
      await page.click(`[data-testid="party-choices"] a[data-id="${commune.id}"]`);
      await page.waitForURL(/party=/);
      await settled();
      expect((await rows()).sort()).toEqual(ids(commune.partnerships).sort());
      const listUrl = page.url();
      const first = (await rows())[0]!;
      await page.click(`tr[data-id="${first}"] td:first-child a`);
      await page.waitForURL(/\/dashboard\/agreement\//);
      await settled();
      expect(await page.getAttribute('[data-testid="agreement"]', 'data-id')).toBe(first);
      await page.goBack();
      await settled();
      expect(page.url()).toBe(listUrl);
      expect((await rows()).sort()).toEqual(ids(commune.partnerships).sort());
    });
  });

  describe('the agreement page', () => {
    it('shows a documented agreement as the API has it: parties as at signature, legal path, sources', async () => {
      const { partnerships } = await api(`{
        partnerships(first: 100, filter: { realOnly: true, minEvidence: STRONG }) {
          nodes {
            id title titles { ar } partiesCeased { territory { id } }
            parties { territory { id successors { id } } } steps { status }
            sources { url } evidence { strength quote }
          }
        }
      }`);
      const agreement = partnerships.nodes.find(
        (node: any) => node.partiesCeased.length && node.sources.length,
      );
      expect(agreement).toBeDefined();
      await open(`/dashboard/agreement/${encodeURIComponent(agreement.id)}`);
      expect(await page.textContent('h1')).toBe(agreement.title);
      expect(await listed('parties')).toEqual(agreement.parties.map((party: any) => party.territory.id));
      // A party that has ceased since is shown as it was, with its successors linked.
      expect(await page.$$eval('[data-testid="former"]', (nodes) => nodes.length)).toBe(
        agreement.partiesCeased.length,
      );
      expect(
        await page.$$eval('[data-testid="steps"] li', (nodes) =>
          nodes.map((n) => n.getAttribute('data-status')),
        ),
      ).toEqual(agreement.steps.map((step: any) => step.status));
      expect(await listed('sources')).toEqual(agreement.sources.map((source: any) => source.url));
      expect(await page.getAttribute('[data-testid="evidence"]', 'data-value')).toBe(
        agreement.evidence.strength,
      );
      expect(await page.$$eval('[data-testid="demo-label"]', (nodes) => nodes.length)).toBe(0);
      await page.screenshot({ path: screenshotPath('pages-agreement.png'), fullPage: true });
      // In Arabic, a title the API has only in French is marked as French for screen readers.
      await open(`/dashboard/agreement/${encodeURIComponent(agreement.id)}?lang=ar`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.getAttribute('h1', 'lang')).toBe(agreement.titles.ar ? null : 'fr');
    });

    it('shows actions, funding and events of an agreement that has them, labelled demo', async () => {
      const { partnerships } = await api(`{
        partnerships(first: 100, filter: { isDemo: true }) {
          nodes { id actions { id } funding { id } events { id } budget { currency } }
        }
      }`);
      const agreement = partnerships.nodes.find(
        (node: any) => node.actions.length && node.funding.length && node.events.length,
      );
      expect(agreement).toBeDefined();
      await open(`/dashboard/agreement/${agreement.id}?lang=en`);
      expect(await listed('actions')).toEqual(ids(agreement.actions));
      expect(await listed('funding')).toEqual(ids(agreement.funding));
      expect(await listed('events')).toEqual(ids(agreement.events));
      expect(
        await page.$$eval('[data-testid="funding"] .totals li', (n) => n.map((x) => x.dataset.currency)),
      ).toEqual(agreement.budget.map((row: any) => row.currency));
      expect(await page.textContent('[data-testid="demo-label"]')).toBe('Demo record (fictitious)');
    });

    it('says "not found" for an unknown agreement, territory or network', async () => {
      await open('/dashboard/agreement/no-such-agreement', 'not-found');
      expect(await page.textContent('h1')).toBe('Introuvable');
      expect(await page.textContent('[data-testid="not-found"]')).toContain('no-such-agreement');
      await open('/dashboard/territory/no-such-place?lang=ar', 'not-found');
      expect(await page.textContent('h1')).toBe('غير موجود');
      await open('/dashboard/network/no-such-network?lang=en', 'not-found');
      expect(await page.textContent('h1')).toBe('Not found');
    });
  });

  it('shows a territory’s agreements, networks, requests and experiences (Chefchaouen)', async () => {
    const { territories } = await api(`{
      territories(filter: { search: "Chefchaouen", kind: COMMUNE }) {
        nodes {
          id name(lang: AR) partnerships { id } memberships { network { id } }
          requests { id } experiences { id } events { id }
        }
      }
    }`);
    const commune = territories.nodes[0];
    expect(commune.partnerships.length).toBeGreaterThan(0);
    await open(`/dashboard/territory/${commune.id}?lang=ar`);
    expect(await page.textContent('h1')).toBe(commune.name);
    expect(await listed('agreements')).toEqual(ids(commune.partnerships));
    expect(await listed('networks')).toEqual(commune.memberships.map((m: any) => m.network.id));
    expect(await listed('requests')).toEqual(ids(commune.requests));
    expect(await listed('experiences')).toEqual(ids(commune.experiences));
    expect(await listed('events')).toEqual(ids(commune.events));
    // Its agreements in the directory, one click away.
    await page.click('[data-testid="facts"] a[href^="/dashboard/directory"]');
    await page.waitForURL(/\/dashboard\/directory/);
    await settled();
    expect((await rows()).sort()).toEqual(ids(commune.partnerships).sort());
  });

  it('shows a network’s dashboard: members, their agreements and experiences, its events (UCLG Africa)', async () => {
    const { networks } = await api(`{
      networks {
        id acronyms { en } memberCount events { id }
        memberships { territory { id partnerships { id } experiences { id } } }
      }
    }`);
    const network = networks.find((node: any) => node.acronyms.en === 'UCLG Africa');
    expect(network.memberships.length).toBeGreaterThan(0);
    await open(`/dashboard/network/${network.id}?lang=en`);
    expect(await page.textContent('h1')).toContain('UCLG Africa');
    expect(await count('member-count')).toBe(String(network.memberCount));
    const members = await page.$$eval('article.member', (nodes) =>
      nodes.map((node) => ({
        id: node.getAttribute('data-id'),
        agreements: [...node.querySelectorAll('[data-testid="member-agreements"] li')].map((li) =>
          li.getAttribute('data-id'),
        ),
        experiences: [...node.querySelectorAll('[data-testid="member-experiences"] li')].map((li) =>
          li.getAttribute('data-id'),
        ),
      })),
    );
    expect(members).toEqual(
      network.memberships.map((m: any) => ({
        id: m.territory.id,
        agreements: ids(m.territory.partnerships),
        experiences: ids(m.territory.experiences),
      })),
    );
    expect(await listed('events')).toEqual(ids(network.events));
  });

  it('lists the open requests, public fields only, each at its anchor', async () => {
    const { cooperationRequests } = await api(`{
      cooperationRequests(first: 100, filter: { statuses: [OPEN, IN_DISCUSSION] }) { nodes { id title } }
    }`);
    const nodes = cooperationRequests.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    const target = nodes[nodes.length - 1];
    await open(`/dashboard/requests#${target.id}`);
    expect(await count('requests-count')).toBe(String(nodes.length));
    expect(await page.$$eval('article.request', (n) => n.map((x) => x.id))).toEqual(ids(nodes));
    expect(await page.$eval(':target', (node) => node.id)).toBe(target.id);
    expect(await page.textContent(`[id="${target.id}"] h2`)).toContain(target.title);
    // Public fields only: no proposals, no suggested partners.
    expect(await page.textContent('main')).not.toMatch(/propos|candidat/i);
  });

  it('shows the events calendar by year and month, undated events last, each at its anchor', async () => {
    const { events } = await api(`{ events(first: 100) { totalCount nodes { id startsOn endsOn } } }`);
    expect(events.totalCount).toBe(events.nodes.length);
    await open('/dashboard/events?lang=en');
    expect(await count('events-count')).toBe(String(events.totalCount));
    const years = await page.$$eval('section.year[data-year]', (nodes) =>
      nodes.map((n) => Number(n.dataset.year)),
    );
    expect(years).toEqual([...years].sort((a, b) => b - a));
    const undated = events.nodes.filter((e: any) => !e.startsOn && !e.endsOn);
    expect(await listed('undated')).toEqual(ids(undated));
    const last = await page.$$eval('[data-testid="calendar"] > section', (nodes) =>
      nodes[nodes.length - 1].getAttribute('data-testid'),
    );
    expect(last).toBe(undated.length ? 'undated' : null);
    const dated = events.nodes.find((e: any) => e.startsOn);
    await open(`/dashboard/events?lang=en#${dated.id}`);
    const year = await page.$eval(':target', (node) => node.closest('section')!.getAttribute('data-year'));
    expect(year).toBe(dated.startsOn.slice(0, 4));
  });

  it('reads right to left in Arabic and in English, the language switch keeping the path and filters', async () => {
    await open('/dashboard/directory?region=01');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    await page.click('.langs a[data-lang="ar"]');
    await page.waitForURL(/lang=ar/);
    await settled();
    expect(new URL(page.url()).pathname).toBe('/dashboard/directory');
    expect(new URL(page.url()).searchParams.get('region')).toBe('01');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.textContent('h1')).toBe('دليل اتفاقيات التعاون');
    expect(await page.textContent('.site-nav a[data-nav="events"]')).toBe('الأنشطة');
    expect(await page.getAttribute('.site-nav a[data-nav="events"]', 'href')).toBe(
      '/dashboard/events?lang=ar',
    );
    await page.screenshot({ path: screenshotPath('pages-directory-ar.png'), fullPage: true });
    await page.click('.langs a[data-lang="en"]');
    await page.waitForURL(/lang=en/);
    await settled();
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.textContent('h1')).toBe('Directory of cooperation agreements');
  });

  /** The serious and critical violations axe-core finds in the page as it stands. */
  async function axeViolations(): Promise<string[]> {
    await page.addScriptTag({ path: requireFromRoot.resolve('axe-core') });
    const results = await page.evaluate(() => (window as any).axe.run());
    expect(results.passes.length).toBeGreaterThan(10);
    return results.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  }

  for (const lang of ['fr', 'ar'] as const) {
    it(`has no serious or critical accessibility violation on any page, axe-core says (${lang})`, async () => {
      const { networks } = await api(`{ networks { id memberCount } }`);
      const { partnerships } = await api(`{ partnerships(first: 1) { nodes { id } } }`);
      const network = networks.find((n: any) => n.memberCount > 0);
      const paths = [
        '/dashboard/directory',
        `/dashboard/agreement/${partnerships.nodes[0].id}`,
        '/dashboard/territory/01',
        `/dashboard/network/${network.id}`,
        '/dashboard/requests',
        '/dashboard/events',
      ];
      const found: Record<string, string[]> = {};
      for (const target of paths) {
        await open(`${target}?lang=${lang}`);
        const violations = await axeViolations();
        if (violations.length) found[target] = violations;
      }
      expect(found).toEqual({});
    });
  }
});
