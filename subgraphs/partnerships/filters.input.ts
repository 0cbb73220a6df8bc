import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EvidenceStrength } from '../shared/evidence';
import { PartnershipKind, PartnershipStatus, RequestStatus, Setting } from './enums';

@InputType({ description: 'Which agreements to list; all the given conditions must hold.' })
export class PartnershipFilter {
  @Field(() => [PartnershipStatus], {
    nullable: true,
    description: 'Only agreements with one of these statuses.',
  })
  statuses?: PartnershipStatus[] | null;

  @Field(() => [PartnershipKind], { nullable: true, description: 'Only agreements of one of these kinds.' })
  kinds?: PartnershipKind[] | null;

  @Field(() => ID, { nullable: true, description: 'Only agreements this territory is a party to.' })
  territoryId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only agreements with a party that is this territory or lies within it (e.g. a region code), or a ' +
      'former authority this territory succeeds (`within: "09"` includes the agreements Souss-Massa-Drâa ' +
      'signed before 2015).',
  })
  within?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only agreements with a party of this country (ISO 3166-1 alpha-2; `MA` = a Moroccan party).',
  })
  countryCode?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only agreements covering this theme (a `Theme.code`).' })
  theme?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only agreements serving this SDG (1 to 17).' })
  sdg?: number | null;

  @Field(() => Int, { nullable: true, description: 'Only agreements of this year of signature or start.' })
  year?: number | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only agreements signed strictly before this date.',
  })
  signedBefore?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only agreements signed strictly after this date.',
  })
  signedAfter?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only signed agreements with no action started or completed since signature (the signature year ' +
      'counts when the date is unknown); false: only those with one.',
  })
  noActionSinceSignature?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only agreements signed subject to deliberation and not yet approved (the ministry’s queue ' +
      'beside `statuses: [DELIBERATED]`); false: only the others.',
  })
  pendingRatification?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only demo records; false: only real, documented ones.',
  })
  isDemo?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'true: real records only, the demo ones left out (the same as `isDemo: false`; the statistics and the ' +
      'bilan take the same argument and say how many they left out in `demoExcluded`). Default false: both.',
  })
  realOnly?: boolean | null;

  @Field(() => EvidenceStrength, {
    nullable: true,
    description:
      'Only agreements whose evidence (`Partnership.evidence.strength`) is at least this strong: WEAK leaves ' +
      'out the unsourced and demo records, MODERATE also those with a caveat that weakens them (a single ' +
      'secondary source, a blog, a council draft, no date, conflicting sources), STRONG keeps the agreements ' +
      'with sources on two sites or more and no caveat. Decided in SQL by the same rule (`docs/sources.md`).',
  })
  minEvidence?: EvidenceStrength | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'true: a renewal chain is listed once: an agreement is left out when a signed renewal of it (SIGNED, ' +
      'ACTIVE, DORMANT, EXPIRED or SUPERSEDED, `renews` pointing at it) matches the filter too; the renewal ' +
      'stands for the chain. So the 2003 Fès – Montpellier twinning is left out beside its 2025 protocol, but ' +
      'listed with `year: 2003`. The statistics and the bilan always count this way. Default false: every ' +
      'agreement, SUPERSEDED ones included.',
  })
  oncePerChain?: boolean | null;
}

@InputType({ description: 'Which cooperation requests to list; all the given conditions must hold.' })
export class CooperationRequestFilter {
  @Field(() => [RequestStatus], { nullable: true, description: 'Only requests with one of these statuses.' })
  statuses?: RequestStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only requests on this theme (a `Theme.code`).' })
  theme?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only requests serving this SDG (1 to 17).' })
  sdg?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only requests made by this territory.' })
  requesterId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only requests made by this territory or a territory within it (e.g. a region code).',
  })
  within?: string | null;

  @Field(() => Setting, {
    nullable: true,
    description: 'Only requests made by an urban, or a rural, commune.',
  })
  requesterSetting?: Setting | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only requests seeking partners in this country (ISO 3166-1 alpha-2).',
  })
  countrySought?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'true: real requests only, the demo ones left out. Default false: both.',
  })
  realOnly?: boolean | null;
}
