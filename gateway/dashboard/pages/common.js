/* global document, window, fetch, URLSearchParams */
// The record pages of the dashboard (directory, agreement, territory, network, requests, events): plain
// browser JavaScript against the public GraphQL API (POST /), as gateway/dashboard/app.js. This file holds
// what every page shares (strings in French, Arabic and English, the GraphQL helper, DOM helpers); each
// page's script registers its renderer in `Passerelle.pages`, and main.js picks one from the path.
'use strict';

const STRINGS = {
  fr: {
    skip: 'Aller au contenu',
    navLabel: 'Navigation principale',
    navBilan: 'Bilan',
    navDirectory: 'Annuaire',
    navRequests: 'Demandes',
    navEvents: 'Événements',
    navGraphiql: 'GraphiQL',
    loading: 'Chargement…',
    failed: 'La page n’a pas pu être chargée : ',
    notFound: 'Introuvable',
    notFoundText: (what, id) => `Aucun ${what} « ${id} » n’existe (ou il n’est pas public).`,
    backToDirectory: 'Retour à l’annuaire',
    footer: 'Données publiques de l’API GraphQL de Passerelle ; les données de démonstration sont signalées.',
    api: 'API GraphQL',
    demo: 'démo',
    demoRecord: 'Donnée de démonstration (fictive)',
    none: 'Aucun élément.',
    unknownDate: 'date inconnue',
    agreement: 'accord',
    territory: 'collectivité',
    network: 'réseau',
    sdg: 'ODD',
  },
  ar: {
    skip: 'الانتقال إلى المحتوى',
    navLabel: 'التصفح الرئيسي',
    navBilan: 'الحصيلة',
    navDirectory: 'الدليل',
    navRequests: 'الطلبات',
    navEvents: 'الأنشطة',
    navGraphiql: 'GraphiQL',
    loading: 'جارٍ التحميل…',
    failed: 'تعذر تحميل الصفحة: ',
    notFound: 'غير موجود',
    notFoundText: (what, id) => `لا يوجد ${what} بالمعرف «${id}» (أو أنه غير عمومي).`,
    backToDirectory: 'العودة إلى الدليل',
    footer: 'بيانات عمومية من واجهة GraphQL لمنصة باسرال؛ البيانات التجريبية مميزة.',
    api: 'واجهة GraphQL',
    demo: 'تجريبي',
    demoRecord: 'بيانات تجريبية (وهمية)',
    none: 'لا شيء.',
    unknownDate: 'تاريخ غير معروف',
    agreement: 'اتفاقية',
    territory: 'جماعة ترابية',
    network: 'شبكة',
    sdg: 'الهدف',
  },
  en: {
    skip: 'Skip to content',
    navLabel: 'Main navigation',
    navBilan: 'Overview',
    navDirectory: 'Directory',
    navRequests: 'Requests',
    navEvents: 'Events',
    navGraphiql: 'GraphiQL',
    loading: 'Loading…',
    failed: 'The page could not be loaded: ',
    notFound: 'Not found',
    notFoundText: (what, id) => `No ${what} "${id}" exists (or it is not public).`,
    backToDirectory: 'Back to the directory',
    footer: 'Public data from the Passerelle GraphQL API; demo records are labelled.',
    api: 'GraphQL API',
    demo: 'demo',
    demoRecord: 'Demo record (fictitious)',
    none: 'Nothing recorded.',
    unknownDate: 'unknown date',
    agreement: 'agreement',
    territory: 'local authority',
    network: 'network',
    sdg: 'SDG',
  },
};

const searchParams = new URLSearchParams(window.location.search);
const lang = ['ar', 'en'].includes(searchParams.get('lang')) ? searchParams.get('lang') : 'fr';
const locale = { fr: 'fr-FR', ar: 'ar-MA', en: 'en-GB' }[lang];

/** The pages' shared toolbox: every page script reads it as `window.Passerelle`. */
const P = {
  lang,
  /** The GraphQL `Language` of the page. */
  LANG: lang.toUpperCase(),
  rtl: lang === 'ar',
  params: searchParams,
  pages: {},
  /** Strings of the page's language; each page script adds its own (`P.addStrings`). */
  t: { ...STRINGS[lang] },
  /** Enum labels of the page's language (`P.label('status', 'SIGNED')`), added by page scripts. */
  labels: {},
  number: new Intl.NumberFormat(locale),
};

