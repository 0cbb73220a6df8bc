import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of the 17 Sustainable Development Goals. */
@Entity('sdg')
@ObjectType('Sdg', { description: 'One of the 17 UN Sustainable Development Goals (SDG / ODD).' })
@Directive('@key(fields: "number")')
export class Sdg {
  @Field(() => Int, { description: 'The goal number, 1 to 17.' })
  @PrimaryColumn({ type: 'integer' })
  number: number;

  @Column({ name: 'short_fr', type: 'varchar', length: 200 })
  shortFr: string;

  @Column({ name: 'short_ar', type: 'varchar', length: 200, nullable: true })
  shortAr: string | null;

  @Column({ name: 'short_en', type: 'varchar', length: 200, nullable: true })
  shortEn: string | null;

  @Column({ name: 'title_fr', type: 'text' })
  titleFr: string;

  @Column({ name: 'title_ar', type: 'text', nullable: true })
  titleAr: string | null;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;
}

/** One of the 169 SDG targets (`1.1` … `17.19`, `1.a`). */
@Entity('sdg_target')
@ObjectType('SdgTarget', { description: 'One of the 169 targets of the SDGs (`6.1`, `11.6`, `1.a`…).' })
@Directive('@key(fields: "code")')
export class SdgTarget {
  @Field(() => ID, {
    description: 'The target code, "goal.target" (`6.1`, `1.a`): the IATI SDG-target code.',
  })
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code: string;

  @Column({ type: 'integer' })
  goal: number;

  /** The rank of the target in the official list (so `1.10` comes after `1.9` and `1.a` after both). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'title_fr', type: 'text' })
  titleFr: string;

  @Column({ name: 'title_ar', type: 'text', nullable: true })
  titleAr: string | null;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;
}
