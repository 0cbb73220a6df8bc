import type { SubgraphContext } from '../shared/server';
import type { ExperienceEntity } from './experience.entity';
import type { Loaders } from './loaders';

/** `_entities` for Experience: batched through the request's `experienceById` loader. */
export const experienceReference = {
  __resolveReference(
    reference: { id: string },
    { loaders }: SubgraphContext<Loaders>,
  ): Promise<ExperienceEntity | null> {
    return loaders.experienceById.load(reference.id);
  },
};
