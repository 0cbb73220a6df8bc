import { regionOf, isWithin } from '../shared/hcp';
import {
  MatchReason,
  MatchReasonCode,
  PartnerCandidate,
  type NetworkPeer,
  type ThematicActivity,
} from './discovery.types';
import type { Tie } from './matching.loaders';
import { isOwnTerritory, profileOf, type TerritoryProfile } from './matching.profiles';
import {
  acronyms,
  countryNames,
  partyTo,
  plural,
  reason,
  sdgNames,
  subjects,
  themeNames,
  type Texts,
} from './matching.reasons';
import { COUNTRY_BANDS, REASON_RULES, SIZE_STEPS, TIER_BANDS, bandOf, type Tier } from './matching.rules';
import { territoryRef } from './stubs';

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

/** The arguments that narrow the list (validated by the resolver). */
export interface MatchOptions {
  /** Only candidates in these countries (null: any); naming MA lets Moroccan candidates in. */
  countries: string[] | null;
  foreignOnly: boolean;
  levels: Tier[] | null;
  /** Demo agreements are not counted and demo candidates are left out. */
  realOnly: boolean;
}

/** What backs one candidate. */
interface Evidence {
  themeAgreements: Map<string, Set<string>>;
  sdgAgreements: Map<number, Set<string>>;
  activity?: ThematicActivity;
  peer?: NetworkPeer;
  /** The requester's agreements it is party to (EXISTING_PARTNER). */
  withRequester: Set<string>;
}

const blank = (): Evidence => ({
  themeAgreements: new Map(),
  sdgAgreements: new Map(),
  withRequester: new Set(),
});

function add<K>(map: Map<K, Set<string>>, key: K, value: string) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/**
 * The territories worth looking at for a request, before any tie is known: parties to agreements on its
 * themes or SDGs, active on them, or in its networks; never the requester's own territories.
 */
export function candidatePool(input: MatchInput): string[] {
  const pool = new Set<string>();
  for (const rows of input.partiesByFacet.values()) for (const row of rows) pool.add(row.territoryId);
  for (const activity of input.activity) pool.add(activity.territory.id);
  for (const peer of input.peers) pool.add(peer.territory.id);
  return [...pool].filter((id) => !isOwnTerritory(input.requesterId, id));
}

/** The agreements of the requester (any party to them is an existing partner, never a fact counted twice). */
export function existingPartners(requesterTies: Tie[], realOnly: boolean): Map<string, Set<string>> {
  const partners = new Map<string, Set<string>>();
  for (const tie of requesterTies) {
    if (tie.partner && !(realOnly && tie.isDemo)) add(partners, tie.partner, tie.partnershipId);
  }
  return partners;
}

/** What backs each candidate, and which of the agreements seen are demo ones. */
function gather(
  input: MatchInput,
  ties: (id: string) => Tie[],
  options: MatchOptions,
): { evidence: Map<string, Evidence>; demo: Set<string> } {
  const requesterAgreements = new Set(ties(input.requesterId).map((tie) => tie.partnershipId));
  const demo = new Set<string>();
  for (const id of [input.requesterId, ...candidatePool(input)]) {
    for (const tie of ties(id)) if (tie.isDemo) demo.add(tie.partnershipId);
  }
  const evidence = new Map<string, Evidence>();
  const of = (id: string) => evidence.get(id) ?? evidence.set(id, blank()).get(id)!;
  const counts = (row: { territoryId: string; partnershipId: string }) =>
    !isOwnTerritory(input.requesterId, row.territoryId) &&
    !requesterAgreements.has(row.partnershipId) &&
    !(options.realOnly && demo.has(row.partnershipId));
  for (const theme of input.themes) {
    for (const row of input.partiesByFacet.get(`theme:${theme}`) ?? []) {
      if (counts(row)) add(of(row.territoryId).themeAgreements, theme, row.partnershipId);
    }
  }
  for (const sdg of input.sdgs) {
    for (const row of input.partiesByFacet.get(`sdg:${sdg}`) ?? []) {
      if (counts(row)) add(of(row.territoryId).sdgAgreements, sdg, row.partnershipId);
    }
  }
  for (const activity of input.activity) {
    if (!isOwnTerritory(input.requesterId, activity.territory.id))
      of(activity.territory.id).activity = activity;
  }
  for (const peer of input.peers) {
    if (!isOwnTerritory(input.requesterId, peer.territory.id)) of(peer.territory.id).peer = peer;
  }
  for (const [partner, agreements] of existingPartners(ties(input.requesterId), options.realOnly)) {
    if (!isOwnTerritory(input.requesterId, partner)) of(partner).withRequester = agreements;
  }
  return { evidence, demo };
}

