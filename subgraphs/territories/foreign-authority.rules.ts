import { BadUserInputError } from '../shared/errors';
import { foldForSearch, type Texts } from '../shared/i18n';
import { Role, type Viewer } from '../shared/identity';
import { permission, type Permission } from '../shared/pipeline';
import { checkSources as checkSharedSources, type SourceInput } from '../shared/source';
import { checkCountryCode } from '../shared/validate';
import { checkText, optionalText } from '../shared/writes';
import { isCountryCode } from './countries';

/**
 * What a write of a foreign local authority must respect, in one place: who may write one (a table), the
 * checks of its input, its id, and the rule that refuses a duplicate. Pure functions, so that
 * `foreign-authority.rules.test.ts` walks them without a database.
 */

/**
 * Who may add or correct a foreign local authority: the ministry, administrators and network secretariats
 * (a network brings in its foreign members). A territory officer writes its own agreements, not the
 * reference of who is who; the public writes nothing.
 */
export const MAY_WRITE_FOREIGN_AUTHORITIES: Readonly<Record<Role, boolean>> = {
  [Role.PUBLIC]: false,
  [Role.TERRITORY_OFFICER]: false,
  [Role.NETWORK_SECRETARIAT]: true,
  [Role.MINISTRY]: true,
  [Role.ADMIN]: true,
};

/** The verdict of `MAY_WRITE_FOREIGN_AUTHORITIES` for `viewer`, with the refusal saying who may. */
export function mayWriteForeignAuthority(viewer: Viewer, what: string): Permission {
  return permission(
    MAY_WRITE_FOREIGN_AUTHORITIES[viewer.role],
    `Only the ministry, an administrator or a network secretariat may ${what}`,
  );
}

/** The longest name, local level, website and reference accepted. */
export const LIMITS = { name: 200, localLevel: 100, website: 500, reference: 200 };

/** BAD_USER_INPUT naming `field` unless `code` is a foreign ISO 3166-1 alpha-2 country of the hub. */
export function checkForeignCountry(code: string, field: string): void {
  checkCountryCode(code, field);
  if (code === 'MA') {
    throw new BadUserInputError(
      'A Moroccan local authority is in the HCP reference already (its id is its HCP code): only foreign ' +
        'authorities are added',
      field,
    );
  }
  if (!isCountryCode(code)) throw new BadUserInputError(`"${code}" is not a country of the hub`, field);
}

/** The names of an authority, trimmed; BAD_USER_INPUT unless a French or an English one is given. */
export function checkNames(
  names: Texts,
  field: string,
): { fr: string | null; en: string | null; ar: string | null } {
  const checked = {
    fr: optionalText(names.fr, `${field}.nameFr`, LIMITS.name),
    en: optionalText(names.en, `${field}.nameEn`, LIMITS.name),
    ar: optionalText(names.ar, `${field}.nameAr`, LIMITS.name),
  };
  if (!checked.fr && !checked.en) {
    throw new BadUserInputError(
      'Give the name in French or in English (nameFr or nameEn); an Arabic name is added only as a source gives it',
      `${field}.nameFr`,
    );
  }
  if (checked.ar && !/[\u0600-\u06FF]/.test(checked.ar)) {
    throw new BadUserInputError('nameAr must be written in Arabic script', `${field}.nameAr`);
  }
  return checked;
}

/**
 * The sources of an authority: the shared check (`shared/source.ts`), with at least one required and a
 * refusal naming `input.sources.0.url`.
 */
export const checkSources = (sources: readonly SourceInput[], field: string) =>
  checkSharedSources(sources, field, { required: true, index: 'dot' });

/** `checkText` for a required short text (the local level). */
export const checkLocalLevel = (value: string, field: string) => checkText(value, field, LIMITS.localLevel);

/**
 * The key two names are the same by: accents, case, spaces, hyphens and apostrophes ignored
 * ("Saint-Étienne", "saint etienne" and "SAINT ETIENNE" are one name); Arabic diacritics ignored too.
 */
export function nameKey(name: string): string {
  return foldForSearch(name).replace(/[^\p{L}\p{N}]/gu, '');
}

/** The keys of every name an authority has. */
export function nameKeys(names: Texts): Set<string> {
  return new Set(
    [names.fr, names.en, names.ar]
      .filter((name): name is string => !!name)
      .map(nameKey)
      .filter((key) => key.length > 0),
  );
}

/** An authority as the duplicate rule sees it. */
export interface NamedAuthority {
  id: string;
  nameFr: string | null;
  nameEn: string | null;
  nameAr: string | null;
  isDemo: boolean;
}

/**
 * The existing authority of the same country that `names` would duplicate: a real one (not demo) with a
 * name, in any of its languages, equal to one of `names` in any language once folded (`nameKey`). A demo
 * authority never blocks a real one (the real one is added beside it); `exceptId` is the authority being
 * corrected.
 */
export function findDuplicate<T extends NamedAuthority>(
  names: Texts,
  sameCountry: readonly T[],
  exceptId?: string,
): T | null {
  const keys = nameKeys(names);
  return (
    sameCountry.find(
      (other) =>
        other.id !== exceptId &&
        !other.isDemo &&
        [...nameKeys({ fr: other.nameFr, en: other.nameEn, ar: other.nameAr })].some((key) => keys.has(key)),
    ) ?? null
  );
}

/** The longest slug of an id, leaving room for the country, the hyphen and a numeric suffix. */
const MAX_SLUG = 50;

/** `Saint-Étienne-du-Rouvray` → `saint-etienne-du-rouvray`: the accent-folded slug of an id. */
export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG);
  return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut;
}

/**
 * The id of a new authority: `<country>-<slug of the French name, else the English one>`, with `-2`, `-3`…
 * when another authority (a demo one, or one of another name with the same slug) holds it already.
 */
export function foreignIdOf(countryCode: string, names: Texts, taken: ReadonlySet<string>): string {
  const slug = slugOf(names.fr ?? '') || slugOf(names.en ?? '');
  if (!slug) {
    throw new BadUserInputError(
      'The name must contain Latin letters or digits, from which the id is made',
      names.fr ? 'input.nameFr' : 'input.nameEn',
    );
  }
  const base = `${countryCode}-${slug}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
