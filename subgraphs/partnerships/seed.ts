import type { EntityManager, ObjectLiteral } from 'typeorm';
import { chunk } from '../shared/database';
import { countryOfTerritory, settingOfCommune } from '../shared/hcp';
import type { SeedOptions } from '../shared/server';
import { buildWorld } from '../shared/world';
import { seedMoneyAndMeasures } from './funding.seed';
import { evidenceColumns } from '../shared/evidence';
import type { WorldPartnership, WorldRequest } from '../shared/world/types';
import type {
  ActionState,
  PartnershipKind,
  PartnershipStatus,
  PartyRole,
  ProposalStatus,
  RequestStatus,
  Setting,
} from './enums';
import {
  CommitmentRow,
  LegalStepRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipPartyRow,
  PartnershipSourceRow,
  siteOf,
  type FacetKind,
} from './partnership.entity';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';

const CHUNK = 300;

/** The latest start or completion date among the actions, or null. */
export function lastActionOn(actions: WorldPartnership['actions']): string | null {
  let latest: string | null = null;
  for (const action of actions) {
    for (const date of [action.startedOn, action.completedOn]) {
      if (date && (!latest || date > latest)) latest = date;
    }
  }
  return latest;
}

function facets(ownerId: string, kind: FacetKind, values: (string | number)[]) {
  return [...new Set(values.map(String))].map((value, position) => ({ ownerId, kind, value, position }));
}

export function partnershipRows(p: WorldPartnership) {
  return {
    partnership: Object.assign(new Partnership(), {
      id: p.id,
      reference: p.reference,
      kind: p.kind as PartnershipKind,
      titleFr: p.title.fr ?? null,
      titleAr: p.title.ar ?? null,
      titleEn: p.title.en ?? null,
      summary: p.summary,
      status: p.status as PartnershipStatus,
      signedOn: p.signedOn,
      pendingRatification: p.pendingRatification,
      year: p.year,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      renewsId: p.renewsId,
      lastActionOn: lastActionOn(p.actions),
      isDemo: p.isDemo,
      evidenceColumns: evidenceColumns(p.evidence ?? {}),
    }),
    parties: p.parties.map((party, position) => ({
      partnershipId: p.id,
      territoryId: party.territoryId,
      role: party.role as PartyRole,
      countryCode: countryOfTerritory(party.territoryId) ?? '??',
      position,
    })),
    facets: [
      ...facets(p.id, 'theme', p.themes),
      ...facets(p.id, 'sdg', p.sdgs),
      ...facets(p.id, 'target', p.targets),
      ...facets(p.id, 'modality', p.modalities),
    ],
    steps: p.steps.map((step, position) => ({
      partnershipId: p.id,
      position,
      status: step.status as PartnershipStatus,
      date: step.date,
      reference: step.reference,
      note: step.note,
    })),
    actions: p.actions.map((action, position) => ({
      ...action,
      state: action.state as ActionState,
      partnershipId: p.id,
      position,
    })),
    commitments: p.commitments.map((commitment, position) => ({
      partnershipId: p.id,
      position,
      ...commitment,
    })),
    sources: p.sources.map((source, position) => ({
      partnershipId: p.id,
      position,
      ...source,
      site: siteOf(source.url),
    })),
  };
}

export function requestRows(r: WorldRequest) {
  return {
    request: Object.assign(new CooperationRequest(), {
      id: r.id,
      requesterId: r.requesterId,
      requesterSetting: settingOfCommune(r.requesterId) as Setting | null,
      title: r.title,
      description: r.description,
      status: r.status as RequestStatus,
      createdOn: r.createdOn,
      partnershipId: r.partnershipId,
      isDemo: r.isDemo,
    }),
    facets: [
      ...facets(r.id, 'theme', r.themes),
      ...facets(r.id, 'sdg', r.sdgs),
      ...facets(r.id, 'country', r.countriesSought),
    ],
    proposals: r.proposals.map((proposal, position) => ({
      ...proposal,
      status: proposal.status as ProposalStatus,
      requestId: r.id,
      position,
    })),
  };
}

async function insertAll<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  rows: T[] | Partial<T>[],
): Promise<void> {
  for (const part of chunk(rows as T[], CHUNK)) await manager.insert(entity, part as never);
}

const n = (count: number) => count.toLocaleString('en');

/** Inserts the real and demo agreements and cooperation requests of the world. */
export async function seed(manager: EntityManager, { seed, scale, log }: SeedOptions): Promise<void> {
  const world = buildWorld({ seed, scale });

  const partnerships = world.partnerships.map(partnershipRows);
  await insertAll(
    manager,
    Partnership,
    partnerships.map((p) => p.partnership),
  );
  await insertAll(
    manager,
    PartnershipPartyRow,
    partnerships.flatMap((p) => p.parties),
  );
  await insertAll(
    manager,
    PartnershipFacetRow,
    partnerships.flatMap((p) => p.facets),
  );
  await insertAll(
    manager,
    LegalStepRow,
    partnerships.flatMap((p) => p.steps),
  );
  await insertAll(
    manager,
    PartnershipActionRow,
    partnerships.flatMap((p) => p.actions),
  );
  await insertAll(
    manager,
    CommitmentRow,
    partnerships.flatMap((p) => p.commitments),
  );
  await insertAll(
    manager,
    PartnershipSourceRow,
    partnerships.flatMap((p) => p.sources),
  );
  const demo = world.partnerships.filter((p) => p.isDemo).length;
  log(
    `partnerships: ${n(partnerships.length)} agreements (${n(partnerships.length - demo)} documented, ` +
      `${n(demo)} demo), ${n(partnerships.reduce((sum, p) => sum + p.actions.length, 0))} actions`,
  );
  await seedMoneyAndMeasures(manager, world.partnerships, seed, log);

  const requests = world.requests.map(requestRows);
  await insertAll(
    manager,
    CooperationRequest,
    requests.map((r) => r.request),
  );
  await insertAll(
    manager,
    RequestFacetRow,
    requests.flatMap((r) => r.facets),
  );
  await insertAll(
    manager,
    ProposalRow,
    requests.flatMap((r) => r.proposals),
  );
  log(
    `partnerships: ${n(requests.length)} cooperation requests, ` +
      `${n(requests.reduce((sum, r) => sum + r.proposals.length, 0))} proposals`,
  );
}
