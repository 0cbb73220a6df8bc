import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ProposalStatus, RequestStatus, Setting } from './enums';
import { NetworkPeer, ThematicActivity } from './discovery.types';
import type { FacetKind } from './partnership.entity';

@Entity('cooperation_request')
@ObjectType('CooperationRequest', {
  description:
    'A need expressed by a local authority ("à la demande"): what it looks for, on which themes, in which ' +
    'countries, and the proposals of possible partners.',
})
@Directive('@key(fields: "id")')
export class CooperationRequest {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @Field(() => ID, { description: 'The identifier of the request.' })
  id: string;

  @Column({ name: 'requester_id', type: 'varchar', length: 64 })
  requesterId: string;

  /** URBAN or RURAL when the requester is a commune (kernel `settingOfCommune` at write time), else null. */
  @Column({ name: 'requester_setting', type: 'varchar', length: 5, nullable: true })
  requesterSetting: Setting | null;

  @Column({ type: 'text' })
  @Field({ description: 'A short title of the need.' })
  title: string;

  @Column({ type: 'text' })
  @Field({ description: 'The need in full: context, what is sought, what the requester brings.' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => RequestStatus, { description: 'Where the request stands.' })
  status: RequestStatus;

  @Column({ name: 'created_on', type: 'varchar', length: 10 })
  @Field(() => LocalDateResolver, { description: 'When the request was published.' })
  createdOn: string;

  @Column({ name: 'partnership_id', type: 'varchar', length: 64, nullable: true })
  partnershipId: string | null;

  @Column({ name: 'is_demo', type: 'boolean' })
  @Field({ description: 'True when the record was made by the demo generator, not a real request.' })
  isDemo: boolean;

  @Column({ type: 'integer', default: 1 })
  @Field(() => Int, {
    description:
      'Incremented by every write to the request; pass it as `expectedVersion` to a mutation, which fails with ' +
      'CONFLICT when someone else wrote in between.',
  })
  version: number;

  /** Owned by the events subgraph: the gateway passes it in the `_entities` representation. */
  @Field(() => [ThematicActivity], {
    description:
      'The territories active on the request’s themes or SDGs (experiences, events), from the events subgraph.',
  })
  @Directive('@external')
  activityOnThemes?: ThematicActivity[] | null;

  /** Owned by the networks subgraph: the gateway passes it in the `_entities` representation. */
  @Field(() => [NetworkPeer], {
    description: 'The territories sharing a network with the requester, from the networks subgraph.',
  })
  @Directive('@external')
  networkPeers?: NetworkPeer[] | null;
}

@Entity('request_facet')
export class RequestFacetRow {
  @PrimaryColumn({ name: 'owner_id', type: 'varchar', length: 64 })
  ownerId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: FacetKind;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'integer' })
  position: number;
}

@Entity('proposal')
export class ProposalRow {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'proposer_id', type: 'varchar', length: 64 })
  proposerId: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 16 })
  status: ProposalStatus;

  @Column({ name: 'submitted_on', type: 'varchar', length: 10 })
  submittedOn: string;
}