function agreementReasons(input: MatchInput, entry: Evidence): MatchReason[] {
  const reasons: MatchReason[] = [];
  const counted = new Set<string>();
  const themes = input.themes.filter((code) => entry.themeAgreements.has(code));
  for (const code of themes) for (const id of entry.themeAgreements.get(code)!) counted.add(id);
  if (themes.length) {
    const n = counted.size;
    const on = themeNames(themes);
    const party = partyTo(n);
    reasons.push(
      reason(
        MatchReasonCode.PARTNERSHIPS_ON_THEMES,
        REASON_RULES.PARTNERSHIPS_ON_THEMES.points * themes.length,
        n,
        { fr: `${party.fr} sur : ${on.fr}`, ar: `${party.ar} حول: ${on.ar}`, en: `${party.en} on: ${on.en}` },
        { themes },
      ),
    );
  }
  // An agreement already counted for a theme is not counted again for the SDGs it serves.
  const others = new Set<string>();
  const sdgs = input.sdgs.filter((goal) => {
    const fresh = [...(entry.sdgAgreements.get(goal) ?? [])].filter((id) => !counted.has(id));
    for (const id of fresh) others.add(id);
    return fresh.length > 0;
  });
  if (sdgs.length) {
    const n = others.size;
    const on = sdgNames(sdgs);
    const party = partyTo(n);
    reasons.push(
      reason(
        MatchReasonCode.PARTNERSHIPS_ON_SDGS,
        REASON_RULES.PARTNERSHIPS_ON_SDGS.points * sdgs.length,
        n,
        {
          fr: `${party.fr} servant les ${on.fr}`,
          ar: `${party.ar} تخدم ${on.ar}`,
          en: `${party.en} serving ${on.en}`,
        },
        { sdgs },
      ),
    );
  }
  return reasons;
}

