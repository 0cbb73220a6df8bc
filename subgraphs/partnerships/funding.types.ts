import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Source } from '../shared/source';
import { FunderKind } from './funding.entity';
import { NetworkRef, TerritoryRef } from './stubs';

registerEnumType(FunderKind, {
  name: 'FunderKind',
  description: 'Who funds a budget line or a co-financing.',
  valuesConfig: {
    PARTY: { description: 'A party to the agreement, on its own budget (`Funder.territory`).' },
    NETWORK: { description: 'A network of local governments (`Funder.network` when the hub holds it).' },
    NATIONAL_FUND: {
      description: 'A national fund or programme (e.g. "Fonds conjoint franco-marocain", a ministry’s fund).',
    },
    INTERNATIONAL_FUND: { description: 'An international funder (e.g. "Union européenne", a UN programme).' },
    AGENCY: { description: 'A development or cooperation agency (e.g. "AFD", "GIZ", "AECID").' },
    OTHER: { description: 'Any other funder, named in `Funder.name`.' },
  },
});

@ObjectType({ description: 'Who funds a budget line: a party, a network, a fund, an agency…' })
export class Funder {
  @Field(() => FunderKind, { description: 'What kind of funder it is.' })
  kind: FunderKind;

  @Field(() => String, {
    nullable: true,
    description: 'The funder as the source names it ("Fonds conjoint franco-marocain", "AFD"), when given.',
  })
  name: string | null;

  @Field(() => TerritoryRef, {
    nullable: true,
    description: 'The funding territory: for kind PARTY, one of the agreement’s parties.',
  })
  territory: TerritoryRef | null;

  @Field(() => NetworkRef, { nullable: true, description: 'The funding network, when the hub holds it.' })
  network: NetworkRef | null;
}

@ObjectType({
  description:
    'A budget line or a co-financing of an agreement, or of one of its actions: an amount in one currency, ' +
    'who funds it, for which years, on which sources. A demo agreement’s lines are demo too (`isDemo`).',
})
export class Funding {
  @Field(() => ID, { description: 'The identifier of the line.' })
  id: string;

  @Field({
    description:
      'The amount as a decimal string with the currency’s decimals and a point ("12500.00" for EUR, ' +
      '"1500" for JPY): exact, where a Float would round; a spreadsheet or `Number(…)` reads it as is.',
  })
  amount: string;

  @Field({ description: 'The ISO 4217 code of the currency (MAD, EUR, USD…).' })
  currency: string;

  @Field(() => Funder, { description: 'Who funds it.' })
  funder: Funder;

  @Field(() => Int, { description: 'The first (or only) year it covers.' })
  fromYear: number;

  @Field(() => Int, { nullable: true, description: 'The last year it covers; null: `fromYear` only.' })
  toYear: number | null;

  @Field(() => [Source], { description: 'The public sources that give the amount.' })
  sources: Source[];

  /** The agreement and action it belongs to, for the field resolvers. */
  partnershipId: string;
  actionId: string | null;
}

@ObjectType({
  description:
    'A total in one currency: amounts in different currencies are never added together. `demoAmount` and ' +
    '`demoCount` say how much of it comes from demo records (0 when none, and always 0 with `realOnly`).',
})
export class CurrencyTotal {
  @Field({ description: 'The ISO 4217 code of the currency.' })
  currency: string;

  @Field({ description: 'The sum, as a decimal string with the currency’s decimals (see `Funding.amount`).' })
  amount: string;

  @Field(() => Int, { description: 'How many budget lines (or yearly parts of lines) it adds up.' })
  count: number;

  @Field({ description: 'How much of `amount` comes from demo agreements.' })
  demoAmount: string;

  @Field(() => Int, { description: 'How many of the lines counted are demo.' })
  demoCount: number;
}

@ObjectType({
  description:
    'A total in one currency for one key of a grouping (a region, a partner country, a theme, an SDG, a ' +
    'year, a modality). A line counts in full under each key it falls in (an agreement with parties in ' +
    'two regions, under both), except under YEAR, where it is spread evenly over its years.',
})
export class BudgetGroup extends CurrencyTotal {
  @Field({
    description:
      'The key: an HCP region code, an ISO 3166-1 alpha-2 country, a theme code, an SDG number, a year, or ' +
      'a `Modality` value.',
  })
  key: string;
}

/** How the statistics group budgets and measures. */
export enum StatsGroup {
  REGION = 'REGION',
  COUNTRY = 'COUNTRY',
  THEME = 'THEME',
  SDG = 'SDG',
  YEAR = 'YEAR',
  MODALITY = 'MODALITY',
}

registerEnumType(StatsGroup, {
  name: 'StatsGroup',
  description: 'What budgets and measures are grouped by in the statistics.',
  valuesConfig: {
    REGION: {
      description:
        'The Moroccan region of the agreement’s Moroccan parties (today’s: a former region counts under its ' +
        'successors).',
    },
    COUNTRY: { description: 'The country of the agreement’s foreign parties (the partner country).' },
    THEME: { description: 'The agreement’s themes.' },
    SDG: { description: 'The SDGs the agreement serves.' },
    YEAR: {
      description:
        'Budgets: the years a line covers (`fromYear`…`toYear`, the amount spread evenly); measures: the ' +
        'year the action was completed, or started when not completed (undated actions left out).',
    },
    MODALITY: {
      description:
        'Measures: the action’s modality. Budgets: the modality of the action funded, or each modality of ' +
        'the agreement (`Partnership.modalities`) for a line on the agreement as a whole.',
    },
  },
});
