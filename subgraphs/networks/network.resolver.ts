import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { Evidence } from '../shared/evidence';
import { foldForSearch, Language, localized, LocalizedText, pickText } from '../shared/i18n';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { MembershipEntity } from './membership.entity';
import { NetworkEntity, NetworkKind } from './network.entity';
import { evidenceOfRow } from './offices.resolver';
import { CountryRef, countryRef, TerritoryRef, territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

/** The distinct territory ids of `memberships`, in their order. */
export function memberIds(memberships: MembershipEntity[]): string[] {
  return [...new Set(memberships.map((m) => m.territoryId))];
}

const acronyms = (n: NetworkEntity) => ({ fr: n.acronymFr, en: n.acronymEn, ar: n.acronymAr });
const names = (n: NetworkEntity) => ({ fr: n.nameFr, en: n.nameEn, ar: n.nameAr });

@Resolver(() => NetworkEntity)
export class NetworkResolver {
  @Query(() => NetworkEntity, {
    nullable: true,
    description:
      'One network by its id (e.g. `uclg-africa`); null with a NOT_FOUND error when there is none.',
  })
  async network(
    @Arg('id', () => ID, { description: 'The id of the network (a slug of its English acronym).' })
    id: string,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkEntity | null> {
    const network = await loaders.network.load(id);
    if (!network) throw new NotFoundError('Network', id);
    return network;
  }

  @Query(() => NetworkEntity, {
    nullable: true,
    description:
      'One network by its French or English acronym, whatever the case and accents ("uclg africa", ' +
      '"CGLU Afrique"); null with a NOT_FOUND error when none matches.',
  })
  async networkByAcronym(
    @Arg('acronym', { description: 'The French or English acronym (e.g. CGLU, UCLG Africa, AIMF).' })
    acronym: string,
    @Ctx() { db }: Context,
  ): Promise<NetworkEntity | null> {
    const key = foldForSearch(acronym);
    if (!key) throw new BadUserInputError('"acronym" must not be empty', 'acronym');
    const network = await db
      .getRepository(NetworkEntity)
      .createQueryBuilder('n')
      .where('n.acronymFrKey = :key OR n.acronymEnKey = :key', { key })
      .orderBy('n.id')
      .getOne();
    if (!network) throw new NotFoundError('Network with acronym', acronym);
    return network;
  }

  @Query(() => [NetworkEntity], {
    description: 'The networks, by id (English acronym), optionally of one kind.',
  })
  networks(
    @Arg('kind', () => NetworkKind, { nullable: true, description: 'Only networks of this kind.' })
    kind: NetworkKind | null,
    @Ctx() { db }: Context,
  ): Promise<NetworkEntity[]> {
    return db.getRepository(NetworkEntity).find({ where: kind ? { kind } : {}, order: { id: 'ASC' } });
  }

  @FieldResolver(() => String, {
    description: 'The acronym in the requested language (fallback FR → EN → AR).',
  })
  acronym(
    @Root() network: NetworkEntity,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language of the acronym.' })
    lang: Language,
  ): string {
    return pickText(acronyms(network), lang) ?? network.id;
  }

  @FieldResolver(() => LocalizedText, { description: 'The acronym in French, Arabic and English.' })
  acronyms(@Root() network: NetworkEntity): LocalizedText {
    return localized(acronyms(network));
  }

  @FieldResolver(() => String, {
    description: 'The full name in the requested language (fallback FR → EN → AR).',
  })
  name(
    @Root() network: NetworkEntity,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language of the name.' })
    lang: Language,
  ): string {
    return pickText(names(network), lang) ?? network.id;
  }

  @FieldResolver(() => LocalizedText, { description: 'The full name in French, Arabic and English.' })
  names(@Root() network: NetworkEntity): LocalizedText {
    return localized(names(network));
  }

  @FieldResolver(() => CountryRef, { nullable: true, description: 'The country of its seat, when known.' })
  seatCountry(@Root() network: NetworkEntity): CountryRef | null {
    return network.seatCountryCode ? countryRef(network.seatCountryCode) : null;
  }

  @FieldResolver(() => Evidence, {
    description:
      'How well the network is established by its sources (a network the sourced batch added carries the ' +
      'quote and caveats of the rows that name it).',
  })
  evidence(@Root() network: NetworkEntity): Evidence {
    return evidenceOfRow(network);
  }

  @FieldResolver(() => [MembershipEntity], {
    description:
      'Its memberships, by member territory id: the active ones only unless `activeOnly` is false.',
  })
  memberships(
    @Root() network: NetworkEntity,
    @Arg('activeOnly', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description:
        'Only the memberships that count today (started, not ended); false: also past and planned ones. ' +
        'Default true.',
    })
    activeOnly: boolean | null,
    @Ctx() { loaders }: Context,
  ): Promise<MembershipEntity[]> {
    const loader =
      activeOnly === false ? loaders.allMembershipsByNetwork : loaders.activeMembershipsByNetwork;
    return loader.load(network.id);
  }

  @FieldResolver(() => [TerritoryRef], {
    description: 'Its current members (memberships that count today: started, not ended), distinct.',
  })
  async members(@Root() network: NetworkEntity, @Ctx() { loaders }: Context): Promise<TerritoryRef[]> {
    return memberIds(await loaders.activeMembershipsByNetwork.load(network.id)).map(territoryRef);
  }

  @FieldResolver(() => Int, {
    description: 'How many current members it has (a planned membership counts from its `since`).',
  })
  async memberCount(@Root() network: NetworkEntity, @Ctx() { loaders }: Context): Promise<number> {
    return memberIds(await loaders.activeMembershipsByNetwork.load(network.id)).length;
  }

  @FieldResolver(() => [ID], {
    description:
      'The ids of its current members (the territories of its active memberships), distinct: what other ' +
      'subgraphs require to find what the members did.',
  })
  async memberTerritoryIds(@Root() network: NetworkEntity, @Ctx() { loaders }: Context): Promise<string[]> {
    return memberIds(await loaders.activeMembershipsByNetwork.load(network.id));
  }
}
