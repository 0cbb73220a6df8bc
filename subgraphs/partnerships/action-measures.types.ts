import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalActorKind } from './action-measures.entity';
import { TerritoryRef } from './stubs';

registerEnumType(LocalActorKind, {
  name: 'LocalActorKind',
  description: 'What kind of local actor of a territory an action mobilised.',
  valuesConfig: {
    ASSOCIATION: { description: 'An association or a cooperative.' },
    UNIVERSITY: { description: 'A university, a school or a research centre.' },
    COMPANY: { description: 'A company, a chamber of commerce or a professional body.' },
    PUBLIC_AGENCY: { description: 'A public agency or utility (water, transport, development agency…).' },
    OTHER: { description: 'Any other local actor.' },
  },
});

@ObjectType({ description: 'A document an action produced (a report, a guide, a plan), with its link.' })
export class ActionDocumentOutput {
  @Field({ description: 'Its title.' })
  title: string;

  @Field({ description: 'Where to read it (http or https).' })
  url: string;
}

@ObjectType({
  description:
    'What an action produced, as the field measures it. A count is null when it was not reported, which is ' +
    'not zero.',
})
export class ActionOutputs {
  @Field(() => Int, { nullable: true, description: 'How many missions (of experts, of elected officials).' })
  missions: number | null;

  @Field(() => Int, { nullable: true, description: 'How many expert-days were given.' })
  expertDays: number | null;

  @Field(() => Int, { nullable: true, description: 'How many women were trained.' })
  trainedWomen: number | null;

  @Field(() => Int, { nullable: true, description: 'How many men were trained.' })
  trainedMen: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many institutions (services, agencies) were supported.',
  })
  institutionsSupported: number | null;

  @Field(() => [ActionDocumentOutput], { description: 'The documents produced, with their links.' })
  documents: ActionDocumentOutput[];
}

@ObjectType({
  description:
    'A local actor an action mobilised (an association, a university, a company, a public agency).',
})
export class LocalActorOutput {
  @Field({ description: 'Its name.' })
  name: string;

  @Field(() => LocalActorKind, { description: 'What kind of actor it is.' })
  kind: LocalActorKind;

  @Field(() => TerritoryRef, { description: 'The party whose territory it belongs to.' })
  territory: TerritoryRef;
}

@ObjectType({
  description:
    'The outputs of measured actions added up: unreported counts count for nothing; `demoActions` says how ' +
    'many of the actions are demo (0 with `realOnly`).',
})
export class MeasureTotals {
  @Field(() => Int, { description: 'How many measured actions are added up.' })
  actions: number;

  @Field(() => Int, { description: 'How many of them belong to demo agreements.' })
  demoActions: number;

  @Field(() => Int, { description: 'Missions.' })
  missions: number;

  @Field(() => Int, { description: 'Expert-days.' })
  expertDays: number;

  @Field(() => Int, { description: 'Women trained.' })
  trainedWomen: number;

  @Field(() => Int, { description: 'Men trained.' })
  trainedMen: number;

  @Field(() => Int, { description: 'Institutions supported.' })
  institutionsSupported: number;

  @Field(() => Int, { description: 'Documents produced.' })
  documents: number;

  @Field(() => Int, { description: 'Local actors mobilised (each time an action names one).' })
  localActors: number;
}

@ObjectType({
  description:
    'The outputs of measured actions for one key of a grouping (see `StatsGroup`); an action counts in full ' +
    'under each key it falls in.',
})
export class MeasureGroup extends MeasureTotals {
  @Field({
    description:
      'The key: a `Modality` value, an HCP region code, an ISO 3166-1 alpha-2 country, a theme code, an SDG ' +
      'number or a year.',
  })
  key: string;
}
