/* global document, window, fetch, URL, URLSearchParams */
// The Passerelle dashboard: plain browser JavaScript against the public GraphQL API (POST /), the way a
// network's own dashboard would be written. Charts are hand-written SVG; nothing is loaded from a CDN.
'use strict';

const STRINGS = {
  fr: {
    title: 'Bilan de la coopération décentralisée',
    subtitle: 'Accords, réseaux, événements et expériences des collectivités territoriales marocaines',
    year: 'Année',
    region: 'Région',
    country: 'Pays partenaire',
    allYears: 'Toutes les années',
    allRegions: 'Toutes les régions',
    allCountries: 'Tous les pays',
    realOnly: 'Données réelles seulement',
    demoIncluded: (n) => `dont ${n} démo`,
    demoExcluded: (n) => `hors ${n} démo`,
    exportBilan: 'Bilan (CSV)',
    exportPartnerships: 'Accords (CSV)',
    loading: 'Chargement…',
    loaded: 'Bilan à jour, calculé en direct sur l’API GraphQL.',
    failed: 'Le bilan n’a pas pu être chargé : ',
    kpiAgreements: 'accords',
    kpiMemberships: 'adhésions à des réseaux',
    kpiEvents: 'événements',
    kpiExperiences: 'expériences partagées',
    kpiDormant: 'accords en sommeil',
    byRegion: 'Accords par région',
    byCountry: 'Accords par pays partenaire',
    bySdg: 'Accords par objectif de développement durable (ODD)',
    overTime: 'Accords par année',
    byNetwork: 'Adhésions par réseau',
    dormant: 'Accords en sommeil',
    dormantHint: '(suivis par le hub, signés il y a plus de 24 mois, sans action ni événement depuis)',
    colTitle: 'Accord',
    colParties: 'Parties',
    colSigned: 'Signé le',
    noDormant: 'Aucun accord en sommeil.',
    search: 'Rechercher une expérience',
    searchPlaceholder: 'ex. eau, déchets, patrimoine…',
    searchButton: 'Rechercher',
    results: (n) =>
      `${n} expérience${n > 1 ? 's' : ''} trouvée${n > 1 ? 's' : ''}, les plus pertinentes d’abord`,
    empty: 'Aucune donnée pour ces filtres.',
    demo: 'démo',
    footer:
      'Données : HCP (RGPH 2024), ODD (open-sdg), réseaux et accords documentés ; les données de démonstration sont signalées.',
    api: 'API GraphQL',
    sdg: 'ODD',
    others: 'autres',
  },
  ar: {
    title: 'حصيلة التعاون اللامركزي',
    subtitle: 'اتفاقيات الجماعات الترابية المغربية وشبكاتها وأنشطتها وتجاربها',
    year: 'السنة',
    region: 'الجهة',
    country: 'البلد الشريك',
    allYears: 'كل السنوات',
    allRegions: 'كل الجهات',
    allCountries: 'كل البلدان',
    realOnly: 'البيانات الحقيقية فقط',
    demoIncluded: (n) => `منها ${n} تجريبية`,
    demoExcluded: (n) => `دون احتساب ${n} تجريبية`,
    exportBilan: 'الحصيلة (CSV)',
    exportPartnerships: 'الاتفاقيات (CSV)',
    loading: 'جارٍ التحميل…',
    loaded: 'حصيلة محينة، محسوبة مباشرة من واجهة GraphQL.',
    failed: 'تعذر تحميل الحصيلة: ',
    kpiAgreements: 'اتفاقية',
    kpiMemberships: 'عضوية في الشبكات',
    kpiEvents: 'نشاط',
    kpiExperiences: 'تجربة متقاسمة',
    kpiDormant: 'اتفاقية خامدة',
    byRegion: 'الاتفاقيات حسب الجهة',
    byCountry: 'الاتفاقيات حسب البلد الشريك',
    bySdg: 'الاتفاقيات حسب أهداف التنمية المستدامة',
    overTime: 'الاتفاقيات حسب السنة',
    byNetwork: 'العضويات حسب الشبكة',
    dormant: 'الاتفاقيات الخامدة',
    dormantHint: '(متابعة عبر المنصة، موقعة منذ أكثر من 24 شهرا، دون أي عمل أو نشاط منذ ذلك الحين)',
    colTitle: 'الاتفاقية',
    colParties: 'الأطراف',
    colSigned: 'تاريخ التوقيع',
    noDormant: 'لا توجد اتفاقيات خامدة.',
    search: 'البحث عن تجربة',
    searchPlaceholder: 'مثال: الماء، النفايات، التراث…',
    searchButton: 'بحث',
    results: (n) => `${n} تجربة، الأكثر صلة أولا`,
    empty: 'لا توجد بيانات لهذه المعايير.',
    demo: 'تجريبي',
    footer:
      'المصادر: المندوبية السامية للتخطيط (إحصاء 2024)، أهداف التنمية المستدامة (open-sdg)، شبكات واتفاقيات موثقة؛ البيانات التجريبية مميزة.',
    api: 'واجهة GraphQL',
    sdg: 'الهدف',
    others: 'أخرى',
  },
};

