import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { countryOfTerritory } from '../shared/hcp';
import { Language, LocalizedText, localized, pickText } from '../shared/i18n';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { Source } from '../shared/source';
import { Modality, SIGNED_IN_FORCE } from './enums';
import { PartnershipFilter } from './filters.input';
import type { Loaders } from './loaders';
import { Partnership, type FacetKind, type PartnershipFacetRow } from './partnership.entity';
import { checkPartnershipFilter, partnershipQuery } from './partnership.filter';
import { Commitment, LegalStep, PartnershipAction, PartnershipParty } from './partnership.types';
import {
  CountryRef,
  countryRef,
  SdgRef,
  sdgRef,
  SdgTargetRef,
  sdgTargetRef,
  territoryRef,
  ThemeRef,
  themeRef,
} from './stubs';

type Context = SubgraphContext<Loaders>;

export const PartnershipConnection = Connection(Partnership, 'Partnership', 'agreement');

/** The default of `isDormant(months)`: two years, the ministry's usual horizon. */
export const DORMANT_AFTER_MONTHS = 24;
const MAX_DORMANT_MONTHS = 600;

const titles = (p: Partnership) => ({ fr: p.titleFr, ar: p.titleAr, en: p.titleEn });

export function valuesOf(
  rows: PartnershipFacetRow[] | { kind: FacetKind; value: string }[],
  kind: FacetKind,
) {
  return rows.filter((row) => row.kind === kind).map((row) => row.value);
}

/** `today` minus `months` months, as `YYYY-MM-DD`. */
export function monthsBefore(today: Date, months: number): string {
  const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate()));
  return date.toISOString().slice(0, 10);
}

/**
 * Dormant: signed and still in force, signed more than `months` before `today` (the year's 31 December
 * when only the year is known), with no action started or completed and no event held since signature
 * (since the year's 1 January when only the year is known, so an action of that year counts).
 */
export function isDormant(
  p: Pick<Partnership, 'status' | 'signedOn' | 'year' | 'lastActionOn'>,
  lastEventOn: string | null | undefined,
  months: number,
  today = new Date(),
): boolean {
  if (!SIGNED_IN_FORCE.includes(p.status)) return false;
  const signedBy = p.signedOn ?? (p.year != null ? `${p.year}-12-31` : null);
  if (!signedBy || signedBy >= monthsBefore(today, months)) return false;
  const since = p.signedOn ?? `${p.year}-01-01`;
  if (p.lastActionOn && p.lastActionOn >= since) return false;
  if (lastEventOn && lastEventOn >= since) return false;
  return true;
}

