import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../shared/errors';
import { MAX_PAGE_SIZE } from '../shared/pagination';
import { checkReportFilters, parseReportId, reportId, type ReportFilters } from '../shared/report-id';
import type { SubgraphContext } from '../shared/server';
import { AgreementLastEvent, CooperationReport, DormantAgreements } from './discovery.types';
import type { Loaders } from './loaders';
import { partnershipStatsOf } from './partnership-stats.resolver';
import { Partnership } from './partnership.entity';
import { partnershipQuery } from './partnership.filter';
import { DORMANT_AFTER_MONTHS, dormancyOf } from './partnership.resolver';
import { Dormancy, PartnershipStats } from './partnership.types';
import { CountryRef, countryRef, TerritoryRef, territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

const MAX_DORMANT_MONTHS = 600;
const DEFAULT_DORMANT_PAGE = 50;

/** The report entity for a report id (its filters), with the events subgraph's dates when passed. */
export function cooperationReportOf(
  id: string,
  agreementLastEvents?: AgreementLastEvent[] | null,
): CooperationReport {
  return reportOf(parseReportId(id), agreementLastEvents);
}

function reportOf(filters: ReportFilters, agreementLastEvents?: AgreementLastEvent[] | null) {
  return Object.assign(new CooperationReport(), {
    id: reportId(filters),
    year: filters.year,
    regionId: filters.region,
    countryCode: filters.country,
    realOnly: filters.realOnly ?? false,
    agreementLastEvents: agreementLastEvents ?? null,
  });
}

/** The agreement filter of a report: its year, parties within its region, a party of its country, real ones. */
function agreementFilter(report: CooperationReport) {
  return {
    year: report.year,
    within: report.regionId,
    countryCode: report.countryCode,
    realOnly: report.realOnly,
  };
}

function byOldestSignature(a: Partnership, b: Partnership): number {
  const da = a.signedOn ?? `${a.year ?? 9999}-12-31`;
  const db = b.signedOn ?? `${b.year ?? 9999}-12-31`;
  return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

@Resolver(() => CooperationReport)
export class CooperationReportResolver {
  @Query(() => CooperationReport, {
    description:
      'The bilan in one request: agreements by kind, status, year, Moroccan region, partner country, SDG and ' +
      'theme with their budgets per currency and measured outputs, the dormant agreements (partnerships), memberships by network (networks), events and ' +
      'experiences by theme (events) — for a year, a region and a partner country, each optional, of every ' +
      'record or of real ones only.',
  })
  cooperationReport(
    @Arg('year', () => Int, {
      nullable: true,
      description: 'Only this year (of signature, event, publication).',
    })
    year: number | null,
    @Arg('region', () => ID, {
      nullable: true,
      description: 'Only this Moroccan region (HCP code, e.g. `03`) and the territories within it.',
    })
    region: string | null,
    @Arg('country', () => String, {
      nullable: true,
      description: 'Only agreements with a party of this partner country (ISO 3166-1 alpha-2, e.g. `FR`).',
    })
    country: string | null,
    @Arg('realOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description:
        'true: every part counts real, documented records only and says how many demo ones it left out ' +
        '(`demoExcluded`); the report is then another entity (its id ends in `|real`).',
    })
    realOnly: boolean | null,
  ): CooperationReport {
    return reportOf(checkReportFilters({ year, region, country, realOnly: realOnly ?? false }));
  }

  @FieldResolver(() => Int, {
    description:
      'How many demo agreements the report left out because it is `realOnly` (0 otherwise): ' +
      '`agreements.demoExcluded`. Its memberships, events and experiences say their own in their `demoExcluded`.',
  })
  async demoExcluded(@Root() report: CooperationReport, @Ctx() { db, viewer }: Context): Promise<number> {
    if (!report.realOnly) return 0;
    return partnershipQuery(db, viewer, {
      ...agreementFilter(report),
      realOnly: false,
      isDemo: true,
      oncePerChain: true,
    }).getCount();
  }

  @FieldResolver(() => TerritoryRef, { nullable: true, description: 'The region the report covers, if one.' })
  region(@Root() report: CooperationReport): TerritoryRef | null {
    return report.regionId ? territoryRef(report.regionId) : null;
  }

  @FieldResolver(() => CountryRef, { nullable: true, description: 'The partner country, if one.' })
  country(@Root() report: CooperationReport): CountryRef | null {
    return report.countryCode ? countryRef(report.countryCode) : null;
  }

  @FieldResolver(() => PartnershipStats, {
    description:
      'The agreements of the report (year of signature or start; a party within the region; a party of the ' +
      'country) by kind, status, year, region, partner country, SDG and theme, with their budgets per ' +
      'currency (`budget`, `budgetBy`) and the outputs of their measured actions (`measures`, `measuresBy`).',
  })
  agreements(@Root() report: CooperationReport, @Ctx() { db, viewer }: Context): Promise<PartnershipStats> {
    return partnershipStatsOf(db, viewer, agreementFilter(report));
  }

  @FieldResolver(() => [ID], {
    description:
      'The report’s agreements signed with no action since signature, by id, demo ones included even when ' +
      'the report is `realOnly` (so it can say how many it left out): the candidates for dormancy, whose ' +
      'latest events the events subgraph looks up.',
  })
  async quietAgreementIds(
    @Root() report: CooperationReport,
    @Ctx() { db, viewer }: Context,
  ): Promise<string[]> {
    const rows = await partnershipQuery(db, viewer, {
      ...agreementFilter(report),
      realOnly: false,
      noActionSinceSignature: true,
    })
      .select('p.id', 'id')
      .orderBy('p.id', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  @FieldResolver(() => DormantAgreements, {
    description:
      'The dormant agreements of the report (the same test as `Partnership.dormancy(months)` DORMANT): signed ' +
      'and in force for more than `months` months, followed by the hub, with no action and no event since ' +
      'signature. Agreements known from a public source only (UNKNOWN) are counted apart, not listed.',
  })
  @Directive('@requires(fields: "agreementLastEvents { partnershipId lastEventOn }")')
  async dormantAgreements(
    @Root() report: CooperationReport,
    @Arg('months', () => Int, {
      nullable: true,
      defaultValue: DORMANT_AFTER_MONTHS,
      description: `How long without activity makes an agreement dormant, in months (1 to ${MAX_DORMANT_MONTHS}).`,
    })
    months: number | null,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_DORMANT_PAGE,
      description: `How many agreements to list at most (1 to ${MAX_PAGE_SIZE}); totalCount counts them all.`,
    })
    first: number | null,
    @Ctx() context: Context,
  ): Promise<DormantAgreements> {
    months ??= DORMANT_AFTER_MONTHS;
    first ??= DEFAULT_DORMANT_PAGE;
    if (!Number.isInteger(months) || months < 1 || months > MAX_DORMANT_MONTHS) {
      throw new BadUserInputError(
        `"months" must be between 1 and ${MAX_DORMANT_MONTHS}, got ${months}`,
        'months',
      );
    }
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
    }
    const ids = await this.quietAgreementIds(report, context);
    const lastEvents = new Map(
      (report.agreementLastEvents ?? []).map((row) => [row.partnershipId, row.lastEventOn]),
    );
    const loaded = await context.loaders.partnership.loadMany(ids);
    const judged = loaded
      .filter((p): p is Partnership => p instanceof Partnership)
      .map((p) => ({ p, dormancy: dormancyOf(p, lastEvents.get(p.id) ?? null, months) }));
    const kept = judged.filter(({ p }) => !(report.realOnly && p.isDemo));
    const dormant = kept
      .filter(({ dormancy }) => dormancy === Dormancy.DORMANT)
      .map(({ p }) => p)
      .sort(byOldestSignature);
    return Object.assign(new DormantAgreements(), {
      months,
      totalCount: dormant.length,
      unknownCount: kept.filter(({ dormancy }) => dormancy === Dormancy.UNKNOWN).length,
      demoExcluded: report.realOnly
        ? judged.filter(({ p, dormancy }) => p.isDemo && dormancy === Dormancy.DORMANT).length
        : 0,
      nodes: dormant.slice(0, first),
    });
  }
}
