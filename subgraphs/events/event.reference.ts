import type { SubgraphContext } from '../shared/server';
import type { EventEntity } from './event.entity';
import type { Loaders } from './loaders';

/** `_entities` for Event: batched through the request's `eventById` loader (null for an unknown id). */
export const eventReference = {
  __resolveReference(
    reference: { id: string },
    { loaders }: SubgraphContext<Loaders>,
  ): Promise<EventEntity | null> {
    return loaders.eventById.load(reference.id);
  },
};
