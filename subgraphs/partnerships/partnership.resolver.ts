import {
  Arg,
  Args,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { countryOfTerritory } from '../shared/hcp';
import { Language, LocalizedText, localized, pickText } from '../shared/i18n';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { Source } from '../shared/source';
import { formerAuthority } from '../shared/reference/former';
import { Modality, SIGNED_IN_FORCE } from './enums';
import { PartnershipFilter } from './filters.input';
import type { Loaders } from './loaders';
import { Partnership, type FacetKind, type PartnershipFacetRow } from './partnership.entity';
import { checkPartnershipFilter, partnershipQuery } from './partnership.filter';
import {
  CeasedParty,
  Commitment,
  Dormancy,
  LegalStep,
  PartnershipAction,
  PartnershipParty,
} from './partnership.types';
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

/** A page of agreements with the number of demo ones `realOnly` left out (`demoExcluded`). */
type PartnershipPage = Page<Partnership> & { demoExcluded: number };

// The kernel's `Connection` declares the fields every list has; this list also says what `realOnly` left
// out, declared on the same class (a subclass would be a second type of the same name).
Field(() => Int, {
  description:
    'How many demo agreements were left out because the filter asked `realOnly` (0 otherwise): those the same ' +
    'filter lists without it.',
})(PartnershipConnection.prototype, 'demoExcluded');

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
 * Whether an agreement is dormant, as far as the hub can tell (`Dormancy`). In force: SIGNED, ACTIVE or
 * DORMANT. Activity: an action started or completed, or an event held, since signature (since the year's
 * 1 January when only the year is known). Too recent: signed less than `months` before `today` (the year's
 * 31 December when only the year is known). Followed: recorded through the hub (no `reference` to the
 * documented data), or with an action or an event recorded under it; otherwise known from its public
 * source only, and an absence of records proves nothing (UNKNOWN).
 */
export function dormancyOf(
  p: Pick<Partnership, 'status' | 'signedOn' | 'year' | 'lastActionOn' | 'reference'>,
  lastEventOn: string | null | undefined,
  months: number,
  today = new Date(),
): Dormancy {
  if (!SIGNED_IN_FORCE.includes(p.status)) return Dormancy.NOT_APPLICABLE;
  const since = p.signedOn ?? (p.year != null ? `${p.year}-01-01` : '');
  const activeSince = (date: string | null | undefined) => !!date && date >= since;
  if (activeSince(p.lastActionOn) || activeSince(lastEventOn)) return Dormancy.NOT_DORMANT;
  const signedBy = p.signedOn ?? (p.year != null ? `${p.year}-12-31` : null);
  if (signedBy && signedBy >= monthsBefore(today, months)) return Dormancy.NOT_DORMANT;
  const followed = p.reference == null || p.lastActionOn != null || lastEventOn != null;
  if (!followed || !signedBy) return Dormancy.UNKNOWN;
  return Dormancy.DORMANT;
}

/** Dormant: `dormancyOf` says DORMANT (never for an agreement known from a public source only). */
export function isDormant(
  p: Pick<Partnership, 'status' | 'signedOn' | 'year' | 'lastActionOn' | 'reference'>,
  lastEventOn: string | null | undefined,
  months: number,
  today = new Date(),
): boolean {
  return dormancyOf(p, lastEventOn, months, today) === Dormancy.DORMANT;
}

/** Checks the `months` argument of dormancy; BAD_USER_INPUT naming it. */
function checkMonths(months: number | null): number {
  months ??= DORMANT_AFTER_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > MAX_DORMANT_MONTHS) {
    throw new BadUserInputError(
      `"months" must be between 1 and ${MAX_DORMANT_MONTHS}, got ${months}`,
      'months',
    );
  }
  return months;
}

/** Agreements newest first (undated last), then by id: a stable order for pages and nested lists. */
export function byNewest(a: Partnership, b: Partnership): number {
  return (b.year ?? -Infinity) - (a.year ?? -Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `months` of `dormancy` and `isDormant`: one argument, one meaning. */
const monthsArg = {
  nullable: true,
  defaultValue: DORMANT_AFTER_MONTHS,
  description: `How long without activity makes an agreement dormant, in months (1 to ${MAX_DORMANT_MONTHS}; null means the default).`,
};

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
  async partnerships(
    @Arg('filter', () => PartnershipFilter, { nullable: true, description: 'Which agreements to list.' })
    filter: PartnershipFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { db, viewer }: Context,
  ): Promise<PartnershipPage> {
    checkPartnershipFilter(filter);
    const qb = partnershipQuery(db, viewer, filter)
      .orderBy('p.year', 'DESC', 'NULLS LAST')
      .addOrderBy('p.id', 'ASC');
    // With realOnly, one more statement counts the demo agreements the same filter would have listed.
    const [listed, demoExcluded] = await Promise.all([
      paginate(qb, page),
      filter?.realOnly
        ? partnershipQuery(db, viewer, { ...filter, realOnly: false, isDemo: true }).getCount()
        : 0,
    ]);
    return { ...listed, demoExcluded };
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

  @FieldResolver(() => Dormancy, {
    description:
      'Whether the agreement is an "empty shell", as far as the hub can tell (see `Dormancy`): NOT_APPLICABLE ' +
      'when not in force; NOT_DORMANT when signed less than `months` months ago or with an action or event since ' +
      'signature; DORMANT when the hub follows it and records nothing since; UNKNOWN when it is known from a ' +
      'public source only (imported from the documented data, nothing recorded through the hub) or its date ' +
      'of signature is unknown. When only the year of signature is known, it counts as signed on 31 December ' +
      'of that year, and activity from 1 January counts.',
  })
  @Directive('@requires(fields: "lastEventOn")')
  dormancy(@Root() p: Partnership, @Arg('months', () => Int, monthsArg) months: number | null): Dormancy {
    return dormancyOf(p, p.lastEventOn, checkMonths(months));
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether `dormancy(months)` is DORMANT: signed (SIGNED, ACTIVE or DORMANT) more than `months` months ago, ' +
      'followed by the hub, with no action started or completed and no event held since signature. False ' +
      'when the dormancy is UNKNOWN (an agreement known from a public source only is not called dormant for ' +
      'lack of records): read `dormancy` to tell "not dormant" from "cannot tell".',
  })
  @Directive('@requires(fields: "lastEventOn")')
  isDormant(@Root() p: Partnership, @Arg('months', () => Int, monthsArg) months: number | null): boolean {
    return isDormant(p, p.lastEventOn, checkMonths(months));
  }

  @FieldResolver(() => [CeasedParty], {
    description:
      'The parties that have ceased to exist since they signed (a Moroccan region of the 1997 division, a ' +
      'French region merged in 2016), with their last day and their successors; empty when every party ' +
      'still exists. It does not change `status`: an agreement whose party merged is not thereby terminated.',
  })
  async partiesCeased(@Root() p: Partnership, @Ctx() { loaders }: Context): Promise<CeasedParty[]> {
    const rows = await loaders.parties.load(p.id);
    return rows.flatMap((row) => {
      const former = formerAuthority(row.territoryId);
      if (!former) return [];
      return [
        {
          territory: territoryRef(row.territoryId),
          role: row.role,
          ceasedOn: former.validUntil,
          successors: former.successorIds.map(territoryRef),
        },
      ];
    });
  }
}
