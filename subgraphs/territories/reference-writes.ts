import type { ObjectLiteral } from 'typeorm';
import { create, update, type CreateWrite, type UpdateWrite } from '../shared/pipeline';
import { announceReferenceChange, referenceWritten } from '../shared/reference-cache';
import type { SubgraphContext } from '../shared/server';
import { createLoaders, type Loaders } from './loaders';

type Context = SubgraphContext<Loaders>;

/**
 * The pipeline's `create` and `update` for writes of the reference data this subgraph keeps in memory
 * (`shared/reference-cache.ts`): the same declarations and steps, plus the two the cache needs. In the
 * write's transaction, once it changed something, the change is announced (a NOTIFY on PostgreSQL, delivered
 * to every instance only if the transaction commits). Once the pipeline returned (committed), this
 * instance's snapshot is read anew, and the request's loaders start afresh: the mutation's answer and every
 * later read show the write. A refused write throws before either, and changes no snapshot.
 */

/** After a committed write: the cache reads anew, and the rest of the request reads it (not its earlier snapshot). */
function written(ctx: Context): void {
  referenceWritten(ctx.db);
  ctx.loaders = createLoaders(ctx.db);
}

/** `create(ctx, spec)` of a write of reference data. */
export async function createReference(ctx: Context, spec: CreateWrite): Promise<string> {
  const id = await create(ctx, {
    ...spec,
    async create(manager, actor) {
      const created = await spec.create(manager, actor);
      await announceReferenceChange(manager);
      return created;
    },
  });
  written(ctx);
  return id;
}

/** `update(ctx, spec)` of a write of reference data. */
export async function updateReference<T extends ObjectLiteral & { id: string; version: number }>(
  ctx: Context,
  spec: UpdateWrite<T>,
): Promise<string> {
  const id = await update(ctx, {
    ...spec,
    async apply(manager, record, actor) {
      const change = await spec.apply(manager, record, actor);
      // Null: the write changes nothing (no version, no audit), so nothing to announce.
      if (change) await announceReferenceChange(manager);
      return change;
    },
  });
  written(ctx);
  return id;
}
