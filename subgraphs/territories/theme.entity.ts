import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A theme of decentralized cooperation (the kernel's `THEMES` vocabulary). */
@Entity('theme')
@ObjectType('Theme', {
  description: 'A theme of decentralized cooperation (water and sanitation, solid waste, culture…).',
})
@Directive('@key(fields: "code")')
export class Theme {
  @Field(() => ID, { description: 'The theme code (`water-sanitation`, `solid-waste`…).' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  /** The rank of the theme in the vocabulary. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'name_fr', type: 'varchar', length: 200 })
  nameFr: string;

  @Column({ name: 'name_ar', type: 'varchar', length: 200, nullable: true })
  nameAr: string | null;

  @Column({ name: 'name_en', type: 'varchar', length: 200, nullable: true })
  nameEn: string | null;
}

/** Facet row: a theme serves an SDG. */
@Entity('theme_sdg')
export class ThemeSdg {
  @PrimaryColumn({ name: 'theme_code', type: 'varchar', length: 64 })
  themeCode: string;

  @PrimaryColumn({ type: 'integer' })
  sdg: number;
}
