import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { EvidenceColumns } from '../shared/evidence';
import { Source } from '../shared/source';
import { NetworkEntity } from './network.entity';

/** The place a member holds in a network's governing bodies. */
export enum MembershipRole {
  MEMBER = 'MEMBER',
  BOARD = 'BOARD',
  VICE_PRESIDENCY = 'VICE_PRESIDENCY',
  PRESIDENCY = 'PRESIDENCY',
}

registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'The place a member local authority holds in the network.',
  valuesConfig: {
    MEMBER: { description: 'An ordinary member.' },
    BOARD: { description: 'A seat on the board, bureau or executive committee.' },
    VICE_PRESIDENCY: { description: 'A vice-presidency of the network.' },
    PRESIDENCY: {
      description: 'The presidency of the network (held by the mayor or the council president).',
    },
  },
});

@ObjectType('CouncilDeliberation', {
  description: 'The council deliberation by which a local authority decided to join a network.',
})
export class CouncilDeliberation {
  @Field(() => LocalDateResolver, { description: 'The date of the council session.' })
  date: string;

  @Field({ description: 'The session (e.g. "session ordinaire de février").' })
  session: string;

  @Field({ description: 'The reference number of the deliberation.' })
  reference: string;
}

/** A local authority's membership of a network. The row is also the GraphQL `Membership`. */
@Entity('membership')
@ObjectType('Membership', {
  description:
    "A local authority's membership of an international network: since when, until when, its role and " +
    'the council deliberation that decided it.',
})
@Directive('@key(fields: "id")')
export class MembershipEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @Field(() => ID, { description: 'The identifier of the membership.' })
  id: string;

  @Index('idx_membership_territory')
  @Column({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @Index('idx_membership_network')
  @Column({ name: 'network_id', type: 'varchar', length: 64 })
  networkId: string;

  /** Only joined by the loader of `Territory.networks`; `Membership.network` goes through a loader. */
  @ManyToOne(() => NetworkEntity, { nullable: false })
  @JoinColumn({ name: 'network_id' })
  network?: NetworkEntity;

  @Column({ type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the membership started or will start (a planned membership counts only from then), when known.',
  })
  since: string | null;

  @Index('idx_membership_since_year')
  @Column({ name: 'since_year', type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'The year the membership started (also known when the exact date is not).',
  })
  sinceYear: number | null;

  @Index('idx_membership_until')
  @Column({ type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the membership ended or will end (it no longer counts from that day); null while it runs with ' +
      'no end date.',
  })
  until: string | null;

  @Index('idx_membership_role')
  @Column({ type: 'varchar', length: 32 })
  @Field(() => MembershipRole, { description: 'The place the member holds in the network.' })
  role: MembershipRole;

  @Column({ name: 'deliberation_date', type: 'varchar', length: 10, nullable: true })
  deliberationDate: string | null;

  @Column({ name: 'deliberation_session', type: 'varchar', length: 200, nullable: true })
  deliberationSession: string | null;

  @Column({ name: 'deliberation_reference', type: 'varchar', length: 200, nullable: true })
  deliberationReference: string | null;

  @Column({ type: 'simple-json' })
  @Field(() => [Source], {
    description: 'The public sources documenting the membership (none for demo data).',
  })
  sources: Source[];

  @Column({ name: 'is_demo', type: 'boolean' })
  @Field({ description: 'True when made by the demo data generator, not a documented membership.' })
  isDemo: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'The row(s) of the register it comes from: `MB028` (or `MB016+MB017` when rows of one pair merged) for ' +
      'the sourced batch, a secretariat’s own row reference for an import; null otherwise.',
  })
  reference: string | null;

  /** The quote, caveats and note of its sources (`Membership.evidence` computes the strength from them). */
  @Column(() => EvidenceColumns, { prefix: false })
  evidence: EvidenceColumns;

  /** Set when the membership was voided (recorded in error): it then counts nowhere. */
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the membership was voided as recorded in error (`voidMembership`); null for a membership that ' +
      'stands. A voided membership is kept for its audit trail but left out of every list, count and statistic.',
  })
  voidedOn: string | null;

  @Column({ name: 'void_reason', type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Why the membership was voided, as given to `voidMembership`; null unless voided.',
  })
  voidReason: string | null;

  @Column({ type: 'integer', default: 1 })
  @Field(() => Int, {
    description:
      'Incremented by every write to the membership; pass it as `expectedVersion` to `endMembership`, ' +
      '`correctMembership` or `voidMembership`, which fail with CONFLICT when someone else wrote in between.',
  })
  version: number;
}
