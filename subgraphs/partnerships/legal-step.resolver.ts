import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { IsNull, type EntityManager } from 'typeorm';
import { checkDates } from '../shared/dates';
import { BadUserInputError } from '../shared/errors';
import { permission, update, type AuditNote } from '../shared/pipeline';
import type { Reference } from '../shared/references';
import type { SubgraphContext } from '../shared/server';
import { checkText, diff, today, updateVersioned } from '../shared/writes';
import { PartnershipStatus as S, PartyRole } from './enums';
import { SET_ASIDE_BY_REFUSAL } from './correction.rules';
import { allows, checkStep, mayTake, ruleOf, statusAfter, statusStep, type StepRule } from './legal-path';
import {
  appendStep,
  earlierSteps,
  expectedVersionArg,
  partiesOf,
  partyIdsOf,
  standingSteps,
  territoryReference,
} from './lifecycle';
import { DeliberationRow } from './lifecycle.entity';
import { DeliberationInput } from './lifecycle.types';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';

type Context = SubgraphContext<Loaders>;

/** The step an agreement records, and how the write changes it besides its status. */
interface StepPlan {
  /** The agreement's status after the step, when not the rule's (a deliberation not every council made yet). */
  status?: S;
  set?: Partial<Partnership>;
  /** The step appended to `steps`; null: none (yet). Default: the rule's status, with the write's date. */
  step?: { status: S; date: string; reference: string | null; note: string | null } | null;
  changes?: Record<string, unknown>;
  audits?: AuditNote[];
}

interface StepWrite {
  /** The rule of the step, given the agreement (some mutations take one of two steps). */
  rule: (p: Partnership) => StepRule;
  action: string;
  id: string;
  expectedVersion: number;
  date: string;
  /** The argument that carries the date. */
  dateField: string;
  reference?: string | null;
  /** The FORBIDDEN message. */
  forbidden: string;
  /** The Moroccan party the step is about (a deliberation). */
  moroccanParty?: string;
  validate?(): void;
  references?(): Reference[];
  plan?(manager: EntityManager, p: Partnership, rule: StepRule): Promise<StepPlan>;
}

/**
 * One step of the legal path through the write pipeline: who may take it and from which status is the
 * table's (`legal-path.ts`); its date is on or after every standing step of the agreement and not after
 * today; the step is appended to `steps` and the audit keeps its date and reference.
 */
function takeStep(ctx: Context, w: StepWrite): Promise<string> {
  return update(ctx, {
    action: w.action,
    validate: w.validate,
    get references() {
      return w.references?.() ?? [];
    },
    target: { entity: Partnership, type: 'Partnership', id: w.id, expectedVersion: w.expectedVersion },
    authorize: async (actor, p, manager) =>
      permission(
        mayTake(w.rule(p), actor, {
          parties: await partyIdsOf(manager, p.id),
          moroccanParty: w.moroccanParty,
        }),
        w.forbidden,
      ),
    dates: async (p, manager) => [
      {
        field: w.dateField,
        date: w.date,
        notBefore: await earlierSteps(manager, p.id),
        mayBeFuture: w.rule(p).mayBeFuture,
      },
    ],
    async apply(manager, p) {
      const rule = w.rule(p);
      checkStep(rule, p);
      const plan = (await w.plan?.(manager, p, rule)) ?? {};
      const status = plan.status ?? statusAfter(rule, p);
      const reference = w.reference ?? null;
      const step = plan.step === undefined ? { status, date: w.date, reference, note: null } : plan.step;
      if (step) await appendStep(manager, p.id, step.status, step.date, step.reference, step.note);
      const set = { ...plan.set, status };
      const pending = set.pendingRatification ?? p.pendingRatification;
      return {
        set,
        changes: {
          ...diff(
            { status: p.status, pendingRatification: p.pendingRatification, date: null, reference: null },
            { status, pendingRatification: pending, date: w.date, reference },
          ),
          ...plan.changes,
        },
        audits: plan.audits,
      };
    },
  });
}

