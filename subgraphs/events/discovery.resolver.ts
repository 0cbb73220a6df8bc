import DataLoader from 'dataloader';
import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/identity';
import { parseReportId } from '../shared/report-id';
import type { SubgraphContext } from '../shared/server';
import { EventEntity, EventFacet, EventFacetKind, EventStatus } from './event.entity';
import { ExperienceEntity, ExperienceFacet, ExperienceFacetKind } from './experience.entity';
import { datedOnSql } from './event-dates';
import { lastEventsOf, type Loaders } from './loaders';
import { EventStats, ExperienceStats, eventStatsOf, experienceStatsOf } from './stats.resolver';
import { SdgRef, TerritoryRef, ThemeRef, sdgRef, territoryRef, themeRef } from './stubs';
import { visibleExperiences } from './visibility';

/**
 * What this subgraph adds to two entities of the partnerships subgraph for discovery: to a
 * `CooperationRequest`, the territories active on its themes (partnerships ranks candidate partners
 * with it, `@requires`); to a `CooperationReport` (the bilan), its events and experiences.
 */

type Context = SubgraphContext<Loaders & DiscoveryLoaders>;

/** The most territories `activityOnThemes` returns: the most active ones. */
export const MAX_THEMATIC_TERRITORIES = 200;

@ObjectType('ThematicActivity', {
  description:
    'What one territory did on the themes or SDGs of a cooperation request: experiences shared and ' +
    'events organised or attended.',
})
@Directive('@shareable')
export class ThematicActivity {
  @Field(() => TerritoryRef, { description: 'The territory.' })
  territory: TerritoryRef;

  @Field(() => Int, { description: 'How many of its experiences are on one of the themes or SDGs.' })
  experienceCount: number;

  @Field(() => Int, {
    description:
      'How many events held on one of the themes or SDGs (published and begun) it organised or attended.',
  })
  eventCount: number;

  @Field(() => [ThemeRef], { description: 'The request’s themes its experiences and events cover.' })
  themes: ThemeRef[];

  @Field(() => [SdgRef], { description: 'The request’s SDGs its experiences and events serve.' })
  sdgs: SdgRef[];
}

@ObjectType('CooperationRequest', {
  description: 'A need expressed by a local authority, owned by the partnerships subgraph.',
})
@Directive('@key(fields: "id")')
export class CooperationRequestRef {
  @Field(() => ID, { description: 'The identifier of the request.' })
  id: string;

  @Field(() => TerritoryRef, { description: 'The local authority that expressed the need.' })
  @Directive('@external')
  requester: TerritoryRef;

  @Field(() => [ThemeRef], { description: 'The themes of the need.' })
  @Directive('@external')
  themes: ThemeRef[];

  @Field(() => [SdgRef], { description: 'The Sustainable Development Goals the need serves.' })
  @Directive('@external')
  sdgs: SdgRef[];
}

@ObjectType('AgreementLastEvent', {
  description: 'The latest event held under one agreement (for the dormant agreements of the bilan).',
})
@Directive('@shareable')
export class AgreementLastEvent {
  @Field(() => ID, { description: 'The id of the agreement.' })
  partnershipId: string;

  @Field(() => LocalDateResolver, { description: 'The first day of its latest event.' })
  lastEventOn: string;
}

@ObjectType('CooperationReport', {
  description: 'The bilan of decentralized cooperation for a year, a region and a partner country.',
})
@Directive('@key(fields: "id")')
export class CooperationReportRef {
  @Field(() => ID, {
    description:
      'The filters of the report: `year|region|country`, empty when absent, then `|real` when it counts real ' +
      'records only.',
  })
  id: string;

  @Field(() => [ID], {
    description: 'The agreements in force with no action since signature (owned by partnerships).',
  })
  @Directive('@external')
  quietAgreementIds?: string[];
}

/** The representation of a request as the gateway passes it for `activityOnThemes`. */
interface RequestRepresentation {
  id: string;
  requester?: { id: string } | null;
  themes?: { code: string }[] | null;
  sdgs?: { number: number }[] | null;
}

interface ActivityKey {
  requesterId: string | null;
  themes: string[];
  sdgs: string[];
}

/** One (territory, kind of facet, value, record) row: the matches of one batch. */
interface MatchRow {
  territory: string;
  kind: string;
  value: string;
  record: string;
}

/**
 * The experiences on `themes` or `sdgs` that `viewer` sees and the events on them that took place, with
 * their territories.
 */
