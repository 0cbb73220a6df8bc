import { Arg, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { KeyCount } from '../shared/source';
import type { Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import { checkYear } from '../shared/validate';
import { datedOnSql, datedWithin, yearRange } from './event-dates';
import { EventEntity, EventFacet, EventFacetKind } from './event.entity';
import { ExperienceEntity, ExperienceFacet, ExperienceFacetKind } from './experience.entity';
import type { Loaders } from './loaders';
import { SdgRef, ThemeRef, sdgRef, themeRef } from './stubs';
import { visibleEvents, visibleExperiences } from './visibility';

type Context = SubgraphContext<Loaders>;

@ObjectType('EventsByTheme', { description: 'How many events have one theme.' })
export class EventsByTheme {
  @Field(() => ThemeRef, { description: 'The theme.' })
  theme: ThemeRef;

  @Field(() => Int, { description: 'How many events have this theme.' })
  count: number;
}

@ObjectType('EventStats', { description: 'Counts of events, for the bilan.' })
export class EventStats {
  @Field(() => Int, { description: 'How many events.' })
  total: number;

  @Field(() => Int, {
    description: 'How many demo events were left out because real records only were asked (0 otherwise).',
  })
  demoExcluded: number;

  @Field(() => [KeyCount], {
    description: 'Events by kind (the key is an `EventKind`), most frequent first.',
  })
  byKind: KeyCount[];

  @Field(() => [EventsByTheme], {
    description: 'Events by theme, most frequent first (an event with two themes counts for both).',
  })
  byTheme: EventsByTheme[];

  @Field(() => [KeyCount], {
    description:
      'Events by the year they are dated in (the key is the year; by their first day, or their last when only ' +
      'that is known), oldest first. Events no source dates are in no year: `undated` counts them.',
  })
  byYear: KeyCount[];

  @Field(() => Int, {
    description: 'How many of the events counted no source dates (in `total`, in no year of `byYear`).',
  })
  undated: number;
}

@ObjectType('ExperiencesByTheme', { description: 'How many experiences have one theme.' })
export class ExperiencesByTheme {
  @Field(() => ThemeRef, { description: 'The theme.' })
  theme: ThemeRef;

  @Field(() => Int, { description: 'How many experiences have this theme.' })
  count: number;
}

@ObjectType('ExperiencesBySdg', { description: 'How many experiences serve one SDG.' })
export class ExperiencesBySdg {
  @Field(() => SdgRef, { description: 'The SDG.' })
  sdg: SdgRef;

  @Field(() => Int, { description: 'How many experiences serve this SDG.' })
  count: number;
}

@ObjectType('ExperienceStats', { description: 'Counts of shared experiences, for the bilan.' })
export class ExperienceStats {
  @Field(() => Int, { description: 'How many experiences.' })
  total: number;

  @Field(() => Int, {
    description:
      'How many demo experiences were left out because real records only were asked (0 otherwise).',
  })
  demoExcluded: number;

  @Field(() => [ExperiencesByTheme], {
    description: 'Experiences by theme, most frequent first (one with two themes counts for both).',
  })
  byTheme: ExperiencesByTheme[];

  @Field(() => [ExperiencesBySdg], { description: 'Experiences by SDG, most frequent first.' })
  bySdg: ExperiencesBySdg[];

  @Field(() => [KeyCount], { description: 'Experiences by language (the key is a `Language`).' })
  byLanguage: KeyCount[];
}

interface Bucket {
  key: string;
  count: number;
}

/** Most frequent first, then by key (numerically when both keys are numbers). */
function sortBuckets<T extends Bucket>(buckets: T[]): T[] {
  return buckets.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key, 'en', { numeric: true }));
}

function toBuckets(rows: { key: string; count: string | number }[]): Bucket[] {
  return sortBuckets(rows.map((row) => ({ key: String(row.key), count: Number(row.count) })));
}

function keyCount({ key, count }: Bucket): KeyCount {
  return Object.assign(new KeyCount(), { key, count });
}

/**
 * What a bilan of events and experiences counts: one year, one Moroccan region, one country (all optional),
 * real records only or all.
 */
export interface StatsScope {
  year?: number | null;
  region?: string | null;
  country?: string | null;
  realOnly?: boolean | null;
}

/** `is_demo` as a driver returns it: a boolean on PostgreSQL, 0/1 on SQLite. */
const isTrue = (value: unknown) => value === true || value === 1 || value === '1' || value === 't';

/**
 * Splits rows grouped by key and `demo` into the buckets of the records counted and the number of demo
 * records left out (none unless `realOnly`): one statement serves both.
 */