const loadPartnership = (ctx: Context, id: string) =>
  ctx.db.getRepository(Partnership).findOneByOrFail({ id });

const dateArg = (what: string) => ({ description: `The date of the ${what} (not after today).` });

/** When the agreement is signed subject to deliberation and not yet ratified. */
const pendingSignature = (p: Partnership) => p.status === S.SIGNED && p.pendingRatification;

/** The standing deliberations of an agreement. */
async function deliberationsOf(manager: EntityManager, partnershipId: string): Promise<DeliberationRow[]> {
  // In the order they were taken (then by council): the DELIBERATED step lists them so on every engine.
  const rows = await manager.find(DeliberationRow, {
    where: { partnershipId },
    order: { date: 'ASC', territoryId: 'ASC' },
  });
  return rows.filter((row) => row.voidedOn == null);
}

/**
 * The ministry approves what every Moroccan council deliberated: a standing deliberation of each Moroccan
 * party, whatever the status says (a status replayed by a correction must not open the way to an approval
 * nobody deliberated).
 */
async function checkEveryCouncilDeliberated(manager: EntityManager, partnershipId: string): Promise<void> {
  const standing = new Set((await deliberationsOf(manager, partnershipId)).map((row) => row.territoryId));
  const missing = (await partiesOf(manager, partnershipId))
    .filter((party) => party.role === PartyRole.MOROCCAN_PARTY && !standing.has(party.territoryId))
    .map((party) => party.territoryId);
  if (missing.length) {
    throw new BadUserInputError(
      `No standing deliberation of ${missing.join(', ')}: every Moroccan council deliberates ` +
        '(recordDeliberation) before the approval',
      'id',
    );
  }
}

/**
 * A renewal's signature supersedes the agreement it renews (`legal-path.ts`, step `supersede`), on the
 * signature's date, which may not precede the renewed agreement's own steps. A renewed agreement already
 * terminated (or superseded) stays so.
 */
async function supersede(manager: EntityManager, renewal: Partnership, date: string): Promise<AuditNote[]> {
  if (!renewal.renewsId) return [];
  const renewed = await manager.findOneBy(Partnership, { id: renewal.renewsId });
  if (!renewed || !allows(ruleOf('supersede'), renewed)) return [];
  const steps = await earlierSteps(manager, renewed.id);
  checkDates([
    { field: 'date', date, notBefore: steps.map((s) => ({ ...s, what: `the renewed ${s.what.slice(4)}` })) },
  ]);
  const version = await updateVersioned(manager, Partnership, renewed.id, renewed.version, {
    status: S.SUPERSEDED,
  });
  await appendStep(manager, renewed.id, S.SUPERSEDED, date, null, `Superseded by its renewal ${renewal.id}`);
  return [
    {
      type: 'Partnership',
      id: renewed.id,
      changes: diff(
        { status: renewed.status, supersededBy: null },
        { status: S.SUPERSEDED, supersededBy: renewal.id },
      ),
      version,
    },
  ];
}

/**
 * The steps of the legal path after the drafting: council deliberations, the ministry's approval or
 * refusal, the signature, and the statuses set afterwards; each a declaration of `takeStep`.
 */
