import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError, NotFoundError } from '../shared/errors';
import { isMoroccanTerritory, settingOfCommune } from '../shared/hcp';
import type { Viewer } from '../shared/identity';
import { create, permission, update } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { checkText, diff, newId, today } from '../shared/writes';
import { PartnershipStatus, PartnershipKind, ProposalStatus, RequestStatus, type Setting } from './enums';
import {
  actsForAny,
  checkFacets,
  countryReferences,
  declineSubmitted,
  defaultRole,
  expectedVersionArg,
  facetRows,
  facetValues,
  idempotencyKeyArg,
  insertPartnership,
  replaceFacets,
  territoryReference,
} from './lifecycle';
import { CreateCooperationRequestInput, UpdateCooperationRequestInput } from './lifecycle.types';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';

type Context = SubgraphContext<Loaders>;

const requestVersionArg = { description: "The request's `version`; a stale one gets CONFLICT." };

/** The request statuses that take proposals and edits. */
const OPEN_STATUSES: readonly RequestStatus[] = [RequestStatus.OPEN, RequestStatus.IN_DISCUSSION];

const loadRequest = (ctx: Context, id: string) =>
  ctx.db.getRepository(CooperationRequest).findOneByOrFail({ id });

/** The proposal a write is about, or NOT_FOUND; the pipeline's target is its request. */
async function proposalOf(manager: EntityManager, proposalId: string): Promise<ProposalRow> {
  const proposal = await manager.findOneBy(ProposalRow, { id: proposalId });
  if (!proposal) throw new NotFoundError('Proposal', proposalId);
  return proposal;
}

/**
 * The writes of requests "à la demande" and their proposals (DOMAIN.md), each a declaration run by the
 * write pipeline (`shared/pipeline.ts`): the ids they name are checked with the territories subgraph, the
 * request's version goes up with every write (so two concurrent proposals or settlements cannot both
 * pass), and every write is audited on the request.
 */
