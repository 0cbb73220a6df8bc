import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { In, type EntityManager } from 'typeorm';
import { BadUserInputError, ConflictError } from '../shared/errors';
import type { Viewer } from '../shared/identity';
import { create, permission, update, type Permission } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { checkText, diff, newId } from '../shared/writes';
import { checkSources } from '../shared/source';
import { ActionState, PartnershipKind, PartnershipStatus } from './enums';
import { checkStep, mayTake, ruleOf, UNSIGNED, type StepName } from './legal-path';
import {
  actionDates,
  checkCompletion,
  checkFacets,
  checkParties,
  checkSdgTarget,
  expectedVersionArg,
  facetValues,
  idempotencyKeyArg,
  insertPartnership,
  lastActionOnIn,
  partiesOf,
  partyIdsOf,
  replaceFacets,
} from './lifecycle';
import {
  CreatePartnershipInput,
  RecordActionInput,
  UpdateActionInput,
  UpdatePartnershipInput,
} from './lifecycle.types';
import type { Loaders } from './loaders';
import {
  CommitmentRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipSourceRow,
  siteOf,
} from './partnership.entity';

type Context = SubgraphContext<Loaders>;

const loadPartnership = (ctx: Context, id: string) =>
  ctx.db.getRepository(Partnership).findOneByOrFail({ id });

const WHO_MAY: Partial<Record<StepName, string>> = {
  edit: 'Only an officer of one of its parties may edit this agreement',
  renew: 'Only an officer of one of its parties may renew this agreement',
  amend: 'Only an officer of one of its parties may amend this agreement',
  recordAction: 'Only an officer of one of its parties may record its actions',
};

/** The pipeline's `authorize` for a step of the legal path taken by the agreement's parties. */
const partiesMay =
  (step: StepName, message = WHO_MAY[step]!) =>
  async (actor: Viewer, p: Partnership, manager: EntityManager): Promise<Permission> =>
    permission(mayTake(ruleOf(step), actor, { parties: await partyIdsOf(manager, p.id) }), message);

/** The rows of the lists `updatePartnership` replaces (commitments, sources), with what they were. */
async function replaceRows<T extends CommitmentRow | PartnershipSourceRow>(
  manager: EntityManager,
  entity: new () => T,
  partnershipId: string,
  rows: Omit<T, 'partnershipId' | 'position'>[],
): Promise<unknown[]> {
  const before = await manager.find(entity, {
    where: { partnershipId } as never,
    order: { position: 'ASC' } as never,
  });
  await manager.delete(entity, { partnershipId } as never);
  if (rows.length) {
    await manager.insert(entity, rows.map((row, position) => ({ ...row, partnershipId, position })) as never);
  }
  return before.map(({ partnershipId: _, position: __, ...rest }) => rest);
}

/**
 * The writes that make or edit agreements (create, edit before signature, renew, amend) and record their
 * actions, each a declaration run by the write pipeline; the legal path (`legal-path.ts`) says from which
 * status and by whom.
 */
@Resolver()
export class PartnershipWriteResolver {
  @Mutation(() => Partnership, {
    description: 'Creates an agreement as a DRAFT; by an officer of one of its parties.',
  })
  async createPartnership(
    @Arg('input', () => CreatePartnershipInput, { description: 'The agreement.' })
    input: CreatePartnershipInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let title = '';
    const parties = input.parties.map((party) => party.territoryId);
    const id = await create(ctx, {
      action: 'createPartnership',
      validate() {
        title = checkText(input.title, 'input.title', 500);
        if (input.kind === PartnershipKind.AMENDMENT)
          throw new BadUserInputError('An amendment is made with amendPartnership', 'input.kind');
        checkFacets(input, 'input');
      },
      permit: (actor) =>
        permission(
          mayTake(ruleOf('create'), actor, { parties }),
          'Only an officer of one of its parties may create an agreement',
        ),
      get references() {
        return checkParties(input.parties);
      },
      idempotency: { key: idempotencyKey, input },
      dates: () => [
        {
          field: 'input.endsOn',
          date: input.endsOn,
          notBefore: [{ date: input.startsOn, what: 'input.startsOn' }],
          mayBeFuture: true,
        },
      ],
      async create(manager) {
        const id = await insertPartnership(manager, {
          kind: input.kind,
          title,
          summary: input.summary?.trim() || null,
          status: PartnershipStatus.DRAFT,
          startsOn: input.startsOn,
          endsOn: input.endsOn,
          parties: input.parties,
          themes: input.themes,
          sdgs: input.sdgs,
        });
        const changes = diff({}, { ...input, title, status: PartnershipStatus.DRAFT });
        return { id, audits: [{ type: 'Partnership', id, changes, version: 1 }] };
      },
    });
    return loadPartnership(ctx, id);
  }

