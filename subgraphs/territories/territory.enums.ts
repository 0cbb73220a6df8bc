import { registerEnumType } from 'type-graphql';

/** The tier of a local authority, comparable across countries. */
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

/** What a territory is, in the Moroccan administrative vocabulary (foreign ones are all FOREIGN_AUTHORITY). */
export enum TerritoryKind {
  REGION = 'REGION',
  PROVINCE = 'PROVINCE',
  PREFECTURE = 'PREFECTURE',
  PREFECTURE_OF_ARRONDISSEMENTS = 'PREFECTURE_OF_ARRONDISSEMENTS',
  COMMUNE = 'COMMUNE',
  FOREIGN_AUTHORITY = 'FOREIGN_AUTHORITY',
}

registerEnumType(TerritoryKind, {
  name: 'TerritoryKind',
  description: 'What a territory is: a kind of Moroccan local authority, or a foreign local authority.',
  valuesConfig: {
    REGION: {
      description:
        "A Moroccan région: one of today's 12, or (`isFormer`) one of the 16 of the 1997 division.",
    },
    PROVINCE: { description: 'A Moroccan province (mostly rural).' },
    PREFECTURE: { description: 'A Moroccan préfecture (urban).' },
    PREFECTURE_OF_ARRONDISSEMENTS: {
      description: "A préfecture d'arrondissements of Casablanca (a part of the city).",
    },
    COMMUNE: { description: 'A Moroccan commune, urban (municipalité) or rural.' },
    FOREIGN_AUTHORITY: { description: 'A local authority outside Morocco (its level says which tier).' },
  },
});

/** Whether a commune is urban or rural (same definition as in the other subgraphs, so they compose). */
export enum Setting {
  URBAN = 'URBAN',
  RURAL = 'RURAL',
}

registerEnumType(Setting, {
  name: 'Setting',
  description: 'Whether a commune is urban (municipalité) or rural.',
  valuesConfig: {
    URBAN: { description: 'An urban commune (municipalité).' },
    RURAL: { description: 'A rural commune.' },
  },
});

/** How a local authority ceased to exist (`Territory.endedBy`); the reference data's `change`. */
export enum TerritoryChange {
  MERGER = 'MERGER',
  DIVISION = 'DIVISION',
  RENAMING = 'RENAMING',
}

registerEnumType(TerritoryChange, {
  name: 'TerritoryChange',
  description: 'How a former local authority ceased to exist.',
  valuesConfig: {
    MERGER: {
      description: 'Merged with others into a new one (the French regions merged on 2016-01-01).',
    },
    DIVISION: {
      description:
        "Its map was redrawn: Morocco's 2015 regional division passed its provinces to one or more of " +
        "today's regions (`Territory.successions` says which went where).",
    },
    RENAMING: { description: 'Renamed, with the same territory (Centre → Centre-Val de Loire, 2015).' },
  },
});
