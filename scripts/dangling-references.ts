import type { DataSource } from 'typeorm';
import type { SubgraphName } from '../subgraphs/shared/config';
import { REFERENCE_OWNERS, type ReferenceType } from '../subgraphs/shared/references';

/**
 * Dangling references: ids stored by one subgraph that point at a record its owner does not hold (an
 * agreement party naming a territory that does not exist, an event of an agreement that is not there…).
 * Writes check every id with its owner (`subgraphs/shared/references.ts`), so these come from older data
 * or from a database edited by hand. Reads never turn them into errors (the exports leave such rows out);
 * this is where they are listed, so that someone can repair them. `npm run check` runs it
 * (scripts/check-references.ts).
 */

/** One kind of stored id: where it is kept and what it names. */
export interface StoredReference {
  /** The subgraph that stores the id. */
  subgraph: SubgraphName;
  /** What holds it, for the report (`agreement parties`). */
  what: string;
  /** What it names (its owner: `REFERENCE_OWNERS`). */
  type: ReferenceType;
  table: string;
  /** The column of the record that holds the id (an agreement id for its parties). */
  record: string;
  /** The column of the id. */
  column: string;
  /** A fixed SQL condition on the rows (a facet's kind). */
  where?: string;
}

/** Every id a subgraph stores that another record owns. */
export const STORED_REFERENCES: readonly StoredReference[] = [
  ref(
    'partnerships',
    'agreement parties',
    'Territory',
    'partnership_party',
    'partnership_id',
    'territory_id',
  ),
  ref('partnerships', 'agreement commitments', 'Territory', 'commitment', 'partnership_id', 'territory_id'),
  ref(
    'partnerships',
    'agreement deliberations',
    'Territory',
    'deliberation',
    'partnership_id',
    'territory_id',
  ),
  ref('partnerships', 'renewed agreements', 'Partnership', 'partnership', 'id', 'renews_id'),
  ref('partnerships', 'amended agreements', 'Partnership', 'partnership', 'id', 'amends_id'),
  ref('partnerships', 'request requesters', 'Territory', 'cooperation_request', 'id', 'requester_id'),
  ref('partnerships', 'request proposers', 'Territory', 'proposal', 'request_id', 'proposer_id'),
  ref('partnerships', 'countries sought by requests', 'Country', 'request_facet', 'owner_id', 'value', {
    where: "kind = 'country'",
  }),
  ref('partnerships', 'funders (parties)', 'Territory', 'funding', 'id', 'funder_territory_id'),
  ref('partnerships', 'funders (networks)', 'Network', 'funding', 'id', 'funder_network_id'),
  ref('networks', 'membership territories', 'Territory', 'membership', 'id', 'territory_id'),
  ref('networks', 'office territories', 'Territory', 'network_office', 'id', 'territory_id'),
  ref('networks', 'membership networks', 'Network', 'membership', 'id', 'network_id'),
  ref('events', 'event organisers', 'Territory', 'event_facet', 'event_id', 'value', {
    where: "kind = 'ORGANISER'",
  }),
  ref('events', 'event participants', 'Territory', 'event_facet', 'event_id', 'value', {
    where: "kind = 'PARTICIPANT'",
  }),
  ref('events', 'event places', 'Territory', 'event', 'id', 'place_territory_id'),
  ref('events', 'event agreements', 'Partnership', 'event', 'id', 'partnership_id'),
  ref('events', 'event networks', 'Network', 'event', 'id', 'network_id'),
  ref('events', 'event co-organising networks', 'Network', 'event_facet', 'event_id', 'value', {
    where: "kind = 'NETWORK'",
  }),
  ref('events', 'experience territories', 'Territory', 'experience', 'id', 'territory_id'),
  ref('events', 'experience events', 'Event', 'experience', 'id', 'event_id'),
];

function ref(
  subgraph: SubgraphName,
  what: string,
  type: ReferenceType,
  table: string,
  record: string,
  column: string,
  options: { where?: string } = {},
): StoredReference {
  return { subgraph, what, type, table, record, column, ...options };
}