// The official colours of the 17 SDGs.
const SDG_COLORS = [
  '#E5243B',
  '#DDA63A',
  '#4C9F38',
  '#C5192D',
  '#FF3A21',
  '#26BDE2',
  '#FCC30B',
  '#A21942',
  '#FD6925',
  '#DD1367',
  '#FD9D24',
  '#BF8B2E',
  '#3F7E44',
  '#0A97D9',
  '#56C02B',
  '#00689D',
  '#19486A',
];

const params = new URLSearchParams(window.location.search);
const lang = params.get('lang') === 'ar' ? 'ar' : 'fr';
const t = STRINGS[lang];
const number = new Intl.NumberFormat(lang === 'ar' ? 'ar-MA' : 'fr-FR');
const rtl = lang === 'ar';

const SVG = 'http://www.w3.org/2000/svg';

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function html(name, attributes = {}, text) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** POSTs an operation to the public GraphQL API and returns its data, or throws its first error. */
async function graphql(query, variables) {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  return body.data;
}

/** Horizontal bars, largest first; mirrored in right-to-left. `rows`: [{ key, label, count, color? }]. */
function barChart(container, rows, { max = 12, color = 'var(--bar)' } = {}) {
  container.replaceChildren();
  if (!rows.length) {
    container.append(html('p', { class: 'empty' }, t.empty));
    return;
  }
  const shown = rows.slice(0, max);
  const width = 520;
  const rowHeight = 26;
  const labelWidth = 190;
  const barArea = width - labelWidth - 60;
  const top = Math.max(...shown.map((row) => row.count), 1);
  const svg = el('svg', { viewBox: `0 0 ${width} ${shown.length * rowHeight + 4}`, role: 'img' });
  shown.forEach((row, index) => {
    const y = index * rowHeight + 2;
    const length = Math.max(2, Math.round((row.count / top) * barArea));
    const group = el('g', { 'data-key': row.key, 'data-count': row.count, class: 'bar' });
    group.append(el('title', {}, `${row.label} : ${row.count}`));
    // SVG text inherits the page's direction: in right-to-left, `start` is the right edge of a text.
    const labelX = rtl ? width - 4 : labelWidth - 8;
    const barX = rtl ? width - labelWidth - length : labelWidth;
    const countX = rtl ? barX - 6 : barX + length + 6;
    group.append(
      el('text', { x: labelX, y: y + 17, 'text-anchor': rtl ? 'start' : 'end' }, shorten(row.label, 28)),
      el('rect', {
        x: barX,
        y: y + 4,
        width: length,
        height: rowHeight - 9,
        rx: 3,
        fill: row.color || color,
      }),
      el('text', { x: countX, y: y + 17, 'text-anchor': 'start', class: 'count' }, number.format(row.count)),
    );
    svg.append(group);
  });
  container.append(svg);
}