async function thematicMatches(db: DataSource, viewer: Viewer, themes: string[], sdgs: string[]) {
  if (themes.length === 0 && sdgs.length === 0) return { experiences: [], events: [] };
  const facetCondition = (alias: string) =>
    [
      themes.length ? `(${alias}.kind = :themeKind AND ${alias}.value IN (:...themes))` : null,
      sdgs.length ? `(${alias}.kind = :sdgKind AND ${alias}.value IN (:...sdgs))` : null,
    ]
      .filter(Boolean)
      .join(' OR ');
  const experiences = visibleExperiences(
    db.manager
      .createQueryBuilder(ExperienceFacet, 'f')
      .innerJoin(ExperienceEntity, 'x', 'x.id = f.experience_id')
      .select('x.territory_id', 'territory')
      .addSelect('f.kind', 'kind')
      .addSelect('f.value', 'value')
      .addSelect('x.id', 'record')
      .where(`(${facetCondition('f')})`, {
        themeKind: ExperienceFacetKind.Theme,
        sdgKind: ExperienceFacetKind.Sdg,
        themes,
        sdgs,
      }),
    'x',
    viewer,
  ).getRawMany<MatchRow>();
  // Events that took place (PUBLISHED and begun; not drafts, cancelled or planned ones), whoever reads:
  // activity, as for lastEventOn.
  const events = db.manager
    .createQueryBuilder(EventFacet, 'f')
    .innerJoin(EventFacet, 'who', 'who.event_id = f.event_id AND who.kind IN (:...whoKinds)', {
      whoKinds: [EventFacetKind.Organiser, EventFacetKind.Participant],
    })
    .innerJoin(EventEntity, 'e', 'e.id = f.event_id')
    .select('who.value', 'territory')
    .addSelect('f.kind', 'kind')
    .addSelect('f.value', 'value')
    .addSelect('f.event_id', 'record')
    .where(`(${facetCondition('f')})`, {
      themeKind: EventFacetKind.Theme,
      sdgKind: EventFacetKind.Sdg,
      themes,
      sdgs,
    })
    .andWhere('e.status = :published', { published: EventStatus.PUBLISHED })
    // An event recorded in error did not take place: it is no activity.
    .andWhere('e.voided_on IS NULL')
    // Dated by today (an event no source dates is no activity: event-dates.ts).
    .andWhere(`${datedOnSql('e')} <= :today`, { today: new Date().toISOString().slice(0, 10) })
    .getRawMany<MatchRow>();
  return { experiences: await experiences, events: await events };
}

interface Tally {
  experiences: Set<string>;
  events: Set<string>;
  themes: Set<string>;
  sdgs: Set<string>;
}

/** Splits the rows of a batch into one activity list per request, most active first, then by id. */
function activityOf(key: ActivityKey, rows: { experiences: MatchRow[]; events: MatchRow[] }) {
  const themes = new Set(key.themes);
  const sdgs = new Set(key.sdgs);
  const tallies = new Map<string, Tally>();
  const tally = (row: MatchRow, records: 'experiences' | 'events', themeKind: string) => {
    const isTheme = row.kind === themeKind;
    if (row.territory === key.requesterId || !(isTheme ? themes : sdgs).has(row.value)) return;
    let entry = tallies.get(row.territory);
    if (!entry) {
      entry = { experiences: new Set(), events: new Set(), themes: new Set(), sdgs: new Set() };
      tallies.set(row.territory, entry);
    }
    entry[records].add(row.record);
    (isTheme ? entry.themes : entry.sdgs).add(row.value);
  };
  for (const row of rows.experiences) tally(row, 'experiences', ExperienceFacetKind.Theme);
  for (const row of rows.events) tally(row, 'events', EventFacetKind.Theme);
  return [...tallies]
    .map(([territory, entry]) => ({
      territory,
      experienceCount: entry.experiences.size,
      eventCount: entry.events.size,
      themes: key.themes.filter((code) => entry.themes.has(code)),
      sdgs: key.sdgs.filter((goal) => entry.sdgs.has(goal)),
    }))
    .sort(
      (a, b) =>
        b.experienceCount * 2 + b.eventCount - (a.experienceCount * 2 + a.eventCount) ||
        (a.territory < b.territory ? -1 : a.territory > b.territory ? 1 : 0),
    )
    .slice(0, MAX_THEMATIC_TERRITORIES)
    .map((activity) =>
      Object.assign(new ThematicActivity(), {
        territory: territoryRef(activity.territory),
        experienceCount: activity.experienceCount,
        eventCount: activity.eventCount,
        themes: activity.themes.map(themeRef),
        sdgs: activity.sdgs.map((goal) => sdgRef(Number(goal))),
      }),
    );
}

