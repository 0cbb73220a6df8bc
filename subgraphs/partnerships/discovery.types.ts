import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalizedText } from '../shared/i18n';
import { Partnership } from './partnership.entity';
import { REASON_RULES, pointsInWords, type ReasonCode } from './matching.rules';
import { CountryRef, NetworkRef, SdgRef, TerritoryRef, ThemeRef } from './stubs';

/**
 * The types of partner matching and of the bilan (`CooperationReport`). The three `@shareable` value
 * types are computed by the events and networks subgraphs and passed in here by the gateway
 * (`@external` + `@requires`); they are declared with the same fields as there.
 */

@ObjectType('ThematicActivity', {
  description:
    'What one territory did on the themes or SDGs of a cooperation request: experiences shared and ' +
    'events organised or attended.',
})
@Directive('@shareable')
export class ThematicActivity {
  @Field(() => TerritoryRef, { description: 'The territory.' })
  territory: TerritoryRef;

  @Field(() => Int, { description: 'How many of its experiences are on one of the themes or SDGs.' })
  experienceCount: number;

  @Field(() => Int, {
    description: 'How many events on one of the themes or SDGs it organised or attended.',
  })
  eventCount: number;

  @Field(() => [ThemeRef], { description: 'The request’s themes its experiences and events cover.' })
  themes: ThemeRef[];

  @Field(() => [SdgRef], { description: 'The request’s SDGs its experiences and events serve.' })
  sdgs: SdgRef[];
}

@ObjectType('NetworkPeer', {
  description: 'A territory that is a current member of at least one network the requester belongs to.',
})
@Directive('@shareable')
export class NetworkPeer {
  @Field(() => TerritoryRef, { description: 'The fellow member.' })
  territory: TerritoryRef;

  @Field(() => [NetworkRef], { description: 'The networks both belong to, by id.' })
  networks: NetworkRef[];

  @Field(() => [LocalizedText], { description: 'The acronyms of those networks, in the same order.' })
  acronyms: LocalizedText[];
}

@ObjectType('AgreementLastEvent', {
  description: 'The latest event held under one agreement (for the dormant agreements of the bilan).',
})
@Directive('@shareable')
export class AgreementLastEvent {
  @Field(() => ID, { description: 'The id of the agreement.' })
  partnershipId: string;

  @Field(() => LocalDateResolver, { description: 'The first day of its latest event.' })
  lastEventOn: string;
}

/** Why a territory is suggested as a partner; each reason adds its points (`matching.rules.ts`) to the score. */
export enum MatchReasonCode {
  EXISTING_PARTNER = 'EXISTING_PARTNER',
  PARTNERSHIPS_ON_THEMES = 'PARTNERSHIPS_ON_THEMES',
  PARTNERSHIPS_ON_SDGS = 'PARTNERSHIPS_ON_SDGS',
  EXPERIENCES_ON_THEMES = 'EXPERIENCES_ON_THEMES',
  EVENTS_ON_THEMES = 'EVENTS_ON_THEMES',
  SHARED_NETWORKS = 'SHARED_NETWORKS',
  IN_SOUGHT_COUNTRY = 'IN_SOUGHT_COUNTRY',
  PARTNERS_IN_SOUGHT_COUNTRIES = 'PARTNERS_IN_SOUGHT_COUNTRIES',
  PARTNERS_IN_REQUESTER_REGION = 'PARTNERS_IN_REQUESTER_REGION',
  SAME_TIER = 'SAME_TIER',
  COMPARABLE_SIZE = 'COMPARABLE_SIZE',
  PARTNERS_IN_REQUESTER_COUNTRY = 'PARTNERS_IN_REQUESTER_COUNTRY',
}

registerEnumType(MatchReasonCode, {
  name: 'MatchReasonCode',
  description: 'Why a territory is suggested as a partner for a cooperation request.',
  valuesConfig: {
    ...Object.fromEntries(
      (Object.keys(REASON_RULES) as ReasonCode[]).map((code) => [
        code,
        { description: `${REASON_RULES[code].when} (${pointsInWords(code)}.)` },
      ]),
    ),
    PARTNERS_IN_REQUESTER_COUNTRY: {
      description: 'No longer given: nearly every foreign authority of the hub cooperates with Morocco.',
      deprecationReason: 'Never given: see PARTNERS_IN_REQUESTER_REGION.',
    },
  },
});

@ObjectType('MatchReason', { description: 'One reason a territory is suggested, with the points it adds.' })
export class MatchReason {
  @Field(() => MatchReasonCode, { description: 'The kind of reason.' })
  code: MatchReasonCode;

