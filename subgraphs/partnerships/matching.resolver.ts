import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root, registerEnumType } from 'type-graphql';
import { BadUserInputError } from '../shared/errors';
import { Language, pickText } from '../shared/i18n';
import { MAX_PAGE_SIZE } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { MatchReason, PartnerCandidate } from './discovery.types';
import type { Loaders } from './loaders';
import { matchingLoaders } from './matching.loaders';
import { candidatePool, existingPartners, rankCandidates, type MatchOptions } from './matching.rank';
import { isCountryCode } from './matching.reasons';
import type { Tier } from './matching.rules';
import { CooperationRequest } from './request.entity';

/**
 * `CooperationRequest.candidatePartners`: the arguments, their checks and the batched loads; the ranking is
 * `matching.rank.ts`, its rules `matching.rules.ts` (documented in docs/discovery.md).
 */

type Context = SubgraphContext<Loaders>;

/** How many candidates `candidatePartners` returns when `first` is not given. */
export const DEFAULT_CANDIDATES = 10;

/** The tier of a local authority, as the territories subgraph's `Territory.level` (same values). */
export enum TerritoryLevel {
  REGION = 'REGION',
  PROVINCE = 'PROVINCE',
  MUNICIPALITY = 'MUNICIPALITY',
}

registerEnumType(TerritoryLevel, {
  name: 'TerritoryLevel',
  description: 'The tier of a local authority, comparable across countries.',
  valuesConfig: {
    REGION: { description: 'A region (Moroccan région, French région, Spanish comunidad autónoma…).' },
    PROVINCE: {
      description:
        'An intermediate tier: Moroccan province or préfecture, French département, Spanish provincia…',
    },
    MUNICIPALITY: { description: 'A municipality: Moroccan commune, French commune, city, town…' },
  },
});

interface NarrowingArgs {
  first: number | null;
  countries: string[] | null;
  foreignOnly: boolean | null;
  levels: TerritoryLevel[] | null;
  realOnly: boolean | null;
}

/** The arguments checked (BAD_USER_INPUT naming the argument) and put in the ranking's terms. */
export function matchOptions(args: NarrowingArgs): MatchOptions & { first: number } {
  const first = args.first ?? DEFAULT_CANDIDATES;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  if (args.countries) {
    if (args.countries.length === 0) {
      throw new BadUserInputError('"countries" must name at least one country (or be left out)', 'countries');
    }
    const bad = args.countries.filter((code) => !isCountryCode(code));
    if (bad.length) {
      throw new BadUserInputError(
        `"countries" takes ISO 3166-1 alpha-2 codes in capitals (e.g. "ES"), got ${bad.map((c) => JSON.stringify(c)).join(', ')}`,
        'countries',
      );
    }
  }
  if (args.levels && args.levels.length === 0) {
    throw new BadUserInputError('"levels" must name at least one tier (or be left out)', 'levels');
  }
  if (args.foreignOnly && args.countries?.includes('MA')) {
    throw new BadUserInputError(
      '"foreignOnly" leaves Moroccan candidates out, but "countries" names MA',
      'foreignOnly',
    );
  }
  return {
    first,
    countries: args.countries ? [...new Set(args.countries)] : null,
    foreignOnly: args.foreignOnly ?? false,
    levels: args.levels ? (args.levels as Tier[]) : null,
    realOnly: args.realOnly ?? false,
  };
}

@Resolver(() => CooperationRequest)
export class CandidatePartnersResolver {
  @FieldResolver(() => [PartnerCandidate], {
    description:
      'Territories suggested as partners for the request, with the reasons each is suggested. Candidates are ' +
      'those with agreements on its themes or SDGs, experiences or events on them, a network in common with ' +
      'the requester, and the requester’s existing partners (`existingPartner`); never the requester, its ' +
      'province or region, nor a territory within it. A Moroccan candidate is offered only when the request ' +
      'seeks no country (or Morocco). Ordered by `band` (countries sought first, then tiers comparable to the ' +
      'requester’s), then score descending, then id. The points: docs/discovery.md, "Partner matching".',
  })
  @Directive(
    '@requires(fields: "activityOnThemes { territory { id } experienceCount eventCount themes { code } ' +
      'sdgs { number } } networkPeers { territory { id } networks { id } acronyms { fr ar en } }")',
  )
  async candidatePartners(
    @Root() request: CooperationRequest,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: DEFAULT_CANDIDATES,
      description: `How many candidates at most (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_CANDIDATES}).`,
    })
    first: number | null,
    @Arg('countries', () => [String], {
      nullable: true,
      description:
        'Only candidates in these countries (ISO 3166-1 alpha-2 codes in capitals, at least one). Naming `MA` ' +
        'offers Moroccan candidates even when the request seeks other countries. Default: any.',
    })
    countries: string[] | null,
    @Arg('foreignOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'true: foreign local authorities only, no Moroccan candidate. Default false.',
    })
    foreignOnly: boolean | null,
    @Arg('levels', () => [TerritoryLevel], {
      nullable: true,
      description:
        'Only candidates of these tiers (at least one). A foreign authority whose tier the hub does not know ' +
        'is then left out. Default: any.',
    })
    levels: TerritoryLevel[] | null,
    @Arg('realOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description:
        'true: real records only — demo agreements are not counted and demo candidates (`demo`) are left out. ' +
        'Default false: both, demo candidates flagged.',
    })
    realOnly: boolean | null,
    @Ctx() { loaders, db, viewer }: Context,
  ): Promise<PartnerCandidate[]> {
    const options = matchOptions({ first, countries, foreignOnly, levels, realOnly });
    const { ties } = matchingLoaders(loaders, db, viewer);
    // Each await is one batch for all the requests of the gateway's `_entities` call.
    const { themes, sdgs, countriesSought, partiesByFacet } = await loaders.matchingBasis.load(request.id);
    const input = {
      requesterId: request.requesterId,
      themes,
      sdgs,
      countriesSought,
      partiesByFacet,
      activity: request.activityOnThemes ?? [],
      peers: request.networkPeers ?? [],
    };
    const loaded = new Map<string, Awaited<ReturnType<typeof ties.load>>>();
    const load = async (ids: string[]) => {
      const lists = await ties.loadMany(ids);
      ids.forEach((id, index) => {
        const rows = lists[index];
        if (rows instanceof Error) throw rows;
        loaded.set(id, rows);
      });
    };
    // The requester's ties and the pool's first; then those of its existing partners outside the pool.
    await load([request.requesterId, ...candidatePool(input)]);
    const partners = [...existingPartners(loaded.get(request.requesterId)!, options.realOnly).keys()];
    const missing = partners.filter((id) => !loaded.has(id));
    if (missing.length) await load(missing);
    return rankCandidates(input, (id) => loaded.get(id) ?? [], options).slice(0, options.first);
  }
}

@Resolver(() => MatchReason)
export class MatchReasonResolver {
  @FieldResolver(() => String, { description: 'The reason in words, in the requested language.' })
  message(
    @Root() matchReason: MatchReason,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language of the message.' })
    lang: Language,
  ): string {
    return pickText(matchReason.messages, lang) ?? matchReason.code;
  }
}
