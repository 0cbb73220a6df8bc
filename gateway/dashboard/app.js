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
    byTheme: 'Accords par thème',
    axisAgreements: 'nombre d’accords',
    axisMemberships: 'nombre d’adhésions',
    axisYear: 'année de signature ou de début',
    chartDemo: 'partie hachurée : données de démonstration',
    chartRealOnly: 'données réelles seulement : les données de démonstration sont exclues',
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
    searchRealOnly: (n) =>
      `${n} expérience${n > 1 ? 's' : ''} réelle${n > 1 ? 's' : ''}, les plus pertinentes d’abord`,
    empty: 'Aucune donnée pour ces filtres.',
    demo: 'démo',
    footer:
      'Données : HCP (RGPH 2024), ODD (open-sdg), réseaux et accords documentés ; les données de démonstration sont signalées.',
    api: 'API GraphQL',
    sdg: 'ODD',
    others: 'autres',
    skip: 'Aller au contenu',
    pagesNav: 'Pages du registre',
    navDirectory: 'Répertoire des accords',
    navRequests: 'Demandes de coopération',
    navEvents: 'Agenda des événements',
    navGraphiql: 'GraphiQL (API)',
    filters: 'Filtres',
    kpis: 'Chiffres clés',
    exportBilanXlsx: 'Bilan (XLSX)',
    exportPartnershipsXlsx: 'Accords (XLSX)',
    mapRegions: 'Carte des accords par région',
    mapCountries: 'Carte des pays partenaires',
    mapHint:
      'Cliquez sur une zone (ou Entrée au clavier) pour filtrer la page ; encore une fois pour retirer le filtre.',
    creditOsm: 'Limites des régions : © OpenStreetMap contributors (ODbL), paquet morocco-map.',
    creditNe: 'Frontières : Natural Earth (domaine public), paquet world-atlas.',
    mapLegend: 'Légende : nombre d’accords',
    mapNone: 'aucun',
    mapHome: 'Maroc',
    mapSelected: 'filtre actif',
    mapRegionsLabel: 'Régions du Maroc, colorées selon le nombre d’accords',
    mapCountriesLabel: 'Pays partenaires, colorés selon le nombre d’accords',
    offMap: 'Hors carte :',
    mapFailed: 'La carte n’a pas pu être dessinée : ',
    agreementsOf: (n) => `${n} accord${n === '1' || n === '0' ? '' : 's'}`,
    budgetOf: (amounts) => `budget ${amounts}`,
    colon: ' : ',
    mapBy: 'Colorer selon',
    mapByAgreements: 'nombre d’accords',
    mapByBudget: (currency) => `budget (${currency})`,
    mapLegendBudget: (currency) => `Légende : budget en ${currency}`,
    mapRegionsBudgetLabel: (currency) => `Régions du Maroc, colorées selon le budget en ${currency}`,
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
    byTheme: 'الاتفاقيات حسب المحور',
    axisAgreements: 'عدد الاتفاقيات',
    axisMemberships: 'عدد العضويات',
    axisYear: 'سنة التوقيع أو البدء',
    chartDemo: 'الجزء المخطط: بيانات تجريبية',
    chartRealOnly: 'البيانات الحقيقية فقط: البيانات التجريبية مستبعدة',
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
    searchRealOnly: (n) => `${n} تجربة حقيقية، الأكثر صلة أولا`,
    empty: 'لا توجد بيانات لهذه المعايير.',
    demo: 'تجريبي',
    footer:
      'المصادر: المندوبية السامية للتخطيط (إحصاء 2024)، أهداف التنمية المستدامة (open-sdg)، شبكات واتفاقيات موثقة؛ البيانات التجريبية مميزة.',
    api: 'واجهة GraphQL',
    sdg: 'الهدف',
    others: 'أخرى',
    skip: 'الانتقال إلى المحتوى',
    pagesNav: 'صفحات السجل',
    navDirectory: 'دليل الاتفاقيات',
    navRequests: 'طلبات التعاون',
    navEvents: 'أجندة الأنشطة',
    navGraphiql: 'GraphiQL (الواجهة)',
    filters: 'المعايير',
    kpis: 'الأرقام الرئيسية',
    exportBilanXlsx: 'الحصيلة (XLSX)',
    exportPartnershipsXlsx: 'الاتفاقيات (XLSX)',
    mapRegions: 'خريطة الاتفاقيات حسب الجهة',
    mapCountries: 'خريطة البلدان الشريكة',
    mapHint: 'انقر على منطقة (أو اضغط Enter) لتصفية الصفحة؛ وانقر مرة أخرى لإزالة التصفية.',
    creditOsm: 'حدود الجهات: © المساهمون في OpenStreetMap (ODbL)، حزمة morocco-map.',
    creditNe: 'الحدود: Natural Earth (ملك عام)، حزمة world-atlas.',
    mapLegend: 'مفتاح الخريطة: عدد الاتفاقيات',
    mapNone: 'لا شيء',
    mapHome: 'المغرب',
    mapSelected: 'التصفية الحالية',
    mapRegionsLabel: 'جهات المغرب ملونة حسب عدد الاتفاقيات',
    mapCountriesLabel: 'البلدان الشريكة ملونة حسب عدد الاتفاقيات',
    offMap: 'خارج الخريطة:',
    mapFailed: 'تعذر رسم الخريطة: ',
    agreementsOf: (n) => `${n} اتفاقية`,
    budgetOf: (amounts) => `الميزانية ${amounts}`,
    colon: ': ',
    mapBy: 'التلوين حسب',
    mapByAgreements: 'عدد الاتفاقيات',
    mapByBudget: (currency) => `الميزانية (${currency})`,
    mapLegendBudget: (currency) => `مفتاح الخريطة: الميزانية بـ ${currency}`,
    mapRegionsBudgetLabel: (currency) => `جهات المغرب ملونة حسب الميزانية بـ ${currency}`,
  },
  en: {
    title: 'Decentralized cooperation report',
    subtitle: 'Agreements, networks, events and experiences of Moroccan local authorities',
    year: 'Year',
    region: 'Region',
    country: 'Partner country',
    allYears: 'All years',
    allRegions: 'All regions',
    allCountries: 'All countries',
    realOnly: 'Real records only',
    demoIncluded: (n) => `incl. ${n} demo`,
    demoExcluded: (n) => `excl. ${n} demo`,
    exportBilan: 'Report (CSV)',
    exportPartnerships: 'Agreements (CSV)',
    loading: 'Loading…',
    loaded: 'Up-to-date report, computed live from the GraphQL API.',
    failed: 'The report could not be loaded: ',
    kpiAgreements: 'agreements',
    kpiMemberships: 'network memberships',
    kpiEvents: 'events',
    kpiExperiences: 'shared experiences',
    kpiDormant: 'dormant agreements',
    byRegion: 'Agreements by region',
    byCountry: 'Agreements by partner country',
    bySdg: 'Agreements by Sustainable Development Goal (SDG)',
    overTime: 'Agreements by year',
    byNetwork: 'Memberships by network',
    byTheme: 'Agreements by theme',
    axisAgreements: 'number of agreements',
    axisMemberships: 'number of memberships',
    axisYear: 'year signed or started',
    chartDemo: 'hatched part: demo records',
    chartRealOnly: 'real records only: demo records are left out',
    dormant: 'Dormant agreements',
    dormantHint: '(followed by the hub, signed more than 24 months ago, with no action or event since)',
    colTitle: 'Agreement',
    colParties: 'Parties',
    colSigned: 'Signed on',
    noDormant: 'No dormant agreement.',
    search: 'Search an experience',
    searchPlaceholder: 'e.g. water, waste, heritage…',
    searchButton: 'Search',
    results: (n) => `${n} experience${n === '1' ? '' : 's'} found, most relevant first`,
    searchRealOnly: (n) => `${n} real experience${n === '1' ? '' : 's'}, most relevant first`,
    empty: 'No data for these filters.',
    demo: 'demo',
    footer:
      'Sources: HCP (2024 census), SDGs (open-sdg), documented networks and agreements; demo records are flagged.',
    api: 'GraphQL API',
    sdg: 'SDG',
    others: 'others',
    skip: 'Skip to content',
    pagesNav: 'Register pages',
    navDirectory: 'Directory of agreements',
    navRequests: 'Cooperation requests',
    navEvents: 'Events calendar',
    navGraphiql: 'GraphiQL (API)',
    filters: 'Filters',
    kpis: 'Key figures',
    exportBilanXlsx: 'Report (XLSX)',
    exportPartnershipsXlsx: 'Agreements (XLSX)',
    mapRegions: 'Map of agreements by region',
    mapCountries: 'Map of partner countries',
    mapHint: 'Click an area (or press Enter) to filter the page; once more to remove the filter.',
    creditOsm: 'Region boundaries: © OpenStreetMap contributors (ODbL), morocco-map package.',
    creditNe: 'Borders: Natural Earth (public domain), world-atlas package.',
    mapLegend: 'Legend: number of agreements',
    mapNone: 'none',
    mapHome: 'Morocco',
    mapSelected: 'active filter',
    mapRegionsLabel: 'Regions of Morocco, coloured by number of agreements',
    mapCountriesLabel: 'Partner countries, coloured by number of agreements',
    offMap: 'Not on the map:',
    mapFailed: 'The map could not be drawn: ',
    agreementsOf: (n) => `${n} agreement${n === '1' ? '' : 's'}`,
    budgetOf: (amounts) => `budget ${amounts}`,
    colon: ': ',
    mapBy: 'Colour by',
    mapByAgreements: 'number of agreements',
    mapByBudget: (currency) => `budget (${currency})`,
    mapLegendBudget: (currency) => `Legend: budget in ${currency}`,
    mapRegionsBudgetLabel: (currency) => `Regions of Morocco, coloured by budget in ${currency}`,
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
const lang = Object.hasOwn(STRINGS, params.get('lang') || '') ? params.get('lang') : 'fr';
const t = STRINGS[lang];
const LOCALES = { fr: 'fr-FR', ar: 'ar-MA', en: 'en-GB' };
const number = new Intl.NumberFormat(LOCALES[lang]);
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

/** Round steps (1, 2, 5 × 10ⁿ) for an axis up to `top`: the tick values and the axis end (the last tick). */
function axisTicks(top) {
  const raw = Math.max(top, 1) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw),
  );
  const end = Math.max(step, Math.ceil(Math.max(top, 1) / step) * step);
  const values = [];
  for (let value = 0; value <= end; value += step) values.push(value);
  return { values, end };
}

