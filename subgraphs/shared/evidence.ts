import { Column } from 'typeorm';
import { Directive, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { optionalText } from './writes';

/**
 * How strong a record's sources are — one rule for every subgraph. A record keeps its source URLs (in its
 * own sources table), the quote that establishes it, and the caveats a compiler noted about it; the strength
 * is computed from those, never stored, so the rule below is the only place that decides it.
 */

/** What weakens a record's evidence; the README of `data/reference/cooperation` lists the rows of each. */
export enum EvidenceCaveat {
  SINGLE_SECONDARY_SOURCE = 'SINGLE_SECONDARY_SOURCE',
  BLOG_OR_AGGREGATOR = 'BLOG_OR_AGGREGATOR',
  YEAR_ONLY = 'YEAR_ONLY',
  NO_DATE = 'NO_DATE',
  CONFLICTING_SOURCES = 'CONFLICTING_SOURCES',
  COUNCIL_DRAFT = 'COUNCIL_DRAFT',
  RELAYED_STATEMENT = 'RELAYED_STATEMENT',
}

/** From weakest to strongest. */
export enum EvidenceStrength {
  UNSOURCED = 'UNSOURCED',
  WEAK = 'WEAK',
  MODERATE = 'MODERATE',
  STRONG = 'STRONG',
}

const ORDER: EvidenceStrength[] = [
  EvidenceStrength.UNSOURCED,
  EvidenceStrength.WEAK,
  EvidenceStrength.MODERATE,
  EvidenceStrength.STRONG,
];

/** The caveats, what each means and the strongest a record carrying it can be: the rule, as data. */
export const CAVEATS: Record<EvidenceCaveat, { meaning: string; capsAt: EvidenceStrength }> = {
  SINGLE_SECONDARY_SOURCE: {
    meaning: 'Known from one secondary source only (e.g. a Wikipedia list), not confirmed elsewhere.',
    capsAt: EvidenceStrength.WEAK,
  },
  BLOG_OR_AGGREGATOR: {
    meaning: 'The main source is a blog, a forum or a news aggregator.',
    capsAt: EvidenceStrength.WEAK,
  },
  YEAR_ONLY: {
    meaning: 'The source gives the year, not the day.',
    capsAt: EvidenceStrength.MODERATE,
  },
  NO_DATE: {
    meaning: 'No source prints a date (or a year); it is unknown, not missing by mistake.',
    capsAt: EvidenceStrength.WEAK,
  },
  CONFLICTING_SOURCES: {
    meaning: 'Sources disagree (a date, a year, a role); both values are in the note.',
    capsAt: EvidenceStrength.WEAK,
  },
  COUNCIL_DRAFT: {
    meaning: 'A draft approved by a council, not a signed agreement.',
    capsAt: EvidenceStrength.WEAK,
  },
  RELAYED_STATEMENT: {
    meaning: 'One statement relayed by an advocacy or secondary site.',
    capsAt: EvidenceStrength.WEAK,
  },
};

registerEnumType(EvidenceCaveat, {
  name: 'EvidenceCaveat',
  description: 'What weakens the evidence of a record.',
  valuesConfig: Object.fromEntries(
    Object.entries(CAVEATS).map(([key, c]) => [key, { description: c.meaning }]),
  ) as Record<EvidenceCaveat, { description: string }>,
});

registerEnumType(EvidenceStrength, {
  name: 'EvidenceStrength',
  description: 'How strong the sources of a record are (`CAVEATS` in `subgraphs/shared/evidence.ts`).',
  valuesConfig: {
    UNSOURCED: { description: 'No public source (demo records, or written without one).' },
    WEAK: {
      description: 'Sourced, with a caveat that weakens it (secondary, blog, conflict, draft, no date).',
    },
    MODERATE: { description: 'One source, or a date known to the year only.' },
    STRONG: { description: 'Two or more sources from different sites, with nothing that weakens them.' },
  },
});

/**
 * The columns a sourced record embeds (`@Column(() => EvidenceColumns, { prefix: false })`), named
 * `evidence_quote`, `evidence_caveats`, `evidence_note` on every engine (typeorm's prefixing would give
 * `evidence_quote`, which PostgreSQL only knows quoted).
 */
export class EvidenceColumns {
  /** A short quote from the source that establishes the record (≤ 200 characters in the batch). */
  @Column({ name: 'evidence_quote', type: 'text', nullable: true })
  quote: string | null;

  /** `EvidenceCaveat` values, comma-separated; empty when none. */
  @Column({ name: 'evidence_caveats', type: 'varchar', length: 200, default: '' })
  caveats: string;

  /** What the compiler noted: the conflicting values, the hint for an unknown year, … */
  @Column({ name: 'evidence_note', type: 'text', nullable: true })
  note: string | null;
}

/** The evidence columns of a record with no quote, caveat or note. */
export function noEvidence(): EvidenceColumns {
  return Object.assign(new EvidenceColumns(), { quote: null, caveats: '', note: null });
}

/** Caveats as stored → as listed. */
export function caveatsOf(stored: string | null | undefined): EvidenceCaveat[] {
  return (stored ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c): c is EvidenceCaveat => c in CAVEATS);
}

