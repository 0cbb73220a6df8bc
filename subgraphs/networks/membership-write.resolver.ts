import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { today } from '../shared/dates';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { ensure, isSupervisor, requireActor } from '../shared/identity';
import { create, permission, update } from '../shared/pipeline';
import type { EvidenceColumns } from '../shared/evidence';
import type { SubgraphContext } from '../shared/server';
import { AuditEntryRow, checkText, diff, newId, optionalText } from '../shared/writes';
import type { Loaders } from './loaders';
import { MembershipEntity } from './membership.entity';
import { AddMembershipInput, CorrectMembershipInput } from './membership.inputs';
import {
  basisOf,
  checkDeliberation,
  checkEvidence,
  checkNoOverlap,
  correctable,
  corrected,
  correctedEvidence,
  ensureStands,
  mayWrite,
  membershipFacts,
  onlyWriters,
  requireBasis,
  startOfInput,
} from './membership-rules';
import { checkSources } from '../shared/source';
import { expectedVersionArg, idempotencyKeyArg } from '../shared/write-args';

type Context = SubgraphContext<Loaders>;

/** The target of a write to an existing membership, for the pipeline. */
const target = (id: string, expectedVersion: number) => ({
  entity: MembershipEntity,
  type: 'Membership' as const,
  id,
  expectedVersion,
});

const authorizeOn = (what: string) => (actor: Parameters<typeof mayWrite>[0], m: MembershipEntity) =>
  permission(mayWrite(actor, m.networkId, m.territoryId), onlyWriters(m.networkId, m.territoryId, what));

/**
 * Memberships added, ended, corrected and voided by a network's secretariat or the member territory's
 * officer (an administrator may do all), each a declaration run by the write pipeline.
 */
@Resolver(() => MembershipEntity)
export class MembershipWriteResolver {
  @Mutation(() => MembershipEntity, {
    description:
      "Adds a membership; by the network's secretariat or an officer of the member territory. It starts on " +
      '`since` or, when the source gives only the year, in `sinceYear` (counted from its 1st of January). A ' +
      'Moroccan local authority’s membership names the council deliberation that decided it, or the public ' +
      '`sources` that document it (a register brought in by a secretariat: `basis` DOCUMENTED). NOT_FOUND for ' +
      'an unknown network; BAD_USER_INPUT naming `input.territoryId` for a territory the territories subgraph ' +
      'does not know; CONFLICT naming `input.since` (or `input.sinceYear`), with `extensions.existingId`, when ' +
      'the member already has a membership of the network over part of the same period — nothing is written ' +
      '(a membership that ended, or was voided, does not prevent joining again: that is how a membership ' +
      'voided by mistake is re-added).',
  })
  async addMembership(
    @Arg('input', () => AddMembershipInput, { description: 'The membership.' }) input: AddMembershipInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg('membership'))
    idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<MembershipEntity> {
    requireActor(ctx.viewer);
    // The network is the record the membership belongs to: like the target of an update, it must exist
    // before anyone is told whether they may write to it. Networks are never deleted.
    if (!(await ctx.loaders.network.load(input.networkId)))
      throw new NotFoundError('Network', input.networkId);
    const { deliberation } = input;
    let row: MembershipEntity;
    const startField = input.since ? 'input.since' : 'input.sinceYear';
    const id = await create(ctx, {
      action: 'addMembership',
      validate() {
        row = validatedRow(input);
      },
      permit: (actor) =>
        permission(
          mayWrite(actor, input.networkId, input.territoryId),
          onlyWriters(input.networkId, input.territoryId, 'add this membership'),
        ),
      references: [{ type: 'Territory', id: input.territoryId, field: 'input.territoryId' }],
      idempotency: { key: idempotencyKey, input },
      dates: () =>
        membershipFacts(row, {
          since: input.since ? startField : undefined,
          sinceYear: input.since ? undefined : startField,
          deliberationDate: deliberation ? 'input.deliberation.date' : undefined,
        }),
      async create(manager) {
        await checkNoOverlap(manager, input, row, startField);
        row.id = newId('m');
        await manager.insert(MembershipEntity, row);
        const changes = diff({}, { ...input, sinceYear: row.sinceYear, evidence: row.evidence });
        return { id: row.id, audits: [{ type: 'Membership', id: row.id, changes, version: 1 }] };
      },
    });
    return ctx.db.getRepository(MembershipEntity).findOneByOrFail({ id });
  }

