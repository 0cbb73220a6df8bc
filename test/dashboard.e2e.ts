import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../subgraphs/shared/project';
import { startHub, type Hub } from './helpers/hub';

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by playwright-core): it loads, its
 * numbers are the API's, the French and Arabic (right-to-left) views render, and screenshots of both are
 * saved (see screenshotPath).
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
// In CI (CI set, as .ci/run does) a browser test that cannot run is a failure, never a skip: CI must not be
// green with no dashboard test run. Elsewhere they skip, saying so.
const inCi = !!process.env.CI && process.env.CI !== 'false';
if (!hasChromium && !inCi) {
  console.warn(
    `\nDashboard browser tests SKIPPED: no Chromium at ${CHROMIUM} ` +
      '(apt-get install chromium, or set CHROMIUM_PATH).\n',
  );
}

const REPORT = `{
  cooperationReport {
    agreements { total byRegion { region { id } count } bySdg { sdg { number } count } }
    memberships { total }
    events { total }
    experiences { total }
    dormantAgreements { totalCount }
  }
}`;

/** The key figures of the real-only report: the dashboard's notes say how many demo records differ. */
const REAL_REPORT = `{
  cooperationReport(realOnly: true) {
    agreements { total demoExcluded }
    memberships { total }
    events { total }
    experiences { total }
    dormantAgreements { totalCount }
  }
}`;

/** Each key figure of a report by the name of its tile. */
const figures = (report: any): Record<string, number> => ({
  agreements: report.agreements.total,
  memberships: report.memberships.total,
  events: report.events.total,
  experiences: report.experiences.total,
  dormant: report.dormantAgreements.totalCount,
});

/**
 * Screenshots go to test-results/ (ignored by git) so a test run leaves the tree clean;
 * `UPDATE_SCREENSHOTS=1 npm test` refreshes the ones the README shows, in docs/.
 */
function screenshotPath(file: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs' : 'test-results';
  mkdirSync(path.join(projectRoot(), dir), { recursive: true });
  return path.join(projectRoot(), dir, file);
}