/** Vertical columns in key order (years, SDGs); `rows`: [{ key, label, count, color? }]. */
function columnChart(container, rows, { color = 'var(--bar-2)', width = 1040, height = 200 } = {}) {
  container.replaceChildren();
  if (!rows.length) {
    container.append(html('p', { class: 'empty' }, t.empty));
    return;
  }
  const ordered = rtl ? [...rows].reverse() : rows;
  const bottom = 28;
  const pad = 16;
  const slot = (width - 2 * pad) / ordered.length;
  // Narrow columns (many years): label one in `every`, counts only on hover.
  const every = Math.ceil(36 / slot);
  const showCounts = slot >= 24;
  const barWidth = Math.min(44, slot * 0.7);
  const top = Math.max(...ordered.map((row) => row.count), 1);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
  svg.append(el('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#cfd6df' }));
  ordered.forEach((row, index) => {
    const x = pad + index * slot + (slot - barWidth) / 2;
    const barHeight =
      row.count === 0 ? 0 : Math.max(2, Math.round((row.count / top) * (height - bottom - 22)));
    const group = el('g', { 'data-key': row.key, 'data-count': row.count, class: 'bar' });
    group.append(
      el('title', {}, `${row.title || row.label} : ${row.count}`),
      el('rect', {
        x,
        y: height - bottom - barHeight,
        width: barWidth,
        height: barHeight,
        rx: 3,
        fill: row.color || color,
      }),
      el(
        'text',
        { x: x + barWidth / 2, y: height - bottom - barHeight - 5, 'text-anchor': 'middle', class: 'count' },
        row.count && showCounts ? number.format(row.count) : '',
      ),
      el(
        'text',
        { x: x + barWidth / 2, y: height - 9, 'text-anchor': 'middle' },
        index % every === 0 ? row.label : '',
      ),
    );
    svg.append(group);
  });
  container.append(svg);
}

const REPORT = `query Dashboard(
  $year: Int
  $region: ID
  $country: String
  $lang: Language!
  $realOnly: Boolean!
  $otherView: Boolean!
) {
  report: cooperationReport(year: $year, region: $region, country: $country, realOnly: $realOnly) {
    id
    agreements {
      total
      byRegion { region { id name(lang: $lang) } count }
      byCountry { country { code name(lang: $lang) } count }
      bySdg { sdg { number shortTitle(lang: $lang) } count }
    }
    memberships { total byNetwork { network { id acronym(lang: $lang) } count } }
    events { total }
    experiences { total }
    dormantAgreements(first: 15) {
      totalCount
      nodes { id title(lang: $lang) signedOn year isDemo parties { territory { id name(lang: $lang) } } }
    }
  }
  # The same figures in the other view (with demo records when real only is shown, and the reverse): the
  # difference is how many demo records a key figure includes or leaves out.
  other: cooperationReport(year: $year, region: $region, country: $country, realOnly: $otherView) {
    id
    agreements { total }
    memberships { total }
    events { total }
    experiences { total }
    dormantAgreements(first: 1) { totalCount }
  }
  overTime: cooperationReport(region: $region, country: $country, realOnly: $realOnly) { id agreements { byYear { key count } } }
  partners: cooperationReport(year: $year, region: $region, realOnly: $realOnly) { id agreements { byCountry { country { code name(lang: $lang) } count } } }
  regions: territories(filter: { kind: REGION }, first: 20) { nodes { id name(lang: $lang) } }
}`;

const SEARCH = `query Search($search: String!, $lang: Language!) {
  experiences(filter: { search: $search }, orderBy: RELEVANCE, first: 8) {
    totalCount
    nodes { id title publishedOn isDemo territory { id name(lang: $lang) } themes { code name(lang: $lang) } }
  }
}`;

/** Every year from the first to the last with agreements, zero where there were none. */
function fillYears(rows) {
  if (!rows.length) return rows;
  const counts = new Map(rows.map((row) => [Number(row.key), row.count]));
  const keys = rows.map((row) => Number(row.key));
  const filled = [];
  for (let year = Math.min(...keys); year <= Math.max(...keys); year++) {
    filled.push({ key: String(year), count: counts.get(year) || 0 });
  }
  return filled;
}

function translatePage() {
  document.documentElement.lang = lang;
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
  document.title = `Passerelle — ${t.title}`;
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const value = t[node.getAttribute('data-i18n')];
    if (typeof value === 'string') node.textContent = value;
  }
  for (const node of document.querySelectorAll('[data-i18n-placeholder]')) {
    node.setAttribute('placeholder', t[node.getAttribute('data-i18n-placeholder')]);
  }
  for (const link of document.querySelectorAll('.langs a')) {
    const target = new URL(window.location.href);
    target.searchParams.set('lang', link.dataset.lang);
    link.href = target.search;
    link.setAttribute('aria-current', String(link.dataset.lang === lang));
  }
}

