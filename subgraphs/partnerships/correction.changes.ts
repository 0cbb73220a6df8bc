import { IsNull, type EntityManager } from 'typeorm';
import { checkDates, type DatedFact, type EarlierFact } from '../shared/dates';
import { BadUserInputError } from '../shared/errors';
import type { AuditNote, Change } from '../shared/pipeline';
import { diff, today, updateVersioned } from '../shared/writes';
import { lastActionOnOf, replayPath, SET_ASIDE_BY_REFUSAL, stepKind } from './correction.rules';
import { actionDates, checkCompletion } from './lifecycle';
import { ActionState, PartnershipStatus, PartyRole } from './enums';
import { DeliberationRow } from './lifecycle.entity';
import { LegalStepRow, Partnership, PartnershipActionRow, PartnershipPartyRow } from './partnership.entity';

/**
 * What each correction does to an agreement's records, inside the write pipeline's transaction: which
 * rows stand, which refusals its state calls for, which rows it voids or changes, the dated facts it
 * declares, and what derives from the records (status, `signedOn`, `lastActionOn`, the DELIBERATED step),
 * recomputed, never left stale. `correction.resolver.ts` declares the mutations around them.
 */

const byPosition = { order: { position: 'ASC' as const } };

/** The rows of an agreement that stand (not voided), in their order. */
export const standing = {
  steps: (manager: EntityManager, partnershipId: string) =>
    manager.find(LegalStepRow, { where: { partnershipId, voidedOn: IsNull() }, ...byPosition }),
  actions: (manager: EntityManager, partnershipId: string) =>
    manager.find(PartnershipActionRow, { where: { partnershipId, voidedOn: IsNull() }, ...byPosition }),
  deliberations: (manager: EntityManager, partnershipId: string) =>
    manager.find(DeliberationRow, {
      where: { partnershipId, voidedOn: IsNull() },
      order: { date: 'ASC', territoryId: 'ASC' },
    }),
};

export const voided = (reason: string) => ({ voidedOn: today(), voidReason: reason });
const latestOf = <T extends { status: PartnershipStatus }>(steps: T[], status: PartnershipStatus) =>
  steps.filter((step) => step.status === status).at(-1);
const earliest = (dates: (string | null)[]) => dates.filter((d): d is string => !!d).sort()[0] ?? null;

/**
 * A correction planned in the pipeline's `dates` stage: the dated facts it declares, and how it applies
 * once they are checked.
 */
export interface Correction {
  facts: DatedFact[];
  apply(manager: EntityManager): Promise<Change<Partnership>>;
}

export async function standingDeliberation(
  manager: EntityManager,
  partnershipId: string,
  territoryId: string,
) {
  const row = await manager.findOneBy(DeliberationRow, { partnershipId, territoryId, voidedOn: IsNull() });
  if (!row) {
    throw new BadUserInputError(`No deliberation of ${territoryId} stands on this agreement`, 'territoryId');
  }
  return row;
}

export async function standingAction(manager: EntityManager, partnershipId: string, actionId: string) {
  const row = await manager.findOneBy(PartnershipActionRow, {
    id: actionId,
    partnershipId,
    voidedOn: IsNull(),
  });
  if (!row) throw new BadUserInputError(`The agreement has no action "${actionId}"`, 'actionId');
  return row;
}

function stepAt<T>(steps: T[], position: number): T {
  const step = steps[position];
  if (!step) {
    throw new BadUserInputError(
      `The agreement has ${steps.length} steps (positions 0 to ${steps.length - 1}): none at ${position}`,
      'position',
    );
  }
  return step;
}

export const deliberationFacts = (row: DeliberationRow) => ({
  territoryId: row.territoryId,
  date: row.date,
  session: row.session,
  reference: row.reference,
});
export const actionFacts = (row: PartnershipActionRow) => ({
  id: row.id,
  title: row.title,
  state: row.state,
  startedOn: row.startedOn,
  completedOn: row.completedOn,
});
const stepFacts = (row: LegalStepRow, position: number) => ({
  position,
  status: row.status,
  date: row.date,
  reference: row.reference,
});

