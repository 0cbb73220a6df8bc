import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json';
import en from 'i18n-iso-countries/langs/en.json';
import fr from 'i18n-iso-countries/langs/fr.json';
import { Arg, Ctx, Directive, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../shared/errors';
import { countryOfTerritory } from '../shared/hcp';
import { Language, pickText } from '../shared/i18n';
import { MAX_PAGE_SIZE } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { THEMES } from '../shared/world/themes';
import {
  MatchReason,
  MatchReasonCode,
  PartnerCandidate,
  type NetworkPeer,
  type ThematicActivity,
} from './discovery.types';
import type { Loaders } from './loaders';
import { CooperationRequest } from './request.entity';
import { countryRef, networkRef, sdgRef, territoryRef, themeRef } from './stubs';

countries.registerLocale(fr);
countries.registerLocale(en);
countries.registerLocale(ar);

type Context = SubgraphContext<Loaders>;
type Texts = { fr: string; ar: string; en: string };

/** How many candidates `candidatePartners` returns when `first` is not given. */
export const DEFAULT_CANDIDATES = 10;

/** The points of each reason (documented on `MatchReasonCode`). */
export const POINTS = {
  perThemeCovered: 3,
  perSdgServed: 1,
  perExperience: 2,
  perEvent: 1,
  countedActivities: 3,
  perSharedNetwork: 2,
  inSoughtCountry: 4,
  partnersInSoughtCountries: 2,
  partnersInRequesterCountry: 1,
} as const;

/** What the ranking needs about one request, loaded in batches by the resolver. */
export interface MatchInput {
  requesterId: string;
  themes: string[];
  sdgs: number[];
  countriesSought: string[];
  /** Parties of the agreements on each theme / SDG of the request (`theme:<code>`, `sdg:<n>`). */
  partiesByFacet: Map<string, { territoryId: string; partnershipId: string }[]>;
  activity: ThematicActivity[];
  peers: NetworkPeer[];
}

const THEME_NAMES = new Map(THEMES.map((theme) => [theme.code, theme]));

function list(values: string[], lang: keyof Texts): string {
  return values.join(lang === 'ar' ? '، ' : ', ');
}

function themeNames(codes: string[]): Texts {
  const names = (lang: keyof Texts) =>
    list(
      codes.map((code) => THEME_NAMES.get(code)?.[lang] ?? code),
      lang,
    );
  return { fr: names('fr'), ar: names('ar'), en: names('en') };
}

function sdgNames(goals: number[]): Texts {
  const numbers = (lang: keyof Texts) => list(goals.map(String), lang);
  return {
    fr: `ODD ${numbers('fr')}`,
    ar: `أهداف التنمية المستدامة ${numbers('ar')}`,
    en: `SDG ${numbers('en')}`,
  };
}

function countryNames(codes: string[]): Texts {
  const names = (lang: keyof Texts) =>
    list(
      codes.map((code) => countries.getName(code, lang) ?? code),
      lang,
    );
  return { fr: names('fr'), ar: names('ar'), en: names('en') };
}

/** "themes and SDGs" of a reason, in each language. */
function subjects(themes: string[], sdgs: number[]): Texts {
  const parts = [themes.length ? themeNames(themes) : null, sdgs.length ? sdgNames(sdgs) : null].filter(
    (part): part is Texts => part !== null,
  );
  const join = (lang: keyof Texts) => parts.map((part) => part[lang]).join(lang === 'ar' ? '، ' : ' ; ');
  return { fr: join('fr'), ar: join('ar'), en: join('en') };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function reason(
  code: MatchReasonCode,
  points: number,
  count: number,
  messages: Texts,
  about: { themes?: string[]; sdgs?: number[]; networks?: string[]; countries?: string[] } = {},
): MatchReason {
  return Object.assign(new MatchReason(), {
    code,
    points,
    count,
    messages,
    themes: (about.themes ?? []).map(themeRef),
    sdgs: (about.sdgs ?? []).map(sdgRef),
    networks: (about.networks ?? []).map(networkRef),
    countries: (about.countries ?? []).map(countryRef),
  });
}

interface Evidence {
  themeAgreements: Set<string>;
  themesCovered: Set<string>;
  sdgAgreements: Set<string>;
  sdgsServed: Set<number>;
  activity?: ThematicActivity;
  peer?: NetworkPeer;
}

/**
 * Ranks the candidate partners of one request: every territory with agreements on its themes or SDGs,
 * activity on them (events subgraph) or a network in common (networks subgraph), the requester left out;
 * country reasons only add to those. Score descending, then territory id: a deterministic order.
 * `partnerCountries` gives, for a candidate, the countries of the parties it already cooperates with.
 */
export function rankCandidates(
  input: MatchInput,
  partnerCountries: (territoryId: string) => Set<string>,
): PartnerCandidate[] {
  const evidence = new Map<string, Evidence>();
  const of = (territoryId: string) => {
    let entry = evidence.get(territoryId);
    if (!entry) {
      entry = {
        themeAgreements: new Set(),
        themesCovered: new Set(),
        sdgAgreements: new Set(),
        sdgsServed: new Set(),
      };
      evidence.set(territoryId, entry);
    }
    return entry;
  };
  for (const theme of input.themes) {
    for (const row of input.partiesByFacet.get(`theme:${theme}`) ?? []) {
      if (row.territoryId === input.requesterId) continue;
      const entry = of(row.territoryId);
      entry.themeAgreements.add(row.partnershipId);
      entry.themesCovered.add(theme);
    }
  }
  for (const sdg of input.sdgs) {
    for (const row of input.partiesByFacet.get(`sdg:${sdg}`) ?? []) {
      if (row.territoryId === input.requesterId) continue;
      const entry = of(row.territoryId);
      entry.sdgAgreements.add(row.partnershipId);
      entry.sdgsServed.add(sdg);
    }
  }
  for (const activity of input.activity) {
    if (activity.territory.id !== input.requesterId) of(activity.territory.id).activity = activity;
  }
  for (const peer of input.peers) {
    if (peer.territory.id !== input.requesterId) of(peer.territory.id).peer = peer;
  }

  const sought = new Set(input.countriesSought);
  const requesterCountry = countryOfTerritory(input.requesterId);
  const candidates: PartnerCandidate[] = [];
  for (const [territoryId, entry] of evidence) {
    const reasons: MatchReason[] = [];
    if (entry.themesCovered.size) {
      const themes = input.themes.filter((code) => entry.themesCovered.has(code));
      const n = entry.themeAgreements.size;
      const on = themeNames(themes);
      reasons.push(
        reason(
          MatchReasonCode.PARTNERSHIPS_ON_THEMES,
          POINTS.perThemeCovered * themes.length,
          n,
          {
            fr: `Partie à ${plural(n, 'accord', 'accords')} sur : ${on.fr}`,
            ar: `طرف في ${n} ${n === 1 ? 'اتفاقية' : 'اتفاقيات'} حول: ${on.ar}`,
            en: `Party to ${plural(n, 'agreement', 'agreements')} on: ${on.en}`,
          },
          { themes },
        ),
      );
    }
    if (entry.sdgsServed.size) {
      const sdgs = input.sdgs.filter((goal) => entry.sdgsServed.has(goal));
      const n = entry.sdgAgreements.size;
      const on = sdgNames(sdgs);
      reasons.push(
        reason(
          MatchReasonCode.PARTNERSHIPS_ON_SDGS,
          POINTS.perSdgServed * sdgs.length,
          n,
          {
            fr: `Partie à ${plural(n, 'accord', 'accords')} servant les ${on.fr}`,
            ar: `طرف في ${n} ${n === 1 ? 'اتفاقية' : 'اتفاقيات'} تخدم ${on.ar}`,
            en: `Party to ${plural(n, 'agreement', 'agreements')} serving ${on.en}`,
          },
          { sdgs },
        ),
      );
    }
    const activity = entry.activity;
    if (activity) {
      const themes = activity.themes.map((theme) => theme.code);
      const sdgs = activity.sdgs.map((sdg) => sdg.number);
      const on = subjects(themes, sdgs);
      if (activity.experienceCount > 0) {
        const n = activity.experienceCount;
        reasons.push(
          reason(
            MatchReasonCode.EXPERIENCES_ON_THEMES,
            POINTS.perExperience * Math.min(n, POINTS.countedActivities),
            n,
            {
              fr: `${plural(n, 'expérience partagée', 'expériences partagées')} sur : ${on.fr}`,
              ar: `${n} ${n === 1 ? 'تجربة متقاسمة' : 'تجارب متقاسمة'} حول: ${on.ar}`,
              en: `${plural(n, 'experience', 'experiences')} shared on: ${on.en}`,
            },
            { themes, sdgs },
          ),
        );
      }
      if (activity.eventCount > 0) {
        const n = activity.eventCount;
        reasons.push(
          reason(
            MatchReasonCode.EVENTS_ON_THEMES,
            POINTS.perEvent * Math.min(n, POINTS.countedActivities),
            n,
            {
              fr: `${plural(n, 'événement', 'événements')} organisé(s) ou suivi(s) sur : ${on.fr}`,
              ar: `${n} ${n === 1 ? 'نشاط' : 'أنشطة'} نظمها أو شارك فيها حول: ${on.ar}`,
              en: `${plural(n, 'event', 'events')} organised or attended on: ${on.en}`,
            },
            { themes, sdgs },
          ),
        );
      }
    }
    if (entry.peer) {
      const networks = entry.peer.networks.map((network) => network.id);
      const acronyms = (lang: Language) =>
        list(
          entry.peer!.acronyms.map((texts, index) => pickText(texts, lang) ?? networks[index]),
          lang === Language.AR ? 'ar' : 'fr',
        );
      reasons.push(
        reason(
          MatchReasonCode.SHARED_NETWORKS,
          POINTS.perSharedNetwork * networks.length,
          networks.length,
          {
            fr: `Membre des mêmes réseaux que le demandeur : ${acronyms(Language.FR)}`,
            ar: `عضو في نفس الشبكات التي ينتمي إليها صاحب الطلب: ${acronyms(Language.AR)}`,
            en: `Member of the same networks as the requester: ${acronyms(Language.EN)}`,
          },
          { networks },
        ),
      );
    }
    const country = countryOfTerritory(territoryId);
    if (country && sought.has(country)) {
      const name = countryNames([country]);
      reasons.push(
        reason(
          MatchReasonCode.IN_SOUGHT_COUNTRY,
          POINTS.inSoughtCountry,
          1,
          {
            fr: `Situé dans un pays recherché : ${name.fr}`,
            ar: `يقع في بلد مطلوب: ${name.ar}`,
            en: `Located in a country sought: ${name.en}`,
          },
          { countries: [country] },
        ),
      );
    }
    const partners = partnerCountries(territoryId);
    const soughtPartners = input.countriesSought.filter((code) => code !== country && partners.has(code));
    if (soughtPartners.length) {
      const names = countryNames(soughtPartners);
      reasons.push(
        reason(
          MatchReasonCode.PARTNERS_IN_SOUGHT_COUNTRIES,
          POINTS.partnersInSoughtCountries,
          soughtPartners.length,
          {
            fr: `Coopère déjà avec des collectivités de : ${names.fr}`,
            ar: `يتعاون بالفعل مع جماعات ترابية من: ${names.ar}`,
            en: `Already cooperates with local authorities of: ${names.en}`,
          },
          { countries: soughtPartners },
        ),
      );
    }
    if (requesterCountry && requesterCountry !== country && partners.has(requesterCountry)) {
      const name = countryNames([requesterCountry]);
      reasons.push(
        reason(
          MatchReasonCode.PARTNERS_IN_REQUESTER_COUNTRY,
          POINTS.partnersInRequesterCountry,
          1,
          {
            fr: `Coopère déjà avec des collectivités du pays du demandeur : ${name.fr}`,
            ar: `يتعاون بالفعل مع جماعات ترابية من بلد صاحب الطلب: ${name.ar}`,
            en: `Already cooperates with local authorities of the requester’s country: ${name.en}`,
          },
          { countries: [requesterCountry] },
        ),
      );
    }
    reasons.sort((a, b) => b.points - a.points || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const score = reasons.reduce((sum, r) => sum + r.points, 0);
    candidates.push(
      Object.assign(new PartnerCandidate(), { territory: territoryRef(territoryId), score, reasons }),
    );
  }
  return candidates.sort(
    (a, b) =>
      b.score - a.score || (a.territory.id < b.territory.id ? -1 : a.territory.id > b.territory.id ? 1 : 0),
  );
}

@Resolver(() => CooperationRequest)
export class CandidatePartnersResolver {
  @FieldResolver(() => [PartnerCandidate], {
    description:
      'Territories suggested as partners for the request, best first (score descending, then id): those with ' +
      'agreements on its themes or SDGs, with experiences or events on them, or sharing a network with the ' +
      'requester; lying in a country sought, or already cooperating with those countries or the requester’s, ' +
      'adds points. Each comes with the reasons it was suggested.',
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
    @Ctx() { loaders }: Context,
  ): Promise<PartnerCandidate[]> {
    first ??= DEFAULT_CANDIDATES;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
    }
    // Each await is one batch for all the requests of the gateway's `_entities` call.
    const { themes, sdgs, countriesSought, partiesByFacet } = await loaders.matchingBasis.load(request.id);
    const ranked = (partnerCountries: (id: string) => Set<string>) =>
      rankCandidates(
        {
          requesterId: request.requesterId,
          themes,
          sdgs,
          countriesSought,
          partiesByFacet,
          activity: request.activityOnThemes ?? [],
          peers: request.networkPeers ?? [],
        },
        partnerCountries,
      );
    // Country reasons only add points: rank once without them to know whom to look up, then for real.
    const pool = ranked(() => new Set()).map((candidate) => candidate.territory.id);
    const partnerLists = await loaders.partners.loadMany(pool);
    const countriesOf = new Map(
      pool.map((id, index) => {
        const rows = partnerLists[index];
        if (rows instanceof Error) throw rows;
        return [
          id,
          new Set(rows.map((row) => countryOfTerritory(row.partner)).filter((c): c is string => !!c)),
        ];
      }),
    );
    return ranked((id) => countriesOf.get(id) ?? new Set()).slice(0, first);
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
