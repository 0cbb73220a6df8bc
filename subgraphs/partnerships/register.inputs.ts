import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import type { DatedFact } from '../shared/dates';
import { checkEvidence, EvidenceCaveat, EvidenceInput } from '../shared/evidence';
import { BadUserInputError } from '../shared/errors';
import { checkSources, SourceInput } from '../shared/source';
import { checkYear } from '../shared/validate';
import { checkText, optionalText } from '../shared/writes';
import { PartnershipKind, PartnershipStatus, SIGNED_STATUSES } from './enums';
import { checkRegistrable } from './legal-path';
import { checkFacets, checkParties } from './lifecycle';
import { PartyInput } from './lifecycle.types';

/**
 * The input of `registerPartnership` — an agreement already concluded, as a register (the ministry's, a
 * region's) or a public source knows it — and the checks it must pass before anything is read. The bulk
 * import of registers calls exactly this mutation, row by row.
 */

@InputType({
  description:
    'An agreement already concluded, as a register or a public source records it: its own reference, its ' +
    'parties, its status and dates as registered (unknown ones left out), and the sources that establish it.',
})
export class RegisterPartnershipInput {
  @Field({
    description:
      'The identifier the register gives the agreement (at most 100 characters), e.g. `DGCT-2019-0142` or the ' +
      'row of a sourced table; unique among real agreements: registering it again is refused with CONFLICT ' +
      'and `extensions.existingId`.',
  })
  reference: string;

  @Field(() => PartnershipKind, { description: 'The legal form of the agreement (not AMENDMENT).' })
  kind: PartnershipKind;

  @Field({ description: 'The title, in French (at most 500 characters).' })
  title: string;

  @Field(() => String, { nullable: true, description: 'The title in English, when the register gives one.' })
  titleEn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The title in Arabic, when the register gives one (never machine-translated).',
  })
  titleAr?: string | null;

  @Field(() => String, { nullable: true, description: 'What the agreement is about.' })
  summary?: string | null;

  @Field(() => [PartyInput], {
    description:
      'The parties: at least one Moroccan party and one other party, each once (territory ids checked with ' +
      'the territories subgraph; former authorities such as `MA-souss-massa-draa` as they signed).',
  })
  parties: PartyInput[];

  @Field(() => PartnershipStatus, {
    description:
      'Where the agreement stands according to the register: DELIBERATED, APPROVED, SIGNED, ACTIVE, EXPIRED or ' +
      'TERMINATED (`register` in docs/LEGAL-PATH.md); any other is refused.',
  })
  status: PartnershipStatus;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day of signature, when the register prints it (a signed status only; not after today). Absent with ' +
      '`year` absent: the date is unknown, shown as such (caveat NO_DATE).',
  })
  signedOn?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The year of signature (or of the decision, for an agreement not yet signed) when the day is unknown ' +
      '(caveat YEAR_ONLY); with `signedOn`, it must be its year.',
  })
  year?: number | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the agreement takes effect (not before `signedOn`).',
  })
  startsOn?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it ends (not before `startsOn`; for an EXPIRED agreement, not after today).',
  })
  endsOn?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs the agreement serves (1–17).' })
  sdgs: number[];

  @Field(() => [SourceInput], {
    description:
      'The sources that establish the agreement: at least one http(s) address (a register of record names ' +
      'its source, e.g. the page of the register or the published deliberation).',
  })
  sources: SourceInput[];

  @Field(() => EvidenceInput, {
    nullable: true,
    description:
      'The quote from the source (at most 500 characters), what weakens it, a note (at most 2,000 characters). ' +
      'NO_DATE or YEAR_ONLY is added when the dates say so.',
  })
  evidence?: EvidenceInput | null;
}

/** The input once checked: texts trimmed, the year and the caveats the dates imply. */
export interface Registration {
  reference: string;
  title: string;
  titleEn: string | null;
  titleAr: string | null;
  summary: string | null;
  year: number | null;
  quote: string | null;
  note: string | null;
  caveats: EvidenceCaveat[];
  sources: { url: string; title: string | null }[];
}

/** The dates as registered: signed statuses only carry a day of signature; the year is the day's. */
function checkRegisteredDates(input: RegisterPartnershipInput): number | null {
  checkYear(input.year, 'input.year');
  const signed = SIGNED_STATUSES.includes(input.status);
  if (input.signedOn && !signed) {
    throw new BadUserInputError(
      `An agreement registered ${input.status} is not signed: leave signedOn out (the year of the decision ` +
        'goes in year)',
      'input.signedOn',
    );
  }
  const dayYear = input.signedOn ? Number(input.signedOn.slice(0, 4)) : null;
  if (dayYear != null && input.year != null && dayYear !== input.year) {
    throw new BadUserInputError(
      `year (${input.year}) is not the year of signedOn (${input.signedOn})`,
      'input.year',
    );
  }
  const thisYear = new Date().getUTCFullYear();
  if (input.year != null && input.year > thisYear)
    throw new BadUserInputError(
      `year (${input.year}) is after this year: record it once it happened`,
      'input.year',
    );
  return dayYear ?? input.year ?? null;
}

/** The caveats the dates imply: no date at all, or the year only (for a signed agreement). */
function dateCaveats(input: RegisterPartnershipInput): EvidenceCaveat[] {
  if (!input.signedOn && input.year == null) return [EvidenceCaveat.NO_DATE];
  if (!input.signedOn && SIGNED_STATUSES.includes(input.status)) return [EvidenceCaveat.YEAR_ONLY];
  return [];
}

/**
 * Every check of a registration that needs no database, in the order of its fields; BAD_USER_INPUT naming
 * the field. Returns the checked values; the parties' references are checked by the pipeline.
 */
export function checkRegistration(input: RegisterPartnershipInput): Registration {
  const reference = checkText(input.reference, 'input.reference', 100);
  if (input.kind === PartnershipKind.AMENDMENT)
    throw new BadUserInputError('An amendment is made with amendPartnership', 'input.kind');
  const title = checkText(input.title, 'input.title', 500);
  const titleEn = optionalText(input.titleEn, 'input.titleEn', 500);
  const titleAr = optionalText(input.titleAr, 'input.titleAr', 500);
  const summary = optionalText(input.summary, 'input.summary', 10_000);
  checkParties(input.parties);
  checkRegistrable(input.status);
  const year = checkRegisteredDates(input);
  checkFacets(input, 'input');
  const sources = checkSources(input.sources, 'input.sources', { required: true });
  const { quote, note, caveats: given } = checkEvidence(input.evidence, 'input.evidence');
  const caveats = [...new Set([...given, ...dateCaveats(input)])];
  return { reference, title, titleEn, titleAr, summary, year, quote, note, caveats, sources };
}

/** The dated facts of a registration, in order: signature ≤ start ≤ end; none after today but a planned end. */
export function registeredDates(input: RegisterPartnershipInput): DatedFact[] {
  const signature = { date: input.signedOn, what: 'input.signedOn' };
  return [
    { field: 'input.signedOn', date: input.signedOn },
    { field: 'input.startsOn', date: input.startsOn, notBefore: [signature] },
    {
      field: 'input.endsOn',
      date: input.endsOn,
      notBefore: [signature, { date: input.startsOn, what: 'input.startsOn' }],
      // An agreement in force may end later; an EXPIRED one has ended.
      mayBeFuture: input.status !== PartnershipStatus.EXPIRED,
    },
  ];
}
