import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';

type Context = SubgraphContext<Loaders>;

/**
 * `_entities` resolution of the five entities this subgraph owns, each through its DataLoader so the
 * gateway's batch of representations becomes one SQL statement per type. Unknown keys resolve to null.
 */
export const references = {
  Territory: {
    __resolveReference: (ref: { id: string }, { loaders }: Context) => loaders.territory.load(ref.id),
  },
  Country: {
    __resolveReference: (ref: { code: string }, { loaders }: Context) => loaders.country.load(ref.code),
  },
  Sdg: {
    __resolveReference: (ref: { number: number }, { loaders }: Context) => loaders.sdg.load(ref.number),
  },
  SdgTarget: {
    __resolveReference: (ref: { code: string }, { loaders }: Context) => loaders.sdgTarget.load(ref.code),
  },
  Theme: {
    __resolveReference: (ref: { code: string }, { loaders }: Context) => loaders.theme.load(ref.code),
  },
};
