/**
 * The rules of partner matching, as data: the points of each reason, the bands candidates are ranked in,
 * and what counts as a comparable tier and size. `matching.rank.ts` applies them, `MatchReasonCode`'s
 * descriptions and `docs/discovery.md` quote them (a test checks the docs against `rulesTable()`): change
 * a number here and nowhere else.
 */

/** The tiers of local authorities, as `Territory.level` names them (the territories subgraph). */
export type Tier = 'REGION' | 'PROVINCE' | 'MUNICIPALITY';

/** What one reason is worth: `points` per unit, at most `cap` units counted (null: no cap). */
export interface ReasonRule {
  points: number;
  /** What a unit is, in words (docs and the enum's descriptions). */
  per: string | null;
  cap: number | null;
  /** When the reason is given, in words. */
  when: string;
}

/** Every reason a candidate can be given, with its points. The order is the docs' order. */
export const REASON_RULES = {
  EXISTING_PARTNER: {
    points: 5,
    per: null,
    cap: null,
    when:
      'It is already party to an agreement with the requester (those agreements count here only, not in the ' +
      'theme and SDG reasons).',
  },
  PARTNERSHIPS_ON_THEMES: {
    points: 3,
    per: 'theme of the request covered',
    cap: null,
    when: 'It is party to agreements on the request’s themes.',
  },
  PARTNERSHIPS_ON_SDGS: {
    points: 1,
    per: 'SDG of the request served',
    cap: null,
    when:
      'It is party to agreements serving the request’s SDGs, counting only agreements not already counted ' +
      'for a theme.',
  },
  EXPERIENCES_ON_THEMES: {
    points: 2,
    per: 'experience',
    cap: 3,
    when: 'It shared experiences on the request’s themes or SDGs.',
  },
  EVENTS_ON_THEMES: {
    points: 1,
    per: 'event',
    cap: 3,
    when: 'It organised or attended events on the request’s themes or SDGs.',
  },
  SHARED_NETWORKS: {
    points: 2,
    per: 'network',
    cap: null,
    when: 'It belongs to networks the requester belongs to.',
  },
  IN_SOUGHT_COUNTRY: {
    points: 4,
    per: null,
    cap: null,
    when: 'It lies in a country the request seeks partners in.',
  },
  PARTNERS_IN_SOUGHT_COUNTRIES: {
    points: 2,
    per: null,
    cap: null,
    when: 'It already cooperates with territories of the countries sought (other than its own country).',
  },
  PARTNERS_IN_REQUESTER_REGION: {
    points: 1,
    per: null,
    cap: null,
    when:
      'It already cooperates with territories of the requester’s region (the requester itself is ' +
      'EXISTING_PARTNER; a candidate within that region does not get it).',
  },
  SAME_TIER: {
    points: 1,
    per: null,
    cap: null,
    when: 'It is of the requester’s tier (commune and municipality, province, region).',
  },
  COMPARABLE_SIZE: {
    points: 2,
    per: null,
    cap: null,
    when:
      'Its population (RGPH 2024) is within a factor 3 of the requester’s (1 point within a factor 10); ' +
      'known for Moroccan territories only.',
  },
} as const satisfies Record<string, ReasonRule>;

export type ReasonCode = keyof typeof REASON_RULES;

/** Population ratios (larger / smaller) and the points of COMPARABLE_SIZE within them, closest first. */
export const SIZE_STEPS: readonly { withinFactor: number; points: number }[] = [
  { withinFactor: 3, points: REASON_RULES.COMPARABLE_SIZE.points },
  { withinFactor: 10, points: 1 },
];

/**
 * The tier band of a candidate for a requester's tier: 0 for a comparable tier, 1 for a distant one (a
 * region offered to a commune, a commune to a region). A candidate of unknown tier is band 0.
 */
export const TIER_BANDS: Readonly<Record<Tier, Readonly<Record<Tier, 0 | 1>>>> = {
  MUNICIPALITY: { MUNICIPALITY: 0, PROVINCE: 0, REGION: 1 },
  PROVINCE: { MUNICIPALITY: 0, PROVINCE: 0, REGION: 0 },
  REGION: { MUNICIPALITY: 1, PROVINCE: 0, REGION: 0 },
};

/**
 * The country band of a candidate: 0 in a country the request seeks (every candidate when it seeks none),
 * 1 abroad elsewhere. A Moroccan candidate is offered only when the request seeks Morocco or seeks no
 * country (or the `countries` argument names Morocco).
 */
export const COUNTRY_BANDS = { sought: 0, otherForeign: 1 } as const;

/** The band a candidate is ranked in: country band first, tier band second (`band = 2 × country + tier`). */
export const bandOf = (countryBand: number, tierBand: number) => 2 * countryBand + tierBand;

/** The rules as a Markdown table, as docs/discovery.md quotes them. */
export function rulesTable(): string {
  const rows = Object.entries(REASON_RULES).map(([code, rule]: [string, ReasonRule]) => {
    const points =
      code === 'COMPARABLE_SIZE'
        ? SIZE_STEPS.map((step) => `${step.points} (within ×${step.withinFactor})`).join(', ')
        : `${rule.points}${rule.per ? ` per ${rule.per}` : ''}${rule.cap ? `, up to ${rule.cap}` : ''}`;
    return `| \`${code}\` | ${points} | ${rule.when} |`;
  });
  return ['| reason | points | given when |', '|---|---|---|', ...rows].join('\n');
}

/** "3 points per theme covered" etc.: the points of a reason in words, for the enum's descriptions. */
export function pointsInWords(code: ReasonCode): string {
  const rule: ReasonRule = REASON_RULES[code];
  if (code === 'COMPARABLE_SIZE')
    return SIZE_STEPS.map((s) => `${s.points} within ×${s.withinFactor}`).join(', ');
  const unit = rule.points === 1 ? 'point' : 'points';
  return `${rule.points} ${unit}${rule.per ? ` per ${rule.per}` : ''}${rule.cap ? `, up to ${rule.cap}` : ''}`;
}
