import type { AgreementRow } from '../reference/cooperation';
import { sourceUrlsOf } from '../reference/cooperation';
import { slugOf } from '../reference/former';
import { sourcesOf } from './sourced-common';
import { REAL_FOREIGN_TERRITORIES } from './real';
import type { ForeignTerritory, TerritoryLevel } from './types';

/**
 * The foreign local authorities of the sourced agreements (`twinnings_and_agreements.csv`). Each is made from
 * the rows naming it: `names.fr` is the name as the row writes it (a compiler's remark in brackets — "as
 * spelled by MAP", "with the commune of …" — is left out, and an Arabic spelling it prints becomes
 * `names.ar`); `names.en` only where the row prints an English name; the sources are those of every row
 * naming it and `reference` lists those rows. Ids are `<ISO2>-<slug of the name without brackets>` unless the
 * table below says otherwise.
 */

/** A judgement about one row's foreign party, written out so it can be checked against the CSV. */
interface ForeignRule {
  /** The id, when not the slug of the name (the same authority as another row or as a known record). */
  id?: string;
  level?: TerritoryLevel;
  localLevel?: string;
  /** An English name the row prints (in brackets). */
  en?: string;
  why: string;
}

export const FOREIGN_RULES: Readonly<Record<string, ForeignRule>> = {
  TW001: {
    id: 'ES-sevilla',
    why: 'Séville: the id the demo list already used for the city (it now skips it)',
  },
  TW008: {
    id: 'PT-lisboa',
    why: 'Lisbonne: the id the demo list already used for the city (it now skips it)',
  },
  TW020: { id: 'PS-al-qods', why: 'Al Qods / Jérusalem-Est: the same authority as TW053' },
  TW022: { en: 'Bethlehem', why: 'the row prints the English name in brackets' },
  TW027: { en: 'Hawaii State', localLevel: 'État', why: 'a US state; the row prints the English name' },
  TW028: { id: 'BE-bruxelles-capitale', why: 'Région de Bruxelles-Capitale (also TW029–TW031)' },
  TW029: { id: 'BE-bruxelles-capitale', why: 'as TW028' },
  TW030: { id: 'BE-bruxelles-capitale', why: 'as TW028' },
  TW031: { id: 'BE-bruxelles-capitale', why: 'as TW028' },
  TW033: {
    level: 'MUNICIPALITY',
    localLevel: 'Métropole (EPCI)',
    why: "level 'other': a French métropole, an intercommunal authority of the municipal tier",
  },
  TW034: { id: 'FR-ile-de-france', why: 'Région Île-de-France, named like FR-nouvelle-aquitaine' },
  TW039: {
    id: 'FR-strasbourg',
    why: 'Ville et Communauté urbaine de Strasbourg: signed by the city (with its urban community), as TW038',
  },
  TW053: { id: 'PS-al-qods', why: 'as TW020' },
  TW058: { id: 'ES-barcelona', why: 'Barcelone: the city of the first batch (EX08)' },
  TW068: { id: 'FR-loire-atlantique', why: 'Département de Loire-Atlantique, named like FR-herault' },
  TW069: {
    id: 'FR-pays-d-issoire',
    level: 'MUNICIPALITY',
    localLevel: "Communauté d'agglomération",
    why: "level 'other': an intercommunal authority of the municipal tier",
  },
  TW076: { localLevel: "Commune d'arrondissement", why: 'the row says so' },
  TW085: { id: 'FR-yvelines', why: 'Département des Yvelines, named like FR-herault' },
  TW087: { localLevel: 'Commune rurale', why: 'the row says so' },
  TW088: {
    level: 'MUNICIPALITY',
    localLevel: 'Campement',
    why: "level 'other': a camp near Ramallah, as the source names it; the municipal tier is the closest",
  },
  TW094: { id: 'PE-piura', localLevel: 'Gobierno Regional', why: 'Gobierno Regional de Piura' },
  TW109: { id: 'ML-bamako-commune-iii', why: 'the commune of the first batch (EX07)' },
  TW124: {
    id: 'ES-andalucia',
    localLevel: 'Comunidad autónoma',
    why: 'Junta de Andalucía: the id the demo list already used for the region (it now skips it)',
  },
  TW125: { id: 'FR-provence-alpes-cote-d-azur', why: "Région Sud Provence-Alpes-Côte d'Azur" },
};

/**
 * Extra foreign parties a row names besides its foreign party (TW085: four parties), by row. The id is made
 * like any other; the row's sources and reference apply.
 */
export const EXTRA_FOREIGN_PARTIES: Readonly<Record<string, { id: string; fr: string; why: string }[]>> = {
  TW085: [
    {
      id: 'FR-saint-germain-en-laye',
      fr: 'Saint-Germain-en-Laye',
      why: "'Département des Yvelines (with the commune of Saint-Germain-en-Laye)': four parties per the notes",
    },
  ],
};