  @Mutation(() => Partnership, {
    description:
      'Edits an agreement before its signature (its text, kind, dates, themes, SDGs and targets, modalities, ' +
      'commitments, sources); by an officer of one of its parties.',
  })
  async updatePartnership(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdatePartnershipInput, { description: 'What to change.' })
    input: UpdatePartnershipInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    const set: Partial<Partnership> = {};
    await update(ctx, {
      action: 'updatePartnership',
      validate() {
        if (input.title != null) set.titleFr = checkText(input.title, 'input.title', 500);
        if (input.summary != null) set.summary = input.summary.trim() || null;
        if (input.startsOn !== undefined) set.startsOn = input.startsOn;
        if (input.endsOn !== undefined) set.endsOn = input.endsOn;
        if (input.kind === PartnershipKind.AMENDMENT)
          throw new BadUserInputError('An amendment is made with amendPartnership', 'input.kind');
        if (input.kind != null) set.kind = input.kind;
        checkFacets(input, 'input');
        input.sdgTargets?.forEach((code, i) => checkSdgTarget(code, `input.sdgTargets[${i}]`));
        input.commitments?.forEach((c, i) => {
          c.description = checkText(c.description, `input.commitments[${i}].description`, 2000);
        });
        if (input.sources) input.sources = checkSources(input.sources, 'input.sources');
      },
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: partiesMay('edit'),
      dates: (p) => [
        {
          field: 'input.endsOn',
          date: 'endsOn' in set ? set.endsOn : p.endsOn,
          notBefore: [{ date: 'startsOn' in set ? set.startsOn : p.startsOn, what: 'startsOn' }],
          mayBeFuture: true,
        },
      ],
      apply: (manager, p) => applyEdit(manager, p, input, set),
    });
    return loadPartnership(ctx, id);
  }

  @Mutation(() => Partnership, {
    description:
      'Renews a signed agreement: a new DRAFT with the same parties, themes and SDGs, linked to it by `renews`; ' +
      'its signature supersedes this one. One open renewal (not yet signed, not terminated) at a time: another ' +
      'is refused with CONFLICT. By an officer of one of its parties.',
  })
  async renewPartnership(
    @Arg('id', () => ID, { description: 'The agreement renewed.' }) id: string,
    @Arg('title', () => String, {
      nullable: true,
      description: 'The title of the renewal; default the same.',
    })
    title: string | null,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    const renewalId = await update(ctx, {
      action: 'renewPartnership',
      validate() {
        if (title != null) title = checkText(title, 'title', 500);
      },
      idempotency: { key: idempotencyKey, input: { id, title } },
      // Without expectedVersion: the renewed agreement's version still goes up, so of two renewals at once
      // the second gets CONFLICT instead of a second open renewal.
      target: { entity: Partnership, type: 'Partnership', id },
      authorize: partiesMay('renew'),
      async apply(manager, p) {
        checkStep(ruleOf('renew'), p);
        const open = await manager.findOneBy(Partnership, { renewsId: id, status: In([...UNSIGNED]) });
        if (open) {
          throw new ConflictError(
            `The agreement already has an open renewal ("${open.id}", ${open.status}): carry it on, or ` +
              'terminate it, before renewing again',
          );
        }
        const renewal = await derive(manager, p, {
          kind: p.kind,
          title: title ?? p.titleFr ?? p.titleEn ?? p.id,
          summary: p.summary,
          renewsId: p.id,
        });
        return {
          changes: { renewal: { from: null, to: renewal } },
          resultId: renewal,
          audits: [
            {
              type: 'Partnership',
              id: renewal,
              changes: diff({}, { status: PartnershipStatus.DRAFT, renewsId: p.id }),
              version: 1,
            },
          ],
        };
      },
    });
    return loadPartnership(ctx, renewalId);
  }

  @Mutation(() => Partnership, {
    description:
      'Amends a SIGNED or ACTIVE agreement: a new DRAFT of kind AMENDMENT (avenant) with the same parties, ' +
      'linked to it by `amends`, that follows its own legal path. By an officer of one of its parties.',
  })
  async amendPartnership(
    @Arg('id', () => ID, { description: 'The agreement amended.' }) id: string,
    @Arg('title', { description: 'The title of the amendment.' }) title: string,
    @Arg('summary', () => String, { nullable: true, description: 'What the amendment changes.' })
    summary: string | null,
    @Arg('idempotencyKey', () => String, {
      description:
        'A key of your choosing (8–200 characters), unique per amendment: a retry with the same key and input ' +
        'returns the amendment made the first time; another input under it is refused (IDEMPOTENCY_KEY_REUSED).',
    })
    idempotencyKey: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let text = '';
    const amendmentId = await update(ctx, {
      action: 'amendPartnership',
      validate() {
        text = checkText(title, 'title', 500);
      },
      idempotency: { key: idempotencyKey, input: { id, title, summary } },
      target: { entity: Partnership, type: 'Partnership', id },
      authorize: partiesMay('amend'),
      async apply(manager, p) {
        checkStep(ruleOf('amend'), p);
        const amendment = await derive(manager, p, {
          kind: PartnershipKind.AMENDMENT,
          title: text,
          summary: summary?.trim() || null,
          amendsId: p.id,
        });
        return {
          changes: { amendment: { from: null, to: amendment } },
          resultId: amendment,
          audits: [
            {
              type: 'Partnership',
              id: amendment,
              changes: diff(
                {},
                { status: PartnershipStatus.DRAFT, kind: PartnershipKind.AMENDMENT, amendsId: p.id },
              ),
              version: 1,
            },
          ],
        };
      },
    });
    return loadPartnership(ctx, amendmentId);
  }

  @Mutation(() => Partnership, {
    description:
      'Records an action under a signed agreement; by an officer of one of its parties. A PLANNED action may ' +
      'start after today; only started or completed actions dated up to today count in `lastActionOn`.',
  })
  async recordAction(
    @Arg('id', () => ID, { description: 'The agreement.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('action', () => RecordActionInput, { description: 'The action.' }) input: RecordActionInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let title = '';
    await update(ctx, {
      action: 'recordAction',
      validate() {
        title = checkText(input.title, 'action.title', 500);
        checkCompletion(input.state, input.completedOn, 'action.completedOn');
      },
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: partiesMay('recordAction'),
      dates: (p) => actionDates(p, input, 'action'),
      async apply(manager, p) {
        checkStep(ruleOf('recordAction'), p);
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
        const lastActionOn = await lastActionOnIn(manager, id);
        return {
          set: { lastActionOn },
          changes: {
            ...diff({ action: null }, { action: { id: actionId, ...input, title } }),
            ...diff({ lastActionOn: p.lastActionOn }, { lastActionOn }),
          },
        };
      },
    });
    return loadPartnership(ctx, id);
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
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let action!: PartnershipActionRow;
    let next!: Pick<PartnershipActionRow, 'title' | 'state' | 'startedOn' | 'completedOn'>;
    await update(ctx, {
      action: 'updateAction',
      validate() {
        if (input.title != null) input.title = checkText(input.title, 'input.title', 500);
      },
      target: { entity: Partnership, type: 'Partnership', id, expectedVersion },
      authorize: partiesMay(
        'recordAction',
        'Only an officer of one of its parties may record the progress of its actions',
      ),
      // The action's dates depend on the action: it is read (and its state checked) here, before apply.
      async dates(p, manager) {
        const row = await manager.findOneBy(PartnershipActionRow, { id: actionId, partnershipId: id });
        if (!row || row.voidedOn != null)
          throw new BadUserInputError(`The agreement has no action "${actionId}"`, 'actionId');
        if (row.state === ActionState.COMPLETED || row.state === ActionState.ABANDONED)
          throw new BadUserInputError(`The action is ${row.state} and changes no more`, 'actionId');
        action = row;
        next = {
          title: input.title ?? row.title,
          state: input.state ?? row.state,
          startedOn: input.startedOn !== undefined ? input.startedOn : row.startedOn,
          completedOn: input.completedOn !== undefined ? input.completedOn : row.completedOn,
        };
        checkCompletion(next.state, next.completedOn, 'input.completedOn');
        return actionDates(p, next, 'input');
      },
      async apply(manager, p) {
        checkStep(ruleOf('recordAction'), p);
        await manager.update(PartnershipActionRow, { id: actionId }, next);
        const lastActionOn = await lastActionOnIn(manager, id);
        const { title, state, startedOn, completedOn } = action;
        return {
          set: { lastActionOn },
          changes: {
            actionId,
            ...diff(
              { title, state, startedOn, completedOn, lastActionOn: p.lastActionOn },
              { ...next, lastActionOn },
            ),
          },
        };
      },
    });
    return loadPartnership(ctx, id);
  }
}

/** A renewal or an amendment of `p`: a DRAFT with its parties, themes and SDGs. */
async function derive(
  manager: EntityManager,
  p: Partnership,
  values: {
    kind: PartnershipKind;
    title: string;
    summary: string | null;
    renewsId?: string;
    amendsId?: string;
  },
): Promise<string> {
  const parties = await partiesOf(manager, p.id);
  return insertPartnership(manager, {
    ...values,
    status: PartnershipStatus.DRAFT,
    parties: parties.map((row) => ({ territoryId: row.territoryId, role: row.role })),
    themes: await facetValues(manager, PartnershipFacetRow, p.id, 'theme'),
    sdgs: await facetValues(manager, PartnershipFacetRow, p.id, 'sdg'),
  });
}

/** The change of `updatePartnership`, once the legal path allows it. */
async function applyEdit(
  manager: EntityManager,
  p: Partnership,
  input: UpdatePartnershipInput,
  set: Partial<Partnership>,
) {
  checkStep(ruleOf('edit'), p);
  if (set.kind && set.kind !== p.kind && p.kind === PartnershipKind.AMENDMENT)
    throw new BadUserInputError('An amendment stays an AMENDMENT', 'input.kind');
  const pick = (row: Partial<Partnership>) => ({
    title: row.titleFr,
    summary: row.summary,
    kind: row.kind,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
  });
  const before: Record<string, unknown> = pick(p);
  const after: Record<string, unknown> = pick({ ...p, ...set });
  for (const [field, kind] of [
    ['themes', 'theme'],
    ['sdgs', 'sdg'],
    ['sdgTargets', 'target'],
    ['modalities', 'modality'],
  ] as const) {
    const values = input[field];
    if (values == null) continue;
    before[field] = await replaceFacets(manager, PartnershipFacetRow, p.id, kind, values);
    after[field] = [...new Set(values.map(String))];
  }
  if (input.commitments != null) {
    const parties = await partyIdsOf(manager, p.id);
    input.commitments.forEach((c, i) => {
      if (!parties.includes(c.territoryId))
        throw new BadUserInputError(
          `${c.territoryId} is not a party to this agreement`,
          `input.commitments[${i}].territoryId`,
        );
    });
    const rows = input.commitments.map((c) => ({ territoryId: c.territoryId, description: c.description }));
    before.commitments = await replaceRows(manager, CommitmentRow, p.id, rows);
    after.commitments = rows;
  }
  if (input.sources != null) {
    const rows = input.sources.map((s) => ({ url: s.url, title: s.title?.trim() || null }));
    const stored = rows.map((row) => ({ ...row, site: siteOf(row.url) }));
    const was = await replaceRows(manager, PartnershipSourceRow, p.id, stored);
    // The audit says what a reader sees of a source: its address and title (the site is read off the URL).
    before.sources = (was as Partial<PartnershipSourceRow>[]).map(({ url, title }) => ({ url, title }));
    after.sources = rows;
  }
  return { set, changes: diff(before, after) };
}
