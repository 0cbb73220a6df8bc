import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One (former authority → today's territory) link of `data/reference/former/`: a French region merged in
 * 2016 has one, a Moroccan region of 1997 one per region of today its provinces passed to. The successor
 * and the provinces are resolved by `TerritorySuccessionResolver`.
 */
@Entity('territory_succession')
@ObjectType('TerritorySuccession', {
  description:
    "What a former local authority passed to one of today's territories: for a Moroccan region of the " +
    "1997 division, the provinces that went to one of today's regions; for a merged French region, the " +
    'whole of it.',
})
export class TerritorySuccession {
  @PrimaryColumn({ name: 'former_id', type: 'varchar', length: 64 })
  formerId: string;

  @PrimaryColumn({ name: 'successor_id', type: 'varchar', length: 64 })
  successorId: string;

  /** The order of the reference data (today's region code order for Morocco). */
  @Column({ type: 'integer' })
  position: number;

  @Field(() => String, {
    nullable: true,
    description:
      'The provinces and préfectures that moved, as the reference data names them with their HCP codes ' +
      '("Ouarzazate (08.401); Zagora (08.587); Tinghir (08.577)"); null when the whole authority passed.',
  })
  @Column({ type: 'text', nullable: true })
  provinces: string | null;

  @Field(() => String, {
    description:
      'How much of the former authority this is, in the words of the reference data ("part (3/9 ' +
      'provinces/prefectures)", "all").',
  })
  @Column({ type: 'varchar', length: 200 })
  share: string;
}

/** A public page documenting a territory (a former authority and its successors), in the data's order. */
@Entity('territory_source')
export class TerritorySource {
  @PrimaryColumn({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  title: string | null;
}
