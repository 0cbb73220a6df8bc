import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EvidenceColumns } from '../shared/evidence';
import { Source } from '../shared/source';
import { MembershipRole } from './membership.entity';

/**
 * A national association of local authorities — itself a network (AMPCC, ARM) — member of another network.
 * Not a membership of any territory: no member count or statistic of territories reads this table. The row
 * is also the GraphQL `NetworkAffiliation`.
 */
@Entity('network_affiliation')
@ObjectType('NetworkAffiliation', {
  description:
    'A national association of local authorities, itself a network (e.g. AMPCC, ARM), member of another ' +
    'network. Not a membership of a territory: it counts in no member count nor membership statistic.',
})
export class NetworkAffiliationEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @Field(() => ID, { description: 'The identifier of the affiliation.' })
  id: string;

  @Index('idx_network_affiliation_network')
  @Column({ name: 'network_id', type: 'varchar', length: 64 })
  networkId: string;

  @Index('idx_network_affiliation_member')
  @Column({ name: 'member_network_id', type: 'varchar', length: 64 })
  memberNetworkId: string;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => MembershipRole, { description: 'The place the association holds in the network.' })
  role: MembershipRole;

  @Column({ name: 'since_year', type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'The year it joined; null when no source says.' })
  sinceYear: number | null;

  @Column({ type: 'simple-json' })
  @Field(() => [Source], { description: 'The public sources documenting the affiliation.' })
  sources: Source[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'The row(s) of the sourced batch it comes from (e.g. `MB018`).',
  })
  reference: string | null;

  /** The quote, caveats and note of its sources (`NetworkAffiliation.evidence` computes the strength). */
  @Column(() => EvidenceColumns, { prefix: false })
  evidence: EvidenceColumns;

  @Column({ name: 'is_demo', type: 'boolean', default: false })
  @Field({ description: 'True when made by the demo data generator; the documented affiliations are not.' })
  isDemo: boolean;
}
