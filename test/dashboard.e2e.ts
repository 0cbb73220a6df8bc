import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../subgraphs/shared/project';
import { VENDOR_FILES } from '../gateway/dashboard/vendor';
import { browserTestsRun, launchBrowser, screenshotPath, type TestBrowser } from './helpers/browser';
import { startHub, type Hub } from './helpers/hub';

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by playwright-core): it loads, its
 * numbers are the API's, the French and Arabic (right-to-left) views render, and screenshots of both are
 * saved (see screenshotPath).
 */

/** Resolves packages from the project root (axe-core, injected into the page). */
const requireFromRoot = createRequire(path.join(projectRoot(), 'package.json'));

const runsHere = browserTestsRun('Dashboard');

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
describe.skipIf(!runsHere)('the dashboard in headless Chromium', () => {
  let hub: Hub;
  let browser: BrowserContext;
  let testBrowser: TestBrowser | undefined;
  let page: Page;
  let report: any;
  let realReport: any;
  /** Every URL the browser asked for, from the first page on: none may leave 127.0.0.1. */
  const requested: string[] = [];

  beforeAll(async () => {
    hub = await startHub();
    testBrowser = await launchBrowser();
    browser = testBrowser.context;
    browser.on('request', (request) => requested.push(request.url()));
    page = testBrowser.page;
    const { data, errors } = await hub.query(REPORT);
    expect(errors).toBeUndefined();
    report = data.cooperationReport;
    const real = await hub.query(REAL_REPORT);
    expect(real.errors).toBeUndefined();
    realReport = real.data.cooperationReport;
  });

  afterAll(async () => {
    await testBrowser?.close();
    await hub?.stop();
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
  const formatted = (value: number, lang: 'fr' | 'ar' | 'en') =>
    page.evaluate(([value, locale]) => new Intl.NumberFormat(locale).format(value), [
      value,
      { fr: 'fr-FR', ar: 'ar-MA', en: 'en-GB' }[lang],
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

  /** The shapes of a map (and the buttons of countries too small for it): key, count, focus, name. */
  const mapAreas = (map: 'regions' | 'countries') =>
    page.$$eval(`[data-testid="map-${map}"] .area[data-key]`, (nodes) =>
      nodes.map((node) => ({
        key: node.getAttribute('data-key')!,
        count: Number(node.getAttribute('data-count')),
        tag: node.tagName.toLowerCase(),
        focusable: node.getAttribute('tabindex') === '0' || node.tagName === 'BUTTON',
        label: node.getAttribute('aria-label') ?? node.textContent ?? '',
        pressed: node.getAttribute('aria-pressed'),
      })),
    );
  /** The serious and critical violations axe-core finds in the page as it stands. */
  const axeViolations = async () => {
    await page.addScriptTag({ path: requireFromRoot.resolve('axe-core') });
    const results = await page.evaluate(() => (window as any).axe.run());
    expect(results.passes.length).toBeGreaterThan(10);
    return results.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => n.target.join(' ')).join(', ')}`);
  };
  /** Clicks a map shape where the reader would: a point inside it that no other shape covers. */
  const clickShape = async (selector: string) => {
    const point = await page.$eval(selector, (shape) => {
      const path = shape as SVGGeometryElement;
      path.scrollIntoView({ block: 'center' });
      const box = path.getBBox();
      const matrix = path.getScreenCTM()!;
      for (let step = 2; step <= 64; step *= 2) {
        for (let i = 1; i < step; i++) {
          for (let j = 1; j < step; j++) {
            const local = new DOMPoint(box.x + (box.width * i) / step, box.y + (box.height * j) / step);
            if (!path.isPointInFill(local)) continue;
            const screen = local.matrixTransform(matrix);
            if (document.elementFromPoint(screen.x, screen.y) === path) return { x: screen.x, y: screen.y };
          }
        }
      }
      return null;
    });
    expect(point, selector).not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
  };
  const KEY_FIGURES = `query ($region: ID, $country: String) {
    cooperationReport(region: $region, country: $country) {
      agreements { total } memberships { total } events { total } experiences { total }
      dormantAgreements { totalCount }
    }
  }`;

  for (const lang of ['fr', 'ar', 'en'] as const) {
    it(`maps the 12 regions and the partner countries with the API's counts (${lang})`, async () => {
      await open(`?lang=${lang}`);
      const { data } = await hub.query(`{
        cooperationReport { agreements { byRegion { region { id } count } byCountry { country { code } count } } }
      }`);
      const byRegion = new Map<string, number>(
        data.cooperationReport.agreements.byRegion.map((row: any) => [row.region.id, row.count]),
      );
      const regions = await mapAreas('regions');
      expect(regions.map((area) => area.key)).toEqual(
        Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
      );
      for (const area of regions) expect(area.count, area.key).toBe(byRegion.get(area.key) ?? 0);
      expect(regions.every((area) => area.tag === 'path')).toBe(true);
      expect(regions.filter((area) => area.count > 0).length).toBeGreaterThan(5);
      // Each region is drawn as a shape of its own (not a dot), its count written on it.
      const sizes = await page.$$eval('[data-testid="map-regions"] path.area', (paths) =>
        paths.map((p) => (p as SVGGraphicsElement).getBBox().width),
      );
      expect(Math.min(...sizes)).toBeGreaterThan(5);
      const written = await page.$$eval('[data-testid="map-regions"] text.map-count', (texts) =>
        texts.map((text) => text.textContent),
      );
      expect(written.length).toBe(regions.filter((area) => area.count > 0).length);
      // Every partner country of the API is on the world map, or listed under it, with its count.
      const countries = await mapAreas('countries');
      const shown = new Map(countries.filter((a) => a.count > 0).map((a) => [a.key, a.count]));
      const expected = new Map<string, number>(
        data.cooperationReport.agreements.byCountry
          .filter((row: any) => row.country.code !== 'MA')
          .map((row: any) => [row.country.code, row.count]),
      );
      expect(shown).toEqual(expected);
      expect(countries.filter((a) => a.tag === 'path').length).toBeGreaterThan(150);
      expect(countries.filter((a) => a.count > 0).every((a) => a.focusable)).toBe(true);
      // Every country is named in the page's language (Australia: no agreement, named by i18n-iso-countries).
      expect(await page.textContent('[data-testid="map-countries"] path[data-key="AU"] title')).toMatch(
        { fr: /^Australie/, ar: /^أستراليا/, en: /^Australia/ }[lang],
      );
      // A legend with values up to the largest count, and the credits the licences ask for.
      const legend = await page.$$eval('[data-testid="map-regions"] .legend li', (items) =>
        items.map((item) => item.textContent ?? ''),
      );
      expect(legend.at(-1)).toMatch(new RegExp(`${await formatted(Math.max(...byRegion.values()), lang)}$`));
      expect(await page.textContent('.map-card .credit')).toContain(
        lang === 'ar' ? '© المساهمون في OpenStreetMap (ODbL)' : '© OpenStreetMap contributors (ODbL)',
      );
    });

    it(`has no serious or critical accessibility violation, axe-core says (${lang})`, async () => {
      await open(`?lang=${lang}&region=03`);
      expect(await axeViolations()).toEqual([]);
    });
  }

  it('filters every figure by a click on a region, and again by a click on a partner country', async () => {
    await open('');
    await Promise.all([
      page.waitForURL(/region=03/),
      clickShape('[data-testid="map-regions"] path[data-key="03"]'),
    ]);
    await page.waitForSelector('body[data-state]');
    const region = (await hub.query(KEY_FIGURES, { region: '03' })).data.cooperationReport;
    expect(region.agreements.total).toBeLessThan(report.agreements.total);
    for (const [name, value] of Object.entries(figures(region)))
      expect(await kpi(name), name).toBe(String(value));
    expect(await page.inputValue('#filter-region')).toBe('03');
    const selected = (await mapAreas('regions')).find((area) => area.key === '03')!;
    expect(selected.pressed).toBe('true');
    // A partner country on the world map narrows the same page further (the region stays).
    const partner = (await mapAreas('countries')).find((area) => area.count > 0 && area.tag === 'path')!;
    await Promise.all([
      page.waitForURL(new RegExp(`country=${partner.key}`)),
      clickShape(`[data-testid="map-countries"] path[data-key="${partner.key}"]`),
    ]);
    await page.waitForSelector('body[data-state]');
    const both = (await hub.query(KEY_FIGURES, { region: '03', country: partner.key })).data
      .cooperationReport;
    expect(new URL(page.url()).searchParams.get('region')).toBe('03');
    for (const [name, value] of Object.entries(figures(both)))
      expect(await kpi(name), name).toBe(String(value));
    expect(await page.inputValue('#filter-country')).toBe(partner.key);
    // A click on the selected region again lifts its filter.
    await Promise.all([
      page.waitForURL((url) => !url.searchParams.has('region')),
      clickShape('[data-testid="map-regions"] path[data-key="03"]'),
    ]);
    await page.waitForSelector('body[data-state]');
    expect(await page.inputValue('#filter-region')).toBe('');
  });

  it('colours the regions by their budget in one currency, as the API adds it up, from a radio button', async () => {
    await open('');
    const { data } = await hub.query(
      `{ cooperationReport { agreements { budgetBy(group: REGION) { key currency amount } } } }`,
    );
    const lines = data.cooperationReport.agreements.budgetBy;
    const currency = lines[0]?.currency;
    expect(currency).toBeTruthy();
    await page.check(`.map-measure input[value="${currency}"]`);
    expect(new URL(page.url()).searchParams.get('mapBy')).toBe(currency);
    const amounts = new Map<string, number>(
      lines
        .filter((line: any) => line.currency === currency)
        .map((line: any) => [line.key, Number(line.amount)]),
    );
    const values = await page.$$eval('[data-testid="map-regions"] path.area', (paths) =>
      paths.map((p) => [p.getAttribute('data-key'), Number(p.getAttribute('data-value'))] as const),
    );
    expect(values.length).toBe(12);
    for (const [key, value] of values) expect(value, key!).toBe(amounts.get(key!) ?? 0);
    expect(await page.getAttribute('[data-testid="map-regions"] .legend', 'aria-label')).toContain(currency);
    // A shared link keeps the choice; the agreements come back with the first button.
    await open(`?mapBy=${currency}`);
    expect(await page.isChecked(`.map-measure input[value="${currency}"]`)).toBe(true);
    await page.check('.map-measure input[value="agreements"]');
    expect(new URL(page.url()).searchParams.has('mapBy')).toBe(false);
    const counts = await mapAreas('regions');
    expect(counts.every((area) => area.count >= 0)).toBe(true);
    expect(
      await page.$$eval('[data-testid="map-regions"] path.area', (paths) =>
        paths.every((p) => p.getAttribute('data-value') === p.getAttribute('data-count')),
      ),
    ).toBe(true);
  });

  it('selects a region from the keyboard: Tab reaches the map, Enter filters', async () => {
    await open('?lang=ar');
    const { data } = await hub.query(
      `{ cooperationReport { agreements { byRegion { region { id } count } } } }`,
    );
    const first = data.cooperationReport.agreements.byRegion
      .map((row: any) => row.region.id)
      .filter((id: string) => /^(0[1-9]|1[0-2])$/.test(id))
      .sort()[0];
    // Tab from the top of the page until a region has the focus: the first region with agreements.
    await page.focus('body');
    let focused: string | null = null;
    for (let i = 0; i < 80 && !focused; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() =>
        document.activeElement?.closest('[data-testid="map-regions"]')
          ? document.activeElement.getAttribute('data-key')
          : null,
      );
    }
    expect(focused).toBe(first);
    const name = await page.evaluate(() => document.activeElement!.getAttribute('aria-label'));
    expect(name).toMatch(/[\u0600-\u06FF]/);
    await Promise.all([page.waitForURL(new RegExp(`region=${first}`)), page.keyboard.press('Enter')]);
    await page.waitForSelector('body[data-state]');
    const region = (await hub.query(KEY_FIGURES, { region: first })).data.cooperationReport;
    expect(await kpi('agreements')).toBe(String(region.agreements.total));
    expect(new URL(page.url()).searchParams.get('lang')).toBe('ar');
  });

  it('speaks English with ?lang=en: every string of the page, the API names in English', async () => {
    await open('');
    const french = await page.$$eval('[data-i18n]', (nodes) => nodes.map((node) => node.textContent));
    await Promise.all([page.waitForURL(/lang=en/), page.click('.langs a[data-lang="en"]')]);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    expect(await page.textContent('h1')).toBe('Decentralized cooperation report');
    const english = await page.$$eval('[data-i18n]', (nodes) => nodes.map((node) => node.textContent));
    // The same in both languages: "Parties", and the name of the IDE.
    const same = english.filter(
      (text, i) => text === french[i] && !/^(Parties|GraphiQL \(API\))$/.test(text ?? ''),
    );
    expect(same).toEqual([]);
    expect(await page.textContent('.kpi-label')).toBe('agreements');
    expect(await page.textContent('[data-testid="kpi-agreements-demo"]')).toMatch(/^incl\. \S+ demo$/);
    const { data } = await hub.query(`{ sdgs { number shortTitle(lang: EN) } }`);
    const sdg = (await chartRows('sdg'))[5].label;
    expect(sdg.startsWith(`SDG 6 · ${data.sdgs[5].shortTitle.slice(0, 20)}`), sdg).toBe(true);
    expect(await page.getAttribute('.langs a[data-lang="en"]', 'aria-current')).toBe('true');
    await page.screenshot({ path: screenshotPath('dashboard-en.png'), fullPage: true });
    await page
      .locator('.map-card')
      .first()
      .screenshot({ path: screenshotPath('dashboard-map.png') });
    await page
      .locator('.map-card')
      .nth(1)
      .screenshot({ path: screenshotPath('dashboard-world.png') });
  });

  it('links to the record pages and the IDE in the page language, and to XLSX beside each CSV', async () => {
    await open('?lang=ar&region=01&realOnly=1');
    const links = await page.$$eval('#records a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([
      '/dashboard/directory?lang=ar',
      '/dashboard/requests?lang=ar',
      '/dashboard/events?lang=ar',
      '/graphiql',
    ]);
    // None is a dead link (the record pages and GraphiQL are served by this gateway, introspection on).
    for (const link of links) {
      const response = await fetch(new URL(link!, hub.gateway.url));
      expect(response.status, link!).toBe(200);
      expect(response.headers.get('content-type'), link!).toMatch(/^text\/html/);
    }
    for (const name of ['bilan', 'partnerships']) {
      const csv = new URL((await page.getAttribute(`#export-${name}`, 'href'))!, hub.gateway.url);
      const xlsx = new URL((await page.getAttribute(`#export-${name}-xlsx`, 'href'))!, hub.gateway.url);
      expect(xlsx.pathname).toBe(`/exports/${name}.xlsx`);
      expect(xlsx.search).toBe(csv.search);
      expect(xlsx.searchParams.get('region')).toBe('01');
      const response = await fetch(xlsx);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    }
  });

  it('serves the map libraries and data from the gateway, and nothing is fetched beyond 127.0.0.1', async () => {
    for (const lang of ['fr', 'ar', 'en']) await open(`?lang=${lang}`);
    for (const name of Object.keys(VENDOR_FILES)) {
      const response = await fetch(new URL(`/dashboard/vendor/${name}`, hub.gateway.url));
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type'), name).toMatch(
        name.endsWith('.js') ? /^text\/javascript/ : /^application\/json/,
      );
      expect((await response.text()).length, name).toBeGreaterThan(1000);
    }
    expect((await fetch(new URL('/dashboard/vendor/leaflet.js', hub.gateway.url))).status).toBe(404);
    const vendor = requested.filter((url) => url.includes('/dashboard/vendor/'));
    expect(new Set(vendor.map((url) => new URL(url).pathname.split('/').pop()))).toEqual(
      new Set(Object.keys(VENDOR_FILES)),
    );
    const elsewhere = requested.filter(
      (url) => !/^(data:|about:)/.test(url) && new URL(url).hostname !== '127.0.0.1',
    );
    expect(elsewhere).toEqual([]);
  });
});