/** Adds a page's strings: `{ fr: {...}, ar: {...}, en: {...} }`. */
P.addStrings = (strings) => Object.assign(P.t, strings[lang] || strings.fr);

/** Adds enum labels: `{ group: { fr: {VALUE: label}, ar: {...}, en: {...} } }`. */
P.addLabels = (groups) => {
  for (const [group, byLang] of Object.entries(groups)) P.labels[group] = byLang[lang] || byLang.fr;
};

/** An enum value's label in the page's language, or the value itself. */
P.label = (group, value) => (P.labels[group] && P.labels[group][value]) || value;

/** An HTML element with attributes and children (strings become text; null children are skipped). */
P.h = (name, attributes = {}, ...children) => {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
};

/** An error of the API, with its code (`NOT_FOUND`…). */
class ApiError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.extensions && error.extensions.code;
  }
}
P.ApiError = ApiError;

/** POSTs an operation to the public GraphQL API (no token: the public view) and returns its data. */
P.graphql = async (query, variables) => {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables: { lang: P.LANG, ...variables } }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new ApiError(body.errors[0]);
  return body.data;
};

/** Every node of a connection field, following its pages (`first: 100`); `pick` finds the connection. */
P.all = async (query, variables, pick) => {
  const nodes = [];
  let after = null;
  for (let guard = 0; guard < 50; guard++) {
    const connection = pick(await P.graphql(query, { ...variables, after }));
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return nodes;
};

/** A dashboard path in the page's language (the `lang` parameter kept), with more parameters. */
P.path = (pathname, extra = {}) => {
  const query = new URLSearchParams();
  if (lang !== 'fr') query.set('lang', lang);
  for (const [key, value] of Object.entries(extra)) if (value) query.set(key, String(value));
  const text = query.toString();
  return text ? `${pathname}?${text}` : pathname;
};

/** Links to a record's page. */
/**
 * The language of a record's text that the API gave in French for want of a translation (`titles` or
 * `names` asked for): marked `lang="fr"` so that a screen reader reads it as French.
 */
P.fallbackLang = (texts) => (texts && P.lang !== 'fr' && !texts[P.lang] ? 'fr' : null);

P.agreementLink = (node) =>
  P.h(
    'a',
    {
      href: P.path(`/dashboard/agreement/${encodeURIComponent(node.id)}`),
      lang: P.fallbackLang(node.titles),
    },
    node.title,
  );
P.territoryLink = (node) =>
  P.h('a', { href: P.path(`/dashboard/territory/${encodeURIComponent(node.id)}`) }, node.name);
P.networkLink = (node) =>
  P.h(
    'a',
    { href: P.path(`/dashboard/network/${encodeURIComponent(node.id)}`) },
    node.acronym && node.name && node.acronym !== node.name ? `${node.acronym} — ${node.name}` : node.name,
  );
P.eventLink = (node) => P.h('a', { href: P.path('/dashboard/events') + `#${node.id}` }, node.title);

/** The label of a demo record (null for a real one). */
P.demoBadge = (isDemo) =>
  isDemo ? P.h('span', { class: 'demo', title: P.t.demoRecord, 'data-demo': 'true' }, P.t.demo) : null;

/** A date (YYYY-MM-DD) in the page's language; a year alone as is. */
P.date = (value) => {
  if (!value) return '';
  const [year, month, day] = value.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
};

/** A section with a heading (`h2`), the content given, and a test id. */
P.section = (id, title, ...content) =>
  P.h(
    'section',
    { class: 'card', 'aria-labelledby': `h-${id}`, 'data-testid': id },
    P.h('h2', { id: `h-${id}` }, title),
    ...content,
  );

/** A list of records (`li` with `data-id`), or "None." when empty. */
P.list = (items, render, key = (item) => item.id) => {
  if (!items.length) return P.h('p', { class: 'empty' }, P.t.none);
  return P.h(
    'ul',
    { class: 'records' },
    items.map((item) => P.h('li', { 'data-id': key(item) }, render(item))),
  );
};

/** Terms and definitions (`dl`), the empty ones left out. */
P.facts = (rows) =>
  P.h(
    'dl',
    { class: 'facts' },
    rows
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([term, value]) => [P.h('dt', {}, term), P.h('dd', {}, value)]),
  );

/** Names joined in the page's language. */
P.join = (items) => items.filter(Boolean).join(P.rtl ? '، ' : ', ');

window.Passerelle = P;