/** The loaders of this file, made per request beside the subgraph's own; they see what `viewer` sees. */
export function createDiscoveryLoaders(db: DataSource, viewer: Viewer) {
  return {
    /**
     * Keyed by the request's (requester, themes, SDGs) as JSON: the whole batch of requests is two
     * statements over the union of their themes and SDGs, split here in memory.
     */
    activityOnThemes: new DataLoader<string, ThematicActivity[]>(async (keys) => {
      const parsed = keys.map((key) => JSON.parse(key) as ActivityKey);
      const themes = [...new Set(parsed.flatMap((key) => key.themes))].sort();
      const sdgs = [...new Set(parsed.flatMap((key) => key.sdgs))].sort();
      const rows = await thematicMatches(db, viewer, themes, sdgs);
      return parsed.map((key) => activityOf(key, rows));
    }),
    /**
     * The latest PUBLISHED event of a batch of agreements, whoever reads (as `Partnership.lastEventOn`: a
     * draft or a cancelled event is no activity): one `GROUP BY`.
     */
    lastEvents: new DataLoader<string, AgreementLastEvent[]>(async (keys) => {
      const ids = [...new Set(keys.flatMap((key) => (key ? key.split('\n') : [])))];
      const rows = ids.length ? await lastEventsOf(db.manager, ids) : [];
      const byId = new Map(rows.map((row) => [row.partnershipId, row.lastEventOn]));
      return keys.map((key) =>
        (key ? key.split('\n') : [])
          .filter((id) => byId.has(id))
          .sort()
          .map((id) =>
            Object.assign(new AgreementLastEvent(), { partnershipId: id, lastEventOn: byId.get(id)! }),
          ),
      );
    }),
  };
}

export type DiscoveryLoaders = ReturnType<typeof createDiscoveryLoaders>;

/** `_entities` for the two entities: keep what the gateway passed (`@requires`). */
export const cooperationRequestReference = {
  __resolveReference(reference: RequestRepresentation): CooperationRequestRef {
    return Object.assign(new CooperationRequestRef(), {
      id: reference.id,
      requester: reference.requester ? territoryRef(reference.requester.id) : null,
      themes: (reference.themes ?? []).map((theme) => themeRef(theme.code)),
      sdgs: (reference.sdgs ?? []).map((sdg) => sdgRef(sdg.number)),
    });
  },
};

export const cooperationReportReference = {
  __resolveReference(reference: { id: string; quietAgreementIds?: string[] | null }): CooperationReportRef {
    return Object.assign(new CooperationReportRef(), {
      id: reference.id,
      quietAgreementIds: reference.quietAgreementIds ?? undefined,
    });
  },
};

@Resolver(() => CooperationRequestRef)
export class RequestActivityResolver {
  @FieldResolver(() => [ThematicActivity], {
    description:
      `The territories (other than the requester) that shared experiences or took part in events on the ` +
      `request's themes or SDGs, most active first (an experience counts twice an event), then by id; at ` +
      `most ${MAX_THEMATIC_TERRITORIES}. Partnerships ranks \`candidatePartners\` with it.`,
  })
  @Directive('@requires(fields: "requester { id } themes { code } sdgs { number }")')
  activityOnThemes(@Root() request: CooperationRequestRef, @Ctx() { loaders }: Context) {
    const key: ActivityKey = {
      requesterId: request.requester?.id ?? null,
      themes: [...new Set((request.themes ?? []).map((theme) => theme.code))].sort(),
      sdgs: [...new Set((request.sdgs ?? []).map((sdg) => String(sdg.number)))].sort(),
    };
    return loaders.activityOnThemes.load(JSON.stringify(key));
  }
}

@Resolver(() => CooperationReportRef)
export class ReportEventsResolver {
  @FieldResolver(() => EventStats, {
    description:
      'Events of the report: started in its year, with an organiser or participant in its region and of its ' +
      'country (when given), real ones only when the report is; by kind and by theme.',
  })
  events(@Root() report: CooperationReportRef, @Ctx() { db, viewer }: Context): Promise<EventStats> {
    return eventStatsOf(db, parseReportId(report.id), viewer);
  }

  @FieldResolver(() => ExperienceStats, {
    description:
      'Experiences of the report: published in its year, shared by a territory in its region and of its ' +
      'country (when given), real ones only when the report is; by theme, SDG and language.',
  })
  experiences(
    @Root() report: CooperationReportRef,
    @Ctx() { db, viewer }: Context,
  ): Promise<ExperienceStats> {
    return experienceStatsOf(db, parseReportId(report.id), viewer);
  }

  @FieldResolver(() => [AgreementLastEvent], {
    description:
      'For the agreements of `quietAgreementIds` that held an event, the date of the latest one (by id). ' +
      'Partnerships reads it to tell the dormant agreements.',
  })
  @Directive('@requires(fields: "quietAgreementIds")')
  agreementLastEvents(@Root() report: CooperationReportRef, @Ctx() { loaders }: Context) {
    return loaders.lastEvents.load([...new Set(report.quietAgreementIds ?? [])].sort().join('\n'));
  }
}