describe.skipIf(!hasChromium && !inCi)('the dashboard in headless Chromium', () => {
  let hub: Hub;
  let browser: BrowserContext;
  let profile: string;
  let page: Page;
  let report: any;
  let realReport: any;

  beforeAll(async () => {
    if (!hasChromium) {
      throw new Error(
        `No Chromium at ${CHROMIUM} in CI: install it (apt-get install chromium) or set CHROMIUM_PATH`,
      );
    }
    hub = await startHub();
    profile = mkdtempSync(path.join(tmpdir(), 'passerelle-chromium-'));
    // A fresh profile per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 1280, height: 900 },
      headless: true,
      // No network but 127.0.0.1 here: every background service of Chromium is switched off.
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
    page = browser.pages()[0] ?? (await browser.newPage());
    const { data, errors } = await hub.query(REPORT);
    expect(errors).toBeUndefined();
    report = data.cooperationReport;
    const real = await hub.query(REAL_REPORT);
    expect(real.errors).toBeUndefined();
    realReport = real.data.cooperationReport;
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(query: string) {
    await page.goto(new URL(`/dashboard${query}`, hub.gateway.url).toString());
    await page.waitForSelector('body[data-state]', { timeout: 30_000 });
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
  }

  const kpi = (name: string) => page.getAttribute(`[data-testid="kpi-${name}"]`, 'data-value');
  /** The demo note of a key figure: how many demo records it counts or left out, and its text. */
  const demoNote = async (name: string) => ({
    value: await page.getAttribute(`[data-testid="kpi-${name}-demo"]`, 'data-value'),
    text: await page.textContent(`[data-testid="kpi-${name}-demo"]`),
  });
  const bars = (chart: string) =>
    page.$$eval(`[data-testid="chart-${chart}"] g.bar`, (groups) =>
      groups.map((g) => [g.getAttribute('data-key'), Number(g.getAttribute('data-count'))]),
    );

  /**
   * What a reader sees at the year column of `year` in "Agreements by year": the axis label and the value
   * label horizontally nearest its bar (a label centred on a neighbour would be read as its own).
   */
  const yearColumn = (year: string) =>
    page.$eval(
      '[data-testid="chart-years"] svg',
      (svg, year) => {
        const centre = (node: Element) => {
          const box = node.getBoundingClientRect();
          return box.x + box.width / 2;
        };
        const rect = svg.querySelector(`g.bar[data-key="${year}"] rect`);
        if (!rect) return null;
        const x = centre(rect);
        const nearest = (selector: string) =>
          [...svg.querySelectorAll(selector)]
            .filter((node) => node.textContent)
            .sort((a, b) => Math.abs(centre(a) - x) - Math.abs(centre(b) - x))[0]?.textContent ?? null;
        return { tick: nearest('g.bar text:last-of-type'), value: nearest('g.bar text.count') };
      },
      year,
    );
  /** Each bar of a chart: its key, count, demo records, visible label and visible value. */
  const chartRows = (chart: string) =>
    page.$$eval(`[data-testid="chart-${chart}"] g.bar`, (groups) =>
      groups.map((g) => ({
        key: g.getAttribute('data-key'),
        count: Number(g.getAttribute('data-count')),
        demo: Number(g.getAttribute('data-demo')),
        label: g.querySelector('text')?.textContent ?? '',
        value: g.querySelector('text.count')?.textContent ?? '',
      })),
    );
  /** A number as the page writes it in `lang` (fr-FR or ar-MA digits). */
  const formatted = (value: number, lang: 'fr' | 'ar') =>
    page.evaluate(([value, locale]) => new Intl.NumberFormat(locale).format(value), [
      value,
      lang === 'ar' ? 'ar-MA' : 'fr-FR',
    ] as const);

  it('shows the bilan of the API in French: key figures, regions, SDGs, dormant agreements', async () => {
    await open('');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await kpi('agreements')).toBe(String(report.agreements.total));
    expect(await kpi('memberships')).toBe(String(report.memberships.total));
    expect(await kpi('events')).toBe(String(report.events.total));
    expect(await kpi('experiences')).toBe(String(report.experiences.total));
    expect(await kpi('dormant')).toBe(String(report.dormantAgreements.totalCount));
    expect(await bars('region')).toEqual(
      report.agreements.byRegion.slice(0, 12).map((row: any) => [row.region.id, row.count]),
    );
    const sdg = new Map(report.agreements.bySdg.map((row: any) => [String(row.sdg.number), row.count]));
    expect(await bars('sdg')).toEqual(
      Array.from({ length: 17 }, (_, i) => [String(i + 1), sdg.get(String(i + 1)) ?? 0]),
    );
    expect(await page.$$eval('#dormant-body tr[data-id]', (rows) => rows.length)).toBe(
      Math.min(15, report.dormantAgreements.totalCount),
    );
  });

  it('searches experiences from the search box, as many as the API finds', async () => {
    const { data } = await hub.query(`{ experiences(filter: { search: "eau" }) { totalCount } }`);
    await page.fill('#search-input', 'eau');
    await page.click('#search-form button');
    await page.waitForSelector('#search-count[data-value]');
    expect(await page.getAttribute('#search-count', 'data-value')).toBe(String(data.experiences.totalCount));
    expect(await page.$$eval('#search-results li', (items) => items.length)).toBe(
      Math.min(8, data.experiences.totalCount),
    );
    mkdirSync(path.join(projectRoot(), 'docs'), { recursive: true });
    await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true });
  });

  it('shows the same numbers in Arabic, right to left, from the language toggle', async () => {
    await page.click('.langs a[data-lang="ar"]');
    await page.waitForURL(/lang=ar/);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ar');
    expect(await page.textContent('h1')).toBe('حصيلة التعاون اللامركزي');
    expect(await kpi('agreements')).toBe(String(report.agreements.total));
    expect(await kpi('dormant')).toBe(String(report.dormantAgreements.totalCount));
    expect(await bars('region')).toEqual(
      report.agreements.byRegion.slice(0, 12).map((row: any) => [row.region.id, row.count]),
    );
    const regionLabels = await page.$$eval('[data-testid="chart-region"] g.bar text:first-of-type', (texts) =>
      texts.map((text) => text.textContent ?? ''),
    );
    expect(regionLabels.some((label) => /[\u0600-\u06FF]/.test(label))).toBe(true);
    await page.fill('#search-input', 'النفايات');
    await page.click('#search-form button');
    await page.waitForSelector('#search-count[data-value]');
    await page.screenshot({ path: screenshotPath('dashboard-ar.png'), fullPage: true });
  });

  it('narrows to a region from the URL, with the numbers of the filtered report', async () => {
    await open('?region=03&year=2024');
    const { data } = await hub.query(
      `{ cooperationReport(region: "03", year: 2024) { agreements { total } } }`,
    );
    expect(await kpi('agreements')).toBe(String(data.cooperationReport.agreements.total));
    expect(await page.inputValue('#filter-region')).toBe('03');
    expect(await page.getAttribute('#export-bilan', 'href')).toBe(
      '/exports/bilan.csv?lang=fr&year=2024&region=03',
    );
  });

  it('says how many demo records each key figure includes ("dont N démo")', async () => {
    await open('');
    const all = figures(report);
    const real = figures(realReport);
    expect(all.agreements - real.agreements).toBe(realReport.agreements.demoExcluded);
    expect(realReport.agreements.demoExcluded).toBeGreaterThan(0);
    for (const name of Object.keys(all)) {
      const note = await demoNote(name);
      expect(note.value, name).toBe(String(all[name] - real[name]));
      expect(note.text).toMatch(/^dont \S+ démo$/);
    }
    expect(await page.isChecked('#filter-realOnly')).toBe(false);
  });

  it('shows real records only from the toggle, with the demo records left out in each figure', async () => {
    await open('');
    await Promise.all([page.waitForURL(/realOnly=1/), page.check('#filter-realOnly')]);
    await page.waitForSelector('body[data-state]');
    expect(await page.getAttribute('body', 'data-state')).toBe('ready');
    expect(await page.isChecked('#filter-realOnly')).toBe(true);
    const all = figures(report);
    const real = figures(realReport);
    for (const name of Object.keys(all)) {
      expect(await kpi(name), name).toBe(String(real[name]));
      const note = await demoNote(name);
      expect(note.value, name).toBe(String(all[name] - real[name]));
      expect(note.text).toMatch(/^hors \S+ démo$/);
    }
    expect(await page.getAttribute('#export-bilan', 'href')).toBe('/exports/bilan.csv?lang=fr&realOnly=true');
    expect(await page.getAttribute('#export-partnerships', 'href')).toBe(
      '/exports/partnerships.csv?lang=fr&realOnly=true',
    );
  });

  it('says it in Arabic too', async () => {
    await open('?lang=ar&realOnly=1');
    expect(await kpi('agreements')).toBe(String(realReport.agreements.total));
    const note = await demoNote('agreements');
    expect(note.value).toBe(String(realReport.agreements.demoExcluded));
    expect(note.text).toMatch(/^دون احتساب \S+ تجريبية$/);
  });
  for (const lang of ['fr', 'ar'] as const) {
    const prefix = lang === 'ar' ? 'lang=ar&' : '';

    it(`labels the selected year's column with its own year and the key figure (${lang})`, async () => {
      await open(`?${prefix}year=2025&region=01`);
      const { data } = await hub.query(
        `{ cooperationReport(region: "01", year: 2025) { agreements { total } } }`,
      );
      const total = data.cooperationReport.agreements.total;
      expect(await kpi('agreements')).toBe(String(total));
      const column = await yearColumn('2025');
      expect(column).toEqual({
        tick: '2025',
        value: await page.textContent('[data-testid="kpi-agreements"]'),
      });
      // A year with no agreement in the region still has its column, at 0, under its own label.
      await open(`?${prefix}year=2030&region=01`);
      expect(await kpi('agreements')).toBe('0');
      expect(await yearColumn('2030')).toEqual({ tick: '2030', value: await formatted(0, lang) });
    });

    it(`writes values on every bar, over a titled axis, and the demo part of each bar (${lang})`, async () => {
      await open(`?${prefix}`.replace(/&$/, ''));
      const { data } = await hub.query(`{
        all: cooperationReport { agreements { byRegion { region { id } count } } }
        real: cooperationReport(realOnly: true) { agreements { byRegion { region { id } count } } }
      }`);
      const real = new Map(data.real.agreements.byRegion.map((row: any) => [row.region.id, row.count]));
      for (const chart of ['region', 'country', 'sdg', 'years', 'theme', 'network']) {
        const rows = await chartRows(chart);
        expect(rows.length, chart).toBeGreaterThan(0);
        for (const row of rows.filter((row) => row.count > 0)) {
          expect(row.value, `${chart} ${row.key}`).toBe(await formatted(row.count, lang));
        }
        const axis = await page.$$eval(`[data-testid="chart-${chart}"] .axis text`, (texts) =>
          texts.map((text) => text.textContent ?? ''),
        );
        expect(axis.length, chart).toBeGreaterThan(2);
        expect(await page.textContent(`[data-testid="chart-${chart}"] .axis-title`)).toBeTruthy();
        expect(await page.textContent(`[data-testid="chart-${chart}-demo"]`)).toBe(
          lang === 'ar' ? 'الجزء المخطط: بيانات تجريبية' : 'partie hachurée : données de démonstration',
        );
      }
      const regions = await chartRows('region');
      for (const row of regions)
        expect(row.demo, row.key!).toBe(row.count - ((real.get(row.key) as number) ?? 0));
      expect(regions.some((row) => row.demo > 0)).toBe(true);
      expect(await page.$$eval('[data-testid="chart-region"] rect.demo-part', (r) => r.length)).toBe(
        regions.filter((row) => row.demo > 0).length,
      );
    });

    it(`names each SDG beside its number, in the page's language (${lang})`, async () => {
      await open(`?${prefix}`.replace(/&$/, ''));
      const { data } = await hub.query(`{ sdgs { number shortTitle(lang: ${lang.toUpperCase()}) } }`);
      const rows = await chartRows('sdg');
      expect(rows.map((row) => row.key)).toEqual(Array.from({ length: 17 }, (_, i) => String(i + 1)));
      for (const sdg of data.sdgs) {
        const label = rows[sdg.number - 1].label;
        expect(label.startsWith(`${lang === 'ar' ? 'الهدف' : 'ODD'} ${sdg.number} · `), label).toBe(true);
        const name = label.slice(label.indexOf(' · ') + 3).replace(/…$/, '');
        expect(name.length).toBeGreaterThan(3);
        expect(sdg.shortTitle.startsWith(name), `${label} / ${sdg.shortTitle}`).toBe(true);
      }
    });

    it(`charts agreements by theme, as the API counts them (${lang})`, async () => {
      await open(`?${prefix}year=2025`);
      const { data } = await hub.query(
        `{ cooperationReport(year: 2025) { agreements { byTheme { theme { code name(lang: ${lang.toUpperCase()}) } count } } } }`,
      );
      const themes = data.cooperationReport.agreements.byTheme;
      expect(themes.length).toBeGreaterThan(2);
      const rows = await chartRows('theme');
      expect(rows.map((row) => [row.key, row.count])).toEqual(
        themes.slice(0, 20).map((row: any) => [row.theme.code, row.count]),
      );
      const name = themes[0].theme.name;
      expect(rows[0].label).toBe(name.length > 28 ? `${name.slice(0, 27)}…` : name);
    });

    it(`switches to real records only from the keyboard, every figure and link following (${lang})`, async () => {
      await open(`?${prefix}region=01`);
      const { data } = await hub.query(`{
        cooperationReport(region: "01", realOnly: true) {
          agreements { total byRegion { region { id } count } }
          memberships { total } events { total } experiences { total } dormantAgreements { totalCount }
        }
      }`);
      const real = data.cooperationReport;
      expect(await page.getAttribute('#filter-realOnly', 'role')).toBe('switch');
      expect(await page.textContent('label:has(#filter-realOnly)')).toContain(
        lang === 'ar' ? 'البيانات الحقيقية فقط' : 'Données réelles seulement',
      );
      await page.focus('#filter-realOnly');
      await Promise.all([page.waitForURL(/realOnly=1/), page.keyboard.press('Space')]);
      await page.waitForSelector('body[data-state]');
      expect(new URL(page.url()).searchParams.get('region')).toBe('01');
      expect(await page.isChecked('#filter-realOnly')).toBe(true);
      for (const [name, value] of Object.entries(figures(real)))
        expect(await kpi(name), name).toBe(String(value));
      expect((await chartRows('region')).map((row) => [row.key, row.count])).toEqual(
        real.agreements.byRegion.slice(0, 12).map((row: any) => [row.region.id, row.count]),
      );
      expect(await page.$$eval('rect.demo-part', (r) => r.length)).toBe(0);
      expect(await page.textContent('[data-testid="chart-region-demo"]')).toBe(
        lang === 'ar'
          ? 'البيانات الحقيقية فقط: البيانات التجريبية مستبعدة'
          : 'données réelles seulement : les données de démonstration sont exclues',
      );
      for (const id of ['#export-bilan', '#export-partnerships']) {
        const href = new URL((await page.getAttribute(id, 'href'))!, hub.gateway.url);
        expect(href.searchParams.get('realOnly'), id).toBe('true');
        expect(href.searchParams.get('region'), id).toBe('01');
      }
    });

    it(`keeps the experience search in the URL: a reload or a shared link shows it again (${lang})`, async () => {
      const word = lang === 'ar' ? 'النفايات' : 'eau';
      const { data } = await hub.query(
        `query ($q: String!) { experiences(filter: { search: $q }, first: 100) { totalCount nodes { isDemo } } }`,
        { q: word },
      );
      const total = data.experiences.totalCount;
      expect(total).toBeGreaterThan(0);
      await open(`?${prefix}`.replace(/&$/, ''));
      await page.fill('#search-input', word);
      await page.click('#search-form button');
      await page.waitForSelector(`#search-count[data-value]`);
      expect(new URL(page.url()).searchParams.get('q')).toBe(word);
      await page.reload();
      await page.waitForSelector('#search-count[data-value]');
      expect(await page.inputValue('#search-input')).toBe(word);
      expect(await page.getAttribute('#search-count', 'data-value')).toBe(String(total));
      expect(await page.$$eval('#search-results li', (items) => items.length)).toBe(Math.min(8, total));
      // A shared link with real records only: the real experiences among those found.
      await open(`?${prefix}realOnly=1&q=${encodeURIComponent(word)}`);
      await page.waitForSelector('#search-count[data-value]');
      const real = data.experiences.nodes.filter((node: any) => !node.isDemo).length;
      expect(real).toBeLessThan(total);
      expect(await page.getAttribute('#search-count', 'data-value')).toBe(String(real));
      expect(await page.$$eval('#search-results li .demo', (badges) => badges.length)).toBe(0);
    });
  }
});