/** The table each owner keeps its records in (the key column is `REFERENCE_OWNERS[type].key`). */
const OWNER_TABLES: Record<ReferenceType, string> = {
  Territory: 'territory',
  Country: 'country',
  Network: 'network',
  Event: 'event',
  Partnership: 'partnership',
};

/** One stored id that names nothing. */
export interface DanglingReference {
  subgraph: SubgraphName;
  what: string;
  type: ReferenceType;
  /** The record holding the id (e.g. the agreement). */
  recordId: string;
  /** The id that names nothing. */
  id: string;
}

/** Whether the database has `table` (and its `column`, when given): an older schema may not. */
async function hasTable(db: DataSource, table: string, column?: string): Promise<boolean> {
  const runner = db.createQueryRunner();
  try {
    if (!(await runner.hasTable(table))) return false;
    return column === undefined || (await runner.hasColumn(table, column));
  } finally {
    await runner.release();
  }
}

/** Every key the owner of `type` holds. */
async function ownedIds(dbs: Record<SubgraphName, DataSource>, type: ReferenceType): Promise<Set<string>> {
  const { owner, key } = REFERENCE_OWNERS[type];
  const table = OWNER_TABLES[type];
  if (!(await hasTable(dbs[owner], table))) {
    throw new Error(`The ${owner} database has no table "${table}": is it migrated (npm run migrate)?`);
  }
  const rows: { id: string }[] = await dbs[owner]
    .createQueryBuilder()
    .select(`o.${key}`, 'id')
    .from(table, 'o')
    .getRawMany();
  return new Set(rows.map((row) => String(row.id)));
}

/**
 * Reads every stored reference of `STORED_REFERENCES` in the databases `dbs` and returns those whose
 * owner does not hold the record named, in the order of `STORED_REFERENCES`, then by record and id. A
 * referencing table or column a database does not have yet (an older schema) holds nothing to check.
 */
export async function findDanglingReferences(
  dbs: Record<SubgraphName, DataSource>,
): Promise<DanglingReference[]> {
  const owned = new Map<ReferenceType, Promise<Set<string>>>();
  const found: DanglingReference[] = [];
  for (const reference of STORED_REFERENCES) {
    const db = dbs[reference.subgraph];
    if (!(await hasTable(db, reference.table, reference.column))) continue;
    if (!owned.has(reference.type)) owned.set(reference.type, ownedIds(dbs, reference.type));
    const known = await owned.get(reference.type)!;
    const query = db
      .createQueryBuilder()
      .select(`r.${reference.record}`, 'recordId')
      .addSelect(`r.${reference.column}`, 'id')
      .distinct(true)
      .from(reference.table, 'r')
      .where(`r.${reference.column} IS NOT NULL`);
    if (reference.where) query.andWhere(`r.${reference.where}`);
    const rows: { recordId: string; id: string }[] = await query.getRawMany();
    const dangling = rows
      .filter((row) => !known.has(String(row.id)))
      .map((row) => ({ recordId: String(row.recordId), id: String(row.id) }))
      .sort((a, b) => a.recordId.localeCompare(b.recordId) || a.id.localeCompare(b.id));
    for (const row of dangling) {
      found.push({ subgraph: reference.subgraph, what: reference.what, type: reference.type, ...row });
    }
  }
  return found;
}

/** The report `npm run check` prints: grouped by kind of reference, with counts. */
export function formatDanglingReferences(found: readonly DanglingReference[]): string {
  if (!found.length) {
    return `No dangling references: every stored id names a record its owner holds (${STORED_REFERENCES.length} kinds checked).`;
  }
  const groups = new Map<string, DanglingReference[]>();
  for (const item of found) {
    const key = `${item.subgraph} · ${item.what} → ${item.type}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const lines = [`${found.length} dangling reference(s): stored ids that name no record of their owner.`];
  for (const [key, items] of groups) {
    lines.push('', `${key}: ${items.length}`);
    for (const item of items) lines.push(`  ${item.recordId} → ${item.type.toLowerCase()} "${item.id}"`);
  }
  return lines.join('\n');
}
