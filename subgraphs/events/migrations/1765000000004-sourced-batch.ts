import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { flag, plainSql, wasSeeded, type Row } from '../../shared/plain-sql';
import { buildWorld } from '../../shared/world';
import type { WorldEvent } from '../../shared/world/types';
import { eventFacetRows, eventRow, eventSourceRows } from '../seed';

/**
 * The sourced events of issue 12 on a database seeded before them (a deployment that upgrades): the world's
 * real events it lacks are inserted as the seed writes them (`seed.ts`), with their facets (organisers,
 * participants, every organising network, themes, SDGs, languages), their sources in order, the
 * participants that are no territory and their evidence. One whose register reference an event that stands
 * already holds (recorded through the hub meanwhile) is left out, so no register row is there twice. A fresh
 * database (not seeded yet) gets them from the seed; running it again inserts nothing. Plain SQL, the same
 * on SQLite and PostgreSQL (`shared/plain-sql.ts`).
 */
export class EventsSourcedBatch1765000000004 implements MigrationInterface {
  name = 'EventsSourcedBatch1765000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await wasSeeded(queryRunner.manager)) await writeSourcedEvents(queryRunner.manager);
  }

  /** Events added from their sources are not taken out again: they are real. */
  async down(): Promise<void> {}
}

function eventValues(event: WorldEvent): Row {
  const e = eventRow(event);
  return {
    id: e.id,
    kind: e.kind,
    title_fr: e.titleFr,
    title_ar: e.titleAr,
    title_en: e.titleEn,
    description: e.description,
    starts_on: e.startsOn,
    ends_on: e.endsOn,
    city: e.city,
    place_territory_id: e.placeTerritoryId,
    country_code: e.countryCode,
    online: flag(e.online),
    network_id: e.networkId,
    partnership_id: e.partnershipId,
    status: e.status,
    version: e.version,
    is_demo: flag(e.isDemo),
    reference: e.reference,
    participant_names: JSON.stringify(e.participantNames),
    evidence_quote: e.evidenceColumns.quote,
    evidence_caveats: e.evidenceColumns.caveats,
    evidence_note: e.evidenceColumns.note,
  };
}

/** The real events this database lacks, without those whose reference an event that stands holds. */
async function missingEvents(manager: EntityManager, real: WorldEvent[]): Promise<WorldEvent[]> {
  const sql = plainSql(manager);
  const ids = await sql.present(
    'event',
    'id',
    real.map((e) => e.id),
  );
  const missing = real.filter((e) => !ids.has(e.id));
  const references = await sql.present(
    'event',
    'reference',
    missing.flatMap((e) => (e.reference ? [e.reference] : [])),
    'voided_on IS NULL',
  );
  return missing.filter((e) => !e.reference || !references.has(e.reference));
}

/** Writes the sourced events this database lacks; returns how many events it inserted. */
export async function writeSourcedEvents(manager: EntityManager): Promise<number> {
  const sql = plainSql(manager);
  const real = buildWorld({ seed: 0, scale: 0 }).events.filter((e) => !e.isDemo);
  const missing = await missingEvents(manager, real);
  await sql.insert('event', missing.map(eventValues));
  const facets = missing.flatMap(eventFacetRows).map((f) => ({
    event_id: f.eventId,
    kind: f.kind,
    value: f.value,
    position: f.position,
  }));
  await sql.insert('event_facet', facets);
  const sources = missing.flatMap(eventSourceRows).map((s) => ({
    event_id: s.eventId,
    position: s.position,
    url: s.url,
    title: s.title,
  }));
  await sql.insert('event_source', sources);
  return missing.length;
}
