import type { EntityManager } from 'typeorm';
import { chunk } from '../shared/database';
import type { Language } from '../shared/i18n';
import { evidenceColumns } from '../shared/evidence';
import type { SeedOptions } from '../shared/server';
import { buildWorld } from '../shared/world';
import type { WorldEvent, WorldExperience } from '../shared/world/types';
import {
  EventEntity,
  EventFacet,
  EventFacetKind,
  EventSource,
  EventStatus,
  type EventKind,
} from './event.entity';
import { ExperienceEntity, ExperienceFacet, ExperienceFacetKind } from './experience.entity';
import { searchTextOf } from './search';

/** Rows per multi-row INSERT: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 300;

const count = (n: number) => n.toLocaleString('en-US');

export function eventRow(event: WorldEvent): EventEntity {
  return Object.assign(new EventEntity(), {
    id: event.id,
    kind: event.kind as EventKind,
    titleFr: event.title.fr ?? null,
    titleAr: event.title.ar ?? null,
    titleEn: event.title.en ?? null,
    description: event.description,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    city: event.city,
    placeTerritoryId: event.placeTerritoryId,
    countryCode: event.countryCode,
    online: event.online,
    networkId: networksOf(event)[0] ?? null,
    partnershipId: event.partnershipId,
    // What the world holds happened or was announced: public.
    status: EventStatus.PUBLISHED,
    version: 1,
    isDemo: event.isDemo,
    reference: event.reference ?? null,
    participantNames: event.participantNames ?? [],
    evidenceColumns: evidenceColumns(event.evidence ?? {}),
  });
}

/** Every organising network of a world event, main one first. */
const networksOf = (event: WorldEvent): string[] =>
  event.networkIds?.length ? event.networkIds : event.networkId ? [event.networkId] : [];

export function eventSourceRows(event: WorldEvent): EventSource[] {
  const urls = [...new Set((event.sources ?? []).map((source) => source.url))];
  return urls.map((url, position) =>
    Object.assign(new EventSource(), {
      eventId: event.id,
      position,
      url,
      title: event.sources!.find((source) => source.url === url)!.title ?? null,
    }),
  );
}

function facets<K>(ownerId: string, kind: K, values: (string | number)[]) {
  return [...new Set(values.map(String))].map((value, position) => ({ ownerId, kind, value, position }));
}

export function eventFacetRows(event: WorldEvent): EventFacet[] {
  // A territory listed both as organiser and participant is kept as organiser only.
  const organisers = new Set(event.organiserIds);
  return [
    ...facets(event.id, EventFacetKind.Organiser, event.organiserIds),
    ...facets(
      event.id,
      EventFacetKind.Participant,
      event.participantIds.filter((id) => !organisers.has(id)),
    ),
    ...facets(event.id, EventFacetKind.Network, networksOf(event)),
    ...facets(event.id, EventFacetKind.Theme, event.themes),
    ...facets(event.id, EventFacetKind.Sdg, event.sdgs),
    ...facets(event.id, EventFacetKind.Language, event.languages),
  ].map(({ ownerId, kind, value, position }) =>
    Object.assign(new EventFacet(), { eventId: ownerId, kind, value, position }),
  );
}

function experienceRow(experience: WorldExperience): ExperienceEntity {
  return Object.assign(new ExperienceEntity(), {
    id: experience.id,
    title: experience.title,
    summary: experience.summary,
    lessons: experience.lessons,
    language: experience.language as Language,
    territoryId: experience.territoryId,
    eventId: experience.eventId,
    documents: experience.documents.map(({ title, url }) => ({ title, url })),
    publishedOn: experience.publishedOn,
    searchText: searchTextOf(experience),
    version: 1,
    isDemo: experience.isDemo,
    reference: null,
    sources: [],
  });
}

function experienceFacetRows(experience: WorldExperience): ExperienceFacet[] {
  return [
    ...facets(experience.id, ExperienceFacetKind.Theme, experience.themes),
    ...facets(experience.id, ExperienceFacetKind.Sdg, experience.sdgs),
  ].map(({ ownerId, kind, value, position }) =>
    Object.assign(new ExperienceFacet(), { experienceId: ownerId, kind, value, position }),
  );
}

async function insertAll<T extends object>(
  manager: EntityManager,
  entity: new () => T,
  rows: T[],
): Promise<void> {
  for (const part of chunk(rows, CHUNK)) await manager.insert(entity, part as never);
}

/** Inserts the events and experiences of `buildWorld({ seed, scale })`. */
export async function seed(manager: EntityManager, { seed, scale, log }: SeedOptions): Promise<void> {
  const world = buildWorld({ seed, scale });
  const events = world.events.map(eventRow);
  const eventFacets = world.events.flatMap(eventFacetRows);
  await insertAll(manager, EventEntity, events);
  await insertAll(manager, EventFacet, eventFacets);
  const eventSources = world.events.flatMap(eventSourceRows);
  await insertAll(manager, EventSource, eventSources);
  log(
    `events: ${count(events.length)} events (${count(events.filter((e) => !e.isDemo).length)} real), ` +
      `${count(eventFacets.length)} facets, ${count(eventSources.length)} sources`,
  );
  const experiences = world.experiences.map(experienceRow);
  const experienceFacets = world.experiences.flatMap(experienceFacetRows);
  await insertAll(manager, ExperienceEntity, experiences);
  await insertAll(manager, ExperienceFacet, experienceFacets);
  log(
    `experiences: ${count(experiences.length)} experiences ` +
      `(${count(experiences.filter((x) => !x.isDemo).length)} real), ${count(experienceFacets.length)} facets`,
  );
}
