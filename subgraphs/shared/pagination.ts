import { ArgsType, ClassType, Directive, Field, Int, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors';

/** The largest page a client may ask for. */
export const MAX_PAGE_SIZE = 100;
/** The page size when a client does not say. */
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Where a page of a list stands in the whole list.' })
@Directive('@shareable')
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'Whether items come before this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the first item of this page.' })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the last item of this page: pass it as `after` to get the next page.',
  })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `How many items to return (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (the `endCursor` of the previous page).',
  })
  after?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** A connection type (`<Name>Connection` with `<Name>Edge`) for a paginated list of `item`. */
export function Connection<T extends object>(item: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'An opaque cursor for this item.' })
    cursor: string;

    @Field(() => item, { description: `The ${what}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s with the total count.` })
  class ConnectionType implements Page<T> {
    @Field(() => [Edge], { description: `The ${what}s of this page with their cursors.` })
    edges: Edge[];

    @Field(() => [item], { description: `The ${what}s of this page.` })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Where this page stands.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: `How many ${what}s match, over all pages.` })
    totalCount: number;
  }
  return ConnectionType;
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new BadUserInputError(`"after" is not a cursor of this list: ${JSON.stringify(cursor)}`, 'after');
  }
  return offset;
}

/** Validates `first`/`after` and turns them into an offset and a limit. */
export function pageWindow(args: PageArgs): { offset: number; limit: number } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  const offset = args.after ? decodeCursor(args.after) + 1 : 0;
  return { offset, limit: first };
}

export function toPage<T>(rows: T[], offset: number, limit: number, totalCount: number): Page<T> {
  const edges = rows.map((node, index) => ({ cursor: encodeCursor(offset + index), node }));
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: offset + rows.length < totalCount,
    hasPreviousPage: offset > 0,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  });
  return { edges, nodes: rows, pageInfo, totalCount };
}

/**
 * One page of a query builder's rows and how many rows match, in one statement: the count rides along as an
 * uncorrelated scalar subquery (evaluated once), where typeorm's getManyAndCount ran a second statement
 * whenever the page was full. Order the builder first. A builder with joins
 * (typeorm then pages by ids first) keeps the two statements.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: PageArgs,
): Promise<Page<T>> {
  const { offset, limit } = pageWindow(args);
  if (qb.expressionMap.joinAttributes.length > 0) {
    const [rows, total] = await qb.skip(offset).take(limit).getManyAndCount();
    return toPage(rows, offset, limit, total);
  }
  const count = qb.clone().select('COUNT(1)').orderBy().skip(undefined).take(undefined);
  const { entities, raw } = await qb
    .clone()
    .addSelect(`(${count.getQuery()})`, 'page_total_count')
    .skip(offset)
    .take(limit)
    .getRawAndEntities<{ page_total_count: number | string }>();
  // Past the last page no row carries the count (PostgreSQL gives it as a string): count apart then.
  const totalCount = raw.length > 0 ? Number(raw[0].page_total_count) : offset > 0 ? await qb.getCount() : 0;
  return toPage(entities, offset, limit, totalCount);
}

/** One page of an in-memory list (for nested lists already loaded in one batch). */
export function paginateArray<T>(items: T[], args: PageArgs): Page<T> {
  const { offset, limit } = pageWindow(args);
  return toPage(items.slice(offset, offset + limit), offset, limit, items.length);
}