  @Mutation(() => MembershipEntity, {
    description:
      "Ends a running or planned membership; by the network's secretariat or an officer of the member " +
      'territory. `until` may be in the future (a planned end: the membership counts until then). An end ' +
      'recorded by mistake is undone with `correctMembership(input: { until: null })`.',
  })
  async endMembership(
    @Arg('id', () => ID, { description: 'The membership.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('until', () => LocalDateResolver, {
      description:
        'The day the membership ends (it no longer counts from that day): not before its start, may be in ' +
        'the future.',
    })
    until: string,
    @Ctx() ctx: Context,
  ): Promise<MembershipEntity> {
    await update(ctx, {
      action: 'endMembership',
      target: target(id, expectedVersion),
      authorize: authorizeOn('end this membership'),
      dates: (m) => membershipFacts({ ...m, until, deliberationDate: null }, { until: 'until' }),
      async apply(manager, m) {
        ensureStands(m);
        if (m.until !== null && m.until <= today()) {
          throw new BadUserInputError(
            `The membership already ended on ${m.until}: to change its end, use correctMembership`,
            'id',
          );
        }
        // A planned end moved later may reach into the member's next membership of the network.
        await checkNoOverlap(manager, m, { ...m, until }, 'until');
        return { set: { until }, changes: diff({ until: m.until }, { until }) };
      },
    });
    return ctx.db.getRepository(MembershipEntity).findOneByOrFail({ id });
  }