export function evidenceColumns(e: {
  quote?: string | null;
  caveats?: readonly EvidenceCaveat[];
  note?: string | null;
}): EvidenceColumns {
  return Object.assign(new EvidenceColumns(), {
    quote: e.quote ?? null,
    caveats: [...new Set(e.caveats ?? [])].join(','),
    note: e.note ?? null,
  });
}

/** The site a source is on (its host without `www.`): sources on one site count once. */
export function siteOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** The strength of a record: from how many sites its sources come, capped by its weakest caveat. */
export function strengthOf(
  sourceUrls: readonly string[],
  caveats: readonly EvidenceCaveat[],
): EvidenceStrength {
  const sites = new Set(sourceUrls.map(siteOf));
  let strength =
    sites.size >= 2
      ? EvidenceStrength.STRONG
      : sites.size === 1
        ? EvidenceStrength.MODERATE
        : EvidenceStrength.UNSOURCED;
  for (const caveat of caveats) {
    const cap = CAVEATS[caveat].capsAt;
    if (ORDER.indexOf(cap) < ORDER.indexOf(strength)) strength = cap;
  }
  return strength;
}

@ObjectType({
  description:
    'How well a record is established: the strength of its sources, what weakens them, the quote that ' +
    'establishes it and the compiler’s note.',
})
@Directive('@shareable')
export class Evidence {
  @Field(() => EvidenceStrength, { description: 'How strong the sources are.' })
  strength: EvidenceStrength;

  @Field(() => [EvidenceCaveat], { description: 'What weakens them; empty when nothing does.' })
  caveats: EvidenceCaveat[];

  @Field(() => String, {
    nullable: true,
    description: 'A short quote from the source that establishes the record.',
  })
  quote: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The compiler’s note: conflicting values, the hint for an unknown date, what the source says.',
  })
  note: string | null;
}

/** The `Evidence` of a record from its embedded columns and its source URLs. */
export function evidenceOf(
  columns: EvidenceColumns | null | undefined,
  sourceUrls: readonly string[],
): Evidence {
  const caveats = caveatsOf(columns?.caveats);
  return Object.assign(new Evidence(), {
    strength: strengthOf(sourceUrls, caveats),
    caveats,
    quote: columns?.quote ?? null,
    note: columns?.note ?? null,
  });
}

@InputType({
  description:
    'What establishes a record written from a source: the quote, what weakens it, a note (the same input in ' +
    'every subgraph).',
})
export class EvidenceInput {
  @Field(() => String, {
    nullable: true,
    description: 'A short quote from the source (at most 500 characters).',
  })
  quote?: string | null;

  @Field(() => [EvidenceCaveat], { defaultValue: [], description: 'What weakens the evidence, if anything.' })
  caveats: EvidenceCaveat[];

  @Field(() => String, {
    nullable: true,
    description: 'A note: conflicting values, the hint for an unknown date (at most 2,000 characters).',
  })
  note?: string | null;
}

/** The longest quote and note an `EvidenceInput` takes. */
export const EVIDENCE_LIMITS = { quote: 500, note: 2000 };

/**
 * The evidence of a write, checked the same way in every subgraph: the quote (≤ 500 characters) and the
 * note (≤ 2,000) trimmed or null, the caveats without repeats (BAD_USER_INPUT naming `<field>.quote` or
 * `<field>.note`). A subgraph adds its own rules (caveats implied by dates, evidence refused without sources).
 */
export function checkEvidence(
  evidence: EvidenceInput | null | undefined,
  field: string,
): { quote: string | null; caveats: EvidenceCaveat[]; note: string | null } {
  return {
    quote: optionalText(evidence?.quote, `${field}.quote`, EVIDENCE_LIMITS.quote),
    caveats: [...new Set(evidence?.caveats ?? [])],
    note: optionalText(evidence?.note, `${field}.note`, EVIDENCE_LIMITS.note),
  };
}