function fillSelect(select, allLabel, options, selected) {
  select.replaceChildren(html('option', { value: '' }, allLabel));
  for (const { value, label } of options) {
    const option = html('option', { value }, label);
    if (value === selected) option.selected = true;
    select.append(option);
  }
}

/**
 * A key figure, and how many demo records it counts (`demo`, shown as "dont N démo") or left out when real
 * records only are shown ("hors N démo").
 */
function setKpi(name, value, demo, realOnly) {
  const node = document.querySelector(`[data-testid="kpi-${name}"]`);
  node.textContent = number.format(value);
  node.dataset.value = String(value);
  const note = document.querySelector(`[data-testid="kpi-${name}-demo"]`);
  note.dataset.value = String(demo);
  note.dataset.realOnly = String(realOnly);
  note.textContent = (realOnly ? t.demoExcluded : t.demoIncluded)(number.format(demo));
}

function filtersFromUrl() {
  const year = params.get('year');
  return {
    year: year && /^\d{4}$/.test(year) ? Number(year) : null,
    region: params.get('region') || null,
    country: params.get('country') || null,
  };
}

/** `?realOnly=1` (or `true`): real, documented records only. */
const realOnly = ['1', 'true'].includes((params.get('realOnly') || '').toLowerCase());

function renderDormant(dormant) {
  const body = document.getElementById('dormant-body');
  body.replaceChildren();
  if (!dormant.nodes.length) {
    const row = html('tr');
    row.append(html('td', { colspan: 3 }, t.noDormant));
    body.append(row);
    return;
  }
  for (const node of dormant.nodes) {
    const row = html('tr', { 'data-id': node.id });
    const title = html('td', {}, node.title);
    if (node.isDemo) title.append(html('span', { class: 'demo' }, t.demo));
    row.append(
      title,
      html('td', {}, node.parties.map((party) => party.territory.name).join(rtl ? '، ' : ' – ')),
      html('td', {}, node.signedOn || (node.year ? String(node.year) : '')),
    );
    body.append(row);
  }
}