/** A bar's tooltip: its name, its value and how many demo records it holds or left out. */
function barTitle(row) {
  const parts = [`${row.title || row.label}${t.colon}${number.format(row.count)}`];
  if (row.demo) parts.push((realOnly ? t.demoExcluded : t.demoIncluded)(number.format(row.demo)));
  return parts.join(', ');
}

/**
 * Under a chart, what its hatched part means: the demo records in each bar, or (real records only) how
 * many the chart left out. `rows` carry `demo`, the demo records of each bar (shown or left out).
 */
function chartNote(container, rows) {
  const demo = rows.reduce((sum, row) => sum + (row.demo || 0), 0);
  const note = html('p', { class: 'chart-note', 'data-testid': `${container.id}-demo`, 'data-value': demo });
  if (realOnly) note.textContent = t.chartRealOnly;
  else {
    note.append(
      html('span', { class: 'swatch', 'aria-hidden': 'true' }),
      document.createTextNode(t.chartDemo),
    );
  }
  container.append(note);
}

/** An empty chart says so. */
function emptyChart(container, rows) {
  container.replaceChildren();
  if (rows.length) return false;
  container.append(html('p', { class: 'empty' }, t.empty));
  return true;
}

/** The hatched part of a bar: its demo records (drawn only when they are counted, i.e. not real only). */
function demoPart(row, attributes) {
  if (realOnly || !row.demo || !row.count) return null;
  return el('rect', { ...attributes, class: 'demo-part', fill: 'url(#demo-hatch)' });
}

