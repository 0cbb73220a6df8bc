import { today } from '../dates';
import type { Reference } from '../reference';
import type { AgreementRow } from '../reference/cooperation';
import { formerAuthority } from '../reference/former';
import { rowCaveats } from './sourced-caveats';
import { hcpTerritoryExists, joinNotes, sourcesOf } from './sourced-common';
import { EXTRA_FOREIGN_PARTIES, foreignIdOf } from './sourced-foreign';
import { themeCodesOf } from './sourced-themes';
import {
  PARTNERSHIP_KIND_WORDS,
  type ForeignTerritory,
  type LegalStep,
  type PartnershipKind,
  type PartnershipStatus,
  type PartyRole,
  type WorldPartnership,
} from './types';

/**
 * The 125 agreements of `cooperation/twinnings_and_agreements.csv` (TW001–TW125) as partnerships `ma-tw001`…
 * Facts come from the row; the judgements (which party, which status beyond a signature) are the tables
 * below, one line per row concerned. Status is what the row establishes, never more: SIGNED with one SIGNED
 * step; DELIBERATED for a draft a council approved; SUPERSEDED, EXPIRED or DORMANT only where `status_note`
 * says so.
 */

export const KINDS: Readonly<Record<string, PartnershipKind>> = {
  twinning: 'TWINNING',
  convention: 'COOPERATION_CONVENTION',
  protocol: 'PROTOCOL',
  framework_agreement: 'FRAMEWORK_AGREEMENT',
  memorandum: 'MEMORANDUM_OF_UNDERSTANDING',
  other: 'OTHER',
};

/** The Moroccan party where the row's `ma_hcp_code` is empty. */
export const MOROCCAN_PARTY_RULES: Readonly<Record<string, { id: string; why: string }>> = {
  TW022: {
    id: '04.421.01.0',
    why:
      "'Rabat-Hassan (commune urbaine)': one of the communes urbaines of Rabat merged into the single commune " +
      'of Rabat in 2003 (unité de la ville); recorded under Rabat, the candidate the notes give',
  },
  TW027: { id: 'MA-rabat-sale-zemmour-zaer', why: 'the 1997–2015 region, as the row names it' },
  TW028: { id: 'MA-rabat-sale-zemmour-zaer', why: 'the 1997–2015 region that signed in 2002' },
};

/** Moroccan parties a row names besides its own (TW085: four parties), as associated parties. */
export const EXTRA_MOROCCAN_PARTIES: Readonly<Record<string, { id: string; why: string }[]>> = {
  TW085: [{ id: '12.391.01.01', why: "'Province d'Oued Ed-Dahab (with the commune of Dakhla)'" }],
};

interface StatusRule {
  status: PartnershipStatus;
  /** The row whose agreement replaced this one, when it is in the batch. */
  supersededBy?: string;
  /**
   * The last year of the term the row gives (`2017-2020` → 2020). The source prints no day, so the agreement's
   * `endsOn` (a date) stays null and the year goes in the step's note; EXPIRED once that year is over.
   */
  endYear?: number;
  note: string;
}

/** Every row whose status is not a plain signature, with what its `status_note` establishes. */
export const STATUS_RULES: Readonly<Record<string, StatusRule>> = {
  TW041: {
    status: 'DELIBERATED',
    note: 'Approved by the Fès communal council at a February session (draft).',
  },
  TW089: {
    status: 'DELIBERATED',
    note: 'Draft approved unanimously by the Dakhla communal council (May 2021).',
  },
  TW090: {
    status: 'DELIBERATED',
    note: 'Draft approved unanimously by the Dakhla communal council (May 2021).',
  },
  TW025: {
    status: 'SUPERSEDED',
    supersededBy: 'TW026',
    note: "Replaced by the 2019 pacte d'amitié (ma-tw026).",
  },
  TW028: {
    status: 'SUPERSEDED',
    supersededBy: 'TW030',
    note: 'Renewed by the 2022 framework agreement (ma-tw030).',
  },
  TW033: {
    status: 'SUPERSEDED',
    endYear: 2020,
    note: 'Accord 2017–2020 per the source, renewed by a new 3-year accord signed on 11 July (year not printed).',
  },
  TW062: {
    status: 'SUPERSEDED',
    note: 'First cooperation convention, renewed three times (dates not given).',
  },
  TW085: { status: 'EXPIRED', endYear: 2021, note: 'Its term, 2017–2021 per the source, has passed.' },
  TW121: { status: 'DORMANT', note: 'Reported in December 2008 as having remained a dead letter.' },
};

/** The agreements that continue an earlier row, by row. */
export const RENEWALS: Readonly<Record<string, string>> = { TW026: 'TW025', TW030: 'TW028' };

const idOf = (row: string) => `ma-${row.toLowerCase()}`;