/** `lastActionOn` recomputed from the standing actions, and its change for the audit. */
export async function activity(manager: EntityManager, p: Partnership) {
  const lastActionOn = lastActionOnOf(await standing.actions(manager, p.id));
  return { set: { lastActionOn }, changes: diff({ lastActionOn: p.lastActionOn }, { lastActionOn }) };
}

/**
 * The DELIBERATED step says when the last council deliberated and under which references: recomputed
 * from the standing deliberations whenever one is corrected.
 */
export async function refreshDeliberatedStep(manager: EntityManager, partnershipId: string): Promise<void> {
  const step = latestOf(await standing.steps(manager, partnershipId), PartnershipStatus.DELIBERATED);
  if (!step) return;
  const done = await standing.deliberations(manager, partnershipId);
  if (!done.length) return;
  await manager.update(
    LegalStepRow,
    { partnershipId, position: step.position },
    { date: done.at(-1)!.date, reference: done.map((d) => d.reference).join('; ') },
  );
}

/**
 * Voids a deliberation. When it completed the deliberations (the last step is DELIBERATED), that step is
 * voided with it and the agreement goes back to where it was (NEGOTIATION; SIGNED for an agreement signed
 * subject to deliberation). An approval rests on the deliberations: it is voided first.
 */
export async function voidDeliberationOf(
  manager: EntityManager,
  p: Partnership,
  territoryId: string,
  reason: string,
): Promise<Change<Partnership>> {
  const row = await standingDeliberation(manager, p.id, territoryId);
  const steps = await standing.steps(manager, p.id);
  const approval = latestOf(steps, PartnershipStatus.APPROVED);
  if (approval) {
    throw new BadUserInputError(
      `The approval of ${approval.date ?? 'an unknown date'} rests on this deliberation: void the steps from ` +
        'the approval on first (voidStep, the last first)',
      'territoryId',
      { conflictsWith: { what: 'the approval', date: approval.date } },
    );
  }
  await manager.update(DeliberationRow, { partnershipId: p.id, territoryId }, voided(reason));
  const last = steps.at(-1);
  if (last?.status !== PartnershipStatus.DELIBERATED) {
    return { changes: { reason, deliberation: { from: deliberationFacts(row), to: null } } };
  }
  await manager.update(
    LegalStepRow,
    { partnershipId: p.id, position: last.position },
    voided(`The deliberation of ${territoryId} was voided: ${reason}`),
  );
  const before = replayPath(steps.slice(0, -1));
  const set = before ? { status: before.status, pendingRatification: before.pendingRatification } : {};
  return {
    set,
    changes: {
      reason,
      deliberation: { from: deliberationFacts(row), to: null },
      step: { from: stepFacts(last, steps.length - 1), to: null },
      ...diff({ status: p.status }, { status: set.status ?? p.status }),
    },
  };
}

/**
 * A deliberation's date, session or reference corrected. Its date is after the (latest) entry into
 * negotiation — and after the signature when signed subject to deliberation — and not after the approval;
 * the DELIBERATED step follows (the date of the last deliberation, their references).
 */
export async function planDeliberationCorrection(
  manager: EntityManager,
  p: Partnership,
  territoryId: string,
  next: Partial<Pick<DeliberationRow, 'date' | 'session' | 'reference'>>,
): Promise<Correction> {
  const row = await standingDeliberation(manager, p.id, territoryId);
  const steps = await standing.steps(manager, p.id);
  const negotiation = latestOf(steps, PartnershipStatus.NEGOTIATION);
  const approval = latestOf(steps, PartnershipStatus.APPROVED);
  const signature = latestOf(steps, PartnershipStatus.SIGNED);
  const deliberated = latestOf(steps, PartnershipStatus.DELIBERATED);
  const afterSignature =
    !!signature && (p.pendingRatification || (!!deliberated && deliberated.position > signature.position));
  const notBefore: EarlierFact[] = [
    { date: negotiation?.date, what: "the agreement's entry into NEGOTIATION" },
  ];
  if (afterSignature) notBefore.push({ date: signature.date, what: 'the signature' });
  const notAfter = [{ date: approval?.date, what: 'the approval' }];
  return {
    facts: next.date ? [{ field: 'deliberation.date', date: next.date, notBefore, notAfter }] : [],
    async apply(manager) {
      await manager.update(DeliberationRow, { partnershipId: p.id, territoryId }, next);
      await refreshDeliberatedStep(manager, p.id);
      const before = deliberationFacts(row);
      return { changes: { territoryId, ...diff(before, { ...before, ...next }) } };
    },
  };
}

