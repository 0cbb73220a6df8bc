import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EvidenceColumns } from '../shared/evidence';
import { Source } from '../shared/source';

/** What kind of organisation of local governments a network is. */
export enum NetworkKind {
  GLOBAL = 'GLOBAL',
  REGIONAL = 'REGIONAL',
  THEMATIC = 'THEMATIC',
  NATIONAL_ASSOCIATION = 'NATIONAL_ASSOCIATION',
}

registerEnumType(NetworkKind, {
  name: 'NetworkKind',
  description: 'What kind of international organisation of local governments (OING) a network is.',
  valuesConfig: {
    GLOBAL: { description: 'A world organisation (e.g. UCLG / CGLU, Metropolis, ICLEI).' },
    REGIONAL: { description: 'A continental or regional organisation (e.g. UCLG Africa, MedCities).' },
    THEMATIC: { description: 'A network built around a theme or a shared language (e.g. AIMF, PLATFORMA).' },
    NATIONAL_ASSOCIATION: {
      description: 'A national association of local governments active abroad (e.g. Cités Unies France).',
    },
  },
});

/**
 * An international network of local governments (OING). The row is also the GraphQL `Network`:
 * texts in three languages are columns, the resolver turns them into `acronym(lang)` / `acronyms`.
 */
@Entity('network')
@ObjectType('Network', {
  description:
    'An international network of local governments (OING) that Moroccan local authorities can join: ' +
    'UCLG / CGLU, UCLG Africa (seated in Rabat), AIMF, Metropolis, ICLEI, MedCities, PLATFORMA, …',
})
@Directive('@key(fields: "id")')
export class NetworkEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @Field(() => ID, { description: 'A slug of the English acronym: `uclg`, `uclg-africa`, `aimf`, …' })
  id: string;

  @Column({ name: 'acronym_fr', type: 'varchar', length: 100 })
  acronymFr: string;

  @Column({ name: 'acronym_en', type: 'varchar', length: 100, nullable: true })
  acronymEn: string | null;

  @Column({ name: 'acronym_ar', type: 'varchar', length: 100, nullable: true })
  acronymAr: string | null;

  /** The French acronym folded (lower case, no accents), for `networkByAcronym`. */
  @Index('idx_network_acronym_fr_key')
  @Column({ name: 'acronym_fr_key', type: 'varchar', length: 100 })
  acronymFrKey: string;

  /** The English acronym folded (lower case, no accents), for `networkByAcronym`. */
  @Index('idx_network_acronym_en_key')
  @Column({ name: 'acronym_en_key', type: 'varchar', length: 100, nullable: true })
  acronymEnKey: string | null;

  @Column({ name: 'name_fr', type: 'varchar', length: 300 })
  nameFr: string;

  @Column({ name: 'name_en', type: 'varchar', length: 300, nullable: true })
  nameEn: string | null;

  @Column({ name: 'name_ar', type: 'varchar', length: 300, nullable: true })
  nameAr: string | null;

  @Index('idx_network_kind')
  @Column({ type: 'varchar', length: 32 })
  @Field(() => NetworkKind, { description: 'What kind of network it is.' })
  kind: NetworkKind;

  @Column({ name: 'founded_year', type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The year the network was founded.' })
  foundedYear: number | null;

  @Column({ name: 'founded_place', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Where (and how) it was founded, as the sources say it (e.g. a founding congress).',
  })
  foundedPlace: string | null;

  @Column({ name: 'seat_city', type: 'varchar', length: 100, nullable: true })
  @Field(() => String, { nullable: true, description: 'The city of its seat or secretariat.' })
  seatCity: string | null;

  @Column({ name: 'seat_country_code', type: 'varchar', length: 2, nullable: true })
  seatCountryCode: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Documented facts about the network (members, history, activities), in English.',
  })
  facts: string | null;

  @Column({ name: 'unverified_fields', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'Which fields the sources do not fully confirm, with why (e.g. "hq_city (not in excerpts)"); ' +
      'null when every field is sourced.',
  })
  unverifiedFields: string | null;

  /** Kept in the row (a few URLs per network), so reading them never costs a statement. */
  @Column({ type: 'simple-json' })
  @Field(() => [Source], { description: 'The public sources documenting the network.' })
  sources: Source[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'For a network added from the sourced batch of `data/reference/cooperation`: the rows that name it ' +
      '(e.g. `MB028`); null for the networks of the reference list.',
  })
  reference: string | null;

  /** The quote, caveats and note of its sources (`Network.evidence` computes the strength from them). */
  @Column(() => EvidenceColumns, { prefix: false })
  evidence: EvidenceColumns;
}
