import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { actsForTerritory, ensure, isSupervisor, type Viewer } from '../shared/identity';
import { permission, update, type Permission } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { checkText } from '../shared/writes';
import { formatAmount } from './money';
import { moneyLoaders } from './money.loaders';
import {
  ANY_STEP_CORRECTOR,
  CORRECTORS,
  correctorsInWords,
  mayCorrect,
  stepCorrectors,
  stepKind,
  type Concerned,
  type Corrector,
} from './correction.rules';
import {
  planActionCorrection,
  planDeliberationCorrection,
  planStepCorrection,
  standing,
  voidActionOf,
  voidDeliberationOf,
  voidLastStep,
  type ActionFix,
  type Correction,
} from './correction.changes';
import {
  ActionCorrectionInput,
  DeliberationCorrectionInput,
  VoidedRecord,
  VoidedRecordKind,
} from './correction.types';
import { PartyRole } from './enums';
import type { DeliberationRow } from './lifecycle.entity';
import type { Loaders } from './loaders';
import { Partnership, PartnershipPartyRow } from './partnership.entity';

type Context = SubgraphContext<Loaders>;

/**
 * Corrections of what was recorded about an agreement (issue 11, part 3): a council's deliberation, an
 * action, a step of the legal path. A record made in error is voided — kept in the database with the day
 * and the reason, gone from `steps`, `actions`, `deliberations` and every count — and a wrong one is
 * corrected. Each goes through the write pipeline with the agreement as target: role-checked against the
 * table of `correction.rules.ts`, versioned (the agreement's version goes up), audited with the reason and
 * who, and what derives from the records (status, `signedOn`, `lastActionOn`, the DELIBERATED step) is
 * recomputed in the same transaction.
 */

const idArg = { description: 'The agreement.' };
const expectedVersionArg = {
  description: "The agreement's `version` the correction is based on; a stale one gets CONFLICT.",
};
const reasonArg = {
  description: 'Why the record is void (recorded in error); kept with it and in the audit trail.',
};
const positionArg = {
  description:
    'The step, by its index in `steps` as last read (0 for the first); voided steps are not counted.',
};

/**
 * The parties of an agreement, and the councils a correction is about: its Moroccan parties, or the one
 * of them named (`only`) — a territory that is not a Moroccan party concerns no council.
 */
async function concernedBy(manager: EntityManager, partnershipId: string, only?: string) {
  const parties = await manager.find(PartnershipPartyRow, { where: { partnershipId } });
  const moroccan = parties
    .filter((row) => row.role === PartyRole.MOROCCAN_PARTY)
    .map((row) => row.territoryId);
  return {
    parties: parties.map((row) => row.territoryId),
    councils: only === undefined ? moroccan : moroccan.filter((id) => id === only),
  } satisfies Concerned;
}

function verdict(
  actor: Viewer,
  correctors: readonly Corrector[],
  concerned: Concerned,
  what: string,
): Permission {
  return permission(
    mayCorrect(actor, correctors, concerned),
    `Only ${correctorsInWords(correctors, concerned.councils)} may ${what}`,
  );
}