function activityReasons(
  activity: ThematicActivity | undefined,
  peer: NetworkPeer | undefined,
): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (activity) {
    const themes = activity.themes.map((theme) => theme.code);
    const sdgs = activity.sdgs.map((sdg) => sdg.number);
    const on = subjects(themes, sdgs);
    const capped = (rule: { points: number; cap: number }, n: number) => rule.points * Math.min(n, rule.cap);
    if (activity.experienceCount > 0) {
      const n = activity.experienceCount;
      reasons.push(
        reason(
          MatchReasonCode.EXPERIENCES_ON_THEMES,
          capped(REASON_RULES.EXPERIENCES_ON_THEMES, n),
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
          capped(REASON_RULES.EVENTS_ON_THEMES, n),
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
  if (peer) {
    const networks = peer.networks.map((network) => network.id);
    const names = acronyms(peer);
    reasons.push(
      reason(
        MatchReasonCode.SHARED_NETWORKS,
        REASON_RULES.SHARED_NETWORKS.points * networks.length,
        networks.length,
        {
          fr: `Membre des mêmes réseaux que le demandeur : ${names.fr}`,
          ar: `عضو في نفس الشبكات التي ينتمي إليها صاحب الطلب: ${names.ar}`,
          en: `Member of the same networks as the requester: ${names.en}`,
        },
        { networks },
      ),
    );
  }
  return reasons;
}

interface Context {
  input: MatchInput;
  requester: TerritoryProfile;
  ties: (id: string) => Tie[];
  realOnly: boolean;
}

function placeReasons(ctx: Context, candidate: TerritoryProfile, entry: Evidence): MatchReason[] {
  const reasons: MatchReason[] = [];
  const { input, requester } = ctx;
  if (entry.withRequester.size) {
    const n = entry.withRequester.size;
    const party = partyTo(n);
    reasons.push(
      reason(MatchReasonCode.EXISTING_PARTNER, REASON_RULES.EXISTING_PARTNER.points, n, {
        fr: `Déjà partenaire du demandeur : ${party.fr.toLowerCase()} avec lui`,
        ar: `شريك حالي لصاحب الطلب: ${party.ar} معه`,
        en: `Already a partner of the requester: ${party.en.toLowerCase()} with it`,
      }),
    );
  }
  const country = candidate.country;
  if (country && input.countriesSought.includes(country)) {
    const name = countryNames([country]);
    reasons.push(
      reason(
        MatchReasonCode.IN_SOUGHT_COUNTRY,
        REASON_RULES.IN_SOUGHT_COUNTRY.points,
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
  // Its agreements with the requester are EXISTING_PARTNER's: they count for no other reason.
  const partners = ctx
    .ties(candidate.id)
    .filter((tie) => tie.partner && tie.partner !== input.requesterId && !(ctx.realOnly && tie.isDemo))
    .map((tie) => tie.partner!);
  const partnerCountries = new Set(partners.map((id) => profileOf(id).country));
  const soughtPartners = input.countriesSought.filter(
    (code) => code !== country && partnerCountries.has(code),
  );
  if (soughtPartners.length) {
    const names = countryNames(soughtPartners);
    reasons.push(
      reason(
        MatchReasonCode.PARTNERS_IN_SOUGHT_COUNTRIES,
        REASON_RULES.PARTNERS_IN_SOUGHT_COUNTRIES.points,
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
  const region = regionOf(input.requesterId);
  if (region && !isWithin(candidate.id, region)) {
    const near = new Set(partners.filter((id) => isWithin(id, region)));
    if (near.size) {
      reasons.push(
        reason(
          MatchReasonCode.PARTNERS_IN_REQUESTER_REGION,
          REASON_RULES.PARTNERS_IN_REQUESTER_REGION.points,
          near.size,
          {
            fr: `Coopère déjà avec ${plural(near.size, 'collectivité', 'collectivités')} de la région du demandeur`,
            ar: `يتعاون بالفعل مع ${near.size} ${near.size === 1 ? 'جماعة ترابية' : 'جماعات ترابية'} من جهة صاحب الطلب`,
            en: `Already cooperates with ${plural(near.size, 'local authority', 'local authorities')} of the requester’s region`,
          },
        ),
      );
    }
  }
  return [...reasons, ...fitReasons(requester, candidate)];
}

const TIER_WORDS: Record<Tier, Texts> = {
  REGION: { fr: 'région', ar: 'جهة', en: 'region' },
  PROVINCE: { fr: 'province ou préfecture', ar: 'إقليم أو عمالة', en: 'province or prefecture' },
  MUNICIPALITY: { fr: 'commune', ar: 'جماعة', en: 'municipality' },
};

function fitReasons(requester: TerritoryProfile, candidate: TerritoryProfile): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (requester.tier && candidate.tier === requester.tier) {
    const tier = TIER_WORDS[candidate.tier];
    reasons.push(
      reason(MatchReasonCode.SAME_TIER, REASON_RULES.SAME_TIER.points, 1, {
        fr: `Du même échelon que le demandeur : ${tier.fr}`,
        ar: `من نفس مستوى صاحب الطلب: ${tier.ar}`,
        en: `Of the requester’s tier: ${tier.en}`,
      }),
    );
  }
  if (requester.population && candidate.population) {
    const ratio =
      Math.max(requester.population, candidate.population) /
      Math.min(requester.population, candidate.population);
    const step = SIZE_STEPS.find((s) => ratio <= s.withinFactor);
    if (step) {
      const people = candidate.population.toLocaleString('fr-FR');
      reasons.push(
        reason(MatchReasonCode.COMPARABLE_SIZE, step.points, 1, {
          fr: `De taille comparable : ${people} habitants (à moins de ×${step.withinFactor})`,
          ar: `بحجم مماثل: ${candidate.population} نسمة (أقل من ×${step.withinFactor})`,
          en: `Of comparable size: ${candidate.population.toLocaleString('en-GB')} inhabitants (within ×${step.withinFactor})`,
        }),
      );
    }
  }
  return reasons;
}

/** The country band of a candidate, or null when it is not offered (a Moroccan one when abroad is sought). */
function countryBand(candidate: TerritoryProfile, sought: string[], options: MatchOptions): number | null {
  const country = candidate.country ?? '';
  if (options.countries && !options.countries.includes(country)) return null;
  if (options.foreignOnly && country === 'MA') return null;
  if (sought.length === 0 || sought.includes(country)) return COUNTRY_BANDS.sought;
  if (country === 'MA' && !options.countries?.includes('MA')) return null;
  return COUNTRY_BANDS.otherForeign;
}

const byCode = (a: MatchReason, b: MatchReason) =>
  b.points - a.points || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Ranks the candidate partners of one request (`docs/discovery.md`, "Partner matching"): the candidates of
 * the pool and the requester's existing partners, never its own territories; each in a band (country
 * sought first, then comparable tier), ordered by band, score descending, then territory id.
 * `ties(id)` gives the agreements of the requester and of each candidate, with their other parties.
 */
export function rankCandidates(
  input: MatchInput,
  ties: (territoryId: string) => Tie[],
  options: MatchOptions,
): PartnerCandidate[] {
  const { evidence, demo } = gather(input, ties, options);
  const requester = profileOf(input.requesterId);
  const ctx: Context = { input, requester, ties, realOnly: options.realOnly };
  const candidates: PartnerCandidate[] = [];
  for (const [territoryId, entry] of evidence) {
    const candidate = profileOf(territoryId);
    if (candidate.former || (options.realOnly && candidate.demo)) continue;
    if (options.levels && !(candidate.tier && options.levels.includes(candidate.tier))) continue;
    const country = countryBand(candidate, input.countriesSought, options);
    if (country === null) continue;
    const tier = requester.tier && candidate.tier ? TIER_BANDS[requester.tier][candidate.tier] : 0;
    const reasons = [
      ...agreementReasons(input, entry),
      ...activityReasons(entry.activity, entry.peer),
      ...placeReasons(ctx, candidate, entry),
    ].sort(byCode);
    candidates.push(
      Object.assign(new PartnerCandidate(), {
        territory: territoryRef(territoryId),
        score: reasons.reduce((sum, r) => sum + r.points, 0),
        band: bandOf(country, tier),
        existingPartner: entry.withRequester.size > 0,
        demo: candidate.demo || !hasRealBacking(entry, demo),
        reasons,
      }),
    );
  }
  return candidates.sort(
    (a, b) =>
      a.band - b.band ||
      b.score - a.score ||
      (a.territory.id < b.territory.id ? -1 : a.territory.id > b.territory.id ? 1 : 0),
  );
}

/** Whether anything but demo agreements backs a candidate (activity and networks count as real). */
function hasRealBacking(entry: Evidence, demo: Set<string>): boolean {
  if (entry.activity || entry.peer) return true;
  const agreements = [
    ...entry.withRequester,
    ...[...entry.themeAgreements.values(), ...entry.sdgAgreements.values()].flatMap((set) => [...set]),
  ];
  return agreements.some((id) => !demo.has(id));
}