/** An action voided: it leaves `actions`, and `lastActionOn` is recomputed without it. */
export async function voidActionOf(
  manager: EntityManager,
  p: Partnership,
  actionId: string,
  reason: string,
): Promise<Change<Partnership>> {
  const row = await standingAction(manager, p.id, actionId);
  await manager.update(PartnershipActionRow, { id: actionId }, voided(reason));
  const { set, changes } = await activity(manager, p);
  return { set, changes: { reason, action: { from: actionFacts(row), to: null }, ...changes } };
}

/** What a correction of an action changes; absent: unchanged, null: cleared. */
export interface ActionFix {
  title?: string;
  state?: ActionState;
  startedOn?: string | null;
  completedOn?: string | null;
}

/**
 * An action corrected, also a settled one: started on or after the signature (after today only if
 * PLANNED), completed on or after its start and not after today, a completion date exactly when COMPLETED;
 * `lastActionOn` is recomputed.
 */
export async function planActionCorrection(
  manager: EntityManager,
  p: Partnership,
  actionId: string,
  fix: ActionFix,
): Promise<Correction> {
  const before = actionFacts(await standingAction(manager, p.id, actionId));
  const defined = Object.fromEntries(Object.entries(fix).filter(([, value]) => value !== undefined));
  const next = { ...before, ...defined };
  return {
    facts: actionDates(p, next, 'action'),
    async apply(manager) {
      checkCompletion(next.state, next.completedOn, 'action.completedOn');
      const { title, state, startedOn, completedOn } = next;
      await manager.update(PartnershipActionRow, { id: actionId }, { title, state, startedOn, completedOn });
      const { set, changes } = await activity(manager, p);
      return { set, changes: { actionId, ...diff(before, next), ...changes } };
    },
  };
}

/**
 * Voids a step recorded by mistake: only the last standing one (the steps after a step rest on it), and
 * the agreement returns to the status the steps before it lead to. A signature voided clears `signedOn`
 * and `year`. A step that follows from other records is voided through them: DELIBERATED through the
 * deliberations, and a signature only once the actions recorded under it are voided.
 */
export async function voidLastStep(
  manager: EntityManager,
  p: Partnership,
  position: number,
  reason: string,
): Promise<Change<Partnership>> {
  const steps = await standing.steps(manager, p.id);
  const step = stepAt(steps, position);
  const refuse = (message: string) => new BadUserInputError(message, 'position');
  if (position !== steps.length - 1) {
    const last = steps.at(-1)!;
    throw refuse(
      `Only the last step may be voided (position ${steps.length - 1}, ${last.status}): the steps after ` +
        `this ${step.status} rest on it; void them first, the last first`,
    );
  }
  if (position === 0) {
    throw refuse(
      'The first step records the agreement itself and cannot be voided: an agreement made by mistake is ' +
        'TERMINATED (setPartnershipStatus)',
    );
  }
  if (replayPath(steps)!.status !== p.status) {
    throw refuse(
      `The agreement is ${p.status} but its path ends with ${step.status}: its status was not set by this ` +
        'step, so voiding it would not say which status it returns to',
    );
  }
  if (step.status === PartnershipStatus.DELIBERATED && (await standing.deliberations(manager, p.id)).length) {
    throw refuse(
      "This step follows from the councils' deliberations: void the deliberation (voidDeliberation)",
    );
  }
  if (step.status === PartnershipStatus.SIGNED && (await standing.actions(manager, p.id)).length) {
    throw refuse('Actions were recorded under this signature: void them first (voidAction)');
  }
  const refusal = stepKind(step.status, steps.at(-2)?.status) === 'REFUSAL';
  if (refusal && (await standing.deliberations(manager, p.id)).length) {
    throw refuse('Councils deliberated again since the refusal: void those deliberations first');
  }
  const before = replayPath(steps.slice(0, -1))!;
  await manager.update(LegalStepRow, { partnershipId: p.id, position: step.position }, voided(reason));
  // The refusal set the deliberations aside: without it they stand again, as the DELIBERATED status says.
  if (refusal) await restoreSetAside(manager, p.id, refuse);
  // Only a signature or an approval changes whether ratification is pending: replaying a path that starts
  // at its signature (a registered or sourced agreement) would otherwise read as signed before deliberation.
  const ratifying = step.status === PartnershipStatus.SIGNED || step.status === PartnershipStatus.APPROVED;
  const set: Partial<Partnership> = {
    status: before.status,
    pendingRatification: ratifying ? before.pendingRatification : p.pendingRatification,
  };
  if (step.status === PartnershipStatus.SIGNED) Object.assign(set, { signedOn: before.signedOn, year: null });
  const was = {
    status: p.status,
    pendingRatification: p.pendingRatification,
    signedOn: p.signedOn,
    year: p.year,
  };
  const audits = step.status === PartnershipStatus.SIGNED ? await unsupersede(manager, p, reason) : [];
  return {
    set,
    changes: {
      reason,
      step: { from: stepFacts(step, position), to: null },
      ...diff(was, { ...was, ...set }),
    },
    audits,
  };
}

