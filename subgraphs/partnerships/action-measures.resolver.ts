import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { update } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { checkSources, MAX_SOURCE_TITLE } from '../shared/source';
import { checkText, diff } from '../shared/writes';
import { ActionMeasureRow, type ActionDocument, type LocalActor } from './action-measures.entity';
import { MeasureActionInput } from './action-measures.inputs';
import { ActionOutputs, LocalActorOutput, MeasureTotals } from './action-measures.types';
import { Modality } from './enums';
import { moneyVerdict } from './funding.resolver';
import { checkCount } from './funding.rules';
import type { Loaders } from './loaders';
import { moneyLoaders } from './money.loaders';
import { Partnership, PartnershipActionRow, PartnershipPartyRow } from './partnership.entity';
import { PartnershipAction } from './partnership.types';
import { territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

const COUNTS = ['missions', 'expertDays', 'trainedWomen', 'trainedMen', 'institutionsSupported'] as const;
type CountField = (typeof COUNTS)[number];

/** A measure as the API and the audit trail see it (lists parsed). */
export type Measure = Record<CountField, number | null> & {
  modality: Modality | null;
  documents: ActionDocument[];
  localActors: LocalActor[];
};

export const measureOf = (row: ActionMeasureRow | null): Measure => ({
  modality: row?.modality ?? null,
  missions: row?.missions ?? null,
  expertDays: row?.expertDays ?? null,
  trainedWomen: row?.trainedWomen ?? null,
  trainedMen: row?.trainedMen ?? null,
  institutionsSupported: row?.institutionsSupported ?? null,
  documents: row ? (JSON.parse(row.documents) as ActionDocument[]) : [],
  localActors: row ? (JSON.parse(row.localActors) as LocalActor[]) : [],
});

/** The input checked on its own: counts, document links, actors' names (BAD_USER_INPUT naming the field). */
function checkMeasureInput(input: MeasureActionInput): void {
  if (Object.values(input).every((value) => value === undefined))
    throw new BadUserInputError('Give what the action is or produced', 'input');
  for (const field of COUNTS) checkCount(input[field], `input.${field}`);
  if (input.documents) {
    const documents = checkSources(input.documents, 'input.documents');
    // A document is named: its title is required (the shared check lets a source's title be absent).
    input.documents.forEach((doc, i) =>
      checkText(doc.title, `input.documents[${i}].title`, MAX_SOURCE_TITLE),
    );
    input.documents = documents.map(({ url, title }) => ({ url, title: title ?? '' }));
  }
  input.localActors?.forEach(
    (actor, i) => (actor.name = checkText(actor.name, `input.localActors[${i}].name`, 300)),
  );
}

/** The measure once `input` is applied to `before`: absent fields unchanged, null cleared. */
function measured(before: Measure, input: MeasureActionInput): Measure {
  const next: Measure = { ...before };
  if (input.modality !== undefined) next.modality = input.modality;
  for (const field of COUNTS) if (input[field] !== undefined) next[field] = input[field] ?? null;
  if (input.documents !== undefined)
    next.documents = (input.documents ?? []).map(({ title, url }) => ({ title, url }));
  if (input.localActors !== undefined)
    next.localActors = (input.localActors ?? []).map(({ name, kind, territoryId }) => ({
      name,
      kind,
      territoryId,
    }));
  return next;
}

/** The agreement of a standing action, or NOT_FOUND (the write's target is found through it). */
async function agreementOfAction(manager: EntityManager, actionId: string): Promise<string> {
  const action = await manager.findOneBy(PartnershipActionRow, { id: actionId });
  if (!action || action.voidedOn != null) throw new NotFoundError('Action', actionId);
  return action.partnershipId;
}

/** BAD_USER_INPUT unless every local actor belongs to a party's territory. */
async function checkActorsAreOfParties(manager: EntityManager, partnershipId: string, actors: LocalActor[]) {
  const parties = new Set(
    (await manager.find(PartnershipPartyRow, { where: { partnershipId } })).map((row) => row.territoryId),
  );
  actors.forEach((actor, i) => {
    if (!parties.has(actor.territoryId))
      throw new BadUserInputError(
        `"${actor.territoryId}" is not a party to the agreement: a local actor belongs to a party's territory`,
        `input.localActors[${i}].territoryId`,
      );
  });
}

/**
 * Actions measured as the field measures them (issue 12, part 5): what an action is (its modality), what
 * it produced (missions, expert-days, women and men trained, institutions supported, documents) and the
 * local actors it mobilised. Written by `measureAction` through the pipeline with the agreement as target.
 */
@Resolver()
export class ActionMeasuresWriteResolver {
  @Mutation(() => Partnership, {
    description:
      'Records what an action is and produced, and the local actors it mobilised; absent fields stay as they ' +
      'are. By an officer of one of the agreement’s parties, or an administrator (who may record actions).',
  })
  async measureAction(
    @Arg('actionId', () => ID, { description: 'The action (`Partnership.actions`).' }) actionId: string,
    @Arg('expectedVersion', () => Int, {
      description: "The agreement's `version` the measure is based on; a stale one gets CONFLICT.",
    })
    expectedVersion: number,
    @Arg('input', () => MeasureActionInput, { description: 'What the action is and produced.' })
    input: MeasureActionInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let partnershipId = '';
    await update(ctx, {
      action: 'measureAction',
      validate: () => checkMeasureInput(input),
      target: {
        entity: Partnership,
        type: 'Partnership',
        id: async (manager) => (partnershipId = await agreementOfAction(manager, actionId)),
        expectedVersion,
      },
      authorize: (actor, p, manager) =>
        moneyVerdict(manager, actor, p.id, 'measureAction', 'measure its actions'),
      async apply(manager, p) {
        const row = await manager.findOneBy(ActionMeasureRow, { actionId });
        const before = measureOf(row);
        const next = measured(before, input);
        await checkActorsAreOfParties(manager, p.id, next.localActors);
        const columns = {
          ...next,
          documents: JSON.stringify(next.documents),
          localActors: JSON.stringify(next.localActors),
        };
        if (row) await manager.update(ActionMeasureRow, { actionId }, columns);
        else await manager.insert(ActionMeasureRow, { actionId, partnershipId: p.id, ...columns });
        return { changes: { action: actionId, ...diff(before, next) } };
      },
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id: partnershipId });
  }
}

@Resolver(() => PartnershipAction)
export class ActionMeasuresResolver {
  @FieldResolver(() => Modality, {
    nullable: true,
    description: 'How the action is carried out, when recorded.',
  })
  async modality(@Root() action: PartnershipActionRow, @Ctx() ctx: Context): Promise<Modality | null> {
    return (await moneyLoaders(ctx).measureOfAction.load(action.id))?.modality ?? null;
  }

  @FieldResolver(() => ActionOutputs, {
    description: 'What the action produced (counts null until reported; `measureAction`).',
  })
  async outputs(@Root() action: PartnershipActionRow, @Ctx() ctx: Context): Promise<ActionOutputs> {
    return measureOf(await moneyLoaders(ctx).measureOfAction.load(action.id));
  }

  @FieldResolver(() => [LocalActorOutput], {
    description: 'The local actors the action mobilised (associations, universities, companies, agencies).',
  })
  async localActors(@Root() action: PartnershipActionRow, @Ctx() ctx: Context): Promise<LocalActorOutput[]> {
    const { localActors } = measureOf(await moneyLoaders(ctx).measureOfAction.load(action.id));
    return localActors.map(({ name, kind, territoryId }) => ({
      name,
      kind,
      territory: territoryRef(territoryId),
    }));
  }
}

/** Adds the outputs of measured actions; `isDemo(row)` says which are demo. */
export function addUpMeasures(
  rows: readonly ActionMeasureRow[],
  isDemo: (row: ActionMeasureRow) => boolean,
): MeasureTotals {
  const totals: MeasureTotals = {
    actions: 0,
    demoActions: 0,
    missions: 0,
    expertDays: 0,
    trainedWomen: 0,
    trainedMen: 0,
    institutionsSupported: 0,
    documents: 0,
    localActors: 0,
  };
  for (const row of rows) {
    const measure = measureOf(row);
    totals.actions += 1;
    if (isDemo(row)) totals.demoActions += 1;
    for (const field of COUNTS) totals[field] += measure[field] ?? 0;
    totals.documents += measure.documents.length;
    totals.localActors += measure.localActors.length;
  }
  return totals;
}

@Resolver(() => Partnership)
export class PartnershipMeasuresResolver {
  @FieldResolver(() => MeasureTotals, {
    description: 'The outputs of its measured actions added up (voided actions left out).',
  })
  async measures(@Root() p: Partnership, @Ctx() ctx: Context): Promise<MeasureTotals> {
    return addUpMeasures(await moneyLoaders(ctx).measuresOfPartnership.load(p.id), () => p.isDemo);
  }
}
