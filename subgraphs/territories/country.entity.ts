import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A country (ISO 3166-1 alpha-2); its names come from `i18n-iso-countries` at seed time. */
@Entity('country')
@ObjectType('Country', {
  description: 'A country, by its ISO 3166-1 alpha-2 code, with its names in FR/AR/EN.',
})
@Directive('@key(fields: "code")')
export class Country {
  @Field(() => ID, { description: 'The ISO 3166-1 alpha-2 code (`MA`, `FR`, `PS`…).' })
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Column({ name: 'name_fr', type: 'varchar', length: 200, nullable: true })
  nameFr: string | null;

  @Column({ name: 'name_ar', type: 'varchar', length: 200, nullable: true })
  nameAr: string | null;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;
}