/** Agreements newest first (undated last), then by id: a stable order for pages and nested lists. */
export function byNewest(a: Partnership, b: Partnership): number {
  return (b.year ?? -Infinity) - (a.year ?? -Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => Partnership, {
    nullable: true,
    description:
      'One agreement by its id; null with a NOT_FOUND error when there is none or the reader may not see it ' +
      '(drafts and agreements under negotiation are seen by their parties and the ministry only).',
  })
  async partnership(
    @Arg('id', () => ID, { description: 'The id of the agreement.' }) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<Partnership | null> {
    const partnership = await loaders.partnership.load(id);
    if (!partnership) throw new NotFoundError('Partnership', id);
    return partnership;
  }

  @Query(() => PartnershipConnection, {
    description:
      'The agreements matching `filter` that the reader may see, newest first (by year, undated last), then by ' +
      'id. A public reader sees signed agreements; officers of a party and the ministry also see drafts and ' +
      'negotiations.',
  })
  partnerships(
    @Arg('filter', () => PartnershipFilter, { nullable: true, description: 'Which agreements to list.' })
    filter: PartnershipFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { db, viewer }: Context,
  ): Promise<Page<Partnership>> {
    checkPartnershipFilter(filter);
    const qb = partnershipQuery(db, viewer, filter)
      .orderBy('p.year', 'DESC', 'NULLS LAST')
      .addOrderBy('p.id', 'ASC');
    return paginate(qb, page);
  }

  @FieldResolver(() => String, {
    description: 'The title in the requested language (fallback FR → EN → AR).',
  })
  title(
    @Root() p: Partnership,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language of the title.' })
    lang: Language,
  ): string {
    return pickText(titles(p), lang) ?? p.id;
  }

  @FieldResolver(() => LocalizedText, { description: 'The title in every language it exists in.' })
  titles(@Root() p: Partnership): LocalizedText {
    return localized(titles(p));
  }

  @FieldResolver(() => [LegalStep], { description: 'The steps of the legal path reached so far, in order.' })
  steps(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<LegalStep[]> {
    return loaders.steps.load(p.id);
  }

  @FieldResolver(() => Partnership, { nullable: true, description: 'The earlier agreement this one renews.' })
  async renews(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Partnership | null> {
    return p.renewsId ? loaders.partnership.load(p.renewsId) : null;
  }

  @FieldResolver(() => [Partnership], {
    description: 'The later agreements that renew this one, oldest first.',
  })
  renewals(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Partnership[]> {
    return loaders.renewals.load(p.id);
  }

  @FieldResolver(() => [PartnershipParty], {
    description: 'The territories party to the agreement, with their role.',
  })
  async parties(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<PartnershipParty[]> {
    const rows = await loaders.parties.load(p.id);
    return rows.map((row) => ({ territory: territoryRef(row.territoryId), role: row.role }));
  }

  @FieldResolver(() => [CountryRef], {
    description: 'The countries of the foreign parties (read off their territory ids), without repeats.',
  })
  async partnerCountries(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<CountryRef[]> {
    const rows = await loaders.parties.load(p.id);
    const codes = rows.map((row) => countryOfTerritory(row.territoryId)).filter((c) => c && c !== 'MA');
    return [...new Set(codes as string[])].map(countryRef);
  }

  @FieldResolver(() => [ThemeRef], { description: 'The themes the agreement covers.' })
  async themes(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<ThemeRef[]> {
    return valuesOf(await loaders.facets.load(p.id), 'theme').map(themeRef);
  }

  @FieldResolver(() => [SdgRef], { description: 'The Sustainable Development Goals the agreement serves.' })
  async sdgs(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<SdgRef[]> {
    return valuesOf(await loaders.facets.load(p.id), 'sdg')
      .map(Number)
      .sort((a, b) => a - b)
      .map(sdgRef);
  }

  @FieldResolver(() => [SdgTargetRef], { description: 'The SDG targets the agreement serves.' })
  async sdgTargets(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<SdgTargetRef[]> {
    return valuesOf(await loaders.facets.load(p.id), 'target').map(sdgTargetRef);
  }

  @FieldResolver(() => [Modality], { description: 'How the agreement is carried out.' })
  async modalities(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Modality[]> {
    return valuesOf(await loaders.facets.load(p.id), 'modality') as Modality[];
  }

  @FieldResolver(() => [PartnershipAction], { description: 'The actions carried out or planned, in order.' })
  actions(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<PartnershipAction[]> {
    return loaders.actions.load(p.id);
  }

  @FieldResolver(() => [Commitment], { description: 'What each party brings.' })
  async commitments(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Commitment[]> {
    const rows = await loaders.commitments.load(p.id);
    return rows.map((row) => ({ party: territoryRef(row.territoryId), description: row.description }));
  }

  @FieldResolver(() => [Source], { description: 'The public sources documenting the agreement.' })
  async sources(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<Source[]> {
    const rows = await loaders.sources.load(p.id);
    return rows.map((row) => ({ url: row.url, title: row.title }));
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the agreement is an "empty shell": signed (SIGNED, ACTIVE or DORMANT) more than `months` months ' +
      'ago, with no action started or completed and no event held since signature. When only the year of ' +
      'signature is known, it counts as signed on 31 December of that year, and activity from 1 January counts.',
  })
  @Directive('@requires(fields: "lastEventOn")')
  isDormant(
    @Root() p: Partnership,
    @Arg('months', () => Int, {
      nullable: true,
      defaultValue: DORMANT_AFTER_MONTHS,
      description: `How long without activity makes an agreement dormant, in months (1 to ${MAX_DORMANT_MONTHS}; null means the default).`,
    })
    months: number | null,
  ): boolean {
    months ??= DORMANT_AFTER_MONTHS;
    if (!Number.isInteger(months) || months < 1 || months > MAX_DORMANT_MONTHS) {
      throw new BadUserInputError(
        `"months" must be between 1 and ${MAX_DORMANT_MONTHS}, got ${months}`,
        'months',
      );
    }
    return isDormant(p, p.lastEventOn, months);
  }
}