const LEVELS: Record<string, TerritoryLevel> = {
  municipality: 'MUNICIPALITY',
  region: 'REGION',
  department: 'PROVINCE',
};

/** The local word for a municipality or a region by country, where it is plain; `Municipalité` otherwise. */
const LOCAL_LEVELS: Record<TerritoryLevel, Record<string, string>> = {
  MUNICIPALITY: {
    FR: 'Commune',
    BE: 'Commune',
    SN: 'Commune',
    ES: 'Ayuntamiento',
    IT: 'Comune',
    PT: 'Município',
  },
  REGION: { FR: 'Région', BE: 'Région' },
  PROVINCE: { FR: 'Département' },
};
const DEFAULT_LOCAL_LEVEL: Record<TerritoryLevel, string> = {
  MUNICIPALITY: 'Municipalité',
  REGION: 'Région',
  PROVINCE: 'Département',
};

/** A compiler's remark in brackets (not part of the name). */
const REMARK = /\s*\((as spelled by|as named by|with )[^)]*\)/;

/** `Guande (as spelled by MAP; Arabic غاند)` → `{ fr: 'Guande', ar: 'غاند' }`; other brackets kept. */
export function namesOf(written: string, en?: string): ForeignTerritory['names'] {
  const remark = REMARK.exec(written)?.[0] ?? '';
  const arabic = /[\u0600-\u06ff][\u0600-\u06ff\s]*/.exec(remark)?.[0].trim();
  return {
    fr: written.replace(REMARK, '').trim(),
    ...(en ? { en } : {}),
    ...(arabic ? { ar: arabic } : {}),
  };
}

/** The id of the foreign party of a row: the rule's, or `<ISO2>-<slug of the name without brackets>`. */
export function foreignIdOf(row: AgreementRow): string {
  const rule = FOREIGN_RULES[row.id];
  if (rule?.id) return rule.id;
  const bare = row.foreign_party_name.replace(/\s*\([^)]*\)/g, '');
  return `${row.foreign_country_iso2}-${slugOf(bare)}`;
}

function levelOf(row: AgreementRow): TerritoryLevel {
  const level = FOREIGN_RULES[row.id]?.level ?? LEVELS[row.foreign_party_level];
  if (!level) throw new Error(`${row.id}: foreign level '${row.foreign_party_level}' has no rule`);
  return level;
}

function fromRow(row: AgreementRow): ForeignTerritory {
  const rule = FOREIGN_RULES[row.id];
  const level = levelOf(row);
  const country = row.foreign_country_iso2;
  return {
    id: foreignIdOf(row),
    countryCode: country,
    level,
    localLevel: rule?.localLevel ?? LOCAL_LEVELS[level][country] ?? DEFAULT_LOCAL_LEVEL[level],
    names: namesOf(row.foreign_party_name, rule?.en),
    isDemo: false,
  };
}

/** Adds a row's sources and id to a territory (without repeats). */
function cite(t: ForeignTerritory, row: AgreementRow): ForeignTerritory {
  const urls = new Set((t.sources ?? []).map((s) => s.url));
  const added = sourcesOf(row.source_urls).filter((s) => !urls.has(s.url));
  const rows = t.reference ? t.reference.split(' ') : [];
  return {
    ...t,
    sources: [...(t.sources ?? []), ...added],
    reference: [...new Set([...rows, row.id])].join(' '),
  };
}

/**
 * The foreign authorities of the first batch (with the sourced rows naming them added to their sources),
 * then those the sourced rows add, in row order. `reference` is the space-separated row ids.
 */
export function sourcedForeignTerritories(rows: readonly AgreementRow[]): ForeignTerritory[] {
  const byId = new Map<string, ForeignTerritory>(REAL_FOREIGN_TERRITORIES.map((t) => [t.id, t]));
  const add = (t: ForeignTerritory, row: AgreementRow) => byId.set(t.id, cite(byId.get(t.id) ?? t, row));
  for (const row of rows) {
    if (sourceUrlsOf(row.source_urls).length === 0) throw new Error(`${row.id} has no source`);
    add(fromRow(row), row);
    for (const extra of EXTRA_FOREIGN_PARTIES[row.id] ?? []) {
      const level: TerritoryLevel = 'MUNICIPALITY';
      add(
        {
          id: extra.id,
          countryCode: row.foreign_country_iso2,
          level,
          localLevel: LOCAL_LEVELS[level][row.foreign_country_iso2] ?? DEFAULT_LOCAL_LEVEL[level],
          names: { fr: extra.fr },
          isDemo: false,
        },
        row,
      );
    }
  }
  return [...byId.values()];
}
