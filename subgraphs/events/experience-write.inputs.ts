import { Field, ID, InputType, Int } from 'type-graphql';
import { Language } from '../shared/i18n';
import { SourceInput } from '../shared/source';

/** The inputs of the experience writes (`experience-write.resolver.ts`). */

@InputType('ExperienceDocumentInput', { description: 'A document attached to an experience.' })
export class ExperienceDocumentInput {
  @Field({ description: 'The title of the document.' })
  title: string;

  @Field({ description: 'Where it can be read: an http:// or https:// address.' })
  url: string;
}

@InputType('CreateExperienceInput', {
  description:
    'A new experience or good practice, created unpublished (seen only by officers of its territory, the ' +
    'ministry and administrators until `publishExperience`).',
})
export class CreateExperienceInput {
  @Field(() => ID, { description: 'The territory sharing it: an HCP code or a foreign id.' })
  territoryId: string;

  @Field({ description: 'The title, in its language.' })
  title: string;

  @Field({ description: 'What was done, in a few sentences.' })
  summary: string;

  @Field({ description: 'The lessons learned that other territories can reuse.' })
  lessonsLearned: string;

  @Field(() => Language, { description: 'The language it is written in.' })
  language: Language;

  @Field(() => ID, {
    nullable: true,
    description: 'The event where it was presented, which the territory organised or took part in.',
  })
  eventId?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs served (1 to 17).' })
  sdgs: number[];

  @Field(() => [ExperienceDocumentInput], { defaultValue: [], description: 'Documents attached to it.' })
  documents: ExperienceDocumentInput[];

  @Field(() => [SourceInput], {
    defaultValue: [],
    description:
      'The public sources documenting it, when it is recorded from some (http or https addresses).',
  })
  sources: SourceInput[];

  @Field(() => String, {
    nullable: true,
    description:
      'Its identifier in the register it comes from, at most 80 characters: unique among the experiences that ' +
      'stand — another with the same reference is refused with CONFLICT and `extensions.existingId`.',
  })
  reference?: string | null;
}

@InputType('UpdateExperienceInput', {
  description: 'What to change in an experience; absent fields stay as they are.',
})
export class UpdateExperienceInput {
  @Field(() => String, { nullable: true, description: 'The title, in its language.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'What was done, in a few sentences.' })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'The lessons learned.' })
  lessonsLearned?: string | null;

  @Field(() => Language, { nullable: true, description: 'The language it is written in.' })
  language?: Language | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The event where it was presented, which the territory organised or took part in; null removes the link.',
  })
  eventId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Theme codes (replaces them).' })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'The SDGs served (replaces them).' })
  sdgs?: number[] | null;

  @Field(() => [ExperienceDocumentInput], { nullable: true, description: 'The documents (replaces them).' })
  documents?: ExperienceDocumentInput[] | null;
}