/** The hatch pattern of demo parts, once per chart (ids are the page's: every chart defines the same). */
function hatchDefs() {
  const defs = el('defs');
  const pattern = el('pattern', {
    id: 'demo-hatch',
    width: 6,
    height: 6,
    patternUnits: 'userSpaceOnUse',
    patternTransform: 'rotate(45)',
  });
  pattern.append(el('rect', { width: 6, height: 6, fill: 'rgba(255,255,255,0.35)' }));
  pattern.append(el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#fff', 'stroke-width': 3 }));
  defs.append(pattern);
  return defs;
}

/**
 * Horizontal bars in the order given, mirrored in right-to-left, each with its value at its end, over a
 * value axis with round ticks and a title (`axis`). `rows`: [{ key, label, count, demo?, title?, color? }].
 */
function barChart(container, rows, options = {}) {
  if (emptyChart(container, rows)) return;
  const { max = 12, color = 'var(--bar)', width = 520, labelWidth = 215, maxChars = 28 } = options;
  const axis = options.axis || t.axisAgreements;
  const shown = rows.slice(0, max);
  const rowHeight = 26;
  const barArea = width - labelWidth - 48;
  const bottom = 40;
  const plotHeight = shown.length * rowHeight + 4;
  const { values, end } = axisTicks(Math.max(...shown.map((row) => row.count)));
  const scale = (value) => (value / end) * barArea;
  // The value axis starts at the labels' edge: x grows to the right, or to the left in right-to-left.
  const at = (value) => (rtl ? width - labelWidth - scale(value) : labelWidth + scale(value));
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${plotHeight + bottom}`,
    role: 'img',
    'aria-label': `${options.caption || ''} ${shown.map(barTitle).join(' ; ')}`.trim(),
  });
  svg.append(hatchDefs());
  const axisGroup = el('g', { class: 'axis', 'data-axis': 'x' });
  for (const value of values) {
    const x = at(value);
    axisGroup.append(
      el('line', { x1: x, x2: x, y1: 0, y2: plotHeight, class: value ? 'grid' : 'baseline' }),
      el('text', { x, y: plotHeight + 14, 'text-anchor': 'middle', class: 'tick' }, number.format(value)),
    );
  }
  axisGroup.append(
    el('text', { x: at(end / 2), y: plotHeight + 32, 'text-anchor': 'middle', class: 'axis-title' }, axis),
  );
  svg.append(axisGroup);
  shown.forEach((row, index) => {
    const y = index * rowHeight + 2;
    const length = row.count ? Math.max(2, scale(row.count)) : 0;
    const demoLength = row.count ? (length * Math.min(row.demo || 0, row.count)) / row.count : 0;
    const group = el('g', {
      'data-key': row.key,
      'data-count': row.count,
      'data-demo': row.demo || 0,
      class: 'bar',
    });
    group.append(el('title', {}, barTitle(row)));
    // SVG text inherits the page's direction: in right-to-left, `start` is the right edge of a text.
    const labelX = rtl ? width - 4 : labelWidth - 8;
    const barX = rtl ? width - labelWidth - length : labelWidth;
    const countX = rtl ? barX - 6 : barX + length + 6;
    const bar = { y: y + 4, height: rowHeight - 9 };
    group.append(
      el(
        'text',
        { x: labelX, y: y + 17, 'text-anchor': rtl ? 'start' : 'end' },
        shorten(row.label, maxChars),
      ),
      el('rect', { x: barX, width: length, rx: 3, fill: row.color || color, ...bar }),
    );
    // The demo records at the bar's far end, so the real ones start at the axis.
    const hatch = demoPart(row, { x: rtl ? barX : barX + length - demoLength, width: demoLength, ...bar });
    if (hatch) group.append(hatch);
    group.append(
      el('text', { x: countX, y: y + 17, 'text-anchor': 'start', class: 'count' }, number.format(row.count)),
    );
    svg.append(group);
  });
  container.append(svg);
  chartNote(container, shown);
}

/**
 * Vertical columns in key order (years), mirrored in right-to-left: every column has its label under it
 * (turned upright when columns are narrow) and its value above it when it has one — the `highlight`ed
 * column always, even 0 — over a value axis with round ticks. `rows`: [{ key, label, count, demo?, color? }].
 */
function columnChart(container, rows, options = {}) {
  if (emptyChart(container, rows)) return;
  const { color = 'var(--bar-2)', width = 1040, height = 280, highlight = null } = options;
  const ordered = rtl ? [...rows].reverse() : rows;
  const side = 52;
  const pad = 10;
  const slot = (width - side - 2 * pad) / ordered.length;
  // A year is ~34 px wide in 12 px digits: narrower columns carry their labels upright.
  const upright = slot < 36;
  const bottom = upright ? 64 : 44;
  const top = 24;
  const plotHeight = height - bottom - top;
  const barWidth = Math.min(44, slot * 0.72);
  const fontSize = Math.max(9, Math.min(12, slot * 0.62));
  const { values, end } = axisTicks(Math.max(...ordered.map((row) => row.count)));
  const y = (value) => top + plotHeight - (value / end) * plotHeight;
  const plotLeft = rtl ? pad : side + pad;
  const axisX = rtl ? width - side + 6 : side - 6;
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `${options.caption || ''} ${rows.map(barTitle).join(' ; ')}`.trim(),
  });
  svg.append(hatchDefs());
  const axisGroup = el('g', { class: 'axis', 'data-axis': 'y' });
  for (const value of values) {
    axisGroup.append(
      el('line', {
        x1: plotLeft,
        x2: plotLeft + ordered.length * slot,
        y1: y(value),
        y2: y(value),
        class: value ? 'grid' : 'baseline',
      }),
      el(
        'text',
        { x: axisX, y: y(value) + 4, 'text-anchor': rtl ? 'start' : 'end', class: 'tick', direction: 'ltr' },
        number.format(value),
      ),
    );
  }
  const titleX = rtl ? width - 10 : 12;
  axisGroup.append(
    el(
      'text',
      {
        x: titleX,
        y: top + plotHeight / 2,
        'text-anchor': 'middle',
        class: 'axis-title',
        transform: `rotate(-90 ${titleX} ${top + plotHeight / 2})`,
      },
      options.axis || t.axisAgreements,
    ),
    el(
      'text',
      {
        x: plotLeft + (ordered.length * slot) / 2,
        y: height - 6,
        'text-anchor': 'middle',
        class: 'axis-title',
      },
      options.xAxis || '',
    ),
  );
  svg.append(axisGroup);
  ordered.forEach((row, index) => {
    const x = plotLeft + index * slot + (slot - barWidth) / 2;
    const centre = x + barWidth / 2;
    const barHeight = row.count === 0 ? 0 : Math.max(2, y(0) - y(row.count));
    const demoHeight = row.count ? (barHeight * Math.min(row.demo || 0, row.count)) / row.count : 0;
    const highlighted = highlight != null && row.key === highlight;
    const group = el('g', {
      'data-key': row.key,
      'data-count': row.count,
      'data-demo': row.demo || 0,
      class: highlighted ? 'bar highlighted' : 'bar',
    });
    group.append(
      el('title', {}, barTitle(row)),
      el('rect', {
        x,
        y: y(0) - barHeight,
        width: barWidth,
        height: barHeight,
        rx: 2,
        fill: row.color || color,
      }),
    );
    const hatch = demoPart(row, { x, y: y(0) - barHeight, width: barWidth, height: demoHeight });
    if (hatch) group.append(hatch);
    const labelY = y(0) + 14;
    group.append(
      el(
        'text',
        {
          x: centre,
          y: y(0) - barHeight - 4,
          'text-anchor': 'middle',
          class: 'count',
          direction: 'ltr',
          style: `font-size: ${fontSize}px`,
        },
        row.count || highlighted ? number.format(row.count) : '',
      ),
      el(
        'text',
        upright
          ? {
              x: centre + fontSize / 3,
              y: y(0) + 6,
              'text-anchor': 'end',
              class: 'tick label',
              direction: 'ltr',
              style: `font-size: ${fontSize}px`,
              transform: `rotate(-90 ${centre + fontSize / 3} ${y(0) + 6})`,
            }
          : { x: centre, y: labelY, 'text-anchor': 'middle', class: 'tick label', direction: 'ltr' },
        row.label,
      ),
    );
    svg.append(group);
  });
  container.append(svg);
  chartNote(container, rows);
}

// ---------------------------------------------------------------------------------------------------------
// Maps: Morocco's 12 regions (morocco-map, © OpenStreetMap contributors, ODbL) and the partner countries
// (world-atlas, Natural Earth), drawn with d3-geo and topojson-client served by the gateway.

const VENDOR = '/dashboard/vendor/';

/**
 * HCP region code (the API's region id) → ISO 3166-2 code (the id of the region in morocco-map). The two
 * numberings agree since the 2015 division; the names were checked one by one against the package's.
 */
const REGION_ISO = {
  '01': 'MA-01', // Tanger-Tétouan-Al Hoceima
  '02': 'MA-02', // Oriental
  '03': 'MA-03', // Fès-Meknès
  '04': 'MA-04', // Rabat-Salé-Kénitra
  '05': 'MA-05', // Béni Mellal-Khénifra
  '06': 'MA-06', // Casablanca-Settat
  '07': 'MA-07', // Marrakech-Safi
  '08': 'MA-08', // Drâa-Tafilalet
  '09': 'MA-09', // Souss-Massa
  10: 'MA-10', // Guelmim-Oued Noun
  11: 'MA-11', // Laâyoune-Sakia El Hamra
  12: 'MA-12', // Dakhla-Oued Ed-Dahab
};

/** ISO 3166-1 numeric ids of world-atlas drawn as Morocco, in one shape: Morocco and its southern provinces. */
const MOROCCO_NUMERIC = ['504', '732'];
/** Left off the world map: Antarctica. */
const OFF_WORLD_MAP = ['010'];

/** The colours of the classes of a choropleth, pale to dark (ColorBrewer Greens), of none and of Morocco. */
const MAP_COLORS = ['#a1d99b', '#74c476', '#41ab5d', '#238b45', '#005a32'];
const MAP_NONE = '#eef1f5';
const MAP_HOME = '#b8c0cc';

let geodata = null;

/** The geographic files and the country names in the page's language, fetched once from the gateway. */
function loadGeodata() {
  if (!geodata) {
    const get = async (name) => {
      const response = await fetch(VENDOR + name);
      if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
      return response.json();
    };
    geodata = Promise.all([
      get('morocco-regions.json'),
      get('countries-110m.json'),
      get('iso-3166-codes.json'),
      get(`iso-3166-names-${lang}.json`),
    ]).then(([regions, world, codes, names]) => ({ regions, world, codes, names: names.countries }));
  }
  return geodata;
}

/**
 * The classes of a choropleth up to `max`, each with its colour, the legend's and the map's: they start at
 * round numbers (1, 2, 5, 10, 20, 50…, at most five classes, the first from 1) so that a few large
 * counts (France, Rabat-Salé-Kénitra) do not leave every other area in the palest class.
 */
function mapClasses(max) {
  if (max <= 0) return [];
  const starts = [];
  for (let base = 1; base <= max; base *= 10) {
    for (const m of [1, 2, 5]) if (m * base <= max) starts.push(m * base);
  }
  const kept = starts.slice(-5);
  kept[0] = 1;
  return kept.map((from, index) => ({
    from,
    to: index + 1 < kept.length ? kept[index + 1] - 1 : max,
    colour: kept.length === 1 ? MAP_COLORS[2] : MAP_COLORS[Math.round((index * 4) / (kept.length - 1))],
  }));
}

const classColour = (classes, value) => (value > 0 ? classes.find((c) => value <= c.to).colour : MAP_NONE);

/**
 * The legend of a map: a swatch and its values per class ("2–4"), none, Morocco, the selection; `format`
 * writes a value (budgets in short: "1,5 M").
 */
function mapLegend(classes, extra, format = number.format, label = t.mapLegend) {
  const list = html('ul', { class: 'legend', 'aria-label': label, 'data-testid': 'legend' });
  const item = (colour, text, className) => {
    const entry = html('li', className ? { class: className } : {});
    entry.append(html('span', { class: 'swatch', style: `background:${colour}`, 'aria-hidden': 'true' }));
    entry.append(document.createTextNode(text));
    list.append(entry);
  };
  item(MAP_NONE, `${number.format(0)} (${t.mapNone})`);
  for (const c of classes) {
    const values = c.from === c.to ? format(c.from) : `${format(c.from)}–${format(c.to)}`;
    item(c.colour, values);
  }
  for (const [colour, text, className] of extra) item(colour, text, className);
  return list;
}

/** Selects a region or a country (or clears it when it is already selected): the page reloads filtered. */
function selectOnMap(param, key) {
  const target = new URL(window.location.href);
  if (target.searchParams.get(param) === key) target.searchParams.delete(param);
  else target.searchParams.set(param, key);
  window.location.assign(target.toString());
}

/** What a shape says (tooltip and accessible name): its name, its agreements and its budget if any. */
function areaLabel(area) {
  const parts = [`${area.name}${t.colon}${t.agreementsOf(number.format(area.count))}`];
  if (area.budget) parts.push(t.budgetOf(area.budget));
  if (area.selected) parts.push(t.mapSelected);
  return parts.join(', ');
}

/** Makes a shape (or a button) select its area on click, Enter or Space. */
function selectable(node, param, key) {
  node.addEventListener('click', () => selectOnMap(param, key));
  node.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    selectOnMap(param, key);
  });
}

/**
 * A choropleth in `container`: `areas` [{ key, name, count, value?, budget?, feature, selected }]
 * coloured by `value` (else by count of agreements), each with agreements focusable (Tab), named for
 * screen readers and selected with Enter, Space or a click; `home` an unselectable feature drawn grey;
 * values written on the map when `labels`, with `format` (numbers by default).
 */
function drawMap(container, options) {
  const { areas, home, param, width, height, projection, labels, ariaLabel } = options;
  const format = options.format || number.format;
  const d3 = window.d3;
  const valueOf = (area) => (area.value === undefined ? area.count : area.value);
  const classes = mapClasses(Math.ceil(Math.max(0, ...areas.map(valueOf))));
  const features = areas.map((area) => area.feature).concat(home ? [home] : []);
  projection.fitExtent(
    [
      [4, 4],
      [width - 4, height - 4],
    ],
    { type: 'FeatureCollection', features },
  );
  const path = d3.geoPath(projection);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': ariaLabel });
  if (home) svg.append(el('path', { d: path(home), class: 'home', fill: MAP_HOME, 'aria-hidden': 'true' }));
  const texts = [];
  for (const area of areas) {
    const interactive = area.count > 0 || area.selected;
    const shape = el('path', {
      d: path(area.feature),
      class: area.selected ? 'area selected' : 'area',
      fill: classColour(classes, Math.ceil(valueOf(area))),
      'data-key': area.key,
      'data-count': area.count,
      'data-value': valueOf(area),
    });
    shape.append(el('title', {}, areaLabel(area)));
    if (interactive) {
      shape.setAttribute('tabindex', '0');
      shape.setAttribute('role', 'button');
      shape.setAttribute('aria-pressed', String(!!area.selected));
      shape.setAttribute('aria-label', areaLabel(area));
      selectable(shape, param, area.key);
    }
    svg.append(shape);
    if (labels && valueOf(area) > 0) {
      const [x, y] = path.centroid(area.feature);
      texts.push(
        el('text', { x, y: y + 4, class: 'map-count', 'aria-hidden': 'true' }, format(valueOf(area))),
      );
    }
  }
  // Selected shapes last, so that their outline is not hidden by a neighbour's.
  for (const shape of svg.querySelectorAll('path.selected')) svg.append(shape);
  svg.append(...texts);
  container.replaceChildren(svg);
  const extra = [];
  if (home) extra.push([MAP_HOME, t.mapHome]);
  if (areas.some((area) => area.selected)) extra.push(['transparent', t.mapSelected, 'selected']);
  container.append(mapLegend(classes, extra, format, options.legend));
}

/** Amounts per currency as the page writes them ("1 500 000 EUR, 20 000 MAD"). */
function formatBudget(lines) {
  return lines
    .map((line) => `${number.format(Number(line.amount))} ${line.currency}`)
    .join(lang === 'ar' ? '، ' : ', ');
}

/** What the regions map is coloured by: `agreements`, or a currency of their budgets (`?mapBy=EUR`). */
let mapMeasure = params.get('mapBy') || 'agreements';

const compact = new Intl.NumberFormat(LOCALES[lang], { notation: 'compact', maximumFractionDigits: 1 });

/**
 * The regions map: every one of the 12 regions, with the agreements of the other filters, or their budget
 * in one currency (the budgets are never added across currencies).
 */
function drawRegionsMap(geo, data, filters) {
  const topojson = window.topojson;
  const counts = new Map(data.regionMap.agreements.byRegion.map((row) => [row.region.id, row.count]));
  const budgets = new Map();
  for (const line of data.regionMap.agreements.budgetBy) {
    if (!budgets.has(line.key)) budgets.set(line.key, []);
    budgets.get(line.key).push(line);
  }
  const currencies = [...new Set(data.regionMap.agreements.budgetBy.map((line) => line.currency))].sort();
  const measure = currencies.includes(mapMeasure) ? mapMeasure : 'agreements';
  const amount = (id) => {
    const line = (budgets.get(id) || []).find((candidate) => candidate.currency === measure);
    return line ? Number(line.amount) : 0;
  };
  const byIso = new Map(
    topojson.feature(geo.regions, geo.regions.objects.regions).features.map((f) => [f.id, f]),
  );
  const areas = data.regions.nodes
    .filter((region) => byIso.has(REGION_ISO[region.id]))
    .map((region) => ({
      key: region.id,
      name: region.name,
      count: counts.get(region.id) || 0,
      value: measure === 'agreements' ? undefined : amount(region.id),
      budget: budgets.has(region.id) ? formatBudget(budgets.get(region.id)) : '',
      feature: byIso.get(REGION_ISO[region.id]),
      selected: filters.region === region.id,
    }));
  const container = document.getElementById('map-regions');
  drawMap(container, {
    areas,
    param: 'region',
    width: 520,
    height: 540,
    projection: window.d3.geoMercator(),
    labels: true,
    ariaLabel: measure === 'agreements' ? t.mapRegionsLabel : t.mapRegionsBudgetLabel(measure),
    format: measure === 'agreements' ? number.format : (value) => compact.format(value),
    legend: measure === 'agreements' ? t.mapLegend : t.mapLegendBudget(measure),
  });
  if (currencies.length)
    container.prepend(measureSwitch(currencies, measure, () => drawRegionsMap(geo, data, filters)));
}

/**
 * Radio buttons above the regions map: agreements, or the budget in each currency; the choice is kept in
 * the URL (`mapBy`) and redraws the map.
 */
function measureSwitch(currencies, measure, redraw) {
  const group = html('fieldset', { class: 'map-measure' });
  group.append(html('legend', {}, t.mapBy));
  for (const value of ['agreements', ...currencies]) {
    const label = html('label');
    const input = html('input', { type: 'radio', name: 'map-measure', value });
    input.checked = value === measure;
    input.addEventListener('change', () => {
      mapMeasure = value;
      const target = new URL(window.location.href);
      if (value === 'agreements') target.searchParams.delete('mapBy');
      else target.searchParams.set('mapBy', value);
      window.history.replaceState(null, '', target.toString());
      updateLangLinks();
      redraw();
      document.querySelector(`.map-measure input[value="${value}"]`).focus();
    });
    label.append(
      input,
      document.createTextNode(value === 'agreements' ? t.mapByAgreements : t.mapByBudget(value)),
    );
    group.append(label);
  }
  return group;
}

/** A country's name in i18n-iso-countries: a string, or a list whose first is the usual name. */
const countryName = (name) => (Array.isArray(name) ? name[0] : name);

/** The world map: partner countries by agreements (with the year and region filters), Morocco in grey. */
function drawCountriesMap(geo, data, filters) {
  const topojson = window.topojson;
  const alpha2 = new Map(geo.codes.map((code) => [code[2], code[0]]));
  const rows = data.partners.agreements.byCountry;
  const counts = new Map(rows.map((row) => [row.country.code, row]));
  const geometries = geo.world.objects.countries.geometries;
  const home = {
    type: 'Feature',
    id: 'MA',
    geometry: topojson.merge(
      geo.world,
      geometries.filter((g) => MOROCCO_NUMERIC.includes(g.id)),
    ),
  };
  const drawn = topojson
    .feature(geo.world, geo.world.objects.countries)
    .features.filter((f) => f.id && !MOROCCO_NUMERIC.includes(f.id) && !OFF_WORLD_MAP.includes(f.id));
  const areas = drawn
    .filter((feature) => alpha2.has(feature.id))
    .map((feature) => {
      const code = alpha2.get(feature.id);
      const row = counts.get(code);
      return {
        key: code,
        name: row ? row.country.name : countryName(geo.names[code]) || feature.properties.name,
        count: row ? row.count : 0,
        feature,
        selected: filters.country === code,
      };
    });
  const container = document.getElementById('map-countries');
  drawMap(container, {
    areas,
    home,
    param: 'country',
    width: 960,
    height: 470,
    projection: window.d3.geoNaturalEarth1(),
    labels: false,
    ariaLabel: t.mapCountriesLabel,
  });
  // Partner countries too small for the 1:110m map (Seychelles…): buttons under it.
  const onMap = new Set(areas.map((area) => area.key));
  const missing = rows.filter((row) => !onMap.has(row.country.code) && row.country.code !== 'MA');
  if (missing.length) {
    const note = html('p', { class: 'off-map' }, t.offMap);
    for (const row of missing) {
      const button = html('button', {
        type: 'button',
        class: filters.country === row.country.code ? 'area selected' : 'area',
        'data-key': row.country.code,
        'data-count': row.count,
        'aria-pressed': String(filters.country === row.country.code),
      });
      button.textContent = `${row.country.name} (${number.format(row.count)})`;
      button.addEventListener('click', () => selectOnMap('country', row.country.code));
      note.append(' ', button);
    }
    container.append(note);
  }
}

/** Both maps; a map that cannot be drawn says why, and the rest of the page stays. */
async function renderMaps(data, filters) {
  try {
    if (!window.d3 || !window.d3.geoPath || !window.topojson) throw new Error('d3-geo / topojson-client');
    const geo = await loadGeodata();
    drawRegionsMap(geo, data, filters);
    drawCountriesMap(geo, data, filters);
  } catch (error) {
    for (const id of ['map-regions', 'map-countries']) {
      document
        .getElementById(id)
        .replaceChildren(html('p', { class: 'empty error' }, t.mapFailed + error.message));
    }
    throw error;
  }
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
      byTheme { theme { code name(lang: $lang) } count }
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
    agreements {
      total
      byRegion { region { id } count }
      byCountry { country { code } count }
      bySdg { sdg { number } count }
      byTheme { theme { code } count }
    }
    memberships { total byNetwork { network { id } count } }
    events { total }
    experiences { total }
    dormantAgreements(first: 1) { totalCount }
  }
  overTime: cooperationReport(region: $region, country: $country, realOnly: $realOnly) { id agreements { byYear { key count } } }
  otherOverTime: cooperationReport(region: $region, country: $country, realOnly: $otherView) { id agreements { byYear { key count } } }
  partners: cooperationReport(year: $year, region: $region, realOnly: $realOnly) { id agreements { byCountry { country { code name(lang: $lang) } count } } }
  # The regions map: every region's agreements with the other filters (the selected region among them).
  regionMap: cooperationReport(year: $year, country: $country, realOnly: $realOnly) {
    id
    agreements { byRegion { region { id } count } budgetBy(group: REGION) { key currency amount } }
  }
  regions: territories(filter: { kind: REGION }, first: 20) { nodes { id name(lang: $lang) } }
  sdgs { number shortTitle(lang: $lang) }
}`;

// Real records only: the API has no demo filter on experiences, so the page asks for the 100 most relevant
// and keeps the real ones (exact up to 100 matches).
const SEARCH = `query Search($search: String!, $lang: Language!, $first: Int!) {
  experiences(filter: { search: $search }, orderBy: RELEVANCE, first: $first) {
    totalCount
    nodes { id title publishedOn isDemo territory { id name(lang: $lang) } themes { code name(lang: $lang) } }
  }
}`;

/**
 * Every year from the first to the last with agreements, zero where there were none, and the selected
 * year (`also`) even when outside them: its column then shows its 0 beside its own label.
 */
function fillYears(rows, also) {
  if (!rows.length && also == null) return rows;
  const counts = new Map(rows.map((row) => [Number(row.key), row.count]));
  const keys = rows.map((row) => Number(row.key)).concat(also == null ? [] : [also]);
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
  for (const node of document.querySelectorAll('[data-i18n-label]')) {
    node.setAttribute('aria-label', t[node.getAttribute('data-i18n-label')]);
  }
  // The record pages open in the page's language.
  for (const link of document.querySelectorAll('#records a[data-page]')) {
    link.href = `${link.getAttribute('href').split('?')[0]}?lang=${lang}`;
  }
  updateLangLinks();
}

/** The language links keep the page's URL (filters, real only, search), in the other language. */
function updateLangLinks() {
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

/** Each bar's demo records: the gap between the two views' counts under the same key. */
function withDemo(rows, otherRows, keyOf) {
  const other = new Map(otherRows.map((row) => [String(keyOf(row)), row.count]));
  return rows.map((row) => ({ ...row, demo: Math.abs((other.get(row.key) || 0) - row.count) }));
}

/** The charts of the report: agreements by region, country, SDG, year and theme, memberships by network. */
function renderCharts(data, filters) {
  const { report, other } = data;
  const chart = (id) => document.getElementById(`chart-${id}`);
  const caption = (id) => document.querySelector(`[data-i18n="${id}"]`).textContent;
  const regions = report.agreements.byRegion.map((row) => ({
    key: row.region.id,
    label: row.region.name,
    count: row.count,
  }));
  barChart(
    chart('region'),
    withDemo(regions, other.agreements.byRegion, (row) => row.region.id),
    {
      caption: caption('byRegion'),
    },
  );
  const countries = report.agreements.byCountry.map((row) => ({
    key: row.country.code,
    label: row.country.name,
    count: row.count,
  }));
  barChart(
    chart('country'),
    withDemo(countries, other.agreements.byCountry, (row) => row.country.code),
    {
      color: 'var(--bar-2)',
      caption: caption('byCountry'),
    },
  );
  // All 17 goals in goal order, each named beside its number ("ODD 7 · Énergie propre…").
  const bySdg = new Map(report.agreements.bySdg.map((row) => [row.sdg.number, row]));
  const names = new Map(data.sdgs.map((sdg) => [sdg.number, sdg.shortTitle]));
  const sdgs = Array.from({ length: 17 }, (_, index) => {
    const row = bySdg.get(index + 1);
    const label = `${t.sdg} ${index + 1} · ${names.get(index + 1) || ''}`;
    return { key: String(index + 1), label, count: row ? row.count : 0, color: SDG_COLORS[index] };
  });
  barChart(
    chart('sdg'),
    withDemo(sdgs, other.agreements.bySdg, (row) => row.sdg.number),
    {
      max: 17,
      width: 1040,
      labelWidth: 430,
      maxChars: 60,
      caption: caption('bySdg'),
    },
  );
  const years = fillYears(data.overTime.agreements.byYear, filters.year).map((row) => ({
    key: row.key,
    label: row.key,
    count: row.count,
    color: filters.year && Number(row.key) === filters.year ? 'var(--accent-2)' : undefined,
  }));
  columnChart(
    chart('years'),
    withDemo(years, data.otherOverTime.agreements.byYear, (row) => row.key),
    {
      highlight: filters.year ? String(filters.year) : null,
      xAxis: t.axisYear,
      caption: caption('overTime'),
    },
  );
  const themes = report.agreements.byTheme.map((row) => ({
    key: row.theme.code,
    label: row.theme.name,
    count: row.count,
  }));
  barChart(
    chart('theme'),
    withDemo(themes, other.agreements.byTheme, (row) => row.theme.code),
    {
      max: 20,
      color: '#7a4f9a',
      caption: caption('byTheme'),
    },
  );
  const networks = report.memberships.byNetwork.map((row) => ({
    key: row.network.id,
    label: row.network.acronym,
    count: row.count,
  }));
  barChart(
    chart('network'),
    withDemo(networks, other.memberships.byNetwork, (row) => row.network.id),
    {
      color: '#0d5c63',
      axis: t.axisMemberships,
      caption: caption('byNetwork'),
    },
  );
}

/** The export links carry the report's filters, its language and whether demo records are left out. */
function setExportLinks(filters) {
  const exportQuery = new URLSearchParams({ lang });
  for (const [key, value] of Object.entries(filters)) if (value != null) exportQuery.set(key, String(value));
  if (realOnly) exportQuery.set('realOnly', 'true');
  document.getElementById('filter-realOnly').checked = realOnly;
  document.getElementById('export-bilan').href = `/exports/bilan.csv?${exportQuery}`;
  document.getElementById('export-partnerships').href = `/exports/partnerships.csv?${exportQuery}`;
  document.getElementById('export-bilan-xlsx').href = `/exports/bilan.xlsx?${exportQuery}`;
  document.getElementById('export-partnerships-xlsx').href = `/exports/partnerships.xlsx?${exportQuery}`;
}

/** The year, region and country filters: their options from the report's data, the current one selected. */
function fillFilters(data, filters) {
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
}

/** The key figures, each with the demo records it counts (all records shown) or leaves out (real only). */
function setKpis(report, other) {
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
}

async function loadReport() {
  const filters = filtersFromUrl();
  const status = document.getElementById('status');
  const main = document.getElementById('main');
  setExportLinks(filters);
  try {
    const data = await graphql(REPORT, {
      ...filters,
      lang: lang.toUpperCase(),
      realOnly,
      otherView: !realOnly,
    });
    const report = data.report;
    fillFilters(data, filters);
    setKpis(report, data.other);
    renderCharts(data, filters);
    renderDormant(report.dormantAgreements);
    await renderMaps(data, filters);
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

// Only the latest search writes its results: one restored from the URL may answer after a newer one.
let latestSearch = 0;

async function search(text) {
  const list = document.getElementById('search-results');
  const count = document.getElementById('search-count');
  const token = ++latestSearch;
  list.replaceChildren();
  count.textContent = '';
  delete count.dataset.value;
  delete count.dataset.query;
  if (!text.trim()) return;
  list.setAttribute('aria-busy', 'true');
  try {
    const data = await graphql(SEARCH, { search: text, lang: lang.toUpperCase(), first: realOnly ? 100 : 8 });
    if (token !== latestSearch) return;
    const nodes = realOnly ? data.experiences.nodes.filter((node) => !node.isDemo) : data.experiences.nodes;
    const total = realOnly ? nodes.length : data.experiences.totalCount;
    count.textContent = (realOnly ? t.searchRealOnly : t.results)(number.format(total));
    count.dataset.value = String(total);
    count.dataset.query = text;
    for (const node of nodes.slice(0, 8)) {
      const item = html('li', { 'data-id': node.id });
      item.append(html('strong', {}, node.title));
      if (node.isDemo) item.append(html('span', { class: 'demo' }, t.demo));
      const meta = [node.territory.name, node.publishedOn, node.themes.map((theme) => theme.name).join(', ')];
      item.append(html('div', { class: 'meta' }, meta.filter(Boolean).join(' · ')));
      list.append(item);
    }
  } catch (error) {
    if (token === latestSearch) count.textContent = t.failed + error.message;
  } finally {
    if (token === latestSearch) list.setAttribute('aria-busy', 'false');
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

/**
 * GraphiQL is served only where introspection is on (not in production): its links stay only when the
 * gateway answers `/graphiql`.
 */
async function checkGraphiql() {
  let served = false;
  try {
    served = (await fetch('/graphiql', { method: 'HEAD' })).ok;
  } catch {
    served = false;
  }
  if (!served) for (const link of document.querySelectorAll('a[href="/graphiql"]')) link.remove();
}

translatePage();
void checkGraphiql();
for (const name of ['year', 'region', 'country', 'realOnly']) {
  document.getElementById(`filter-${name}`).addEventListener('change', onFilterChange);
}
document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = document.getElementById('search-input').value;
  // The search goes into the URL (`?q=`), so that a reload or a shared link shows the same results.
  const target = new URL(window.location.href);
  if (text.trim()) target.searchParams.set('q', text);
  else target.searchParams.delete('q');
  window.history.replaceState(null, '', target.toString());
  updateLangLinks();
  void search(text);
});
void loadReport();
const initialSearch = params.get('q') || '';
if (initialSearch.trim()) {
  document.getElementById('search-input').value = initialSearch;
  void search(initialSearch);
}
