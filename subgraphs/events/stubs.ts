import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * Entities of other subgraphs. Territory, Network and Partnership are resolvable here because this
 * subgraph adds fields to them (their events and experiences); Country, Theme and Sdg are only referenced.
 */

@ObjectType('Territory', {
  description:
    'A local authority: a Moroccan région, province, préfecture or commune (id = HCP code), or a foreign one.',
})
@Directive('@key(fields: "id")')
export class TerritoryRef {
  @Field(() => ID, {
    description: 'The HCP code of a Moroccan territory, or `<country>-<slug>` for a foreign one.',
  })
  id: string;
}

@ObjectType('Network', {
  description: 'An international network of local governments (OING): UCLG, UCLG Africa, AIMF, Metropolis…',
})
@Directive('@key(fields: "id")')
export class NetworkRef {
  @Field(() => ID, { description: 'The slug of the network’s English acronym (`uclg`, `uclg-africa`, …).' })
  id: string;

  @Field(() => [ID], {
    description:
      'The ids of the territories currently members of the network (owned by the networks subgraph).',
  })
  @Directive('@external')
  memberTerritoryIds: string[];
}

@ObjectType('Partnership', {
  description: 'A cooperation agreement between local authorities (twinning, convention, protocol…).',
})
@Directive('@key(fields: "id")')
export class PartnershipRef {
  @Field(() => ID, { description: 'The identifier of the partnership.' })
  id: string;
}

@ObjectType('Country', { description: 'A country (ISO 3166-1 alpha-2).' })
@Directive('@key(fields: "code", resolvable: false)')
export class CountryRef {
  @Field(() => ID, { description: 'The ISO 3166-1 alpha-2 code of the country (e.g. `MA`, `FR`).' })
  code: string;
}

@ObjectType('Theme', {
  description: 'A theme of decentralized cooperation (water and sanitation, culture, …).',
})
@Directive('@key(fields: "code", resolvable: false)')
export class ThemeRef {
  @Field(() => ID, { description: 'The code of the theme (e.g. `water-sanitation`).' })
  code: string;
}

@ObjectType('Sdg', { description: 'A Sustainable Development Goal of the United Nations (1 to 17).' })
@Directive('@key(fields: "number", resolvable: false)')
export class SdgRef {
  @Field(() => Int, { description: 'The number of the goal, 1 to 17.' })
  number: number;
}

export const territoryRef = (id: string): TerritoryRef => Object.assign(new TerritoryRef(), { id });
export const networkRef = (id: string): NetworkRef => Object.assign(new NetworkRef(), { id });
export const partnershipRef = (id: string): PartnershipRef => Object.assign(new PartnershipRef(), { id });
export const countryRef = (code: string): CountryRef => Object.assign(new CountryRef(), { code });
export const themeRef = (code: string): ThemeRef => Object.assign(new ThemeRef(), { code });
export const sdgRef = (number: number): SdgRef => Object.assign(new SdgRef(), { number });
