import { BadUserInputError, NotFoundError, ServiceUnavailableError } from './errors';
import type { SubgraphName } from './config';

/** The operation name of a reference check: a subgraph lets it through while a dry run holds it. */
export const REFERENCE_CHECK = 'CheckReferences';

/**
 * Referential integrity across subgraphs: before a write stores an id that another subgraph owns (a
 * territory, a country, a network, an event, an agreement), it asks that owner — the subgraph whose
 * `_entities` answers `null` for an id it does not hold, or that its reader may not see — and refuses the
 * write when the owner does not know it. No cache on the asking side: the owner's database is the only
 * truth, so several instances of every subgraph, on SQLite or PostgreSQL, agree. The owner may answer from
 * its reference data in memory (`reference-cache.ts`, territories and countries): it trusts only what its
 * snapshot holds (nothing is ever deleted) and looks up a miss in SQL. The check runs before the write's
 * transaction opens (no lock is held across HTTP); records are never deleted, only voided, so an id that
 * exists at the check still exists at the commit.
 */

/** The kinds of record a write may name, with the subgraph that owns them and their key field. */
export const REFERENCE_OWNERS = {
  Territory: { owner: 'territories', key: 'id' },
  Country: { owner: 'territories', key: 'code' },
  Network: { owner: 'networks', key: 'id' },
  Event: { owner: 'events', key: 'id' },
  Partnership: { owner: 'partnerships', key: 'id' },
} as const satisfies Record<string, { owner: SubgraphName; key: string }>;

export type ReferenceType = keyof typeof REFERENCE_OWNERS;

/** One id a write names: what it should be, and the input field that names it (for the refusal). */
export interface Reference {
  type: ReferenceType;
  id: string;
  field: string;
  /**
   * `NOT_FOUND` (the record the write is about, e.g. the network joined) instead of the default
   * `BAD_USER_INPUT` naming the field (a record the input points at, e.g. a party of an agreement).
   */
  notFound?: boolean;
}

export interface ReferenceChecker {
  /**
   * Throws for the first reference (in input order) its owner does not know, as the reader whose internal
   * token is `authorization` (null: the public reader); `SERVICE_UNAVAILABLE` when an owner does not answer.
   */
  check(references: readonly Reference[], authorization: string | null): Promise<void>;
}

/** How long a write waits for an owner before refusing with SERVICE_UNAVAILABLE. */
const CHECK_TIMEOUT_MS = 5_000;

const NAMES: Record<ReferenceType, string> = {
  Territory: 'territory',
  Country: 'country',
  Network: 'network',
  Event: 'event',
  Partnership: 'agreement',
};

/** The owners' `_entities` answer for `ids` of one type: which of them exist for this reader. */
async function knownIds(
  url: string,
  type: ReferenceType,
  ids: readonly string[],
  authorization: string | null,
): Promise<Set<string>> {
  const { owner, key } = REFERENCE_OWNERS[type];
  let body: { data?: { _entities?: ({ __typename: string } | null)[] } | null };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({
        query: `query ${REFERENCE_CHECK}($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
        variables: { r: ids.map((id) => ({ __typename: type, [key]: id })) },
      }),
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new ServiceUnavailableError(
      `The ${owner} service could not be asked whether the ${NAMES[type]} exists ` +
        `(${(error as Error).name}); nothing was written, try again`,
    );
  }
  const entities = body.data?._entities;
  if (!Array.isArray(entities) || entities.length !== ids.length) {
    throw new ServiceUnavailableError(
      `The ${owner} service did not say whether the ${NAMES[type]} exists; nothing was written, try again`,
    );
  }
  return new Set(ids.filter((_, i) => entities[i] != null));
}

/**
 * The checker of subgraph `self`, asking the owners at `peers` (`SUBGRAPH_URL_<NAME>`). One request per
 * owner and type, whatever the number of ids.
 */
export function referenceChecker(peers: Readonly<Record<SubgraphName, string>>): ReferenceChecker {
  return {
    async check(references, authorization) {
      if (!references.length) return;
      const byType = new Map<ReferenceType, Set<string>>();
      for (const ref of references) {
        byType.set(ref.type, (byType.get(ref.type) ?? new Set()).add(ref.id));
      }
      const known = new Map<ReferenceType, Set<string>>();
      await Promise.all(
        [...byType].map(async ([type, ids]) => {
          known.set(type, await knownIds(peers[REFERENCE_OWNERS[type].owner], type, [...ids], authorization));
        }),
      );
      for (const ref of references) {
        if (known.get(ref.type)!.has(ref.id)) continue;
        if (ref.notFound) throw new NotFoundError(capitalize(NAMES[ref.type]), ref.id);
        throw new BadUserInputError(`No ${NAMES[ref.type]} has the id "${ref.id}"`, ref.field);
      }
    },
  };
}

const capitalize = (word: string) => word[0].toUpperCase() + word.slice(1);