/**
 * The deliberations a refusal of approval set aside stand again — all of them, one for each Moroccan party,
 * or the void is refused: a council that deliberated anew since replaced its set-aside deliberation (one
 * row per council; the audit trail keeps it), and DELIBERATED without it would be untrue.
 */
async function restoreSetAside(
  manager: EntityManager,
  partnershipId: string,
  refuse: (message: string) => Error,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(DeliberationRow)
    .set({ voidedOn: null, voidReason: null })
    .where('partnership_id = :partnershipId AND void_reason LIKE :setAside', {
      partnershipId,
      setAside: `${SET_ASIDE_BY_REFUSAL}%`,
    })
    .execute();
  const standingCouncils = new Set(
    (await standing.deliberations(manager, partnershipId)).map((d) => d.territoryId),
  );
  const parties = await manager.findBy(PartnershipPartyRow, {
    partnershipId,
    role: PartyRole.MOROCCAN_PARTY,
  });
  const missing = parties.filter((party) => !standingCouncils.has(party.territoryId));
  if (missing.length) {
    throw refuse(
      `The deliberation of ${missing.map((m) => m.territoryId).join(', ')} set aside by the refusal was ` +
        'replaced since: the refusal can no longer be voided (the audit trail keeps both)',
    );
  }
}

/**
 * A renewal's signature voided: the agreement it superseded (`legal-path.ts`, step `supersede`) is in force
 * again, its SUPERSEDED step voided with the same reason and its status the one before.
 */
async function unsupersede(
  manager: EntityManager,
  renewal: Partnership,
  reason: string,
): Promise<AuditNote[]> {
  const found = await supersededBy(manager, renewal);
  const before = found && replayPath(found.earlier);
  if (!found || !before) return [];
  const { renewed, step } = found;
  await manager.update(
    LegalStepRow,
    { partnershipId: renewed.id, position: step.position },
    voided(`The signature of its renewal ${renewal.id} was voided: ${reason}`),
  );
  const version = await updateVersioned(manager, Partnership, renewed.id, renewed.version, {
    status: before.status,
  });
  const changes = diff(
    { status: renewed.status, supersededBy: renewal.id },
    { status: before.status, supersededBy: null },
  );
  return [{ type: 'Partnership', id: renewed.id, changes: { reason, ...changes }, version }];
}

/** The agreement a renewal superseded, with its SUPERSEDED step (its last) and the steps before it. */
async function supersededBy(manager: EntityManager, renewal: Partnership) {
  if (!renewal.renewsId) return null;
  const renewed = await manager.findOneBy(Partnership, { id: renewal.renewsId });
  if (renewed?.status !== PartnershipStatus.SUPERSEDED) return null;
  const steps = await standing.steps(manager, renewed.id);
  const step = steps.at(-1);
  if (step?.status !== PartnershipStatus.SUPERSEDED || !step.note?.includes(renewal.id)) return null;
  return { renewed, step, earlier: steps.slice(0, -1) };
}

