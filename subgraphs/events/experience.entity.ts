import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Language } from '../shared/i18n';
import { Source } from '../shared/source';

/** The kinds of rows of `experience_facet`. */
export enum ExperienceFacetKind {
  Theme = 'THEME',
  Sdg = 'SDG',
}

@ObjectType('Document', {
  description: 'A document attached to a shared experience (report, guide, slides…).',
})
export class ExperienceDocument {
  @Field({ description: 'The title of the document.' })
  title: string;

  @Field({ description: 'Where the document can be read or downloaded.' })
  url: string;
}

@ObjectType('Experience', {
  description:
    'An experience or good practice shared by a territory, often presented at an event: what was done, ' +
    'and the lessons learned. Searchable in French and Arabic.',
})
@Directive('@key(fields: "id")')
@Entity('experience')
export class ExperienceEntity {
  @Field(() => ID, { description: 'The identifier of the experience.' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Field({ description: 'The title of the experience, in its language.' })
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'What was done, in a few sentences.' })
  @Column({ type: 'text' })
  summary: string;

  @Field({ name: 'lessonsLearned', description: 'The lessons learned that other territories can reuse.' })
  @Column({ type: 'text' })
  lessons: string;

  @Field(() => Language, { description: 'The language the experience is written in.' })
  @Column({ type: 'varchar', length: 2 })
  language: Language;

  @Column({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @Column({ name: 'event_id', type: 'varchar', length: 64, nullable: true })
  eventId: string | null;

  /** The documents, as JSON (`[{ title, url }]`): a value list read with its experience, never filtered on. */
  @Column({ type: 'simple-json' })
  documents: ExperienceDocument[];

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'When the experience was published on the hub; null while it is unpublished (seen then only by officers ' +
      'of its territory, the ministry and administrators).',
  })
  @Column({ name: 'published_on', type: 'varchar', length: 10, nullable: true })
  publishedOn: string | null;

  @Field(() => Int, {
    description:
      'Incremented by every write: pass it as `expectedVersion` to a mutation, which fails with CONFLICT when ' +
      'someone else wrote in between.',
  })
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** Title, summary and lessons folded by `foldForSearch` (see search.ts). */
  @Column({ name: 'search_text', type: 'text' })
  searchText: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the experience was voided as recorded in error (null: it stands). A voided experience is left out of every ' +
      'list, count and statistic; only those who may read its audit trail still find it, by id.',
  })
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the experience was voided (null while it stands).',
  })
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason: string | null;

  @Field({
    description:
      'True when the experience was made by the demo generator, not documented from a real source.',
  })
  @Column({ name: 'is_demo', type: 'boolean' })
  isDemo: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Its identifier in the register it was brought in from, if any: unique among the experiences that stand.',
  })
  @Column({ type: 'varchar', length: 80, nullable: true })
  reference: string | null;

  /** The public sources, as JSON (`[{ url, title }]`), read with the experience, never filtered on. */
  @Field(() => [Source], {
    description:
      'The public sources documenting the experience, when it was recorded from some (none otherwise).',
  })
  @Column({ type: 'simple-json', default: '[]' })
  sources: Source[];
}

/** One theme or SDG of an experience. */
@Entity('experience_facet')
export class ExperienceFacet {
  @PrimaryColumn({ name: 'experience_id', type: 'varchar', length: 64 })
  experienceId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: ExperienceFacetKind;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'integer' })
  position: number;
}
