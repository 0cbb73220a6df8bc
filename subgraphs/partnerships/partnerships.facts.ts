import { In, type EntityManager } from 'typeorm';
import { PUBLIC_VIEWER } from '../shared/identity';
import type { RecordFacts } from '../shared/notification-event';
import { changeOf, registerFacts, type WriteOfRecord } from '../shared/outbox';
import { ProposalStatus } from './enums';
import { Partnership, PartnershipPartyRow } from './partnership.entity';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';
import { restrictToVisible } from './visibility';

/**
 * What an outbox event says of an agreement or a request right after a write (`shared/outbox.ts`), read in
 * the write's transaction. Whether the public sees it is the subgraph's own rule: `restrictToVisible` for an
 * agreement; a request is public (a need is public, the answers to it — its proposals — are not, and an
 * event says only who proposed).
 */

const idOf = (value: unknown): string | null =>
  value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
    ? (value as { id: string }).id
    : null;

async function proposerOfProposal(manager: EntityManager, proposalId: string | null): Promise<string | null> {
  if (!proposalId) return null;
  return (await manager.findOneBy(ProposalRow, { id: proposalId }))?.proposerId ?? null;
}

/**
 * The territory a proposal action is about: the one that proposed (`proposeToRequest`), withdrew, was
 * declined, or was accepted (`acceptProposal`: on the request, its ACCEPTED proposal; on the agreement it
 * created, the proposal its audit entry names).
 */
async function proposerOf(manager: EntityManager, requestId: string | null, write: WriteOfRecord) {
  const proposal = changeOf(write.changes, 'proposal');
  const proposed = proposal?.to as { proposerId?: unknown } | null | undefined;
  if (typeof proposed?.proposerId === 'string') return proposed.proposerId;
  if (proposal) return proposerOfProposal(manager, idOf(proposal.to) ?? idOf(proposal.from));
  const named = changeOf(write.changes, 'proposalId')?.to;
  if (typeof named === 'string') return proposerOfProposal(manager, named);
  if (write.action === 'acceptProposal' && requestId) {
    const accepted = await manager.findOneBy(ProposalRow, { requestId, status: ProposalStatus.ACCEPTED });
    return accepted?.proposerId ?? null;
  }
  return null;
}

/**
 * The territories whose open proposals the write declined besides the one it is about: `acceptProposal` and
 * `closeCooperationRequest` name them in their audit entry (`declined`: the proposals' ids), each once, in
 * the order of their proposals.
 */
async function declinedProposersOf(manager: EntityManager, write: WriteOfRecord): Promise<string[]> {
  const declined = changeOf(write.changes, 'declined')?.to;
  const ids = Array.isArray(declined) ? declined.filter((id): id is string => typeof id === 'string') : [];
  if (!ids.length) return [];
  const rows = await manager.find(ProposalRow, { where: { id: In(ids) }, order: { position: 'ASC' } });
  return [...new Set(rows.map((row) => row.proposerId))];
}

export async function partnershipFacts(
  manager: EntityManager,
  id: string,
  write: WriteOfRecord,
): Promise<RecordFacts | null> {
  const partnership = await manager.findOneBy(Partnership, { id });
  if (!partnership) return null;
  const parties = await manager.find(PartnershipPartyRow, {
    where: { partnershipId: id },
    order: { position: 'ASC' },
  });
  const visible = await restrictToVisible(
    manager.createQueryBuilder(Partnership, 'p').where('p.id = :id', { id }),
    'p',
    PUBLIC_VIEWER,
  ).getCount();
  return {
    public: visible > 0,
    parties: parties.map((row) => row.territoryId),
    networks: [],
    status: partnership.status,
    title: partnership.titleFr ?? partnership.titleEn ?? partnership.titleAr ?? id,
    titleAr: partnership.titleAr,
    proposer: await proposerOf(manager, null, write),
    demo: partnership.isDemo,
  };
}

export async function requestFacts(
  manager: EntityManager,
  id: string,
  write: WriteOfRecord,
): Promise<RecordFacts | null> {
  const request = await manager.findOneBy(CooperationRequest, { id });
  if (!request) return null;
  const facets = await manager.find(RequestFacetRow, {
    where: { ownerId: id, kind: In(['theme', 'country']) },
    order: { position: 'ASC' },
  });
  const values = (kind: string) => facets.filter((row) => row.kind === kind).map((row) => row.value);
  return {
    public: true,
    parties: [request.requesterId],
    networks: [],
    status: request.status,
    title: request.title,
    titleAr: null,
    themes: values('theme'),
    countries: values('country'),
    proposer: await proposerOf(manager, id, write),
    declinedProposers: await declinedProposersOf(manager, write),
    demo: request.isDemo,
  };
}

registerFacts('Partnership', partnershipFacts);
registerFacts('CooperationRequest', requestFacts);
