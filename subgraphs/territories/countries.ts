import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';

countries.registerLocale(fr);
countries.registerLocale(en);
countries.registerLocale(ar);

/**
 * Codes the library lists that are not countries of the hub: Western Sahara is Moroccan territory
 * (its regions are among the 12 HCP regions; see data/reference/SOURCES.md).
 */
export const EXCLUDED_COUNTRY_CODES: ReadonlySet<string> = new Set(['EH']);

export interface CountryNames {
  code: string;
  fr: string | null;
  en: string | null;
  ar: string | null;
}

let cached: CountryNames[] | null = null;

/** Every ISO 3166-1 alpha-2 country of `i18n-iso-countries` but EH, with its FR/EN/AR names, by code. */
export function countryList(): CountryNames[] {
  cached ??= Object.keys(countries.getAlpha2Codes())
    .filter((code) => !EXCLUDED_COUNTRY_CODES.has(code))
    .sort()
    .map((code) => ({
      code,
      fr: countries.getName(code, 'fr') ?? null,
      en: countries.getName(code, 'en') ?? null,
      ar: countries.getName(code, 'ar') ?? null,
    }));
  return cached;
}

let codes: ReadonlySet<string> | null = null;

/** Whether `code` is a country of the hub (checked in memory, for argument validation). */
export function isCountryCode(code: string): boolean {
  codes ??= new Set(countryList().map((country) => country.code));
  return codes.has(code);
}
