import type { EntityManager } from 'typeorm';
import type { RecordFacts } from '../shared/notification-event';
import { registerFacts } from '../shared/outbox';
import { whereRecorded } from './membership-period';
import { MembershipEntity } from './membership.entity';
import { NetworkEntity } from './network.entity';

/**
 * What an outbox event says of a membership right after a write (`shared/outbox.ts`), read in the write's
 * transaction: its member (the party), its network, the network's name as the title. The public sees a
 * membership unless it was voided (`whereRecorded`, the rule of every reader of the subgraph). A membership
 * has no status: what happened is the action (`addMembership`, `endMembership`, `voidMembership`…).
 */
export async function membershipFacts(manager: EntityManager, id: string): Promise<RecordFacts | null> {
  const membership = await manager.findOneBy(MembershipEntity, { id });
  if (!membership) return null;
  const network = await manager.findOneBy(NetworkEntity, { id: membership.networkId });
  const visible = await whereRecorded(
    manager.createQueryBuilder(MembershipEntity, 'm').where('m.id = :id', { id }),
  ).getCount();
  return {
    public: visible > 0,
    parties: [membership.territoryId],
    networks: [membership.networkId],
    status: null,
    title: network?.nameFr ?? membership.networkId,
    titleAr: network?.nameAr ?? null,
    demo: membership.isDemo,
  };
}

registerFacts('Membership', membershipFacts);
