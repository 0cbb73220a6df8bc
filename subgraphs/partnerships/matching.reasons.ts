import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import { Language, pickText } from '../shared/i18n';
import { THEMES } from '../shared/world/themes';
import { MatchReason, MatchReasonCode, type NetworkPeer } from './discovery.types';
import { countryRef, networkRef, sdgRef, themeRef } from './stubs';

/**
 * The reasons of partner matching in words (French, Arabic, English) and as `MatchReason` objects. The
 * points come from `matching.rules.ts`; this file only says them.
 */

countries.registerLocale(fr);
countries.registerLocale(en);
countries.registerLocale(ar);

/** A text in each language the API answers in. */
export type Texts = { fr: string; ar: string; en: string };

const THEME_NAMES = new Map(THEMES.map((theme) => [theme.code, theme]));

function list(values: string[], lang: keyof Texts): string {
  return values.join(lang === 'ar' ? '، ' : ', ');
}

const texts = (make: (lang: keyof Texts) => string): Texts => ({
  fr: make('fr'),
  ar: make('ar'),
  en: make('en'),
});

/** The names of themes, by code, in each language. */
export const themeNames = (codes: string[]) =>
  texts((lang) =>
    list(
      codes.map((code) => THEME_NAMES.get(code)?.[lang] ?? code),
      lang,
    ),
  );

/** "SDG 6, 11" in each language. */
export function sdgNames(goals: number[]): Texts {
  const numbers = (lang: keyof Texts) => list(goals.map(String), lang);
  return {
    fr: `ODD ${numbers('fr')}`,
    ar: `أهداف التنمية المستدامة ${numbers('ar')}`,
    en: `SDG ${numbers('en')}`,
  };
}

/** The names of countries, by ISO code, in each language. */
export const countryNames = (codes: string[]) =>
  texts((lang) =>
    list(
      codes.map((code) => countries.getName(code, lang) ?? code),
      lang,
    ),
  );

/** Whether `code` is an ISO 3166-1 alpha-2 code, in capitals. */
export const isCountryCode = (code: string) => /^[A-Z]{2}$/.test(code) && countries.isValid(code);

/** "themes and SDGs" of a reason, in each language. */
export function subjects(themes: string[], sdgs: number[]): Texts {
  const parts = [themes.length ? themeNames(themes) : null, sdgs.length ? sdgNames(sdgs) : null].filter(
    (part): part is Texts => part !== null,
  );
  return texts((lang) => parts.map((part) => part[lang]).join(lang === 'ar' ? '، ' : ' ; '));
}

/** "1 agreement", "2 agreements". */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The acronyms of the networks a peer shares with the requester, in each language. */
export function acronyms(peer: NetworkPeer): Texts {
  const ids = peer.networks.map((network) => network.id);
  const of = (lang: Language) =>
    list(
      peer.acronyms.map((names, index) => pickText(names, lang) ?? ids[index]),
      lang === Language.AR ? 'ar' : 'fr',
    );
  return { fr: of(Language.FR), ar: of(Language.AR), en: of(Language.EN) };
}

/** One reason, with what it is about. */
export function reason(
  code: MatchReasonCode,
  points: number,
  count: number,
  messages: Texts,
  about: { themes?: string[]; sdgs?: number[]; networks?: string[]; countries?: string[] } = {},
): MatchReason {
  return Object.assign(new MatchReason(), {
    code,
    points,
    count,
    messages,
    themes: (about.themes ?? []).map(themeRef),
    sdgs: (about.sdgs ?? []).map(sdgRef),
    networks: (about.networks ?? []).map(networkRef),
    countries: (about.countries ?? []).map(countryRef),
  });
}

/** "Party to 2 agreements" in each language. */
export function partyTo(n: number): Texts {
  return {
    fr: `Partie à ${plural(n, 'accord', 'accords')}`,
    ar: `طرف في ${n} ${n === 1 ? 'اتفاقية' : 'اتفاقيات'}`,
    en: `Party to ${plural(n, 'agreement', 'agreements')}`,
  };
}
