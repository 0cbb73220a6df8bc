import { Field, ID, InputType, Int } from 'type-graphql';
import { SourceInput } from '../shared/source';
import { FunderKind } from './funding.entity';

@InputType({ description: 'Who funds a budget line.' })
export class FunderInput {
  @Field(() => FunderKind, { description: 'What kind of funder it is.' })
  kind: FunderKind;

  @Field(() => String, {
    nullable: true,
    description:
      'The funder as the source names it ("Fonds conjoint franco-marocain", "Union européenne", "AFD"); ' +
      'needed unless `territoryId` or `networkId` says who it is.',
  })
  name?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The funding territory; for kind PARTY (where it is required) one of the agreement’s parties.',
  })
  territoryId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The funding network, as the hub holds it (e.g. `uclg`).' })
  networkId?: string | null;
}

@InputType({ description: 'A budget line or a co-financing of an agreement, or of one of its actions.' })
export class FundingInput {
  @Field({
    description:
      'The amount: a positive decimal number as a string, with a point and at most the currency’s decimals ' +
      '("12500.50" EUR, "300000" MAD); a string, so that no amount is rounded on its way.',
  })
  amount: string;

  @Field({ description: 'The ISO 4217 code of the currency (MAD, EUR, USD…).' })
  currency: string;

  @Field(() => FunderInput, { description: 'Who funds it.' })
  funder: FunderInput;

  @Field(() => Int, { description: 'The first (or only) year it covers.' })
  fromYear: number;

  @Field(() => Int, { nullable: true, description: 'The last year it covers (not before `fromYear`).' })
  toYear?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The action it funds, one of the agreement’s `actions`; absent: the agreement as a whole.',
  })
  actionId?: string | null;

  @Field(() => [SourceInput], { defaultValue: [], description: 'The public sources that give the amount.' })
  sources: SourceInput[];
}

@InputType({
  description:
    'The corrected facts of a budget line recorded with a mistake; absent fields stay as they are (null ' +
    'clears `toYear` and `actionId`).',
})
export class FundingCorrectionInput {
  @Field(() => String, {
    nullable: true,
    description: 'The right amount (in the line’s currency, or in `currency`).',
  })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'The right currency; give `amount` with it.' })
  currency?: string | null;

  @Field(() => FunderInput, { nullable: true, description: 'The right funder.' })
  funder?: FunderInput | null;

  @Field(() => Int, { nullable: true, description: 'The right first year.' })
  fromYear?: number | null;

  @Field(() => Int, { nullable: true, description: 'The right last year; null: `fromYear` only.' })
  toYear?: number | null;

  @Field(() => ID, { nullable: true, description: 'The right action; null: the agreement as a whole.' })
  actionId?: string | null;

  @Field(() => [SourceInput], { nullable: true, description: 'The right sources (replace the old list).' })
  sources?: SourceInput[] | null;
}