/**
 * A step's date (and reference) corrected: between its neighbours, and not past what rests on it (the
 * deliberations after the entry into negotiation, the actions after the signature). A signature moves
 * `signedOn` and `year`. The DELIBERATED step follows from the deliberations: they are corrected instead.
 */
export async function planStepCorrection(
  manager: EntityManager,
  p: Partnership,
  position: number,
  date: string,
  reference: string | undefined,
): Promise<Correction> {
  const steps = await standing.steps(manager, p.id);
  const step = stepAt(steps, position);
  const deliberations = await standing.deliberations(manager, p.id);
  if (step.status === PartnershipStatus.DELIBERATED && deliberations.length) {
    throw new BadUserInputError(
      "This step's date is that of the last deliberation: correct the deliberation (correctDeliberation)",
      'position',
    );
  }
  const [previous, next] = [steps[position - 1], steps[position + 1]];
  const notBefore: EarlierFact[] = previous
    ? [{ date: previous.date, what: `the step before it (${previous.status})` }]
    : [];
  const notAfter: EarlierFact[] = next
    ? [{ date: next.date, what: `the step after it (${next.status})` }]
    : [];
  // The councils deliberate after the (latest) entry into negotiation, and after a signature subject to
  // their deliberation: such a step may not move past the first of them.
  const first = deliberations[0];
  const signedFirst =
    step.status === PartnershipStatus.SIGNED &&
    (p.pendingRatification ||
      steps.slice(position + 1).some((s) => s.status === PartnershipStatus.DELIBERATED));
  if (first && (step === latestOf(steps, PartnershipStatus.NEGOTIATION) || signedFirst)) {
    notAfter.push({ date: first.date, what: `the deliberation of ${first.territoryId}` });
  }
  if (step.status === PartnershipStatus.SIGNED) {
    const actions = await standing.actions(manager, p.id);
    notAfter.push({
      date: earliest(actions.flatMap((a) => [a.startedOn, a.completedOn])),
      what: 'the first action under it',
    });
  }
  return {
    facts: [{ field: 'date', date, notBefore, notAfter }],
    async apply(manager: EntityManager): Promise<Change<Partnership>> {
      const fixed = { date, reference: reference ?? step.reference };
      await manager.update(LegalStepRow, { partnershipId: p.id, position: step.position }, fixed);
      const set: Partial<Partnership> =
        step.status === PartnershipStatus.SIGNED ? { signedOn: date, year: Number(date.slice(0, 4)) } : {};
      const was = { date: step.date, reference: step.reference, signedOn: p.signedOn, year: p.year };
      const audits = step.status === PartnershipStatus.SIGNED ? await redateSuperseded(manager, p, date) : [];
      return {
        set,
        changes: { position, status: step.status, ...diff(was, { ...was, ...fixed, ...set }) },
        audits,
      };
    },
  };
}

/**
 * A renewal's signature redated: the agreement it superseded was superseded on that date, so its
 * SUPERSEDED step moves with it (not before that agreement's own earlier steps).
 */
async function redateSuperseded(
  manager: EntityManager,
  renewal: Partnership,
  date: string,
): Promise<AuditNote[]> {
  const found = await supersededBy(manager, renewal);
  if (!found || found.step.date === date) return [];
  const { renewed, step, earlier } = found;
  const previous = earlier.at(-1);
  checkDates([
    {
      field: 'date',
      date,
      notBefore: [{ date: previous?.date, what: `the ${previous?.status} step of the renewed agreement` }],
    },
  ]);
  await manager.update(LegalStepRow, { partnershipId: renewed.id, position: step.position }, { date });
  const version = await updateVersioned(manager, Partnership, renewed.id, renewed.version, {});
  return [
    {
      type: 'Partnership',
      id: renewed.id,
      changes: { supersededOn: { from: step.date, to: date } },
      version,
    },
  ];
}