@Resolver()
export class RequestWriteResolver {
  @Mutation(() => CooperationRequest, {
    description:
      "Publishes a territory's need; by an officer of the requesting territory. The countries sought are " +
      'ISO countries other than Morocco.',
  })
  async createCooperationRequest(
    @Arg('input', () => CreateCooperationRequestInput, { description: 'The need.' })
    input: CreateCooperationRequestInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<CooperationRequest> {
    let title = '';
    let description = '';
    const id = await create(ctx, {
      action: 'createCooperationRequest',
      validate() {
        title = checkText(input.title, 'input.title', 300);
        description = checkText(input.description, 'input.description');
        checkFacets(input, 'input');
      },
      permit: (actor) =>
        permission(
          actsForAny(actor, [input.requesterId]),
          `Only an officer of ${input.requesterId} may express its needs`,
        ),
      get references() {
        return [
          territoryReference(input.requesterId, 'input.requesterId'),
          ...countryReferences(input.countriesSought, 'input'),
        ];
      },
      idempotency: { key: idempotencyKey, input },
      async create(manager) {
        const id = newId('req');
        await manager.insert(CooperationRequest, {
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
        const facets = [
          ...facetRows(RequestFacetRow, id, 'theme', input.themes),
          ...facetRows(RequestFacetRow, id, 'sdg', input.sdgs),
          ...facetRows(RequestFacetRow, id, 'country', input.countriesSought),
        ];
        if (facets.length) await manager.insert(RequestFacetRow, facets);
        const changes = diff(
          {},
          { ...input, title, description, status: RequestStatus.OPEN, createdOn: today() },
        );
        return { id, audits: [{ type: 'CooperationRequest', id, changes, version: 1 }] };
      },
    });
    return loadRequest(ctx, id);
  }

  @Mutation(() => CooperationRequest, {
    description: 'Edits an open request; by an officer of the requesting territory.',
  })
  async updateCooperationRequest(
    @Arg('id', () => ID, { description: 'The request.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateCooperationRequestInput, { description: 'What to change.' })
    input: UpdateCooperationRequestInput,
    @Ctx() ctx: Context,
  ): Promise<CooperationRequest> {
    const set: Partial<CooperationRequest> = {};
    await update(ctx, {
      action: 'updateCooperationRequest',
      validate() {
        if (input.title != null) set.title = checkText(input.title, 'input.title', 300);
        if (input.description != null) set.description = checkText(input.description, 'input.description');
        checkFacets(input, 'input');
      },
      get references() {
        return countryReferences(input.countriesSought, 'input');
      },
      target: { entity: CooperationRequest, type: 'CooperationRequest', id, expectedVersion },
      authorize: (actor, request) =>
        permission(
          actsForAny(actor, [request.requesterId]),
          `Only an officer of ${request.requesterId} may edit this request`,
        ),
      async apply(manager, request) {
        if (!OPEN_STATUSES.includes(request.status)) {
          throw new BadUserInputError(`The request is ${request.status} and can no longer be edited`, 'id');
        }
        const before: Record<string, unknown> = { title: request.title, description: request.description };
        const after: Record<string, unknown> = { ...before, ...set };
        for (const [field, kind] of [
          ['themes', 'theme'],
          ['sdgs', 'sdg'],
          ['countriesSought', 'country'],
        ] as const) {
          const values = input[field];
          if (values == null) continue;
          before[field] = await replaceFacets(manager, RequestFacetRow, id, kind, values);
          after[field] = values.map(String);
        }
        return { set, changes: diff(before, after) };
      },
    });
    return loadRequest(ctx, id);
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Closes a request that is no longer sought (its proposals still SUBMITTED are declined); by an officer ' +
      'of the requesting territory.',
  })
  async closeCooperationRequest(
    @Arg('id', () => ID, { description: 'The request.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<CooperationRequest> {
    await update(ctx, {
      action: 'closeCooperationRequest',
      target: { entity: CooperationRequest, type: 'CooperationRequest', id, expectedVersion },
      authorize: (actor, request) =>
        permission(
          actsForAny(actor, [request.requesterId]),
          `Only an officer of ${request.requesterId} may close this request`,
        ),
      async apply(manager, request) {
        if (request.status === RequestStatus.CLOSED)
          throw new BadUserInputError('The request is already closed', 'id');
        const declined = await declineSubmitted(manager, id);
        return {
          set: { status: RequestStatus.CLOSED },
          changes: diff({ status: request.status, declined: [] }, { status: RequestStatus.CLOSED, declined }),
        };
      },
    });
    return loadRequest(ctx, id);
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Proposes a partnership to the requester; by an officer of the proposing territory (not the requester). ' +
      'A proposer has one open (SUBMITTED) proposal per request: a second is refused with CONFLICT.',
  })
  async proposeToRequest(
    @Arg('requestId', () => ID, { description: 'The request answered.' }) requestId: string,
    @Arg('proposerId', () => ID, { description: 'The territory that proposes (its officer writes).' })
    proposerId: string,
    @Arg('message', { description: 'What the proposer offers.' }) message: string,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<CooperationRequest> {
    let text = '';
    await update(ctx, {
      action: 'proposeToRequest',
      validate() {
        text = checkText(message, 'message');
      },
      permit: (actor) =>
        permission(
          actsForAny(actor, [proposerId]),
          `Only an officer of ${proposerId} may propose in its name`,
        ),
      get references() {
        return [territoryReference(proposerId, 'proposerId')];
      },
      idempotency: { key: idempotencyKey, input: { requestId, proposerId, message } },
      target: { entity: CooperationRequest, type: 'CooperationRequest', id: requestId },
      authorize: () => permission(true, ''),
      async apply(manager, request) {
        if (request.requesterId === proposerId) {
          throw new BadUserInputError('A territory cannot answer its own request', 'proposerId');
        }
        if (!OPEN_STATUSES.includes(request.status)) {
          throw new BadUserInputError(
            `The request is ${request.status}: it takes no more proposals`,
            'requestId',
          );
        }
        const open = await manager.findOneBy(ProposalRow, {
          requestId,
          proposerId,
          status: ProposalStatus.SUBMITTED,
        });
        if (open) {
          throw new ConflictError(
            `${proposerId} already has an open proposal ("${open.id}") to this request: withdraw it, or wait ` +
              'for the answer, before proposing again',
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
        return {
          set: { status: RequestStatus.IN_DISCUSSION },
          changes: diff(
            { status: request.status, proposal: null },
            { status: RequestStatus.IN_DISCUSSION, proposal: { id, proposerId } },
          ),
        };
      },
    });
    return loadRequest(ctx, requestId);
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Declines a SUBMITTED proposal; by an officer of the requesting territory. The request is OPEN again ' +
      'when no proposal is left SUBMITTED.',
  })
  declineProposal(
    @Arg('proposalId', () => ID, { description: 'The proposal declined.' }) proposalId: string,
    @Arg('expectedVersion', () => Int, requestVersionArg) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<CooperationRequest> {
    return this.settle(ctx, proposalId, expectedVersion, ProposalStatus.DECLINED);
  }

  @Mutation(() => CooperationRequest, {
    description:
      'Withdraws a SUBMITTED proposal; by an officer of the proposing territory. The request is OPEN again ' +
      'when no proposal is left SUBMITTED.',
  })
  withdrawProposal(
    @Arg('proposalId', () => ID, { description: 'The proposal withdrawn.' }) proposalId: string,
    @Arg('expectedVersion', () => Int, requestVersionArg) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<CooperationRequest> {
    return this.settle(ctx, proposalId, expectedVersion, ProposalStatus.WITHDRAWN);
  }

  /** Declines (the requester) or withdraws (the proposer) a proposal still SUBMITTED. */
  private async settle(
    ctx: Context,
    proposalId: string,
    expectedVersion: number,
    status: ProposalStatus.DECLINED | ProposalStatus.WITHDRAWN,
  ): Promise<CooperationRequest> {
    const declining = status === ProposalStatus.DECLINED;
    let proposal!: ProposalRow;
    const requestId = await update(ctx, {
      action: declining ? 'declineProposal' : 'withdrawProposal',
      target: {
        entity: CooperationRequest,
        type: 'CooperationRequest',
        id: async (manager) => (proposal = await proposalOf(manager, proposalId)).requestId,
        expectedVersion,
      },
      authorize(actor: Viewer, request) {
        const who = declining ? request.requesterId : proposal.proposerId;
        return permission(
          actsForAny(actor, [who]),
          declining
            ? `Only an officer of ${who} may decline proposals to its request`
            : `Only an officer of ${who} may withdraw its proposal`,
        );
      },
      async apply(manager, request) {
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
        return {
          set: { status: requestStatus },
          changes: diff(
            { status: request.status, proposal: { id: proposalId, status: proposal.status } },
            { status: requestStatus, proposal: { id: proposalId, status } },
          ),
        };
      },
    });
    return loadRequest(ctx, requestId);
  }

  @Mutation(() => Partnership, {
    description:
      'Accepts a proposal: the request is MATCHED, its other proposals still SUBMITTED are declined, and an ' +
      'agreement in NEGOTIATION between the requester and the proposer is created. By an officer of the ' +
      'requesting territory.',
  })
  async acceptProposal(
    @Arg('proposalId', () => ID, { description: 'The proposal accepted.' }) proposalId: string,
    @Arg('expectedVersion', () => Int, requestVersionArg) expectedVersion: number,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let proposal!: ProposalRow;
    const id = await update(ctx, {
      action: 'acceptProposal',
      idempotency: { key: idempotencyKey, input: { proposalId, expectedVersion } },
      target: {
        entity: CooperationRequest,
        type: 'CooperationRequest',
        id: async (manager) => (proposal = await proposalOf(manager, proposalId)).requestId,
        expectedVersion,
      },
      authorize: (actor, request) =>
        permission(
          actsForAny(actor, [request.requesterId]),
          `Only an officer of ${request.requesterId} may accept proposals to its request`,
        ),
      async apply(manager, request) {
        if (proposal.status !== ProposalStatus.SUBMITTED) {
          throw new BadUserInputError(`The proposal is ${proposal.status}`, 'proposalId');
        }
        const parties = [request.requesterId, proposal.proposerId];
        if (!parties.some(isMoroccanTerritory))
          throw new BadUserInputError('An agreement needs a Moroccan party', 'proposalId');
        const partnershipId = await insertPartnership(manager, {
          kind: PartnershipKind.COOPERATION_CONVENTION,
          title: request.title,
          summary: proposal.message,
          status: PartnershipStatus.NEGOTIATION,
          parties: parties.map((territoryId) => ({ territoryId, role: defaultRole(territoryId) })),
          themes: await facetValues(manager, RequestFacetRow, request.id, 'theme'),
          sdgs: await facetValues(manager, RequestFacetRow, request.id, 'sdg'),
          note: `From request ${request.id}`,
        });
        await manager.update(ProposalRow, { id: proposalId }, { status: ProposalStatus.ACCEPTED });
        // The others were not chosen: they are declined, as the requester would otherwise have to.
        const declined = await declineSubmitted(manager, request.id);
        return {
          set: { status: RequestStatus.MATCHED, partnershipId },
          changes: diff(
            { status: request.status, partnershipId: null, declined: [] },
            { status: RequestStatus.MATCHED, partnershipId, declined },
          ),
          resultId: partnershipId,
          audits: [
            {
              type: 'Partnership',
              id: partnershipId,
              changes: diff(
                {},
                { status: PartnershipStatus.NEGOTIATION, parties, fromRequest: request.id, proposalId },
              ),
              version: 1,
            },
          ],
        };
      },
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }
}
