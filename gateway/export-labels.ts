import { isHcpCode, isTerritoryId, regionOf } from '../subgraphs/shared/hcp';
import type { ExportApi } from './export-api';
import type { Lang } from './export-csv';

/**
 * The names an export prints beside the keys it reads: territories, countries, themes, SDGs, networks.
 *
 * Why apart: an agreement's `parties { territory { name } }` is non-null in the schema, so one stored
 * party that names a territory the hub does not hold (older data, `npm run check` lists them) nulls the
 * agreement, then the whole page, and the export would fail whole. The exports therefore read only keys
 * with the records (answered by the record's own subgraph, never null) and look the names up here, where
 * an unknown id is simply absent: the row that needs it is left out and reported, the others are written.
 */

export interface TerritoryLabel {
  id: string;
  isMoroccan: boolean;
  name: string;
  country: { code: string };
}

/** The regions and provinces (HCP) that Moroccan territories lie in, each once, in order of appearance. */
export interface Places {
  regions: TerritoryLabel[];
  provinces: TerritoryLabel[];
}

/** The HCP code of the province a Moroccan territory lies in (`03.231` for `03.231.01.0`), or null. */
export const provinceOf = (id: string) => (isHcpCode(id) && id.length >= 6 ? id.slice(0, 6) : null);

/** The territory ids an export looks up for `ids`: themselves, and the region and province of each. */
const withAncestors = (ids: Iterable<string>) =>
  [...ids].flatMap((id) => [id, regionOf(id), provinceOf(id)].filter((one): one is string => one !== null));

export interface Vocabulary {
  /** Country name by ISO code. */
  countries: Map<string, string>;
  /** Theme name by code. */
  themes: Map<string, string>;
  /** Short title by SDG number. */
  sdgs: Map<number, string>;
}

/** The most ids `territories(filter: { ids })` takes in one page. */
const TERRITORY_PAGE = 100;

const TERRITORIES_QUERY = `query ExportTerritories($ids: [ID!]!, $lang: Language!) {
  territories(filter: { ids: $ids }, first: ${TERRITORY_PAGE}) { nodes { id isMoroccan name(lang: $lang) country { code } } }
}`;

const VOCABULARY_QUERY = `query ExportVocabulary($lang: Language!) {
  countries { code name(lang: $lang) }
  themes { code name(lang: $lang) }
  sdgs { number shortTitle(lang: $lang) }
}`;

const NETWORKS_QUERY = `query ExportNetworks($lang: Language!) { networks { id acronym(lang: $lang) } }`;

interface VocabularyData {
  countries: { code: string; name: string }[];
  themes: { code: string; name: string }[];
  sdgs: { number: number; shortTitle: string }[];
}

/** The labels of one export, each looked up once (territories a page of ids at a time). */
export class ExportLabels {
  private readonly territories = new Map<string, TerritoryLabel | null>();
  private vocabularyAnswer: Promise<Vocabulary> | null = null;
  private networksAnswer: Promise<Map<string, string>> | null = null;

  constructor(
    private readonly api: ExportApi,
    private readonly lang: Lang,
  ) {}

  /**
   * Looks up the territories of `ids` not looked up yet, with the region and province of each Moroccan one;
   * an id the hub does not hold is remembered as null.
   */
  async loadTerritories(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(withAncestors(ids))].filter((id) => !this.territories.has(id));
    // An id that is not even shaped like one would make the API refuse the whole lookup: it is unknown.
    for (const id of wanted) if (!isTerritoryId(id)) this.territories.set(id, null);
    const asked = wanted.filter((id) => !this.territories.has(id));
    for (let i = 0; i < asked.length; i += TERRITORY_PAGE) {
      const page = asked.slice(i, i + TERRITORY_PAGE);
      const data = await this.api<{ territories: { nodes: TerritoryLabel[] } }>(TERRITORIES_QUERY, {
        ids: page,
        lang: this.lang.toUpperCase(),
      });
      for (const id of page) this.territories.set(id, null);
      for (const node of data.territories.nodes) this.territories.set(node.id, node);
    }
  }

  /** A territory looked up by `loadTerritories`; null when the hub does not hold it. */
  territory(id: string): TerritoryLabel | null {
    return this.territories.get(id) ?? null;
  }

  /** The regions and provinces the territories of `ids` lie in (looked up by `loadTerritories`). */
  places(ids: readonly string[]): Places {
    const distinct = (codes: (string | null)[]) =>
      [...new Set(codes)].flatMap((code) => (code && this.territory(code) ? [this.territory(code)!] : []));
    return { regions: distinct(ids.map(regionOf)), provinces: distinct(ids.map(provinceOf)) };
  }

  /** Countries, themes and SDGs (one request for the export). */
  vocabulary(): Promise<Vocabulary> {
    this.vocabularyAnswer ??= this.api<VocabularyData>(VOCABULARY_QUERY, {
      lang: this.lang.toUpperCase(),
    }).then((data) => ({
      countries: new Map(data.countries.map((country) => [country.code, country.name])),
      themes: new Map(data.themes.map((theme) => [theme.code, theme.name])),
      sdgs: new Map(data.sdgs.map((sdg) => [sdg.number, sdg.shortTitle])),
    }));
    return this.vocabularyAnswer;
  }

  /** Network acronyms by id. */
  networks(): Promise<Map<string, string>> {
    this.networksAnswer ??= this.api<{ networks: { id: string; acronym: string }[] }>(NETWORKS_QUERY, {
      lang: this.lang.toUpperCase(),
    }).then((data) => new Map(data.networks.map((network) => [network.id, network.acronym])));
    return this.networksAnswer;
  }
}
