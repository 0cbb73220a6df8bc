import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EvidenceColumns } from '../shared/evidence';
import { Setting, TerritoryChange, TerritoryKind, TerritoryLevel } from './territory.enums';

@ObjectType({ description: 'A contact point for international relations of a territory.' })
export class Contact {
  @Field(() => String, { nullable: true, description: 'The name of the person or office.' })
  name: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Their role (e.g. "Chargée des relations internationales").',
  })
  role: string | null;

  @Field(() => String, { nullable: true, description: 'An e-mail address.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'A telephone number, international format.' })
  phone: string | null;
}

/**
 * A local authority: a Moroccan région, province/préfecture or commune (id = HCP code) or a foreign one
 * (id = `FR-montpellier`). Names, country, parent and the contact are resolved by the resolver class.
 */
@Entity('territory')
@ObjectType('Territory', {
  description:
    'A local authority: a Moroccan région, province, préfecture or commune (its id is its HCP code), ' +
    'or a foreign local authority (its id is `<country>-<slug>`, e.g. `FR-montpellier`).',
})
@Directive('@key(fields: "id")')
export class Territory {
  @Field(() => ID, {
    description: 'The HCP code of a Moroccan territory (`03`, `03.231`, `03.231.01.0`), or `FR-montpellier`.',
  })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Field(() => String, { nullable: true, description: 'The official HCP code (Moroccan territories only).' })
  @Column({ name: 'hcp_code', type: 'varchar', length: 16, nullable: true })
  hcpCode: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The ISO 3166-2 code where one exists (`MA-03` for a region, `MA-FES` for a préfecture).',
  })
  @Column({ name: 'iso_code', type: 'varchar', length: 16, nullable: true })
  isoCode: string | null;

  @Field({ description: 'Whether the territory is Moroccan.' })
  @Column({ name: 'is_moroccan', type: 'boolean' })
  isMoroccan: boolean;

  @Field(() => TerritoryLevel, {
    description: 'The tier of the local authority, comparable across countries.',
  })
  @Column({ type: 'varchar', length: 16 })
  level: TerritoryLevel;

  @Field(() => TerritoryKind, {
    description: 'What the territory is in the Moroccan administrative vocabulary.',
  })
  @Column({ type: 'varchar', length: 40 })
  kind: TerritoryKind;

  @Field(() => String, {
    nullable: true,
    description: 'The local name of its tier: "Région", "Province", "Préfecture", "Commune", "Département"…',
  })
  @Column({ name: 'local_level', type: 'varchar', length: 100, nullable: true })
  localLevel: string | null;

  @Column({ name: 'country_code', type: 'varchar', length: 2 })
  countryCode: string;

  @Column({ name: 'name_fr', type: 'varchar', length: 200, nullable: true })
  nameFr: string | null;

  @Column({ name: 'name_ar', type: 'varchar', length: 200, nullable: true })
  nameAr: string | null;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;

  /** The folded FR, AR and EN names (kernel `foldForSearch`), matched with LIKE by `territories(filter: { search })`. */
  @Column({ type: 'text' })
  search: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 64, nullable: true })
  parentId: string | null;

  @Column({ name: 'region_id', type: 'varchar', length: 64, nullable: true })
  regionId: string | null;

  @Field(() => Setting, { nullable: true, description: 'Urban or rural (communes only).' })
  @Column({ type: 'varchar', length: 8, nullable: true })
  setting: Setting | null;

  @Field(() => Int, { nullable: true, description: 'Population at the 2024 census (RGPH 2024, HCP).' })
  @Column({ name: 'population_2024', type: 'integer', nullable: true })
  population2024: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Population at the 2014 census; null where the 2014 census has no figure.',
  })
  @Column({ name: 'population_2014', type: 'integer', nullable: true })
  population2014: number | null;

  @Field(() => Int, { nullable: true, description: 'Households at the 2024 census.' })
  @Column({ name: 'households_2024', type: 'integer', nullable: true })
  households2024: number | null;

  @Column({ name: 'contact_name', type: 'varchar', length: 200, nullable: true })
  contactName: string | null;

  @Column({ name: 'contact_role', type: 'varchar', length: 200, nullable: true })
  contactRole: string | null;

  @Column({ name: 'contact_email', type: 'varchar', length: 200, nullable: true })
  contactEmail: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 50, nullable: true })
  contactPhone: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The local authority's official website (https://), where known.",
  })
  @Column({ type: 'varchar', length: 500, nullable: true })
  website: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where the record comes from: the ids of the rows of the sourced batch that name a foreign partner ' +
      '(`TW045 TW046`, `data/reference/cooperation/`), or the id of the register it was imported from; null ' +
      'for the HCP reference and for authorities added without one.',
  })
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  /** The quote, caveats and note of a sourced foreign authority (`Territory.evidence`); empty for the rest. */
  @Column(() => EvidenceColumns, { prefix: false })
  evidenceColumns: EvidenceColumns;

  @Field(() => Int, {
    description:
      'Incremented by every write to the territory (a foreign authority corrected): ' +
      '`updateForeignAuthority` takes it as `expectedVersion`.',
  })
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Field({ description: 'True when the record was made by the demo generator (not a real territory).' })
  @Column({ name: 'is_demo', type: 'boolean' })
  isDemo: boolean;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the local authority came into being, where the hub records it (a region of the 1997 ' +
      'division: 1997-08-17; a French region of 2016: 2016-01-01); null when unknown.',
  })
  @Column({ name: 'existed_from', type: 'varchar', length: 10, nullable: true })
  existedFrom: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'Its last day as a local authority (a region of the 1997 division: 2015-09-04, the day of the first ' +
      'elections on the 12-region map; a French region merged in 2016: 2015-12-31); null while it exists.',
  })
  @Column({ name: 'existed_until', type: 'varchar', length: 10, nullable: true })
  existedUntil: string | null;

  @Field(() => TerritoryChange, {
    nullable: true,
    description: 'How it ceased to exist; null while it exists.',
  })
  @Column({ name: 'ended_by', type: 'varchar', length: 16, nullable: true })
  endedBy: TerritoryChange | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The reference data's note on a former authority (in English): how its dates and composition were " +
      'established and what the sources leave uncertain; null for a territory of today.',
  })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
