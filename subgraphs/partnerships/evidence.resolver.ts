import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Evidence, evidenceOf } from '../shared/evidence';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';

/**
 * `Partnership.evidence`: how well an agreement is established, by the one rule of `shared/evidence.ts`
 * (its sources' sites, capped by its caveats). A demo record is UNSOURCED whatever it carries: it stands for
 * no real agreement.
 */
@Resolver(() => Partnership)
export class PartnershipEvidenceResolver {
  @FieldResolver(() => Evidence, {
    description:
      'How well the agreement is established: the strength of its sources (STRONG with two sites or more and ' +
      'nothing that weakens them, MODERATE with one, WEAK with a caveat such as a single secondary source, a ' +
      'council draft or no date, UNSOURCED without a source or for a demo record), the caveats, the quote ' +
      'from the source and the compiler’s note. See `docs/sources.md`.',
  })
  async evidence(@Root() p: Partnership, @Ctx() { loaders }: SubgraphContext<Loaders>): Promise<Evidence> {
    if (p.isDemo) return evidenceOf(null, []);
    const sources = await loaders.sources.load(p.id);
    return evidenceOf(
      p.evidenceColumns,
      sources.map((source) => source.url),
    );
  }
}
