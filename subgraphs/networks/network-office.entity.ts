import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EvidenceColumns } from '../shared/evidence';
import { Source } from '../shared/source';
import { MembershipRole } from './membership.entity';

/**
 * An office of a network held by the head of a local authority for the authority (the UCLG presidency of
 * Al Hoceima's mayor, 2019): shown as such, never as a membership of the territory — no member count,
 * "is a member" predicate, partner matching or statistic reads this table. The row is also the GraphQL
 * `NetworkOffice`.
 */
@Entity('network_office')
@ObjectType('NetworkOffice', {
  description:
    'An office of a network held by the head of a local authority — a mayor, a regional president — for the ' +
    'authority (e.g. the UCLG presidency of the mayor of Al Hoceima, 2019). Not a membership of the ' +
    'territory: it counts in no membership, member count or statistic.',
})
export class NetworkOfficeEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @Field(() => ID, { description: 'The identifier of the office.' })
  id: string;

  @Index('idx_network_office_network')
  @Column({ name: 'network_id', type: 'varchar', length: 64 })
  networkId: string;

  @Index('idx_network_office_territory')
  @Column({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => MembershipRole, { description: 'The office, as a place in the network’s governing bodies.' })
  role: MembershipRole;

  @Column({ type: 'varchar', length: 300 })
  @Field({ description: 'How the source names the office, as written (e.g. "Président de CGLU").' })
  title: string;

  @Column({ name: 'holder_title', type: 'varchar', length: 300 })
  @Field({
    description: 'The holder’s title at the time, as the source gives it (e.g. "Maire d’Al Hoceima").',
  })
  holderTitle: string;

  @Column({ name: 'holder_name', type: 'varchar', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'The person who held it, when the source names them.' })
  holderName: string | null;

  @Column({ name: 'since_year', type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The year the office began; null when no source says.' })
  sinceYear: number | null;

  @Column({ name: 'until_year', type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The year it ended; null when running or unknown.' })
  untilYear: number | null;

  @Column({ type: 'simple-json' })
  @Field(() => [Source], { description: 'The public sources documenting the office.' })
  sources: Source[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'The row(s) of the sourced batch it comes from (e.g. `MB020`).',
  })
  reference: string | null;

  /** The quote, caveats and note of its sources (`NetworkOffice.evidence` computes the strength). */
  @Column(() => EvidenceColumns, { prefix: false })
  evidence: EvidenceColumns;

  @Column({ name: 'is_demo', type: 'boolean', default: false })
  @Field({ description: 'True when made by the demo data generator; the documented offices are not.' })
  isDemo: boolean;
}
