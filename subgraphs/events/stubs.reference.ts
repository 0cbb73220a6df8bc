import { NetworkRef, PartnershipRef, TerritoryRef } from './stubs';

/**
 * `_entities` for the entities of other subgraphs this one extends: the representation is all there is
 * to know here (the fields added are loaded from it, in batches, by the field resolvers).
 */
export const territoryReference = {
  __resolveReference(reference: { id: string }): TerritoryRef {
    return Object.assign(new TerritoryRef(), { id: reference.id });
  },
};

export const networkReference = {
  /**
   * Keeps `memberTerritoryIds`: the gateway fetches it from the networks subgraph and passes it in the
   * representation because `memberExperiences` `@requires` it.
   */
  __resolveReference(reference: { id: string; memberTerritoryIds?: string[] | null }): NetworkRef {
    return Object.assign(new NetworkRef(), {
      id: reference.id,
      memberTerritoryIds: reference.memberTerritoryIds ?? [],
    });
  },
};

export const partnershipReference = {
  __resolveReference(reference: { id: string }): PartnershipRef {
    return Object.assign(new PartnershipRef(), { id: reference.id });
  },
};