function splitDemo(rows: { key: string; demo: unknown; count: string | number }[], realOnly: boolean) {
  const kept = new Map<string, number>();
  let demoExcluded = 0;
  for (const row of rows) {
    if (realOnly && isTrue(row.demo)) {
      demoExcluded += Number(row.count);
      continue;
    }
    kept.set(String(row.key), (kept.get(String(row.key)) ?? 0) + Number(row.count));
  }
  return { buckets: toBuckets([...kept].map(([key, count]) => ({ key, count }))), demoExcluded };
}

/** The territory-id condition of a scope on `column`: within the region, of the country. */
function territoryCondition(column: string, scope: StatsScope, prefix: string) {
  const parts: string[] = [];
  const parameters: Record<string, string> = {};
  if (scope.region != null) {
    parts.push(`(${column} = :${prefix}Region OR ${column} LIKE :${prefix}RegionBelow)`);
    parameters[`${prefix}Region`] = scope.region;
    parameters[`${prefix}RegionBelow`] = `${scope.region}.%`;
  }
  if (scope.country != null) {
    parts.push(scope.country === 'MA' ? `${column} NOT LIKE '%-%'` : `${column} LIKE :${prefix}Country`);
    if (scope.country !== 'MA') parameters[`${prefix}Country`] = `${scope.country}-%`;
  }
  return { sql: parts.join(' AND '), parameters };
}

/**
 * Restricts events (alias `e`) to a scope: started in the year, with an organiser or participant in place,
 * real ones when `realOnly` (unless `keepDemo`: the query then groups by `is_demo` to count those left out).
 */
function scopeEvents<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  scope: StatsScope,
  keepDemo = false,
) {
  if (scope.realOnly && !keepDemo) qb.andWhere('e.is_demo = :scopeRealDemo', { scopeRealDemo: false });
  if (scope.year != null) datedWithin(qb, 'e', yearRange(scope.year), 'scopeYear');
  const territory = territoryCondition('sp.value', scope, 'scopeE');
  if (territory.sql) {
    const sub = qb
      .subQuery()
      .select('1')
      .from(EventFacet, 'sp')
      .where(`sp.event_id = e.id AND sp.kind IN (:...scopeKinds) AND ${territory.sql}`)
      .getQuery();
    qb.andWhere(`EXISTS ${sub}`, {
      ...territory.parameters,
      scopeKinds: [EventFacetKind.Organiser, EventFacetKind.Participant],
    });
  }
  return qb;
}

/**
 * Restricts experiences (alias `x`) to a scope: published in the year, shared by a territory in place, real
 * ones when `realOnly` (unless `keepDemo`, as for events).
 */
function scopeExperiences<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  scope: StatsScope,
  keepDemo = false,
) {
  if (scope.realOnly && !keepDemo) qb.andWhere('x.is_demo = :scopeRealDemo', { scopeRealDemo: false });
  if (scope.year != null) {
    qb.andWhere('x.published_on >= :scopeFirst AND x.published_on <= :scopeLast', {
      scopeFirst: `${scope.year}-01-01`,
      scopeLast: `${scope.year}-12-31`,
    });
  }
  const territory = territoryCondition('x.territory_id', scope, 'scopeX');
  if (territory.sql) qb.andWhere(territory.sql, territory.parameters);
  return qb;
}

