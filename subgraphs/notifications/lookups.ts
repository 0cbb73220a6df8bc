import type { SubgraphName } from '../shared/config';
import { Role, signInternalToken } from '../shared/identity';
import type { LookupsNeeded } from './notification.derive';
import type { Lookups } from './notification.rules';

/**
 * What some rows of the rules table ask of the other subgraphs, fetched before the ingest transaction, as
 * the internal identity `subgraph:notifications` (role ADMIN: it reads drafts too; the rules then decide
 * who may be told). A subgraph that cannot be reached, or answers anything but a 2xx with every entity asked
 * and no `errors`, fails the batch (`LookupUnavailableError`, 503): the relay sends it again later, and
 * nothing is lost (an empty answer is never taken for "nobody to tell").
 */

/** How many territories at most are told that a request fits their profile. */
export const MATCHES_TOLD = 5;
/** The band of the candidates told: 0, a country the request seeks and a comparable tier. */
export const MATCH_BAND = 0;

export class LookupUnavailableError extends Error {}

interface LookupOptions {
  peers: Readonly<Record<SubgraphName, string>>;
  internalAuthSecret: string;
  logger?: { warn(message: string): void };
}

async function entities<T>(
  url: string,
  query: string,
  representations: object[],
  options: LookupOptions,
): Promise<T[]> {
  const token = await signInternalToken(
    { subject: 'subgraph:notifications', role: Role.ADMIN, territories: [], networks: [] },
    options.internalAuthSecret,
  );
  let body: { data?: { _entities?: (T | null)[] } | null; errors?: { message: string }[] };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { representations } }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new LookupUnavailableError(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // An answer with errors, or without one of the entities asked, is not "nobody to tell": the batch waits.
  if (body.errors?.length) throw new LookupUnavailableError(`${url}: ${body.errors[0].message}`);
  const found = body.data?._entities;
  if (!Array.isArray(found) || found.length !== representations.length)
    throw new LookupUnavailableError(`${url}: the answer does not list the entities asked`);
  const missing = found.findIndex((entity) => entity === null || entity === undefined);
  if (missing >= 0)
    throw new LookupUnavailableError(`${url}: no entity for ${JSON.stringify(representations[missing])}`);
  return found as T[];
}

const CANDIDATES = `query NotificationCandidates($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on CooperationRequest { id candidatePartners(first: 20) { territory { id } band } }
  }
}`;

const MEMBERS = `query NotificationMembers($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Network { id memberships { territory { id } } }
  }
}`;

const NAMES = `query NotificationNames($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Territory { id fr: name(lang: FR) ar: names { ar } }
  }
}`;

type Name = { fr: string; ar: string | null };

/** The names of `ids` (one `_entities` call to the territories subgraph), by id. */
async function fetchNames(ids: readonly string[], options: LookupOptions): Promise<Map<string, Name>> {
  const names = new Map<string, Name>();
  if (!ids.length) return names;
  type Row = { id: string; fr: string; ar: { ar: string | null } | null };
  const rows = await entities<Row>(
    options.peers.territories,
    NAMES,
    ids.map((id) => ({ __typename: 'Territory', id })),
    options,
  );
  for (const row of rows) if (row.fr) names.set(row.id, { fr: row.fr, ar: row.ar?.ar ?? null });
  return names;
}

/** Fetches what `needed` names (nothing when it names nothing) and answers the rows' questions from it. */
export async function fetchLookups(
  needed: Partial<LookupsNeeded> & Pick<LookupsNeeded, 'requests' | 'networks'>,
  options: LookupOptions,
): Promise<Lookups> {
  const candidates = new Map<string, string[]>();
  const members = new Map<string, string[]>();
  const names = await fetchNames(needed.territories ?? [], options);
  if (needed.requests.length) {
    type Row = { id: string; candidatePartners: { territory: { id: string }; band: number }[] };
    const rows = await entities<Row>(
      options.peers.partnerships,
      CANDIDATES,
      needed.requests.map((id) => ({ __typename: 'CooperationRequest', id })),
      options,
    );
    for (const row of rows) {
      const good = row.candidatePartners.filter((c) => c.band <= MATCH_BAND).map((c) => c.territory.id);
      candidates.set(row.id, good.slice(0, MATCHES_TOLD));
    }
  }
  if (needed.networks.length) {
    type Row = { id: string; memberships: { territory: { id: string } }[] };
    const rows = await entities<Row>(
      options.peers.networks,
      MEMBERS,
      needed.networks.map((id) => ({ __typename: 'Network', id })),
      options,
    );
    for (const row of rows) members.set(row.id, [...new Set(row.memberships.map((m) => m.territory.id))]);
  }
  return {
    candidates: (id) => candidates.get(id) ?? [],
    members: (id) => members.get(id) ?? [],
    name: (id) => names.get(id) ?? null,
  };
}
