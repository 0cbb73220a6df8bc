import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** The territories subgraph's `Territory`, which this subgraph extends with partnerships and requests. */
@ObjectType('Territory', {
  description:
    'A local authority: a Moroccan région, province, préfecture or commune (id = HCP code), or a foreign one ' +
    '(id = `<country>-<slug>`, e.g. `FR-montpellier`).',
})
@Directive('@key(fields: "id")')
export class TerritoryRef {
  @Field(() => ID, {
    description: 'The HCP code of a Moroccan territory, or `<country>-<slug>` for a foreign one.',
  })
  id: string;
}

@ObjectType('Country', { description: 'A country (ISO 3166-1), owned by the territories subgraph.' })
@Directive('@key(fields: "code", resolvable: false)')
export class CountryRef {
  @Field(() => ID, { description: 'The ISO 3166-1 alpha-2 code.' })
  code: string;
}

@ObjectType('Theme', { description: 'A theme of cooperation, owned by the territories subgraph.' })
@Directive('@key(fields: "code", resolvable: false)')
export class ThemeRef {
  @Field(() => ID, { description: 'The code of the theme (e.g. `water-sanitation`).' })
  code: string;
}

@ObjectType('Sdg', { description: 'A Sustainable Development Goal, owned by the territories subgraph.' })
@Directive('@key(fields: "number", resolvable: false)')
export class SdgRef {
  @Field(() => Int, { description: 'The number of the goal, 1 to 17.' })
  number: number;
}

@ObjectType('SdgTarget', { description: 'A target of an SDG, owned by the territories subgraph.' })
@Directive('@key(fields: "code", resolvable: false)')
export class SdgTargetRef {
  @Field(() => ID, { description: 'The code of the target (e.g. `6.3`, `11.a`).' })
  code: string;
}

@ObjectType('Network', {
  description: 'An international network of local governments, owned by the networks subgraph.',
})
@Directive('@key(fields: "id", resolvable: false)')
export class NetworkRef {
  @Field(() => ID, { description: 'The slug of the network’s English acronym (`uclg`, `uclg-africa`, …).' })
  id: string;
}

export const territoryRef = (id: string): TerritoryRef => ({ id });
export const countryRef = (code: string): CountryRef => ({ code });
export const themeRef = (code: string): ThemeRef => ({ code });
export const sdgRef = (number: number): SdgRef => ({ number });
export const networkRef = (id: string): NetworkRef => ({ id });
export const sdgTargetRef = (code: string): SdgTargetRef => ({ code });
