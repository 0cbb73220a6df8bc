/** One GraphQL request of a workload. */
export interface Operation {
  /** Short label, unique within its workload. */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** What the load driver sends over and over: one request, or a sequence each connection cycles through. */
export interface Workload {
  id: string;
  title: string;
  kind: 'question' | 'mix';
  operations: Operation[];
}

/** The deepest of the DOMAIN.md questions (five levels, three subgraphs, a `@requires`): the 4× target. */
export const DEEPEST_WORKLOAD = 'fes';
/** The workload whose p99 has a target of its own. */
export const DASHBOARD_WORKLOAD = 'dashboard';

const FES = `query Fes($id: ID!) {
  territory(id: $id) {
    name
    arabic: name(lang: AR)
    partnerships {
      id kind status signedOn isDemo
      parties { role territory { id name country { code name } } }
    }
    memberships {
      role
      network {
        id acronym
        memberExperiences(sdg: 6, excludeTerritoryId: $id) {
          title sdgs { number } territory { id name }
          event { title startsOn }
        }
      }
    }
  }
}`;

const SOLID_WASTE = `query SolidWaste {
  cooperationRequests(
    filter: { statuses: [OPEN], theme: "solid-waste", within: "08", requesterSetting: RURAL }
    first: 50
  ) {
    totalCount
    nodes { id title themes { code name } requester { id name setting region { id name } } }
  }
  partnerships(filter: { theme: "solid-waste", statuses: [SIGNED, ACTIVE] }, first: 50) {
    totalCount
    nodes { id status parties { territory { id name } } }
  }
}`;

const BILAN = `query Bilan {
  partnershipStats(year: 2025) {
    total
    byKind { key count }
    byStatus { key count }
    byRegion { region { id name } count }
    byCountry { country { code name } count }
    bySdg { sdg { number shortTitle } count }
  }
  all2025: partnerships(filter: { year: 2025 }, first: 1) { totalCount }
  membershipStats { total byNetwork { network { id acronym } count } }
  eventStats(year: 2025) { total byTheme { theme { code name } count } }
  experienceStats { total byTheme { theme { code name } count } }
}`;

const DORMANT = `query Dormant($before: LocalDate!) {
  partnerships(
    filter: { statuses: [SIGNED, ACTIVE, DORMANT], signedBefore: $before, noActionSinceSignature: true }
    first: 100
  ) {
    totalCount
    nodes { id title signedOn lastActionOn lastEventOn isDormant events { startsOn } }
  }
}`;

const ACTIVE_PARTNERSHIPS = `query ActivePartnerships {
  partnerships(filter: { statuses: [ACTIVE] }, first: 20) {
    totalCount
    nodes { id title kind signedOn parties { role territory { id name country { code name } } } themes { name } }
  }
}`;

const OPEN_REQUESTS = `query OpenRequests {
  cooperationRequests(filter: { statuses: [OPEN] }, first: 20) {
    totalCount
    nodes { id title createdOn requester { id name region { name } } countriesSought { name } }
  }
}`;

const NETWORKS = `query Networks {
  networks { id acronym name kind memberCount seatCountry { name } }
}`;

const UPCOMING_EVENTS = `query Events {
  events(first: 20) {
    totalCount
    nodes { id title kind startsOn themes { name } }
  }
}`;

const REGION_STATS = `query RegionStats($region: ID!) {
  partnershipStats(within: $region) { total byStatus { key count } byCountry { country { name } count } }
  membershipStats(within: $region) { total byNetwork { network { acronym } count } }
}`;

const TERRITORY_SEARCH = `query TerritorySearch($search: String!) {
  territories(filter: { search: $search }, first: 10) {
    totalCount
    nodes { id name nameAr: name(lang: AR) level kind region { id name } country { code } }
  }
}`;

const PARTNERSHIPS_OF = `query PartnershipsOf($id: ID!) {
  partnerships(filter: { territoryId: $id }, first: 20) {
    totalCount
    nodes { id title kind status signedOn parties { role territory { id name country { code name } } } }
  }
}`;

const EXPERIENCE_SEARCH = `query ExperienceSearch($search: String!) {
  experiences(filter: { search: $search }, first: 20) {
    totalCount
    nodes { id title language territory { id name } event { title startsOn } }
  }
}`;

/** Communes a partner application looks up, with the words it searches the experiences for. */
const PARTNER_LOOKUPS: readonly { search: string; id: string; topic: string }[] = [
  { search: 'fes', id: '03.231.01.0', topic: 'eau' },
  { search: 'casablanca', id: '06.141.01.0', topic: 'déchets' },
  { search: 'rabat', id: '04.421.01.0', topic: 'transport' },
  { search: 'marrakech', id: '07.351.01.0', topic: 'patrimoine' },
  { search: 'tanger', id: '01.511.01.0', topic: 'énergie' },
  { search: 'agadir', id: '09.001.01.01', topic: 'tourisme' },
  { search: 'oujda', id: '02.411.01.23', topic: 'jeunesse' },
  { search: 'errachidia', id: '08.201.01.05', topic: 'agriculture' },
];

/** The date `years` years before `today`, as `YYYY-MM-DD` (the dormant question's "two years ago"). */
export function yearsBefore(today: Date, years: number): string {
  const date = new Date(today.getTime());
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}

/**
 * The benchmark's workloads: the four DOMAIN.md questions as the end-to-end tests ask them, then two mixes
 * each connection cycles through — a network dashboard and a partner application.
 */
export function buildWorkloads(today: Date): Workload[] {
  return [
    {
      id: 'fes',
      title: 'Fès: partnerships, networks, water experiences of the other members',
      kind: 'question',
      operations: [{ name: 'fes', query: FES, variables: { id: '03.231.01.0' } }],
    },
    {
      id: 'solid-waste',
      title: 'Open solid-waste requests of rural Drâa-Tafilalet, and who runs such partnerships',
      kind: 'question',
      operations: [{ name: 'solid-waste', query: SOLID_WASTE }],
    },
    {
      id: 'bilan',
      title: 'The bilan for 2025',
      kind: 'question',
      operations: [{ name: 'bilan', query: BILAN }],
    },
    {
      id: 'dormant',
      title: 'Dormant agreements: signed over two years ago, no action and no event since',
      kind: 'question',
      operations: [{ name: 'dormant', query: DORMANT, variables: { before: yearsBefore(today, 2) } }],
    },
    {
      id: DASHBOARD_WORKLOAD,
      title: 'Dashboard mix: the bilan, lists of agreements, requests, networks, events, regional stats',
      kind: 'mix',
      operations: [
        { name: 'bilan', query: BILAN },
        { name: 'active-partnerships', query: ACTIVE_PARTNERSHIPS },
        { name: 'open-requests', query: OPEN_REQUESTS },
        { name: 'networks', query: NETWORKS },
        { name: 'events', query: UPCOMING_EVENTS },
        { name: 'stats-03', query: REGION_STATS, variables: { region: '03' } },
        { name: 'stats-06', query: REGION_STATS, variables: { region: '06' } },
      ],
    },
    {
      id: 'partner-app',
      title: 'Partner-application mix: territory lookups, partnerships by territory, experience search',
      kind: 'mix',
      operations: PARTNER_LOOKUPS.flatMap(({ search, id, topic }) => [
        { name: `search-${search}`, query: TERRITORY_SEARCH, variables: { search } },
        { name: `partnerships-${search}`, query: PARTNERSHIPS_OF, variables: { id } },
        { name: `experiences-${topic}`, query: EXPERIENCE_SEARCH, variables: { search: topic } },
      ]),
    },
  ];
}

/** The JSON body a client POSTs for `operation`. */
export function requestBody(operation: Operation): string {
  return JSON.stringify({ query: operation.query, variables: operation.variables ?? {} });
}
