import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import { ActionMeasureRow } from './action-measures.entity';
import { addUpMeasures } from './action-measures.resolver';
import { MeasureGroup, MeasureTotals } from './action-measures.types';
import type { PartnershipFilter } from './filters.input';
import { FundingRow } from './funding.entity';
import { currencyTotal } from './funding.resolver';
import { BudgetGroup, CurrencyTotal, StatsGroup } from './funding.types';
import type { Loaders } from './loaders';
import { CurrencySums, spreadOverYears } from './money';
import { standingLines } from './money.loaders';
import { regionKeys, statsFilters } from './partnership-stats.resolver';
import { PartnershipActionRow, PartnershipFacetRow, PartnershipPartyRow } from './partnership.entity';
import { partnershipQuery } from './partnership.filter';
import { PartnershipStats } from './partnership.types';

type Context = SubgraphContext<Loaders>;

/** What grouping needs of each counted agreement: whether it is demo, and its keys by group. */
interface Counted {
  isDemo: boolean;
  keys: Record<Exclude<StatsGroup, 'YEAR'>, Set<string>>;
}

/** A measured action with the date its YEAR is read from. */
type DatedMeasure = ActionMeasureRow & { startedOn: string | null; completedOn: string | null };

interface MoneyBasis {
  agreements: Map<string, Counted>;
  funding: FundingRow[];
  measures: DatedMeasure[];
  /** The modality of each measured action (a line on an action groups under it). */
  modalityOfAction: Map<string, string>;
}

const truthy = (value: unknown) => value === true || value === 1 || value === '1' || value === 't';

/** `WHERE column IN (the ids of the counted agreements)` on a query builder, with the filter's parameters. */
function ofCounted<Q extends { where(sql: string): Q; setParameters(p: object): Q }>(
  qb: Q,
  column: string,
  ids: ReturnType<typeof partnershipQuery>,
): Q {
  return qb.where(`${column} IN (${ids.getQuery()})`).setParameters(ids.getParameters());
}

/**
 * The budgets and measures of the agreements a statistics object selects: the same filter and what the
 * reader may see (`realOnly` leaves the demo ones out), but every agreement of a renewal chain — the
 * statistics count a chain once as one agreement, yet money is no agreement count: a renewed agreement's
 * budget lines and measured actions stand after its renewal is signed. Lines voided or on a voided action
 * are left out (`standingLines`), as are the measures of voided actions. Five statements whatever the size.
 */
async function loadBasis(
  db: DataSource,
  viewer: Viewer,
  statsFilter: PartnershipFilter,
): Promise<MoneyBasis> {
  const filter: PartnershipFilter = { ...statsFilter, oncePerChain: false };
  const ids = () => partnershipQuery(db, viewer, filter).select('p.id');
  const counted = await partnershipQuery(db, viewer, filter)
    .select('p.id', 'id')
    .addSelect('p.is_demo', 'isDemo')
    .getRawMany<{ id: string; isDemo: unknown }>();
  const [parties, facets, funding, measures] = await Promise.all([
    ofCounted(
      db.getRepository(PartnershipPartyRow).createQueryBuilder('party'),
      'party.partnership_id',
      ids(),
    ).getMany(),
    ofCounted(db.getRepository(PartnershipFacetRow).createQueryBuilder('f'), 'f.owner_id', ids())
      .andWhere("f.kind IN ('theme', 'sdg', 'modality')")
      .getMany(),
    standingLines(
      ofCounted(db.getRepository(FundingRow).createQueryBuilder('fu'), 'fu.partnership_id', ids()),
    )
      .orderBy('fu.id', 'ASC')
      .getMany(),
    ofCounted(db.getRepository(ActionMeasureRow).createQueryBuilder('m'), 'm.partnership_id', ids())
      .innerJoin(PartnershipActionRow, 'a', 'a.id = m.action_id AND a.voided_on IS NULL')
      .addSelect('a.started_on', 'a_started_on')
      .addSelect('a.completed_on', 'a_completed_on')
      .orderBy('m.action_id', 'ASC')
      .getRawAndEntities(),
  ]);
  const agreements = new Map<string, Counted>(
    counted.map((row) => [
      row.id,
      {
        isDemo: truthy(row.isDemo),
        keys: {
          REGION: new Set(),
          COUNTRY: new Set(),
          THEME: new Set(),
          SDG: new Set(),
          MODALITY: new Set(),
        },
      },
    ]),
  );
  for (const party of parties) {
    const keys = agreements.get(party.partnershipId)?.keys;
    if (!keys) continue;
    if (party.countryCode === 'MA')
      regionKeys(party.territoryId, true).forEach((key) => keys.REGION.add(key));
    else keys.COUNTRY.add(party.countryCode);
  }
  const FACET_GROUP = { theme: 'THEME', sdg: 'SDG', modality: 'MODALITY' } as const;
  for (const facet of facets)
    agreements.get(facet.ownerId)?.keys[FACET_GROUP[facet.kind as keyof typeof FACET_GROUP]].add(facet.value);
  const rawOf = new Map(measures.raw.map((raw: Record<string, unknown>) => [raw.m_action_id, raw]));
  const dated = measures.entities.map((row) => {
    const raw = rawOf.get(row.actionId) ?? {};
    return Object.assign(row, {
      startedOn: (raw.a_started_on as string | null) ?? null,
      completedOn: (raw.a_completed_on as string | null) ?? null,
    });
  });
  const modalityOfAction = new Map(dated.filter((m) => m.modality).map((m) => [m.actionId, m.modality!]));
  return { agreements, funding, measures: dated, modalityOfAction };
}