  /** The message in each language, picked by the `message` field resolver. */
  messages: { fr: string; ar: string; en: string };

  @Field(() => Int, { description: 'The points it adds to the score.' })
  points: number;

  @Field(() => Int, {
    description: 'How many records back it (agreements, experiences, events, networks, countries).',
  })
  count: number;

  @Field(() => [ThemeRef], { description: 'The request’s themes it is about (empty when none).' })
  themes: ThemeRef[];

  @Field(() => [SdgRef], { description: 'The request’s SDGs it is about (empty when none).' })
  sdgs: SdgRef[];

  @Field(() => [NetworkRef], { description: 'The networks shared with the requester (SHARED_NETWORKS).' })
  networks: NetworkRef[];

  @Field(() => [CountryRef], { description: 'The countries it is about (the country reasons).' })
  countries: CountryRef[];
}

@ObjectType('PartnerCandidate', {
  description: 'A territory suggested as a partner for a cooperation request, with its score and reasons.',
})
export class PartnerCandidate {
  @Field(() => TerritoryRef, { description: 'The suggested local authority.' })
  territory: TerritoryRef;

  @Field(() => Int, { description: 'The sum of the points of its reasons: higher is a better match.' })
  score: number;

  @Field(() => Int, {
    description:
      'The band it is ranked in, lower first: 2 × country band (0 in a country the request seeks, or any ' +
      'country when it seeks none; 1 abroad elsewhere) + tier band (0 for a comparable tier, 1 for a region ' +
      'offered to a commune or a commune to a region). Candidates are ordered by band, then score ' +
      'descending, then id.',
  })
  band: number;

  @Field({
    description:
      'True when it is already party to an agreement with the requester (reason EXISTING_PARTNER): shown, ' +
      'not dropped.',
  })
  existingPartner: boolean;

  @Field({
    description:
      'True when it is a demo record (a foreign authority the demo generator draws with) or is suggested on ' +
      'demo agreements only. `candidatePartners(realOnly: true)` leaves these out.',
  })
  demo: boolean;

  @Field(() => [MatchReason], { description: 'Why it is suggested, most points first.' })
  reasons: MatchReason[];
}

@ObjectType('DormantAgreements', {
  description:
    'The agreements of a bilan that are dormant (`Partnership.dormancy` DORMANT): signed and in force for ' +
    'more than `months` months, followed by the hub, with no action and no event since signature. Those ' +
    'known from a public source only (dormancy UNKNOWN) are not listed: `unknownCount` says how many.',
})
export class DormantAgreements {
  @Field(() => Int, { description: 'The horizon used, in months.' })
  months: number;

  @Field(() => Int, { description: 'How many agreements are dormant.' })
  totalCount: number;

  @Field(() => Int, {
    description:
      'How many agreements of the report would be dormant if the hub followed them, but are known from a ' +
      'public source only (dormancy UNKNOWN): not counted as dormant.',
  })
  unknownCount: number;

  @Field(() => Int, {
    description:
      'How many dormant demo agreements were left out because the report is `realOnly` (0 otherwise).',
  })
  demoExcluded: number;

  @Field(() => [Partnership], { description: 'The dormant agreements, oldest signature first, then by id.' })
  nodes: Partnership[];
}

@ObjectType('CooperationReport', {
  description:
    'The bilan of decentralized cooperation for a year, a Moroccan region and a partner country (each ' +
    'optional), of every record or of real ones only: agreements (partnerships subgraph), memberships ' +
    '(networks), events and experiences (events).',
})
@Directive('@key(fields: "id")')
export class CooperationReport {
  @Field(() => ID, {
    description:
      'The filters of the report: `year|region|country`, empty when absent, then `|real` when it counts real ' +
      'records only.',
  })
  id: string;

  @Field(() => Int, { nullable: true, description: 'The year the report covers (all years when null).' })
  year: number | null;

  /** The region's HCP code, resolved to a Territory by the field resolver. */
  regionId: string | null;

  /** The partner country code, resolved to a Country by the field resolver. */
  countryCode: string | null;

  @Field({
    description:
      'True when the report counts real, documented records only: each part leaves the demo ones out and says ' +
      'how many in its `demoExcluded`.',
  })
  realOnly: boolean;

  @Field(() => [AgreementLastEvent], {
    description: 'The latest event of the quiet agreements that held one (owned by the events subgraph).',
  })
  @Directive('@external')
  agreementLastEvents?: AgreementLastEvent[] | null;
}