@Resolver()
export class CorrectionResolver {
  @Mutation(() => Partnership, {
    description:
      "Voids a council's deliberation recorded in error; by an officer of that Moroccan party, or an " +
      'administrator. It is kept in the audit trail with the reason and leaves `deliberations`; if it ' +
      'completed the deliberations, the DELIBERATED step goes with it and the agreement returns to ' +
      'NEGOTIATION (or stays SIGNED when signed subject to deliberation). Refused once the ministry approved.',
  })
  async voidDeliberation(
    @Arg('id', () => ID, idArg) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('territoryId', () => ID, { description: 'The Moroccan party whose deliberation is void.' })
    territoryId: string,
    @Arg('reason', reasonArg) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let why = '';
    await update(ctx, {
      action: 'voidDeliberation',
      validate: () => void (why = checkText(reason, 'reason', 1000)),
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: async (actor, p, manager) =>
        verdict(
          actor,
          CORRECTORS.deliberation,
          await concernedBy(manager, p.id, territoryId),
          'void this deliberation',
        ),
      apply: (manager, p) => voidDeliberationOf(manager, p, territoryId, why),
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      "Corrects the date, session or reference of a council's deliberation; by an officer of that Moroccan " +
      'party, or an administrator. The DELIBERATED step follows (the date of the last deliberation).',
  })
  async correctDeliberation(
    @Arg('id', () => ID, idArg) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('territoryId', () => ID, { description: 'The Moroccan party whose deliberation is corrected.' })
    territoryId: string,
    @Arg('deliberation', () => DeliberationCorrectionInput, { description: 'What was wrong, corrected.' })
    input: DeliberationCorrectionInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    const next: Partial<Pick<DeliberationRow, 'date' | 'session' | 'reference'>> = {};
    let plan: Correction;
    await update(ctx, {
      action: 'correctDeliberation',
      validate: () => {
        if (input.date == null && input.session == null && input.reference == null) {
          throw new BadUserInputError('Give the date, session or reference to correct', 'deliberation');
        }
        if (input.date != null) next.date = input.date;
        if (input.session != null) next.session = checkText(input.session, 'deliberation.session', 200);
        if (input.reference != null)
          next.reference = checkText(input.reference, 'deliberation.reference', 200);
      },
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: async (actor, p, manager) =>
        verdict(
          actor,
          CORRECTORS.deliberation,
          await concernedBy(manager, p.id, territoryId),
          'correct this deliberation',
        ),
      dates: async (p, manager) =>
        (plan = await planDeliberationCorrection(manager, p, territoryId, next)).facts,
      apply: (manager) => plan.apply(manager),
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Voids an action recorded in error; by an officer of one of its parties, or an administrator. It is kept ' +
      'in the audit trail with the reason, leaves `actions` and no longer counts in `lastActionOn` (recomputed).',
  })
  async voidAction(
    @Arg('id', () => ID, idArg) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('actionId', () => ID, { description: 'The action, one of `actions`.' }) actionId: string,
    @Arg('reason', reasonArg) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let why = '';
    await update(ctx, {
      action: 'voidAction',
      validate: () => void (why = checkText(reason, 'reason', 1000)),
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: async (actor, p, manager) =>
        verdict(actor, CORRECTORS.action, await concernedBy(manager, p.id), 'void its actions'),
      apply: (manager, p) => voidActionOf(manager, p, actionId, why),
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Corrects an action recorded with a mistake (title, state or dates), also one already COMPLETED or ' +
      'ABANDONED; by an officer of one of its parties, or an administrator. `lastActionOn` is recomputed.',
  })
  async correctAction(
    @Arg('id', () => ID, idArg) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('actionId', () => ID, { description: 'The action, one of `actions`.' }) actionId: string,
    @Arg('action', () => ActionCorrectionInput, { description: 'What was wrong, corrected.' })
    input: ActionCorrectionInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    const fix: ActionFix = {};
    let plan: Correction;
    await update(ctx, {
      action: 'correctAction',
      validate: () => {
        if (Object.values(input).every((value) => value === undefined)) {
          throw new BadUserInputError(
            'Give what to correct: title, state, startedOn or completedOn',
            'action',
          );
        }
        if (input.state === null) throw new BadUserInputError('An action always has a state', 'action.state');
        if (input.title != null) fix.title = checkText(input.title, 'action.title', 500);
        if (input.state != null) fix.state = input.state;
        if (input.startedOn !== undefined) fix.startedOn = input.startedOn;
        if (input.completedOn !== undefined) fix.completedOn = input.completedOn;
      },
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: async (actor, p, manager) =>
        verdict(actor, CORRECTORS.action, await concernedBy(manager, p.id), 'correct its actions'),
      dates: async (p, manager) => (plan = await planActionCorrection(manager, p, actionId, fix)).facts,
      apply: (manager) => plan.apply(manager),
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Voids the last step of the legal path, recorded in error, and returns the agreement to the status ' +
      'before it (a signature voided: APPROVED again, `signedOn` and `year` cleared). Only the last step: the ' +
      'later steps rest on the earlier ones, so they are voided last first. By whoever takes such a step ' +
      '(the ministry for an approval, an officer of a party for a signature…) or an administrator.',
  })
  async voidStep(
    @Arg('id', () => ID, idArg) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('position', () => Int, positionArg) position: number,
    @Arg('reason', reasonArg) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let why = '';
    await update(ctx, {
      action: 'voidStep',
      validate: () => void (why = checkText(reason, 'reason', 1000)),
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: (actor, p, manager) => this.stepVerdict(actor, p, manager, position, 'void'),
      apply: (manager, p) => voidLastStep(manager, p, position, why),
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }

  @Mutation(() => Partnership, {
    description:
      'Corrects the date (and reference) of a step of the legal path: not before the step before it, not ' +
      'after the step after it, nor after today. A signature corrected moves `signedOn` and `year`. By ' +
      'whoever takes such a step, or an administrator.',
  })
  async correctStepDate(
    @Arg('id', () => ID, idArg) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('position', () => Int, positionArg) position: number,
    @Arg('date', () => LocalDateResolver, { description: 'The right date of the step.' }) date: string,
    @Arg('reference', () => String, {
      nullable: true,
      description: 'The right reference of the step (deliberation, approval, signature); absent: unchanged.',
    })
    reference: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let ref: string | undefined;
    let plan: Correction;
    await update(ctx, {
      action: 'correctStepDate',
      validate: () => void (ref = reference != null ? checkText(reference, 'reference', 200) : undefined),
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: (actor, p, manager) => this.stepVerdict(actor, p, manager, position, 'correct'),
      dates: async (p, manager) => (plan = await planStepCorrection(manager, p, position, date, ref)).facts,
      apply: (manager) => plan.apply(manager),
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id });
  }

  /** Who may void or correct the step at `position`: who takes such steps (any of them if there is none). */
  private async stepVerdict(
    actor: Viewer,
    p: Partnership,
    manager: EntityManager,
    position: number,
    verb: string,
  ): Promise<Permission> {
    const steps = await standing.steps(manager, p.id);
    const step = steps[position];
    const kind = step && stepKind(step.status, steps[position - 1]?.status);
    const correctors = kind ? stepCorrectors(kind) : ANY_STEP_CORRECTOR;
    const what = kind ? `${verb} the ${kind} step` : `${verb} steps of this agreement`;
    return verdict(actor, correctors, await concernedBy(manager, p.id), what);
  }
}

const voidedRecord = (
  kind: VoidedRecordKind,
  description: string,
  date: string | null,
  row: { voidedOn?: string | null; voidReason?: string | null },
): VoidedRecord => ({ kind, description, date, voidedOn: row.voidedOn!, reason: row.voidReason ?? '' });

@Resolver(() => Partnership)
export class VoidedRecordsResolver {
  @FieldResolver(() => [VoidedRecord], {
    nullable: true,
    description:
      'The records of the agreement voided as recorded in error (deliberations, actions, steps, budget ' +
      'lines), the latest voided first: for officers of its parties, the ministry and administrators (null ' +
      'with a FORBIDDEN error for anyone else).',
  })
  async voidedRecords(@Root() p: Partnership, @Ctx() ctx: Context): Promise<VoidedRecord[]> {
    const { loaders, viewer } = ctx;
    const parties = await loaders.parties.load(p.id);
    ensure(
      isSupervisor(viewer) || parties.some((row) => actsForTerritory(viewer, row.territoryId)),
      'The voided records of an agreement are for its parties and the ministry',
    );
    const [deliberations, actions, steps, funding] = await Promise.all([
      loaders.voidedDeliberations.load(p.id),
      loaders.voidedActions.load(p.id),
      loaders.voidedSteps.load(p.id),
      moneyLoaders(ctx).voidedFundingOfPartnership.load(p.id),
    ]);
    const records = [
      ...deliberations.map((row) =>
        voidedRecord(VoidedRecordKind.DELIBERATION, `deliberation of ${row.territoryId}`, row.date, row),
      ),
      ...actions.map((row) =>
        voidedRecord(VoidedRecordKind.ACTION, `action “${row.title}”`, row.startedOn ?? row.completedOn, row),
      ),
      ...steps.map((row) => voidedRecord(VoidedRecordKind.STEP, `${row.status} step`, row.date, row)),
      ...funding.map((row) =>
        voidedRecord(
          VoidedRecordKind.FUNDING,
          `budget line of ${formatAmount(row.amountMinor, row.currency)} ${row.currency}`,
          null,
          row,
        ),
      ),
    ];
    // Stable: records voided the same day keep the order above.
    return records.sort((a, b) => (a.voidedOn < b.voidedOn ? 1 : a.voidedOn > b.voidedOn ? -1 : 0));
  }
}
