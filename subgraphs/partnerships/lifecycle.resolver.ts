import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { countryOfTerritory, isHcpCode, settingOfCommune } from '../shared/hcp';
import { actsForTerritory, ensure, isSupervisor, requireActor, Role, type Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import {
  ActionState,
  PartnershipStatus,
  PartyRole,
  ProposalStatus,
  RequestStatus,
  SIGNED_STATUSES,
  type Setting,
} from './enums';
import {
  ALLOWED_TRANSITIONS,
  audit,
  checkExistingTerritory,
  checkFacets,
  checkOrder,
  checkText,
  checkVersion,
  diff,
  loadForWrite,
  newId,
  once,
  today,
  updateVersioned,
} from './lifecycle';
import { DeliberationRow } from './lifecycle.entity';
import { AuditEntryRow, type AuditedType } from '../shared/writes';
import { auditEntries } from '../shared/audit.types';
import {
  AuditEntry,
  CreateCooperationRequestInput,
  CreatePartnershipInput,
  Deliberation,
  DeliberationInput,
  RecordActionInput,
  UpdateActionInput,
  UpdateCooperationRequestInput,
  UpdatePartnershipInput,
} from './lifecycle.types';
import type { Loaders } from './loaders';
import {
  LegalStepRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipPartyRow,
  type FacetKind,
} from './partnership.entity';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';
import { territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

const expectedVersionArg = {
  description: 'The `version` the change is based on; a stale one gets CONFLICT.',
};
const idempotencyKeyArg = {
  nullable: true,
  description:
    'A key of your choosing (8–200 characters), unique per creation: a retry with the same key returns the ' +
    'object created the first time instead of a duplicate.',
};

/** Officers of a party, or an administrator. */
function actsForAny(viewer: Viewer, territoryIds: readonly string[]): boolean {
  return viewer.role === Role.ADMIN || territoryIds.some((id) => actsForTerritory(viewer, id));
}

function facetRows<T extends PartnershipFacetRow | RequestFacetRow>(
  entity: new () => T,
  ownerId: string,
  kind: FacetKind,
  values: (string | number)[],
): T[] {
  return [...new Set(values.map(String))].map((value, position) =>
    Object.assign(new entity(), { ownerId, kind, value, position }),
  );
}

async function replaceFacets(
  manager: EntityManager,
  entity: typeof PartnershipFacetRow | typeof RequestFacetRow,
  ownerId: string,
  kind: FacetKind,
  values: (string | number)[] | null | undefined,
): Promise<void> {
  if (values == null) return;
  await manager.delete(entity, { ownerId, kind });
  const rows = facetRows(entity, ownerId, kind, values);
  if (rows.length) await manager.insert(entity, rows);
}

async function facetValues(
  manager: EntityManager,
  entity: typeof PartnershipFacetRow | typeof RequestFacetRow,
  ownerId: string,
  kind: FacetKind,
): Promise<string[]> {
  const rows = await manager.find(entity, { where: { ownerId, kind }, order: { position: 'ASC' } });
  return rows.map((row) => row.value);
}

async function partiesOf(manager: EntityManager, partnershipId: string): Promise<PartnershipPartyRow[]> {
  return manager.find(PartnershipPartyRow, { where: { partnershipId }, order: { position: 'ASC' } });
}

async function appendStep(
  manager: EntityManager,
  partnershipId: string,
  status: PartnershipStatus,
  date: string | null,
  reference: string | null,
  note: string | null,
): Promise<void> {
  const last = await manager.findOne(LegalStepRow, { where: { partnershipId }, order: { position: 'DESC' } });
  await manager.insert(LegalStepRow, {
    partnershipId,
    position: (last?.position ?? -1) + 1,
    status,
    date,
    reference,
    note,
  });
}

async function stepDate(manager: EntityManager, partnershipId: string, status: PartnershipStatus) {
  const step = await manager.findOne(LegalStepRow, {
    where: { partnershipId, status },
    order: { position: 'DESC' },
  });
  return step?.date ?? null;
}

/** Declines the request's proposals still SUBMITTED; returns their ids. */
async function declineSubmitted(manager: EntityManager, requestId: string): Promise<string[]> {
  const open = await manager.find(ProposalRow, {
    where: { requestId, status: ProposalStatus.SUBMITTED },
    order: { position: 'ASC' },
  });
  if (open.length) {
    await manager.update(
      ProposalRow,
      { requestId, status: ProposalStatus.SUBMITTED },
      { status: ProposalStatus.DECLINED },
    );
  }
  return open.map((row) => row.id);
}

/**
 * The writes of the cooperation lifecycle (DOMAIN.md): requests "à la demande", proposals, agreements along
 * the legal path. Each write checks the viewer's role (FORBIDDEN), validates (BAD_USER_INPUT naming the
 * field), checks `expectedVersion` in its UPDATE (CONFLICT, nothing written), and appends to the audit
 * trail, all in one transaction.
 */
@Resolver()
export class LifecycleResolver {
  @Mutation(() => CooperationRequest, {
    description: "Publishes a territory's need; by an officer of the requesting territory.",
  })
  async createCooperationRequest(
    @Arg('input', () => CreateCooperationRequestInput, { description: 'The need.' })
    input: CreateCooperationRequestInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<CooperationRequest> {
    const actor = requireActor(viewer);
    checkExistingTerritory(input.requesterId, 'input.requesterId');
    ensure(
      actsForAny(actor, [input.requesterId]),
      `Only an officer of ${input.requesterId} may express its needs`,
    );
    const title = checkText(input.title, 'input.title', 300);
    const description = checkText(input.description, 'input.description');
    checkFacets(input, 'input');
    const id = await db.transaction((manager) =>
      once(manager, actor, idempotencyKey, 'createCooperationRequest', async () => {
        const id = newId('req');
        const request = Object.assign(new CooperationRequest(), {
          id,
          requesterId: input.requesterId,
          requesterSetting: settingOfCommune(input.requesterId) as Setting | null,
          title,
          description,
          status: RequestStatus.OPEN,
          createdOn: today(),
          partnershipId: null,
          isDemo: false,
          version: 1,
        });
        await manager.insert(CooperationRequest, request);
        const facets = [
          ...facetRows(RequestFacetRow, id, 'theme', input.themes),
          ...facetRows(RequestFacetRow, id, 'sdg', input.sdgs),
          ...facetRows(RequestFacetRow, id, 'country', input.countriesSought),
        ];
        if (facets.length) await manager.insert(RequestFacetRow, facets);
        const { requesterId, status, createdOn } = request;
        await audit(
          manager,
          actor,
          'CooperationRequest',
          id,
          'createCooperationRequest',
          diff({}, { ...input, title, description, requesterId, status, createdOn }),
          1,
        );
        return id;
      }),
    );
    return db.getRepository(CooperationRequest).findOneByOrFail({ id });
  }

  @Mutation(() => CooperationRequest, {
    description: 'Edits an open request; by an officer of the requesting territory.',
  })
  async updateCooperationRequest(
    @Arg('id', () => ID, { description: 'The request.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateCooperationRequestInput, { description: 'What to change.' })
    input: UpdateCooperationRequestInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<CooperationRequest> {
    const actor = requireActor(viewer);
    checkFacets(input, 'input');
    await db.transaction(async (manager) => {
      const request = await loadForWrite(manager, CooperationRequest, 'CooperationRequest', id);
      ensure(
        actsForAny(actor, [request.requesterId]),
        `Only an officer of ${request.requesterId} may edit this request`,
      );
      checkVersion(request, expectedVersion, 'CooperationRequest');
      if (request.status === RequestStatus.CLOSED || request.status === RequestStatus.MATCHED) {
        throw new BadUserInputError(`The request is ${request.status} and can no longer be edited`, 'id');
      }
      const set: Partial<CooperationRequest> = {};
      if (input.title != null) set.title = checkText(input.title, 'input.title', 300);
      if (input.description != null) set.description = checkText(input.description, 'input.description');
      const before: Record<string, unknown> = { title: request.title, description: request.description };
      const after: Record<string, unknown> = { ...before, ...set };
      for (const [field, kind] of [
        ['themes', 'theme'],
        ['sdgs', 'sdg'],
        ['countriesSought', 'country'],
      ] as const) {
        const values = input[field];
        if (values == null) continue;
        before[field] = await facetValues(manager, RequestFacetRow, id, kind);
        after[field] = values.map(String);
        await replaceFacets(manager, RequestFacetRow, id, kind, values);
      }
      const version = await updateVersioned(manager, CooperationRequest, id, expectedVersion, set);
      await audit(
        manager,
        actor,
        'CooperationRequest',
        id,
        'updateCooperationRequest',
        diff(before, after),
        version,
      );
    });
    return db.getRepository(CooperationRequest).findOneByOrFail({ id });
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Closes a request that is no longer sought (its proposals still SUBMITTED are declined); by an officer ' +
      'of the requesting territory.',
  })
  async closeCooperationRequest(
    @Arg('id', () => ID, { description: 'The request.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Ctx() { db, viewer }: Context,
  ): Promise<CooperationRequest> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const request = await loadForWrite(manager, CooperationRequest, 'CooperationRequest', id);
      ensure(
        actsForAny(actor, [request.requesterId]),
        `Only an officer of ${request.requesterId} may close this request`,
      );
      checkVersion(request, expectedVersion, 'CooperationRequest');
      if (request.status === RequestStatus.CLOSED)
        throw new BadUserInputError('The request is already closed', 'id');
      const declined = await declineSubmitted(manager, id);
      const version = await updateVersioned(manager, CooperationRequest, id, expectedVersion, {
        status: RequestStatus.CLOSED,
      });
      await audit(
        manager,
        actor,
        'CooperationRequest',
        id,
        'closeCooperationRequest',
        diff({ status: request.status, declined: [] }, { status: RequestStatus.CLOSED, declined }),
        version,
      );
    });
    return db.getRepository(CooperationRequest).findOneByOrFail({ id });
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Proposes a partnership to the requester; by an officer of the proposing territory (not the requester).',
  })
  async proposeToRequest(
    @Arg('requestId', () => ID, { description: 'The request answered.' }) requestId: string,
    @Arg('proposerId', () => ID, { description: 'The territory that proposes (its officer writes).' })
    proposerId: string,
    @Arg('message', { description: 'What the proposer offers.' }) message: string,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<CooperationRequest> {
    const actor = requireActor(viewer);
    checkExistingTerritory(proposerId, 'proposerId');
    ensure(actsForAny(actor, [proposerId]), `Only an officer of ${proposerId} may propose in its name`);
    const text = checkText(message, 'message');
    await db.transaction((manager) =>
      once(manager, actor, idempotencyKey, 'proposeToRequest', async () => {
        const request = await loadForWrite(manager, CooperationRequest, 'CooperationRequest', requestId);
        if (request.requesterId === proposerId) {
          throw new BadUserInputError('A territory cannot answer its own request', 'proposerId');
        }
        if (request.status !== RequestStatus.OPEN && request.status !== RequestStatus.IN_DISCUSSION) {
          throw new BadUserInputError(
            `The request is ${request.status}: it takes no more proposals`,
            'requestId',
          );
        }
        const last = await manager.findOne(ProposalRow, {
          where: { requestId },
          order: { position: 'DESC' },
        });
        const id = newId('prop');
        await manager.insert(ProposalRow, {
          id,
          requestId,
          position: (last?.position ?? -1) + 1,
          proposerId,
          message: text,
          status: ProposalStatus.SUBMITTED,
          submittedOn: today(),
        });
        const version = await updateVersioned(manager, CooperationRequest, requestId, request.version, {
          status: RequestStatus.IN_DISCUSSION,
        });
        await audit(
          manager,
          actor,
          'CooperationRequest',
          requestId,
          'proposeToRequest',
          diff(
            { status: request.status, proposal: null },
            { status: RequestStatus.IN_DISCUSSION, proposal: { id, proposerId } },
          ),
          version,
        );
        return id;
      }),
    );
    return db.getRepository(CooperationRequest).findOneByOrFail({ id: requestId });
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Declines a SUBMITTED proposal; by an officer of the requesting territory. The request is OPEN again ' +
      'when no proposal is left SUBMITTED.',
  })
  declineProposal(
    @Arg('proposalId', () => ID, { description: 'The proposal declined.' }) proposalId: string,
    @Arg('expectedVersion', () => Int, { description: "The request's `version`; a stale one gets CONFLICT." })
    expectedVersion: number,
    @Ctx() { db, viewer }: Context,
  ): Promise<CooperationRequest> {
    return this.settleProposal(db, viewer, proposalId, expectedVersion, ProposalStatus.DECLINED);
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Withdraws a SUBMITTED proposal; by an officer of the proposing territory. The request is OPEN again ' +
      'when no proposal is left SUBMITTED.',
  })
  withdrawProposal(
    @Arg('proposalId', () => ID, { description: 'The proposal withdrawn.' }) proposalId: string,
    @Arg('expectedVersion', () => Int, { description: "The request's `version`; a stale one gets CONFLICT." })
    expectedVersion: number,
    @Ctx() { db, viewer }: Context,
  ): Promise<CooperationRequest> {
    return this.settleProposal(db, viewer, proposalId, expectedVersion, ProposalStatus.WITHDRAWN);
  }

  /** Declines (the requester) or withdraws (the proposer) a proposal still SUBMITTED. */
  private async settleProposal(
    db: Context['db'],
    viewer: Viewer,
    proposalId: string,
    expectedVersion: number,
    status: ProposalStatus.DECLINED | ProposalStatus.WITHDRAWN,
  ): Promise<CooperationRequest> {
    const actor = requireActor(viewer);
    const action = status === ProposalStatus.DECLINED ? 'declineProposal' : 'withdrawProposal';
    const requestId = await db.transaction(async (manager) => {
      const proposal = await loadForWrite(manager, ProposalRow, 'Proposal', proposalId);
      const request = await loadForWrite(
        manager,
        CooperationRequest,
        'CooperationRequest',
        proposal.requestId,
      );
      const who = status === ProposalStatus.DECLINED ? request.requesterId : proposal.proposerId;
      ensure(
        actsForAny(actor, [who]),
        status === ProposalStatus.DECLINED
          ? `Only an officer of ${who} may decline proposals to its request`
          : `Only an officer of ${who} may withdraw its proposal`,
      );
      checkVersion(request, expectedVersion, 'CooperationRequest');
      if (proposal.status !== ProposalStatus.SUBMITTED) {
        throw new BadUserInputError(`The proposal is ${proposal.status}`, 'proposalId');
      }
      await manager.update(ProposalRow, { id: proposalId }, { status });
      const submitted = await manager.countBy(ProposalRow, {
        requestId: request.id,
        status: ProposalStatus.SUBMITTED,
      });
      const requestStatus =
        submitted === 0 && request.status === RequestStatus.IN_DISCUSSION
          ? RequestStatus.OPEN
          : request.status;
      const version = await updateVersioned(manager, CooperationRequest, request.id, expectedVersion, {
        status: requestStatus,
      });
      await audit(
        manager,
        actor,
        'CooperationRequest',
        request.id,
        action,
        diff(
          { status: request.status, proposal: { id: proposalId, status: proposal.status } },
          { status: requestStatus, proposal: { id: proposalId, status } },
        ),
        version,
      );
      return request.id;
    });
    return db.getRepository(CooperationRequest).findOneByOrFail({ id: requestId });
  }

  @Mutation(() => Partnership, {
    description:
      'Accepts a proposal: the request is MATCHED, its other proposals still SUBMITTED are declined, and an ' +
      'agreement in NEGOTIATION between the requester and the proposer is created. By an officer of the ' +
      'requesting territory.',
  })
  async acceptProposal(
    @Arg('proposalId', () => ID, { description: 'The proposal accepted.' }) proposalId: string,
    @Arg('expectedVersion', () => Int, { description: "The request's `version`; a stale one gets CONFLICT." })
    expectedVersion: number,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const id = await db.transaction(async (manager) => {
      const proposal = await loadForWrite(manager, ProposalRow, 'Proposal', proposalId);
      const request = await loadForWrite(
        manager,
        CooperationRequest,
        'CooperationRequest',
        proposal.requestId,
      );
      ensure(
        actsForAny(actor, [request.requesterId]),
        `Only an officer of ${request.requesterId} may accept proposals to its request`,
      );
      // The version is checked inside `once`: a retry of an acceptance that went through finds the request
      // one version further and must get the same agreement back, not a CONFLICT.
      return once(manager, actor, idempotencyKey, 'acceptProposal', async () => {
        checkVersion(request, expectedVersion, 'CooperationRequest');
        if (proposal.status !== ProposalStatus.SUBMITTED) {
          throw new BadUserInputError(`The proposal is ${proposal.status}`, 'proposalId');
        }
        const id = newId('p');
        const parties = [request.requesterId, proposal.proposerId];
        const moroccan = parties.filter(isHcpCode);
        if (!moroccan.length)
          throw new BadUserInputError('An agreement needs a Moroccan party', 'proposalId');
        await manager.insert(
          Partnership,
          Object.assign(new Partnership(), {
            id,
            reference: null,
            kind: 'COOPERATION_CONVENTION',
            titleFr: request.title,
            titleAr: null,
            titleEn: null,
            summary: proposal.message,
            status: PartnershipStatus.NEGOTIATION,
            signedOn: null,
            year: null,
            startsOn: null,
            endsOn: null,
            renewsId: null,
            lastActionOn: null,
            isDemo: false,
            version: 1,
          }),
        );
        await manager.insert(
          PartnershipPartyRow,
          parties.map((territoryId, position) => ({
            partnershipId: id,
            territoryId,
            role: isHcpCode(territoryId) ? PartyRole.MOROCCAN_PARTY : PartyRole.FOREIGN_PARTY,
            countryCode: countryOfTerritory(territoryId) ?? '??',
            position,
          })),
        );
        const facets = await manager.find(RequestFacetRow, { where: { ownerId: request.id } });
        const copied = facets
          .filter((f) => f.kind === 'theme' || f.kind === 'sdg')
          .map((f) =>
            Object.assign(new PartnershipFacetRow(), {
              ownerId: id,
              kind: f.kind,
              value: f.value,
              position: f.position,
            }),
          );
        if (copied.length) await manager.insert(PartnershipFacetRow, copied);
        await appendStep(
          manager,
          id,
          PartnershipStatus.NEGOTIATION,
          today(),
          null,
          `From request ${request.id}`,
        );
        await manager.update(ProposalRow, { id: proposalId }, { status: ProposalStatus.ACCEPTED });
        // The others were not chosen: they are declined, as the requester would otherwise have to.
        const declined = await declineSubmitted(manager, request.id);
        const version = await updateVersioned(manager, CooperationRequest, request.id, expectedVersion, {
          status: RequestStatus.MATCHED,
          partnershipId: id,
        });
        await audit(
          manager,
          actor,
          'CooperationRequest',
          request.id,
          'acceptProposal',
          diff(
            { status: request.status, partnershipId: null, declined: [] },
            { status: RequestStatus.MATCHED, partnershipId: id, declined },
          ),
          version,
        );
        await audit(
          manager,
          actor,
          'Partnership',
          id,
          'acceptProposal',
          diff({}, { status: PartnershipStatus.NEGOTIATION, parties, fromRequest: request.id, proposalId }),
          1,
        );
        return id;
      });
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description: 'Creates an agreement as a DRAFT; by an officer of one of its parties.',
  })
  async createPartnership(
    @Arg('input', () => CreatePartnershipInput, { description: 'The agreement.' })
    input: CreatePartnershipInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const title = checkText(input.title, 'input.title', 500);
    const seen = new Set<string>();
    input.parties.forEach((party, i) => {
      checkExistingTerritory(party.territoryId, `input.parties[${i}].territoryId`);
      if (seen.has(party.territoryId)) {
        throw new BadUserInputError(
          `${party.territoryId} is listed twice`,
          `input.parties[${i}].territoryId`,
        );
      }
      seen.add(party.territoryId);
      if (
        (party.role === PartyRole.MOROCCAN_PARTY) !== isHcpCode(party.territoryId) &&
        party.role !== PartyRole.ASSOCIATED_PARTY
      ) {
        throw new BadUserInputError(
          `${party.territoryId} cannot be a ${party.role}: Moroccan parties have HCP codes, foreign parties foreign ids`,
          `input.parties[${i}].role`,
        );
      }
    });
    if (!input.parties.some((p) => p.role === PartyRole.MOROCCAN_PARTY) || input.parties.length < 2) {
      throw new BadUserInputError(
        'An agreement needs a Moroccan party and at least one other party',
        'input.parties',
      );
    }
    checkFacets(input, 'input');
    checkOrder(input.startsOn, input.endsOn, 'input.endsOn', 'input.startsOn');
    ensure(
      actsForAny(
        actor,
        input.parties.map((p) => p.territoryId),
      ),
      'Only an officer of one of its parties may create an agreement',
    );
    const id = await db.transaction((manager) =>
      once(manager, actor, idempotencyKey, 'createPartnership', async () => {
        const id = newId('p');
        await insertPartnership(manager, id, {
          kind: input.kind,
          title,
          summary: input.summary?.trim() || null,
          startsOn: input.startsOn ?? null,
          endsOn: input.endsOn ?? null,
          renewsId: null,
          parties: input.parties,
          themes: input.themes,
          sdgs: input.sdgs.map(String),
        });
        await audit(
          manager,
          actor,
          'Partnership',
          id,
          'createPartnership',
          diff({}, { ...input, status: PartnershipStatus.DRAFT }),
          1,
        );
        return id;
      }),
    );
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description: 'Edits an agreement before its signature; by an officer of one of its parties.',
  })
  async updatePartnership(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdatePartnershipInput, { description: 'What to change.' })
    input: UpdatePartnershipInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    checkFacets(input, 'input');
    await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      const parties = await partiesOf(manager, id);
      ensure(
        actsForAny(
          actor,
          parties.map((row) => row.territoryId),
        ),
        'Only an officer of one of its parties may edit this agreement',
      );
      checkVersion(p, expectedVersion, 'Partnership');
      if (SIGNED_STATUSES.includes(p.status)) {
        throw new BadUserInputError(`The agreement is ${p.status}: its text can no longer be edited`, 'id');
      }
      const set: Partial<Partnership> = {};
      if (input.title != null) set.titleFr = checkText(input.title, 'input.title', 500);
      if (input.summary != null) set.summary = input.summary.trim() || null;
      if (input.startsOn !== undefined) set.startsOn = input.startsOn;
      if (input.endsOn !== undefined) set.endsOn = input.endsOn;
      checkOrder(set.startsOn ?? p.startsOn, set.endsOn ?? p.endsOn, 'input.endsOn', 'startsOn');
      const before: Record<string, unknown> = {
        title: p.titleFr,
        summary: p.summary,
        startsOn: p.startsOn,
        endsOn: p.endsOn,
      };
      const after: Record<string, unknown> = {
        title: set.titleFr ?? p.titleFr,
        summary: 'summary' in set ? set.summary : p.summary,
        startsOn: 'startsOn' in set ? set.startsOn : p.startsOn,
        endsOn: 'endsOn' in set ? set.endsOn : p.endsOn,
      };
      for (const [field, kind] of [
        ['themes', 'theme'],
        ['sdgs', 'sdg'],
      ] as const) {
        const values = input[field];
        if (values == null) continue;
        before[field] = await facetValues(manager, PartnershipFacetRow, id, kind);
        after[field] = values.map(String);
        await replaceFacets(manager, PartnershipFacetRow, id, kind, values);
      }
      const version = await updateVersioned(manager, Partnership, id, expectedVersion, set);
      await audit(manager, actor, 'Partnership', id, 'updatePartnership', diff(before, after), version);
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      "Records the council deliberation of a Moroccan party, by that party's officer, while the agreement is in " +
      'NEGOTIATION (once every Moroccan party has deliberated it is DELIBERATED), or after a signature subject ' +
      'to deliberation (it stays SIGNED; the step is recorded, and the ministry may then approve).',
  })
  async recordDeliberation(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('deliberation', () => DeliberationInput, { description: 'The deliberation.' })
    input: DeliberationInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const session = checkText(input.session, 'deliberation.session', 200);
    const reference = checkText(input.reference, 'deliberation.reference', 200);
    await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      const parties = await partiesOf(manager, id);
      ensure(
        actsForAny(actor, [input.territoryId]),
        `Only an officer of ${input.territoryId} may record its council's deliberation`,
      );
      checkVersion(p, expectedVersion, 'Partnership');
      const moroccan = parties
        .filter((row) => row.role === PartyRole.MOROCCAN_PARTY)
        .map((row) => row.territoryId);
      if (!moroccan.includes(input.territoryId)) {
        throw new BadUserInputError(
          `${input.territoryId} is not a Moroccan party to this agreement`,
          'deliberation.territoryId',
        );
      }
      // Ordinary path: deliberated during NEGOTIATION, before approval and signature. Signed subject to
      // deliberation: after the signature, until the ministry approves.
      const afterSignature = p.status === PartnershipStatus.SIGNED && p.pendingRatification;
      if (p.status !== PartnershipStatus.NEGOTIATION && !afterSignature) {
        throw new BadUserInputError(
          `The agreement is ${p.status}: councils deliberate during NEGOTIATION, or after a signature ` +
            'subject to deliberation',
          'id',
        );
      }
      if (input.date > today())
        throw new BadUserInputError('deliberation.date is in the future', 'deliberation.date');
      if (afterSignature) checkOrder(p.signedOn, input.date, 'deliberation.date', 'the signature');
      await manager.delete(DeliberationRow, { partnershipId: id, territoryId: input.territoryId });
      await manager.insert(DeliberationRow, {
        partnershipId: id,
        territoryId: input.territoryId,
        date: input.date,
        session,
        reference,
      });
      const done = await manager.find(DeliberationRow, { where: { partnershipId: id } });
      const all = moroccan.every((t) => done.some((d) => d.territoryId === t));
      // After a signature the agreement stays SIGNED: the deliberation is a step of its path, not a status.
      const status = all && !afterSignature ? PartnershipStatus.DELIBERATED : p.status;
      const version = await updateVersioned(
        manager,
        Partnership,
        id,
        expectedVersion,
        status !== p.status ? { status } : {},
      );
      if (all) {
        const latest = done
          .map((d) => d.date)
          .sort()
          .at(-1)!;
        await appendStep(
          manager,
          id,
          PartnershipStatus.DELIBERATED,
          latest,
          done.map((d) => d.reference).join('; '),
          `Deliberated by ${done.map((d) => d.territoryId).join(', ')}`,
        );
      }
      await audit(
        manager,
        actor,
        'Partnership',
        id,
        'recordDeliberation',
        diff(
          { status: p.status, deliberation: null },
          { status, deliberation: { ...input, session, reference } },
        ),
        version,
      );
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Approves an agreement (the supervisory authority); by the ministry only. Ordinary path: a DELIBERATED ' +
      'agreement becomes APPROVED. Signed subject to deliberation: once every Moroccan party has deliberated, ' +
      'the approval ends `pendingRatification` and the agreement stays SIGNED.',
  })
  async approvePartnership(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('date', () => LocalDateResolver, { description: 'The date of the approval.' }) date: string,
    @Arg('reference', { description: 'The reference of the approval decision.' }) reference: string,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    ensure(
      actor.role === Role.MINISTRY,
      'Only the ministry (the supervisory authority) may approve an agreement',
    );
    const ref = checkText(reference, 'reference', 200);
    return this.step(db, actor, id, expectedVersion, 'approvePartnership', date, ref, async (p, manager) => {
      if (p.status === PartnershipStatus.DELIBERATED) {
        return { to: PartnershipStatus.APPROVED, after: PartnershipStatus.DELIBERATED, set: {} };
      }
      if (p.status === PartnershipStatus.SIGNED && p.pendingRatification) {
        if (!(await stepDate(manager, id, PartnershipStatus.DELIBERATED))) {
          throw new BadUserInputError(
            'The agreement was signed subject to deliberation: every Moroccan party must deliberate ' +
              '(recordDeliberation) before the approval',
            'id',
          );
        }
        return {
          to: PartnershipStatus.APPROVED,
          status: PartnershipStatus.SIGNED,
          after: PartnershipStatus.DELIBERATED,
          set: { pendingRatification: false },
        };
      }
      throw new BadUserInputError(
        `The agreement is ${p.status}: it must be DELIBERATED, or SIGNED subject to deliberation, first`,
        'id',
      );
    });
  }

  @Mutation(() => Partnership, {
    description:
      'Records the signature of an agreement; by an officer of one of its parties. Ordinary path: an APPROVED ' +
      'agreement. With `subjectToDeliberation`, an agreement in NEGOTIATION or DELIBERATED is signed before ' +
      'its councils deliberate and the ministry approves (the Fès – Montpellier 2025 protocol): it is SIGNED ' +
      'with `pendingRatification` until the approval, and cannot become ACTIVE before.',
  })
  async signPartnership(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('date', () => LocalDateResolver, { description: 'The date of signature.' }) date: string,
    @Arg('subjectToDeliberation', () => Boolean, {
      defaultValue: false,
      description:
        'Signed before the councils deliberated and the supervisory authority approved, subject to both ' +
        '(allowed from NEGOTIATION or DELIBERATED). False: the ordinary path, signed once APPROVED.',
    })
    subjectToDeliberation: boolean,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const signed = { signedOn: date, year: Number(date.slice(0, 4)) };
    return this.step(
      db,
      actor,
      id,
      expectedVersion,
      'signPartnership',
      date,
      null,
      async (p) => {
        if (!subjectToDeliberation) {
          if (p.status !== PartnershipStatus.APPROVED) {
            throw new BadUserInputError(
              `The agreement is ${p.status}: it must be APPROVED first, or signed with subjectToDeliberation`,
              'id',
            );
          }
          return { to: PartnershipStatus.SIGNED, after: PartnershipStatus.APPROVED, set: signed };
        }
        if (p.status !== PartnershipStatus.NEGOTIATION && p.status !== PartnershipStatus.DELIBERATED) {
          throw new BadUserInputError(
            `The agreement is ${p.status}: an agreement is signed subject to deliberation while in ` +
              'NEGOTIATION or DELIBERATED',
            'subjectToDeliberation',
          );
        }
        return {
          to: PartnershipStatus.SIGNED,
          after: p.status,
          set: { ...signed, pendingRatification: true },
          note: 'Signed subject to the deliberation of the councils and the approval of the supervisory authority',
        };
      },
      true,
    );
  }

  @Mutation(() => Partnership, {
    description:
      'Moves an agreement along the allowed transitions: DRAFT ⇄ NEGOTIATION; SIGNED → ACTIVE; ACTIVE ⇄ DORMANT; ' +
      'to EXPIRED or TERMINATED (an agreement signed subject to deliberation becomes ACTIVE only once approved). ' +
      'By an officer of a party, or the ministry.',
  })
  async setPartnershipStatus(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('status', () => PartnershipStatus, { description: 'The new status.' }) status: PartnershipStatus,
    @Arg('date', () => LocalDateResolver, { nullable: true, description: 'When it happened; default today.' })
    date: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      const parties = await partiesOf(manager, id);
      ensure(
        actsForAny(
          actor,
          parties.map((row) => row.territoryId),
        ) || actor.role === Role.MINISTRY,
        'Only an officer of one of its parties or the ministry may change the status of this agreement',
      );
      checkVersion(p, expectedVersion, 'Partnership');
      if (!(ALLOWED_TRANSITIONS[p.status] ?? []).includes(status)) {
        throw new BadUserInputError(`An agreement cannot go from ${p.status} to ${status}`, 'status');
      }
      if (
        p.pendingRatification &&
        (status === PartnershipStatus.ACTIVE || status === PartnershipStatus.DORMANT)
      ) {
        throw new BadUserInputError(
          'The agreement was signed subject to deliberation: it comes into force (ACTIVE) once its councils ' +
            'have deliberated and the ministry has approved it',
          'status',
        );
      }
      const when = date ?? today();
      checkOrder(p.signedOn, when, 'date', 'the signature');
      const version = await updateVersioned(manager, Partnership, id, expectedVersion, { status });
      await appendStep(manager, id, status, when, null, null);
      await audit(
        manager,
        actor,
        'Partnership',
        id,
        'setPartnershipStatus',
        diff({ status: p.status }, { status }),
        version,
      );
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Renews a signed agreement: a new DRAFT with the same parties, themes and SDGs, linked to it by `renews`. ' +
      'By an officer of one of its parties.',
  })
  async renewPartnership(
    @Arg('id', () => ID, { description: 'The agreement renewed.' }) id: string,
    @Arg('title', () => String, {
      nullable: true,
      description: 'The title of the renewal; default the same.',
    })
    title: string | null,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const renewalId = await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      const parties = await partiesOf(manager, id);
      ensure(
        actsForAny(
          actor,
          parties.map((row) => row.territoryId),
        ),
        'Only an officer of one of its parties may renew this agreement',
      );
      if (!SIGNED_STATUSES.includes(p.status)) {
        throw new BadUserInputError(
          `The agreement is ${p.status}: only a signed agreement can be renewed`,
          'id',
        );
      }
      return once(manager, actor, idempotencyKey, 'renewPartnership', async () => {
        const newIdValue = newId('p');
        await insertPartnership(manager, newIdValue, {
          kind: p.kind,
          title: title != null ? checkText(title, 'title', 500) : (p.titleFr ?? p.titleEn ?? p.id),
          summary: p.summary,
          startsOn: null,
          endsOn: null,
          renewsId: p.id,
          parties: parties.map((row) => ({ territoryId: row.territoryId, role: row.role })),
          themes: await facetValues(manager, PartnershipFacetRow, id, 'theme'),
          sdgs: await facetValues(manager, PartnershipFacetRow, id, 'sdg'),
        });
        await audit(
          manager,
          actor,
          'Partnership',
          newIdValue,
          'renewPartnership',
          diff({}, { status: PartnershipStatus.DRAFT, renewsId: p.id }),
          1,
        );
        return newIdValue;
      });
    });
    return db.getRepository(Partnership).findOneByOrFail({ id: renewalId });
  }

  @Mutation(() => Partnership, {
    description: 'Records an action under a signed agreement; by an officer of one of its parties.',
  })
  async recordAction(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('action', () => RecordActionInput, { description: 'The action.' }) input: RecordActionInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const title = checkText(input.title, 'action.title', 500);
    checkOrder(input.startedOn, input.completedOn, 'action.completedOn', 'action.startedOn');
    if (input.state === ActionState.COMPLETED && !input.completedOn) {
      throw new BadUserInputError('A COMPLETED action needs its completedOn date', 'action.completedOn');
    }
    if (input.completedOn && input.state !== ActionState.COMPLETED) {
      throw new BadUserInputError('Only a COMPLETED action has a completedOn date', 'action.completedOn');
    }
    if (input.completedOn && input.completedOn > today()) {
      throw new BadUserInputError('action.completedOn is in the future', 'action.completedOn');
    }
    await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      const parties = await partiesOf(manager, id);
      ensure(
        actsForAny(
          actor,
          parties.map((row) => row.territoryId),
        ),
        'Only an officer of one of its parties may record its actions',
      );
      checkVersion(p, expectedVersion, 'Partnership');
      if (!SIGNED_STATUSES.includes(p.status)) {
        throw new BadUserInputError(
          `The agreement is ${p.status}: actions are recorded once it is signed`,
          'id',
        );
      }
      checkOrder(p.signedOn, input.startedOn, 'action.startedOn', 'the signature');
      const last = await manager.findOne(PartnershipActionRow, {
        where: { partnershipId: id },
        order: { position: 'DESC' },
      });
      const actionId = newId('act');
      await manager.insert(PartnershipActionRow, {
        id: actionId,
        partnershipId: id,
        position: (last?.position ?? -1) + 1,
        title,
        state: input.state,
        startedOn: input.startedOn ?? null,
        completedOn: input.completedOn ?? null,
      });
      const latest =
        [p.lastActionOn, input.startedOn, input.completedOn]
          .filter((d): d is string => !!d)
          .sort()
          .at(-1) ?? null;
      const version = await updateVersioned(manager, Partnership, id, expectedVersion, {
        lastActionOn: latest,
      });
      await audit(
        manager,
        actor,
        'Partnership',
        id,
        'recordAction',
        diff({ action: null }, { action: { id: actionId, ...input, title } }),
        version,
      );
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Records the progress of an action of a signed agreement (its state, dates or title); by an officer of ' +
      'one of its parties. A COMPLETED action needs its completion date; a COMPLETED or ABANDONED one is ' +
      'settled and changes no more.',
  })
  async updateAction(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('actionId', () => ID, { description: 'The action, one of `actions`.' }) actionId: string,
    @Arg('input', () => UpdateActionInput, { description: 'What changes.' }) input: UpdateActionInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<Partnership> {
    const actor = requireActor(viewer);
    const title = input.title != null ? checkText(input.title, 'input.title', 500) : undefined;
    await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      const parties = await partiesOf(manager, id);
      ensure(
        actsForAny(
          actor,
          parties.map((row) => row.territoryId),
        ),
        'Only an officer of one of its parties may record the progress of its actions',
      );
      checkVersion(p, expectedVersion, 'Partnership');
      const action = await manager.findOneBy(PartnershipActionRow, { id: actionId, partnershipId: id });
      if (!action) throw new BadUserInputError(`The agreement has no action "${actionId}"`, 'actionId');
      if (action.state === ActionState.COMPLETED || action.state === ActionState.ABANDONED) {
        throw new BadUserInputError(`The action is ${action.state} and changes no more`, 'actionId');
      }
      const next = {
        title: title ?? action.title,
        state: input.state ?? action.state,
        startedOn: input.startedOn !== undefined ? input.startedOn : action.startedOn,
        completedOn: input.completedOn !== undefined ? input.completedOn : action.completedOn,
      };
      checkOrder(p.signedOn, next.startedOn, 'input.startedOn', 'the signature');
      checkOrder(next.startedOn, next.completedOn, 'input.completedOn', 'the start of the action');
      if (next.completedOn && next.completedOn > today())
        throw new BadUserInputError('input.completedOn is in the future', 'input.completedOn');
      if (next.state === ActionState.COMPLETED && !next.completedOn) {
        throw new BadUserInputError('A COMPLETED action needs its completedOn date', 'input.completedOn');
      }
      if (next.completedOn && next.state !== ActionState.COMPLETED) {
        throw new BadUserInputError('Only a COMPLETED action has a completedOn date', 'input.completedOn');
      }
      await manager.update(PartnershipActionRow, { id: actionId }, next);
      const latest =
        [p.lastActionOn, next.startedOn, next.completedOn]
          .filter((d): d is string => !!d)
          .sort()
          .at(-1) ?? null;
      const version = await updateVersioned(manager, Partnership, id, expectedVersion, {
        lastActionOn: latest,
      });
      const before = {
        title: action.title,
        state: action.state,
        startedOn: action.startedOn,
        completedOn: action.completedOn,
      };
      await audit(
        manager,
        actor,
        'Partnership',
        id,
        'updateAction',
        { actionId, ...diff(before, next) },
        version,
      );
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }

  /**
   * One step of the legal path: `plan` checks the agreement's state and says which step it takes (`to`,
   * recorded in `steps`), the status it ends in (default `to`), and the step whose date it may not precede.
   */
  private async step(
    db: Context['db'],
    actor: Viewer,
    id: string,
    expectedVersion: number,
    action: string,
    date: string,
    reference: string | null,
    plan: (
      p: Partnership,
      manager: EntityManager,
    ) => Promise<{
      to: PartnershipStatus;
      status?: PartnershipStatus;
      after: PartnershipStatus;
      set: Partial<Partnership>;
      note?: string;
    }>,
    partiesOnly = false,
  ): Promise<Partnership> {
    await db.transaction(async (manager) => {
      const p = await loadForWrite(manager, Partnership, 'Partnership', id);
      if (partiesOnly) {
        const parties = await partiesOf(manager, id);
        ensure(
          actsForAny(
            actor,
            parties.map((row) => row.territoryId),
          ),
          'Only an officer of one of its parties may sign this agreement',
        );
      }
      checkVersion(p, expectedVersion, 'Partnership');
      const { to, status = to, after, set, note = null } = await plan(p, manager);
      checkOrder(await stepDate(manager, id, after), date, 'date', `the date it became ${after}`);
      if (date > today()) throw new BadUserInputError('date is in the future', 'date');
      const version = await updateVersioned(manager, Partnership, id, expectedVersion, { ...set, status });
      await appendStep(manager, id, to, date, reference, note);
      await audit(
        manager,
        actor,
        'Partnership',
        id,
        action,
        diff(
          { status: p.status, pendingRatification: p.pendingRatification, date: null, reference: null },
          { status, pendingRatification: set.pendingRatification ?? p.pendingRatification, date, reference },
        ),
        version,
      );
    });
    return db.getRepository(Partnership).findOneByOrFail({ id });
  }
}