async function loadReport() {
  const filters = filtersFromUrl();
  const status = document.getElementById('status');
  const main = document.getElementById('main');
  const exportQuery = new URLSearchParams({ lang });
  for (const [key, value] of Object.entries(filters)) if (value != null) exportQuery.set(key, String(value));
  if (realOnly) exportQuery.set('realOnly', 'true');
  document.getElementById('filter-realOnly').checked = realOnly;
  document.getElementById('export-bilan').href = `/exports/bilan.csv?${exportQuery}`;
  document.getElementById('export-partnerships').href = `/exports/partnerships.csv?${exportQuery}`;
  try {
    const data = await graphql(REPORT, {
      ...filters,
      lang: lang.toUpperCase(),
      realOnly,
      otherView: !realOnly,
    });
    const report = data.report;
    const years = data.overTime.agreements.byYear;
    const thisYear = new Date().getFullYear();
    const firstYear = Math.min(thisYear - 10, ...years.map((row) => Number(row.key)));
    const yearOptions = [];
    for (let year = thisYear; year >= firstYear; year--)
      yearOptions.push({ value: String(year), label: String(year) });
    fillSelect(
      document.getElementById('filter-year'),
      t.allYears,
      yearOptions,
      filters.year ? String(filters.year) : '',
    );
    fillSelect(
      document.getElementById('filter-region'),
      t.allRegions,
      data.regions.nodes.map((region) => ({ value: region.id, label: region.name })),
      filters.region || '',
    );
    fillSelect(
      document.getElementById('filter-country'),
      t.allCountries,
      data.partners.agreements.byCountry
        .map((row) => ({ value: row.country.code, label: row.country.name }))
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
      filters.country || '',
    );

    const other = data.other;
    // Demo records in the figure (all records shown) or left out of it (real only): the two views' gap.
    const demo = (shown, otherView) => Math.abs(otherView - shown);
    setKpi(
      'agreements',
      report.agreements.total,
      demo(report.agreements.total, other.agreements.total),
      realOnly,
    );
    setKpi(
      'memberships',
      report.memberships.total,
      demo(report.memberships.total, other.memberships.total),
      realOnly,
    );
    setKpi('events', report.events.total, demo(report.events.total, other.events.total), realOnly);
    setKpi(
      'experiences',
      report.experiences.total,
      demo(report.experiences.total, other.experiences.total),
      realOnly,
    );
    setKpi(
      'dormant',
      report.dormantAgreements.totalCount,
      demo(report.dormantAgreements.totalCount, other.dormantAgreements.totalCount),
      realOnly,
    );

    barChart(
      document.getElementById('chart-region'),
      report.agreements.byRegion.map((row) => ({
        key: row.region.id,
        label: row.region.name,
        count: row.count,
      })),
    );
    barChart(
      document.getElementById('chart-country'),
      report.agreements.byCountry.map((row) => ({
        key: row.country.code,
        label: row.country.name,
        count: row.count,
      })),
      { color: 'var(--bar-2)' },
    );
    const bySdg = new Map(report.agreements.bySdg.map((row) => [row.sdg.number, row]));
    columnChart(
      document.getElementById('chart-sdg'),
      Array.from({ length: 17 }, (_, index) => {
        const row = bySdg.get(index + 1);
        return {
          key: String(index + 1),
          label: `${t.sdg} ${index + 1}`,
          title: row ? row.sdg.shortTitle : `${t.sdg} ${index + 1}`,
          count: row ? row.count : 0,
          color: SDG_COLORS[index],
        };
      }),
    );
    columnChart(
      document.getElementById('chart-years'),
      fillYears(years).map((row) => ({
        key: row.key,
        label: row.key,
        count: row.count,
        color: filters.year && Number(row.key) === filters.year ? 'var(--accent-2)' : undefined,
      })),
      { width: 520, height: 260 },
    );
    barChart(
      document.getElementById('chart-network'),
      report.memberships.byNetwork.map((row) => ({
        key: row.network.id,
        label: row.network.acronym,
        count: row.count,
      })),
      { color: '#0d5c63' },
    );
    renderDormant(report.dormantAgreements);
    status.textContent = t.loaded;
    status.classList.remove('error');
  } catch (error) {
    status.textContent = t.failed + error.message;
    status.classList.add('error');
  } finally {
    main.setAttribute('aria-busy', 'false');
    document.body.dataset.state = status.classList.contains('error') ? 'error' : 'ready';
  }
}

async function search(text) {
  const list = document.getElementById('search-results');
  const count = document.getElementById('search-count');
  list.replaceChildren();
  count.textContent = '';
  if (!text.trim()) return;
  list.setAttribute('aria-busy', 'true');
  try {
    const data = await graphql(SEARCH, { search: text, lang: lang.toUpperCase() });
    count.textContent = t.results(data.experiences.totalCount);
    count.dataset.value = String(data.experiences.totalCount);
    for (const node of data.experiences.nodes) {
      const item = html('li', { 'data-id': node.id });
      item.append(html('strong', {}, node.title));
      if (node.isDemo) item.append(html('span', { class: 'demo' }, t.demo));
      const meta = [node.territory.name, node.publishedOn, node.themes.map((theme) => theme.name).join(', ')];
      item.append(html('div', { class: 'meta' }, meta.filter(Boolean).join(' · ')));
      list.append(item);
    }
  } catch (error) {
    count.textContent = t.failed + error.message;
  } finally {
    list.setAttribute('aria-busy', 'false');
  }
}

function onFilterChange() {
  const target = new URL(window.location.href);
  for (const name of ['year', 'region', 'country']) {
    const value = document.getElementById(`filter-${name}`).value;
    if (value) target.searchParams.set(name, value);
    else target.searchParams.delete(name);
  }
  if (document.getElementById('filter-realOnly').checked) target.searchParams.set('realOnly', '1');
  else target.searchParams.delete('realOnly');
  window.location.assign(target.toString());
}

translatePage();
for (const name of ['year', 'region', 'country', 'realOnly']) {
  document.getElementById(`filter-${name}`).addEventListener('change', onFilterChange);
}
document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void search(document.getElementById('search-input').value);
});
void loadReport();