@Resolver()
export class LegalStepResolver {
  @Mutation(() => Partnership, {
    description:
      "Records the council deliberation of a Moroccan party, by that party's officer, while the agreement is in " +
      'NEGOTIATION (once every Moroccan party has deliberated it is DELIBERATED), or after a signature subject ' +
      'to deliberation (it stays SIGNED; the step is recorded, and the ministry may then approve). Its date is ' +
      'on or after every earlier step of the agreement and not after today.',
  })
  async recordDeliberation(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('deliberation', () => DeliberationInput, { description: 'The deliberation.' })
    input: DeliberationInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let session = '';
    let reference = '';
    await takeStep(ctx, {
      rule: (p) => ruleOf(pendingSignature(p) ? 'deliberateAfterSignature' : 'deliberate'),
      action: 'recordDeliberation',
      id,
      expectedVersion,
      date: input.date,
      dateField: 'deliberation.date',
      forbidden: `Only an officer of ${input.territoryId} may record its council's deliberation`,
      moroccanParty: input.territoryId,
      validate() {
        session = checkText(input.session, 'deliberation.session', 200);
        reference = checkText(input.reference, 'deliberation.reference', 200);
      },
      references: () => [territoryReference(input.territoryId, 'deliberation.territoryId')],
      async plan(manager, p, rule) {
        const moroccan = (await partiesOf(manager, id))
          .filter((row) => row.role === PartyRole.MOROCCAN_PARTY)
          .map((row) => row.territoryId);
        if (!moroccan.includes(input.territoryId)) {
          throw new BadUserInputError(
            `${input.territoryId} is not a Moroccan party to this agreement`,
            'deliberation.territoryId',
          );
        }
        // One deliberation per council: a new one (of a renegotiated text) replaces it; the audit keeps both.
        await manager.delete(DeliberationRow, { partnershipId: id, territoryId: input.territoryId });
        await manager.insert(DeliberationRow, {
          partnershipId: id,
          territoryId: input.territoryId,
          date: input.date,
          session,
          reference,
        });
        const done = await deliberationsOf(manager, id);
        const all = moroccan.every((t) => done.some((d) => d.territoryId === t));
        const deliberation = { ...input, session, reference };
        const changes = { deliberation: { from: null, to: deliberation } };
        if (!all) return { status: p.status, step: null, changes };
        return {
          status: statusAfter(rule, p),
          step: {
            status: S.DELIBERATED,
            date: done
              .map((d) => d.date)
              .sort()
              .at(-1)!,
            reference: done.map((d) => d.reference).join('; '),
            note: `Deliberated by ${done.map((d) => d.territoryId).join(', ')}`,
          },
          changes,
        };
      },
    });
    return loadPartnership(ctx, id);
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
    @Arg('date', () => LocalDateResolver, dateArg('approval')) date: string,
    @Arg('reference', { description: 'The reference of the approval decision.' }) reference: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let ref = '';
    await takeStep(ctx, {
      rule: (p) => ruleOf(pendingSignature(p) ? 'ratify' : 'approve'),
      action: 'approvePartnership',
      id,
      expectedVersion,
      date,
      dateField: 'date',
      get reference() {
        return ref;
      },
      forbidden: 'Only the ministry (the supervisory authority) may approve an agreement',
      validate() {
        ref = checkText(reference, 'reference', 200);
      },
      async plan(manager, p) {
        await checkEveryCouncilDeliberated(manager, id);
        if (!pendingSignature(p)) return {};
        const steps = await standingSteps(manager, id);
        const signature = steps.findLastIndex((s) => s.status === S.SIGNED);
        if (!steps.slice(signature + 1).some((s) => s.status === S.DELIBERATED)) {
          throw new BadUserInputError(
            'The agreement was signed subject to deliberation: every Moroccan party must deliberate ' +
              '(recordDeliberation) before the approval',
            'id',
          );
        }
        return {
          set: { pendingRatification: false },
          step: { status: S.APPROVED, date, reference: ref, note: null },
        };
      },
    });
    return loadPartnership(ctx, id);
  }

  @Mutation(() => Partnership, {
    description:
      'Refuses to approve a DELIBERATED agreement (the supervisory authority), with its reasons; by the ministry ' +
      'only. The agreement goes back to its parties in NEGOTIATION, the refusal shows in `steps` with its ' +
      'reasons, and its deliberations are set aside (kept in the audit trail): the councils deliberate the ' +
      'renegotiated text anew before the ministry is asked again.',
  })
  async refuseApproval(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('date', () => LocalDateResolver, dateArg('refusal')) date: string,
    @Arg('reasons', { description: 'Why the approval is refused: what the parties must change.' })
    reasons: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let text = '';
    await takeStep(ctx, {
      rule: () => ruleOf('refuseApproval'),
      action: 'refuseApproval',
      id,
      expectedVersion,
      date,
      dateField: 'date',
      forbidden: 'Only the ministry (the supervisory authority) may refuse to approve an agreement',
      validate() {
        text = checkText(reasons, 'reasons', 2000);
      },
      async plan(manager) {
        // Set aside, not deleted: voided with a reason a correction of the refusal recognizes.
        const setAside = await deliberationsOf(manager, id);
        await manager.update(
          DeliberationRow,
          { partnershipId: id, voidedOn: IsNull() },
          { voidedOn: date, voidReason: `${SET_ASIDE_BY_REFUSAL}: ${text}` },
        );
        return {
          step: {
            status: S.NEGOTIATION,
            date,
            reference: null,
            note: `Approval refused by the ministry: ${text}`,
          },
          changes: {
            reasons: { from: null, to: text },
            deliberations: {
              from: setAside.map(({ territoryId, date, session, reference }) => ({
                territoryId,
                date,
                session,
                reference,
              })),
              to: [],
            },
          },
        };
      },
    });
    return loadPartnership(ctx, id);
  }