  @Mutation(() => MembershipEntity, {
    description:
      'Corrects a membership recorded wrongly — its start, end, role or deliberation — with the dates checked ' +
      "again; by the network's secretariat, an officer of the member territory or an administrator. Clearing " +
      '`until` (explicit null) undoes an `endMembership` made by mistake. The corrected period may not overlap ' +
      "another of the member's memberships of the network. Audited with what changed.",
  })
  async correctMembership(
    @Arg('id', () => ID, { description: 'The membership.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => CorrectMembershipInput, { description: 'The fields to correct; the others stay.' })
    input: CorrectMembershipInput,
    @Ctx() ctx: Context,
  ): Promise<MembershipEntity> {
    await update(ctx, {
      action: 'correctMembership',
      target: target(id, expectedVersion),
      validate: () => validateCorrection(input),
      authorize: authorizeOn('correct this membership'),
      dates: (m) =>
        membershipFacts(corrected(m, input), {
          since: input.since != null ? 'input.since' : undefined,
          sinceYear: input.since == null && input.sinceYear != null ? 'input.sinceYear' : undefined,
          until: input.until != null ? 'input.until' : undefined,
          deliberationDate: input.deliberation ? 'input.deliberation.date' : undefined,
        }),
      async apply(manager, m) {
        ensureStands(m);
        const next = corrected(m, input);
        const evidence = correctedEvidence(m, next);
        const changes = diff(
          { ...correctable(m), evidence: evidenceFacts(m.evidence) },
          { ...next, evidence: evidenceFacts(evidence) },
        );
        if (!Object.keys(changes).length) {
          throw new BadUserInputError(
            'The correction changes nothing: the membership already reads so',
            'input',
          );
        }
        const basis = basisOf({ deliberation: next.deliberationDate != null, sources: m.sources.length });
        requireBasis(m.territoryId, basis, 'input.deliberation');
        // Only a new period can meet another membership's (a role corrected leaves the period as it was).
        const startField = input.since != null ? 'input.since' : 'input.sinceYear';
        const newStart = input.since != null || input.sinceYear != null;
        if (newStart || input.until !== undefined) {
          await checkNoOverlap(manager, m, next, newStart ? startField : 'input.until');
        }
        return { set: { ...next, evidence }, changes };
      },
    });
    return ctx.db.getRepository(MembershipEntity).findOneByOrFail({ id });
  }

  @Mutation(() => MembershipEntity, {
    description:
      'Voids a membership recorded in error, with the reason: it is kept (with its audit trail, and for ' +
      '`membership(id)`) but leaves every list, count and statistic. By the network’s secretariat, an officer ' +
      'of the member territory, or an administrator (who may void any membership). A membership voided by ' +
      'mistake is recorded again with `addMembership` (a voided membership does not block it).',
  })
  async voidMembership(
    @Arg('id', () => ID, { description: 'The membership.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('reason', { description: 'Why the membership was recorded in error (1 to 1,000 characters).' })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<MembershipEntity> {
    let why = reason;
    await update(ctx, {
      action: 'voidMembership',
      target: target(id, expectedVersion),
      validate: () => void (why = checkText(reason, 'reason', 1000)),
      authorize: authorizeOn('void this membership'),
      async apply(_manager, m) {
        if (m.voidedOn)
          throw new BadUserInputError(`The membership was already voided on ${m.voidedOn}`, 'id');
        const set = { voidedOn: today(), voidReason: why };
        return { set, changes: diff({ voidedOn: null, voidReason: null }, set) };
      },
    });
    return ctx.db.getRepository(MembershipEntity).findOneByOrFail({ id });
  }

  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      'Every write to the membership through the hub, oldest first (a void with its reason included): for the ' +
      "network's secretariat, officers of the member, the ministry and administrators (null with a FORBIDDEN " +
      'error for anyone else).',
  })
  async auditTrail(
    @Root() membership: MembershipEntity,
    @Ctx() { db, viewer }: Context,
  ): Promise<AuditEntry[]> {
    ensure(
      isSupervisor(viewer) || mayWrite(viewer, membership.networkId, membership.territoryId),
      "The audit trail of a membership is for the network's secretariat, the member and the ministry",
    );
    const rows = await db.getRepository(AuditEntryRow).find({
      where: { entityType: 'Membership', entityId: membership.id },
      order: { at: 'ASC', version: 'ASC' },
    });
    return auditEntries(rows);
  }
}

/**
 * The row `addMembership` writes (all but its id), from an input checked alone: its start, its basis (a
 * Moroccan member's deliberation or sources, `MEMBERSHIP_BASES`), its deliberation, sources and evidence.
 */
function validatedRow(input: AddMembershipInput): MembershipEntity {
  const start = startOfInput(input);
  const sources = checkSources(input.sources, 'input.sources');
  const { deliberation } = input;
  requireBasis(
    input.territoryId,
    basisOf({ deliberation: deliberation != null, sources: sources.length }),
    'input.deliberation',
  );
  if (deliberation) checkDeliberation(deliberation, 'input.deliberation');
  const evidence = checkEvidence(
    input.evidence,
    { sources: sources.length, yearOnly: start.since === null },
    'input.evidence',
  );
  return Object.assign(new MembershipEntity(), {
    territoryId: input.territoryId,
    networkId: input.networkId,
    ...start,
    until: null,
    role: input.role,
    deliberationDate: deliberation?.date ?? null,
    deliberationSession: deliberation?.session ?? null,
    deliberationReference: deliberation?.reference ?? null,
    sources,
    reference: optionalText(input.reference, 'input.reference', 200),
    evidence,
    isDemo: false,
    voidedOn: null,
    voidReason: null,
    version: 1,
  });
}

/** BAD_USER_INPUT naming the field for a correction that cannot be: nothing given, or null where it may not be. */
function validateCorrection(input: CorrectMembershipInput): void {
  const given = Object.values(input).some((value) => value !== undefined);
  if (!given) throw new BadUserInputError('Give at least one field to correct', 'input');
  if (input.since === null) throw new BadUserInputError('A membership has a start date', 'input.since');
  if (input.sinceYear === null)
    throw new BadUserInputError('A membership has a start year', 'input.sinceYear');
  // A day, a year only, or both agreeing, as `addMembership` takes them.
  if (input.since != null || input.sinceYear != null) startOfInput(input);
  if (input.role === null) throw new BadUserInputError('A membership has a role', 'input.role');
  if (input.deliberation) checkDeliberation(input.deliberation, 'input.deliberation');
}

/** The evidence columns as the audit trail compares them. */
const evidenceFacts = ({ quote, caveats, note }: EvidenceColumns) => ({ quote, caveats, note });