/** One basis per statistics object, shared by its fields. */
const bases = new WeakMap<PartnershipStats, Promise<MoneyBasis>>();
function basisOf(stats: PartnershipStats, { db, viewer }: Context): Promise<MoneyBasis> {
  let basis = bases.get(stats);
  if (!basis) bases.set(stats, (basis = loadBasis(db, viewer, statsFilters.get(stats) ?? {})));
  return basis;
}

/** The keys a budget line falls under in `group`, with the part of its amount each gets. */
function lineKeys(line: FundingRow, group: StatsGroup, basis: MoneyBasis): [string, number][] {
  if (group === StatsGroup.YEAR)
    return spreadOverYears(line.amountMinor, line.fromYear, line.toYear).map(([y, part]) => [
      String(y),
      part,
    ]);
  if (group === StatsGroup.MODALITY && line.actionId != null) {
    const modality = basis.modalityOfAction.get(line.actionId);
    return modality ? [[modality, line.amountMinor]] : [];
  }
  const keys = basis.agreements.get(line.partnershipId)?.keys[group] ?? new Set<string>();
  return [...keys].map((key) => [key, line.amountMinor]);
}

/** The keys a measured action falls under in `group`. */
function measureKeys(m: DatedMeasure, group: StatsGroup, basis: MoneyBasis): string[] {
  if (group === StatsGroup.YEAR) {
    const date = m.completedOn ?? m.startedOn;
    return date ? [date.slice(0, 4)] : [];
  }
  if (group === StatsGroup.MODALITY) return m.modality ? [m.modality] : [];
  return [...(basis.agreements.get(m.partnershipId)?.keys[group] ?? [])];
}

/** Keys in order: years and SDGs as numbers, the rest as text. */
const byKey = (a: string, b: string) =>
  /^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0;

@Resolver(() => PartnershipStats)
export class MoneyStatsResolver {
  @FieldResolver(() => [CurrencyTotal], {
    description:
      'The budget lines of the counted agreements and their actions added up per currency (never across ' +
      'currencies), voided lines and the lines of voided actions left out, every agreement of a renewal ' +
      'chain counted; `demoAmount` says how much is demo. The documented agreements ' +
      'carry no amount today: with `realOnly` the list is empty unless amounts were recorded.',
  })
  async budget(@Root() stats: PartnershipStats, @Ctx() ctx: Context): Promise<CurrencyTotal[]> {
    const basis = await basisOf(stats, ctx);
    const sums = new CurrencySums();
    for (const line of basis.funding)
      sums.add(line.currency, line.amountMinor, basis.agreements.get(line.partnershipId)?.isDemo ?? false);
    return sums.list().map(currencyTotal);
  }

  @FieldResolver(() => [BudgetGroup], {
    description:
      'The budget per key of `group` and per currency, in key order then currency order (see `StatsGroup` ' +
      'and `BudgetGroup` for how a line is counted).',
  })
  async budgetBy(
    @Root() stats: PartnershipStats,
    @Arg('group', () => StatsGroup, { description: 'What to group the budget lines by.' }) group: StatsGroup,
    @Ctx() ctx: Context,
  ): Promise<BudgetGroup[]> {
    const basis = await basisOf(stats, ctx);
    const sums = new Map<string, CurrencySums>();
    for (const line of basis.funding) {
      const isDemo = basis.agreements.get(line.partnershipId)?.isDemo ?? false;
      for (const [key, part] of lineKeys(line, group, basis)) {
        if (!sums.has(key)) sums.set(key, new CurrencySums());
        sums.get(key)!.add(line.currency, part, isDemo);
      }
    }
    return [...sums.keys()].sort(byKey).flatMap((key) =>
      sums
        .get(key)!
        .list()
        .map((sum) => ({ key, ...currencyTotal(sum) })),
    );
  }

  @FieldResolver(() => MeasureTotals, {
    description:
      'The outputs of the measured actions of the counted agreements added up (voided actions left out, ' +
      'every agreement of a renewal chain counted).',
  })
  async measures(@Root() stats: PartnershipStats, @Ctx() ctx: Context): Promise<MeasureTotals> {
    const basis = await basisOf(stats, ctx);
    return addUpMeasures(basis.measures, (m) => basis.agreements.get(m.partnershipId)?.isDemo ?? false);
  }

  @FieldResolver(() => [MeasureGroup], {
    description: 'The outputs of measured actions per key of `group`, in key order (see `StatsGroup`).',
  })
  async measuresBy(
    @Root() stats: PartnershipStats,
    @Arg('group', () => StatsGroup, { description: 'What to group the measured actions by.' })
    group: StatsGroup,
    @Ctx() ctx: Context,
  ): Promise<MeasureGroup[]> {
    const basis = await basisOf(stats, ctx);
    const grouped = new Map<string, DatedMeasure[]>();
    for (const m of basis.measures)
      for (const key of measureKeys(m, group, basis)) grouped.set(key, [...(grouped.get(key) ?? []), m]);
    const isDemo = (m: ActionMeasureRow) => basis.agreements.get(m.partnershipId)?.isDemo ?? false;
    return [...grouped.keys()]
      .sort(byKey)
      .map((key) => ({ key, ...addUpMeasures(grouped.get(key)!, isDemo) }));
  }
}