async function insertPartnership(
  manager: EntityManager,
  id: string,
  values: {
    kind: Partnership['kind'];
    title: string;
    summary: string | null;
    startsOn: string | null;
    endsOn: string | null;
    renewsId: string | null;
    parties: { territoryId: string; role: PartyRole }[];
    themes: string[];
    sdgs: string[];
  },
): Promise<void> {
  await manager.insert(
    Partnership,
    Object.assign(new Partnership(), {
      id,
      reference: null,
      kind: values.kind,
      titleFr: values.title,
      titleAr: null,
      titleEn: null,
      summary: values.summary,
      status: PartnershipStatus.DRAFT,
      signedOn: null,
      year: null,
      startsOn: values.startsOn,
      endsOn: values.endsOn,
      renewsId: values.renewsId,
      lastActionOn: null,
      isDemo: false,
      version: 1,
    }),
  );
  await manager.insert(
    PartnershipPartyRow,
    values.parties.map((party, position) => ({
      partnershipId: id,
      territoryId: party.territoryId,
      role: party.role,
      countryCode: countryOfTerritory(party.territoryId) ?? '??',
      position,
    })),
  );
  const facets = [
    ...facetRows(PartnershipFacetRow, id, 'theme', values.themes),
    ...facetRows(PartnershipFacetRow, id, 'sdg', values.sdgs),
  ];
  if (facets.length) await manager.insert(PartnershipFacetRow, facets);
  await appendStep(manager, id, PartnershipStatus.DRAFT, today(), null, null);
}

