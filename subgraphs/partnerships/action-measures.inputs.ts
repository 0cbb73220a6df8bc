import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalActorKind } from './action-measures.entity';
import { Modality } from './enums';

@InputType({ description: 'A document an action produced, with its link.' })
export class ActionDocumentInput {
  @Field({ description: 'Its title.' })
  title: string;

  @Field({ description: 'Where to read it (http or https).' })
  url: string;
}

@InputType({ description: 'A local actor an action mobilised.' })
export class LocalActorInput {
  @Field({ description: 'Its name.' })
  name: string;

  @Field(() => LocalActorKind, { description: 'What kind of actor it is.' })
  kind: LocalActorKind;

  @Field(() => ID, { description: 'The party of the agreement whose territory it belongs to.' })
  territoryId: string;
}

@InputType({
  description:
    'What an action is and produced. Absent fields stay as they are; null clears one (a count not reported ' +
    'is unknown, not zero); a list given replaces the old one.',
})
export class MeasureActionInput {
  @Field(() => Modality, { nullable: true, description: 'How the action is carried out.' })
  modality?: Modality | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Missions (of experts, of elected officials), 0 or more.',
  })
  missions?: number | null;

  @Field(() => Int, { nullable: true, description: 'Expert-days given, 0 or more.' })
  expertDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Women trained, 0 or more.' })
  trainedWomen?: number | null;

  @Field(() => Int, { nullable: true, description: 'Men trained, 0 or more.' })
  trainedMen?: number | null;

  @Field(() => Int, { nullable: true, description: 'Institutions supported, 0 or more.' })
  institutionsSupported?: number | null;

  @Field(() => [ActionDocumentInput], {
    nullable: true,
    description: 'The documents produced (replace the list).',
  })
  documents?: ActionDocumentInput[] | null;

  @Field(() => [LocalActorInput], {
    nullable: true,
    description: 'The local actors mobilised (replace the list), each of a party’s territory.',
  })
  localActors?: LocalActorInput[] | null;
}
