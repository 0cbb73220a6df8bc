import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The territories subgraph's `Territory`, which this subgraph extends with memberships and networks. */
@ObjectType('Territory', {
  description:
    'A local authority: a Moroccan region, province / prefecture or commune (id = HCP code), or a foreign ' +
    'local authority (id = `<country>-<slug>`, e.g. `FR-montpellier`).',
})
@Directive('@key(fields: "id")')
export class TerritoryRef {
  @Field(() => ID, {
    description: 'The HCP code of a Moroccan territory, or `<country>-<slug>` for a foreign one.',
  })
  id: string;
}

/** The territories subgraph's `Country`, only referenced here (the seat of a network). */
@ObjectType('Country', { description: 'A country (ISO 3166-1).' })
@Directive('@key(fields: "code", resolvable: false)')
export class CountryRef {
  @Field(() => ID, { description: 'The ISO 3166-1 alpha-2 code of the country (e.g. MA).' })
  code: string;
}

export function territoryRef(id: string): TerritoryRef {
  return Object.assign(new TerritoryRef(), { id });
}

export function countryRef(code: string): CountryRef {
  return Object.assign(new CountryRef(), { code });
}