async function trailOf(
  db: Context['db'],
  entityType: AuditedType,
  entityId: string,
): Promise<AuditEntryRow[]> {
  return db
    .getRepository(AuditEntryRow)
    .find({ where: { entityType, entityId }, order: { at: 'ASC', version: 'ASC' } });
}

@Resolver(() => Partnership)
export class PartnershipLifecycleResolver {
  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the agreement, oldest first: for officers of its parties, the ministry and administrators ' +
      '(null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(@Root() p: Partnership, @Ctx() { db, loaders, viewer }: Context): Promise<AuditEntry[]> {
    const parties = await loaders.parties.load(p.id);
    ensure(
      isSupervisor(viewer) || parties.some((row) => actsForTerritory(viewer, row.territoryId)),
      'The audit trail of an agreement is for its parties and the ministry',
    );
    return auditEntries(await trailOf(db, 'Partnership', p.id));
  }

  @FieldResolver(() => [Deliberation], {
    description: 'The council deliberations of its Moroccan parties recorded through the hub.',
  })
  async deliberations(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Deliberation[]> {
    const rows = await loaders.deliberations.load(p.id);
    return rows.map((row) => ({
      council: territoryRef(row.territoryId),
      date: row.date,
      session: row.session,
      reference: row.reference,
    }));
  }
}

@Resolver(() => CooperationRequest)
export class RequestLifecycleResolver {
  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the request, oldest first: for officers of the requester, the ministry and administrators ' +
      '(null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(
    @Root() request: CooperationRequest,
    @Ctx() { db, viewer }: Context,
  ): Promise<AuditEntry[]> {
    ensure(
      isSupervisor(viewer) || actsForTerritory(viewer, request.requesterId),
      'The audit trail of a request is for its requester and the ministry',
    );
    return auditEntries(await trailOf(db, 'CooperationRequest', request.id));
  }
}