  @Mutation(() => Partnership, {
    description:
      'Records the signature of an agreement; by an officer of one of its parties. Ordinary path: an APPROVED ' +
      'agreement. With `subjectToDeliberation`, an agreement in NEGOTIATION or DELIBERATED is signed before ' +
      'its councils deliberate and the ministry approves (the Fès – Montpellier 2025 protocol): it is SIGNED ' +
      'with `pendingRatification` until the approval, and cannot become ACTIVE before. The signature of a ' +
      'renewal supersedes the agreement it renews (SUPERSEDED).',
  })
  async signPartnership(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('date', () => LocalDateResolver, dateArg('signature')) date: string,
    @Arg('subjectToDeliberation', () => Boolean, {
      defaultValue: false,
      description:
        'Signed before the councils deliberated and the supervisory authority approved, subject to both ' +
        '(allowed from NEGOTIATION or DELIBERATED). False: the ordinary path, signed once APPROVED.',
    })
    subjectToDeliberation: boolean,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    await takeStep(ctx, {
      rule: () => ruleOf(subjectToDeliberation ? 'signSubjectToDeliberation' : 'sign'),
      action: 'signPartnership',
      id,
      expectedVersion,
      date,
      dateField: 'date',
      forbidden: 'Only an officer of one of its parties may sign this agreement',
      async plan(manager, p) {
        const audits = await supersede(manager, p, date);
        return {
          set: { signedOn: date, year: Number(date.slice(0, 4)), pendingRatification: subjectToDeliberation },
          step: {
            status: S.SIGNED,
            date,
            reference: null,
            note: subjectToDeliberation
              ? 'Signed subject to the deliberation of the councils and the approval of the supervisory authority'
              : null,
          },
          audits,
        };
      },
    });
    return loadPartnership(ctx, id);
  }

  @Mutation(() => Partnership, {
    description:
      'Moves an agreement along the steps the legal path sets by status (docs/LEGAL-PATH.md): DRAFT ⇄ ' +
      'NEGOTIATION; SIGNED or DORMANT → ACTIVE; ACTIVE → DORMANT; to EXPIRED or TERMINATED (an agreement signed ' +
      'subject to deliberation becomes ACTIVE only once approved). The date is not after today nor before the ' +
      'last step, and the audit keeps it. By an officer of a party, or the ministry.',
  })
  async setPartnershipStatus(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('status', () => S, { description: 'The new status.' }) status: S,
    @Arg('date', () => LocalDateResolver, {
      nullable: true,
      description: 'When it happened (not after today, not before the last step); default today.',
    })
    date: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    const rule = statusStep(status);
    await takeStep(ctx, {
      rule: () => rule!,
      action: 'setPartnershipStatus',
      id,
      expectedVersion,
      date: date ?? today(),
      dateField: 'date',
      forbidden:
        'Only an officer of one of its parties or the ministry may change the status of this agreement',
      validate() {
        if (!rule) {
          throw new BadUserInputError(
            `No step sets ${status}: it is reached by its own mutation (see docs/LEGAL-PATH.md)`,
            'status',
          );
        }
      },
    });
    return loadPartnership(ctx, id);
  }
}