/** Events by the year they are dated in (`event-dates.ts`): the year buckets, oldest first, and the undated. */
function splitYears(rows: { key: string | null; count: string | number }[]) {
  const dated = rows.filter((row) => row.key != null);
  const undated = rows.filter((row) => row.key == null).reduce((sum, row) => sum + Number(row.count), 0);
  const byYear = dated
    .map((row) => ({ key: String(row.key), count: Number(row.count) }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(keyCount);
  return { byYear, undated };
}

/**
 * Events by kind, by theme and by year within a scope, among the events `viewer` sees (cancelled ones
 * included, as in the lists; drafts for those who see them): three statements.
 */
export async function eventStatsOf(db: DataSource, scope: StatsScope, viewer: Viewer): Promise<EventStats> {
  const byKindQuery = scopeEvents(
    visibleEvents(
      db.manager
        .createQueryBuilder(EventEntity, 'e')
        .select('e.kind', 'key')
        .addSelect('e.is_demo', 'demo')
        .addSelect('COUNT(*)', 'count')
        .groupBy('e.kind')
        .addGroupBy('e.is_demo'),
      'e',
      viewer,
    ),
    scope,
    true,
  );
  const byThemeQuery = scopeEvents(
    visibleEvents(
      db.manager
        .createQueryBuilder(EventFacet, 'f')
        .innerJoin(EventEntity, 'e', 'e.id = f.event_id')
        .select('f.value', 'key')
        .addSelect('COUNT(*)', 'count')
        .where('f.kind = :kind', { kind: EventFacetKind.Theme })
        .groupBy('f.value'),
      'e',
      viewer,
    ),
    scope,
  );
  const year = `SUBSTR(${datedOnSql('e')}, 1, 4)`;
  const byYearQuery = scopeEvents(
    visibleEvents(
      db.manager
        .createQueryBuilder(EventEntity, 'e')
        .select(year, 'key')
        .addSelect('COUNT(*)', 'count')
        .groupBy(year),
      'e',
      viewer,
    ),
    scope,
  );
  const [byKind, byTheme, byYear] = await Promise.all([
    byKindQuery.getRawMany(),
    byThemeQuery.getRawMany(),
    byYearQuery.getRawMany(),
  ]);
  const { buckets: kinds, demoExcluded } = splitDemo(byKind, !!scope.realOnly);
  return Object.assign(new EventStats(), {
    ...splitYears(byYear),
    total: kinds.reduce((sum, bucket) => sum + bucket.count, 0),
    demoExcluded,
    byKind: kinds.map(keyCount),
    byTheme: toBuckets(byTheme).map(({ key, count }) =>
      Object.assign(new EventsByTheme(), { theme: themeRef(key), count }),
    ),
  });
}

/**
 * Experiences by theme, SDG and language within a scope, among the experiences `viewer` sees: two
 * statements.
 */
export async function experienceStatsOf(
  db: DataSource,
  scope: StatsScope,
  viewer: Viewer,
): Promise<ExperienceStats> {
  const byLanguageQuery = scopeExperiences(
    visibleExperiences(
      db.manager
        .createQueryBuilder(ExperienceEntity, 'x')
        .select('x.language', 'key')
        .addSelect('x.is_demo', 'demo')
        .addSelect('COUNT(*)', 'count')
        .groupBy('x.language')
        .addGroupBy('x.is_demo'),
      'x',
      viewer,
    ),
    scope,
    true,
  );
  // Themes and SDGs in one statement: grouped by facet kind and value.
  const byFacetQuery = scopeExperiences(
    visibleExperiences(
      db.manager
        .createQueryBuilder(ExperienceFacet, 'f')
        .innerJoin(ExperienceEntity, 'x', 'x.id = f.experience_id')
        .select('f.kind', 'kind')
        .addSelect('f.value', 'key')
        .addSelect('COUNT(*)', 'count')
        .groupBy('f.kind')
        .addGroupBy('f.value'),
      'x',
      viewer,
    ),
    scope,
  );
  const [byLanguage, byFacet] = await Promise.all([
    byLanguageQuery.getRawMany(),
    byFacetQuery.getRawMany<{ kind: string; key: string; count: string | number }>(),
  ]);
  const { buckets: languages, demoExcluded } = splitDemo(byLanguage, !!scope.realOnly);
  return Object.assign(new ExperienceStats(), {
    total: languages.reduce((sum, bucket) => sum + bucket.count, 0),
    demoExcluded,
    byLanguage: languages.map(keyCount),
    byTheme: toBuckets(byFacet.filter((row) => row.kind === ExperienceFacetKind.Theme)).map(
      ({ key, count }) => Object.assign(new ExperiencesByTheme(), { theme: themeRef(key), count }),
    ),
    bySdg: toBuckets(byFacet.filter((row) => row.kind === ExperienceFacetKind.Sdg)).map(({ key, count }) =>
      Object.assign(new ExperiencesBySdg(), { sdg: sdgRef(Number(key)), count }),
    ),
  });
}

@Resolver()
export class StatsResolver {
  @Query(() => EventStats, {
    description:
      'Events by kind, theme and year, over all years or one year: the events the reader sees (published and ' +
      'cancelled ones; drafts only for their organisers, network secretariat, the ministry and administrators).',
  })
  eventStats(
    @Ctx() { db, viewer }: Context,
    @Arg('year', () => Int, {
      nullable: true,
      description:
        'Only events dated in this year (by their first day, or their last when only that is known); an event ' +
        'no source dates is counted in no year.',
    })
    year?: number | null,
    @Arg('realOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'true: count real events only; `demoExcluded` says how many demo ones were left out.',
    })
    realOnly?: boolean | null,
  ): Promise<EventStats> {
    checkYear(year, 'year');
    return eventStatsOf(db, { year, realOnly }, viewer);
  }

  @Query(() => ExperienceStats, {
    description:
      'Shared experiences by theme, SDG and language, over all years or one year of publication: the ' +
      'experiences the reader sees (published ones; unpublished ones only for their territory, the ministry ' +
      'and administrators, and only without a year, having no date).',
  })
  experienceStats(
    @Ctx() { db, viewer }: Context,
    @Arg('year', () => Int, { nullable: true, description: 'Only experiences published in this year.' })
    year?: number | null,
    @Arg('realOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'true: count real experiences only; `demoExcluded` says how many demo ones were left out.',
    })
    realOnly?: boolean | null,
  ): Promise<ExperienceStats> {
    checkYear(year, 'year');
    return experienceStatsOf(db, { year, realOnly }, viewer);
  }
}