/** A sentence: capitalised, ending with a full stop. */
const sentence = (text: string) => {
  const t = text.trim();
  return t ? `${t[0].toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : '';
};

export interface AgreementContext {
  reference: Reference;
  /** Every foreign territory of the world, by id (the real ones at least). */
  foreign: ReadonlyMap<string, ForeignTerritory>;
  now?: string;
}

function moroccanPartyOf(row: AgreementRow, { reference }: AgreementContext): string {
  const id = MOROCCAN_PARTY_RULES[row.id]?.id ?? row.ma_hcp_code;
  if (hcpTerritoryExists(reference, id) || formerAuthority(id)?.country === 'MA') return id;
  throw new Error(`${row.id}: Moroccan party '${id}' is neither in the HCP reference nor a former authority`);
}

function moroccanName(id: string, { reference }: AgreementContext): string {
  const hcp = [...reference.regions, ...reference.provinces, ...reference.communes].find(
    (t) => t.code === id,
  );
  return hcp?.nameFr ?? formerAuthority(id)?.nameFr ?? id;
}

function partiesOf(row: AgreementRow, context: AgreementContext): WorldPartnership['parties'] {
  const party = (territoryId: string, role: PartyRole) => {
    if (!/^\d/.test(territoryId) && !formerAuthority(territoryId) && !context.foreign.has(territoryId)) {
      throw new Error(`${row.id}: party ${territoryId} is no known territory`);
    }
    return { territoryId, role };
  };
  return [
    party(moroccanPartyOf(row, context), 'MOROCCAN_PARTY'),
    party(foreignIdOf(row), 'FOREIGN_PARTY'),
    ...(EXTRA_MOROCCAN_PARTIES[row.id] ?? []).map((p) => party(p.id, 'ASSOCIATED_PARTY')),
    ...(EXTRA_FOREIGN_PARTIES[row.id] ?? []).map((p) => party(p.id, 'ASSOCIATED_PARTY')),
  ];
}

function titleOf(
  row: AgreementRow,
  kind: PartnershipKind,
  context: AgreementContext,
): WorldPartnership['title'] {
  const ma = moroccanName(moroccanPartyOf(row, context), context);
  const names = context.foreign.get(foreignIdOf(row))?.names;
  // Titles name the partner without the brackets of the written name ("Bologne (Bologna)" → "Bologne").
  const bare = (name: string | null | undefined) => (name ?? '').replace(/\s*\([^)]*\)/g, '');
  const word = PARTNERSHIP_KIND_WORDS[kind];
  return {
    fr: `${word.fr} ${ma} – ${bare(names?.fr)}`,
    en: `${ma} – ${bare(names?.en ?? names?.fr)} ${word.en?.toLowerCase()}`,
  };
}

/** Whether the term of a rule is over on `now`: its end year is before the current year. */
const termPassed = (rule: StatusRule, now: string) =>
  rule.endYear !== undefined && rule.endYear < Number(now.slice(0, 4));

/**
 * The SIGNED step (or DELIBERATED for a draft), then the step of what ended it, if anything did. The ending
 * step is undated: no source prints the day a term ended or a renewal replaced an agreement.
 */
function stepsOf(row: AgreementRow, now: string): { status: PartnershipStatus; steps: LegalStep[] } {
  const rule = STATUS_RULES[row.id];
  const dateNote = row.signed_on
    ? null
    : row.signed_year
      ? `Year given by the source: ${row.signed_year}; no day printed.`
      : 'No date printed by the source; the evidence note gives what it says.';
  if (rule?.status === 'DELIBERATED') {
    return {
      status: 'DELIBERATED',
      steps: [{ status: 'DELIBERATED', date: null, reference: null, note: rule.note }],
    };
  }
  const signed: LegalStep = {
    status: 'SIGNED',
    date: row.signed_on || null,
    reference: null,
    note: dateNote,
  };
  if (!rule || (rule.status === 'EXPIRED' && !termPassed(rule, now))) {
    return { status: 'SIGNED', steps: [signed] };
  }
  return {
    status: rule.status,
    steps: [signed, { status: rule.status, date: null, reference: null, note: rule.note }],
  };
}

function summaryOf(row: AgreementRow): string | null {
  return joinNotes([
    sentence(row.status_note),
    row.themes ? `Themes (as the source words them): ${row.themes}.` : '',
    row.notes,
  ]);
}

function partnershipOf(row: AgreementRow, context: AgreementContext): WorldPartnership {
  const kind = KINDS[row.kind];
  if (!kind) throw new Error(`${row.id}: kind '${row.kind}' has no mapping`);
  const { status, steps } = stepsOf(row, context.now ?? today());
  const year = row.signed_on
    ? Number(row.signed_on.slice(0, 4))
    : row.signed_year
      ? Number(row.signed_year)
      : null;
  return {
    id: idOf(row.id),
    reference: row.id,
    kind,
    title: titleOf(row, kind, context),
    summary: summaryOf(row),
    status,
    steps,
    signedOn: row.signed_on || null,
    pendingRatification: false,
    year,
    startsOn: null,
    // The sources give end years, never a day: the year is in the rule and the step's note.
    endsOn: null,
    renewsId: RENEWALS[row.id] ? idOf(RENEWALS[row.id]) : null,
    parties: partiesOf(row, context),
    themes: themeCodesOf(row.themes),
    sdgs: [],
    targets: [],
    modalities: [],
    actions: [],
    commitments: [],
    sources: sourcesOf(row.source_urls),
    isDemo: false,
    evidence: {
      quote: row.source_quote || null,
      caveats: rowCaveats(row.id, {
        day: Boolean(row.signed_on),
        year: Boolean(row.signed_on || row.signed_year),
      }),
      note: row.notes || null,
    },
  };
}

/** The sourced agreements, in row order. */
export function sourcedPartnerships(
  rows: readonly AgreementRow[],
  context: AgreementContext,
): WorldPartnership[] {
  return rows.map((row) => partnershipOf(row, context));
}
