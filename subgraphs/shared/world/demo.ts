import type { CommuneRow, Reference } from '../reference';
import type { Texts } from '../i18n';
import { Random, addDays } from './random';
import { THEMES, type ThemeDefinition } from './themes';
import { PARTNERSHIP_KIND_WORDS } from './types';
import type {
  ActionState,
  EventKind,
  ForeignTerritory,
  LanguageCode,
  LegalStep,
  MembershipRole,
  Modality,
  PartnershipKind,
  PartnershipStatus,
  ProposalStatus,
  RequestStatus,
  WorldEvent,
  WorldExperience,
  WorldMembership,
  WorldNetwork,
  WorldPartnership,
  WorldRequest,
} from './types';

/**
 * The demo generator: plausible partnerships, requests, memberships, events and experiences, so the
 * graph has something to answer with beyond the 13 documented cooperations. Every record it makes has
 * `isDemo: true` and an id starting with `demo-`. Reproducible: the same seed and scale give the same
 * records everywhere, and no date depends on the day it runs (all fall between 2005 and 2026-10-31).
 * The foreign partners it draws from are real cities and regions; their agreements here are not.
 */

const place = (
  id: string,
  countryCode: string,
  fr: string,
  en: string,
  ar: string | null,
  level: ForeignTerritory['level'] = 'MUNICIPALITY',
  localLevel = 'Municipality',
): ForeignTerritory => ({
  id,
  countryCode,
  level,
  localLevel,
  names: { fr, en, ar },
  isDemo: true,
});

/** Real foreign local authorities the demo partnerships are drawn with (not the agreements: those are demo). */
export const DEMO_FOREIGN_TERRITORIES: ForeignTerritory[] = [
  place('FR-lyon', 'FR', 'Lyon', 'Lyon', 'ليون', 'MUNICIPALITY', 'Commune'),
  place('FR-marseille', 'FR', 'Marseille', 'Marseille', 'مرسيليا', 'MUNICIPALITY', 'Commune'),
  place('FR-lille', 'FR', 'Lille', 'Lille', 'ليل', 'MUNICIPALITY', 'Commune'),
  place('FR-nantes', 'FR', 'Nantes', 'Nantes', 'نانت', 'MUNICIPALITY', 'Commune'),
  place('FR-toulouse', 'FR', 'Toulouse', 'Toulouse', 'تولوز', 'MUNICIPALITY', 'Commune'),
  place('FR-strasbourg', 'FR', 'Strasbourg', 'Strasbourg', 'ستراسبورغ', 'MUNICIPALITY', 'Commune'),
  place('FR-occitanie', 'FR', 'Région Occitanie', 'Occitanie Region', null, 'REGION', 'Région'),
  place(
    'FR-seine-saint-denis',
    'FR',
    'Département de la Seine-Saint-Denis',
    'Seine-Saint-Denis Department',
    null,
    'PROVINCE',
    'Département',
  ),
  place('ES-sevilla', 'ES', 'Séville', 'Seville', 'إشبيلية', 'MUNICIPALITY', 'Ayuntamiento'),
  place('ES-valencia', 'ES', 'Valence', 'Valencia', 'فالنسيا', 'MUNICIPALITY', 'Ayuntamiento'),
  place('ES-granada', 'ES', 'Grenade', 'Granada', 'غرناطة', 'MUNICIPALITY', 'Ayuntamiento'),
  place('ES-cadiz', 'ES', 'Cadix', 'Cádiz', 'قادس', 'MUNICIPALITY', 'Ayuntamiento'),
  place('ES-andalucia', 'ES', 'Andalousie', 'Andalusia', 'الأندلس', 'REGION', 'Comunidad autónoma'),
  place('PT-lisboa', 'PT', 'Lisbonne', 'Lisbon', 'لشبونة', 'MUNICIPALITY', 'Município'),
  place('PT-porto', 'PT', 'Porto', 'Porto', 'بورتو', 'MUNICIPALITY', 'Município'),
  place('BE-bruxelles', 'BE', 'Bruxelles', 'Brussels', 'بروكسل', 'MUNICIPALITY', 'Commune'),
  place('BE-liege', 'BE', 'Liège', 'Liège', 'لييج', 'MUNICIPALITY', 'Commune'),
  place('BE-wallonie', 'BE', 'Région wallonne', 'Walloon Region', null, 'REGION', 'Région'),
  place('IT-torino', 'IT', 'Turin', 'Turin', 'تورينو', 'MUNICIPALITY', 'Comune'),
  place('IT-napoli', 'IT', 'Naples', 'Naples', 'نابولي', 'MUNICIPALITY', 'Comune'),
  place('NL-rotterdam', 'NL', 'Rotterdam', 'Rotterdam', 'روتردام', 'MUNICIPALITY', 'Gemeente'),
  place('DE-bonn', 'DE', 'Bonn', 'Bonn', 'بون', 'MUNICIPALITY', 'Stadt'),
  place('CA-montreal', 'CA', 'Montréal', 'Montreal', 'مونتريال', 'MUNICIPALITY', 'Ville'),
  place('CA-quebec', 'CA', 'Québec', 'Quebec City', 'كيبيك', 'MUNICIPALITY', 'Ville'),
  place('SN-dakar', 'SN', 'Dakar', 'Dakar', 'داكار', 'MUNICIPALITY', 'Ville'),
  place('SN-saint-louis', 'SN', 'Saint-Louis', 'Saint-Louis', 'سان لوي', 'MUNICIPALITY', 'Commune'),
  place('CI-abidjan', 'CI', 'Abidjan', 'Abidjan', 'أبيدجان', 'MUNICIPALITY', 'District autonome'),
  place('MR-nouakchott', 'MR', 'Nouakchott', 'Nouakchott', 'نواكشوط', 'REGION', 'Région'),
  place('TN-tunis', 'TN', 'Tunis', 'Tunis', 'تونس', 'MUNICIPALITY', 'Municipalité'),
  place('TN-sfax', 'TN', 'Sfax', 'Sfax', 'صفاقس', 'MUNICIPALITY', 'Municipalité'),
  place('BF-ouagadougou', 'BF', 'Ouagadougou', 'Ouagadougou', 'واغادوغو', 'MUNICIPALITY', 'Commune'),
  place('TR-istanbul', 'TR', 'Istanbul', 'Istanbul', 'إسطنبول', 'MUNICIPALITY', 'Büyükşehir Belediyesi'),
];

const KIND_WORDS = PARTNERSHIP_KIND_WORDS;

const EVENT_WORDS: Record<EventKind, Texts> = {
  SEMINAR: { fr: 'Séminaire', en: 'Seminar', ar: 'ندوة' },
  TRAINING: { fr: 'Formation', en: 'Training', ar: 'تكوين' },
  STUDY_VISIT: { fr: "Visite d'étude", en: 'Study visit', ar: 'زيارة دراسية' },
  EXPERT_MISSION: { fr: "Mission d'expertise", en: 'Expert mission', ar: 'مهمة خبرة' },
  CONFERENCE: { fr: 'Conférence', en: 'Conference', ar: 'مؤتمر' },
  SUMMIT: { fr: 'Sommet', en: 'Summit', ar: 'قمة' },
  WEBINAR: { fr: 'Webinaire', en: 'Webinar', ar: 'ندوة عبر الإنترنت' },
};

const ACTIONS: Texts[] = [
  { fr: 'Diagnostic partagé', en: 'Shared diagnosis' },
  { fr: 'Formation des agents territoriaux', en: 'Training of local staff' },
  { fr: "Mission d'experts", en: 'Expert mission' },
  { fr: 'Échange de cadres techniques', en: 'Exchange of technical staff' },
  { fr: 'Étude de faisabilité', en: 'Feasibility study' },
  { fr: 'Projet pilote', en: 'Pilot project' },
];

const MODALITIES: Modality[] = [
  'KNOW_HOW_EXCHANGE',
  'INSTITUTIONAL_SUPPORT',
  'TRAINING',
  'TECHNICAL_ASSISTANCE',
  'INVESTMENT',
];
const LAST_DAY = '2026-10-31';
const pad = (n: number) => String(n).padStart(4, '0');
const clamp = (iso: string) => (iso > LAST_DAY ? LAST_DAY : iso);

interface Party {
  id: string;
  names: Texts;
}

/** One step per status along the legal path up to `status`, dated in order from `start`. */
function legalPath(
  rng: Random,
  status: PartnershipStatus,
  start: string,
): { steps: LegalStep[]; signedOn: string | null } {
  const path: PartnershipStatus[] = ['DRAFT', 'NEGOTIATION', 'DELIBERATED', 'APPROVED', 'SIGNED', 'ACTIVE'];
  const after: PartnershipStatus[] = ['DORMANT', 'EXPIRED', 'TERMINATED'];
  const until = after.includes(status) ? [...path, status] : path.slice(0, path.indexOf(status) + 1);
  let date = start;
  let signedOn: string | null = null;
  const steps = until.map((s, index) => {
    if (index > 0) date = addDays(date, rng.int(20, s === 'ACTIVE' ? 90 : 200));
    date = clamp(date);
    if (s === 'SIGNED') signedOn = date;
    const year = date.slice(0, 4);
    const reference =
      s === 'DELIBERATED'
        ? `Délibération n° ${rng.int(1, 90)}/${year} (démo)`
        : s === 'APPROVED'
          ? `Visa de l'autorité de tutelle n° ${rng.int(100, 9999)} (démo)`
          : null;
    const note = s === 'DELIBERATED' ? `Session ordinaire du conseil, ${year}` : null;
    return { status: s, date, reference, note };
  });
  return { steps, signedOn };
}

function weightedCommunes(communes: CommuneRow[], minPopulation: number): CommuneRow[] {
  return communes.filter((c) => c.population2024 >= minPopulation);
}

export interface DemoInput {
  reference: Reference;
  networks: WorldNetwork[];
  /** Names of every territory a demo record may name, by id (Moroccan and foreign). */
  names: Map<string, Texts>;
  seed: number;
  scale: number;
  /**
   * The ids of the real foreign territories: a demo territory with one of them is the same authority, now
   * known from a source, so the generator leaves it out and no demo record names a real partner by accident.
   */
  realForeignIds?: ReadonlySet<string>;
  /** `territoryId|networkId` of the real memberships: the demo adds no second membership of the same pair. */
  realMembershipKeys?: ReadonlySet<string>;
}

/** The demo foreign territories that are not also real ones (same id: the real record wins). */
export function demoForeignTerritories(realForeignIds: ReadonlySet<string> = new Set()): ForeignTerritory[] {
  return DEMO_FOREIGN_TERRITORIES.filter((t) => !realForeignIds.has(t.id));
}

/** A demo event always has both dates (only sourced events may lack one). */
type DemoEvent = WorldEvent & { startsOn: string; endsOn: string };

export interface DemoWorld {
  foreignTerritories: ForeignTerritory[];
  partnerships: WorldPartnership[];
  requests: WorldRequest[];
  memberships: WorldMembership[];
  events: WorldEvent[];
  experiences: WorldExperience[];
}

export function buildDemo({
  reference,
  networks,
  names,
  seed,
  scale,
  realForeignIds,
  realMembershipKeys,
}: DemoInput): DemoWorld {
  const empty: DemoWorld = {
    foreignTerritories: [],
    partnerships: [],
    requests: [],
    memberships: [],
    events: [],
    experiences: [],
  };
  if (scale <= 0) return empty;
  const rng = new Random(seed);
  const party = (id: string): Party => ({ id, names: names.get(id) ?? { fr: id } });
  const foreignTerritories = demoForeignTerritories(realForeignIds);
  const foreign = foreignTerritories.map((t) => party(t.id));
  const cities = weightedCommunes(reference.communes, 100_000).map((c) => party(c.code));
  const towns = weightedCommunes(reference.communes, 20_000).map((c) => party(c.code));
  const rural = reference.communes.filter((c) => c.type === 'rural').map((c) => party(c.code));
  const regions = reference.regions.map((r) => party(r.code));
  const provinces = reference.provinces.map((p) => party(p.code));
  const moroccan = (): Party =>
    rng.weighted({ city: 4, town: 2, rural: 1, province: 2, region: 2 }) === 'city'
      ? rng.pick(cities)
      : rng.chance(0.5)
        ? rng.pick(towns)
        : rng.chance(0.3)
          ? rng.pick(rural)
          : rng.chance(0.5)
            ? rng.pick(provinces)
            : rng.pick(regions);
  const themeByCode = new Map(THEMES.map((t) => [t.code, t]));
  const targetsByGoal = new Map<number, string[]>();
  for (const t of reference.sdgTargets)
    targetsByGoal.set(t.goal, [...(targetsByGoal.get(t.goal) ?? []), t.code]);
  const sdgsOf = (themes: string[]) =>
    [...new Set(themes.flatMap((code) => themeByCode.get(code)?.sdgs ?? []))].sort((a, b) => a - b);
  const date = (fromYear: number, toYear: number) =>
    clamp(addDays(`${fromYear}-01-01`, rng.int(0, (toYear - fromYear) * 365 + 300)));

  // Partnerships.
  const partnerships: WorldPartnership[] = [];
  const makePartnership = (
    ma: Party,
    partner: Party,
    options: {
      status?: PartnershipStatus;
      themes?: string[];
      start?: string;
      renews?: WorldPartnership;
    } = {},
  ): WorldPartnership => {
    const id = `demo-p-${pad(partnerships.length + 1)}`;
    const kind: PartnershipKind = options.renews
      ? 'PROTOCOL'
      : rng.weighted({
          TWINNING: 3,
          COOPERATION_CONVENTION: 4,
          FRAMEWORK_AGREEMENT: 2,
          PARTNERSHIP_AGREEMENT: 2,
          PROTOCOL: 1,
          CHARTER: 0.3,
        });
    const status =
      options.status ??
      rng.weighted<PartnershipStatus>({
        DRAFT: 1,
        NEGOTIATION: 2,
        DELIBERATED: 1,
        APPROVED: 1,
        SIGNED: 3,
        ACTIVE: 5,
        DORMANT: 1.5,
        EXPIRED: 1,
        TERMINATED: 0.5,
      });
    const themes = options.themes ?? rng.sample(THEMES, rng.int(1, 3)).map((t) => t.code);
    const sdgs = sdgsOf(themes);
    const start = options.start ?? date(2008, 2025);
    const { steps, signedOn } = legalPath(rng, status, start);
    const word = KIND_WORDS[kind];
    const actions: WorldPartnership['actions'] = [];
    // About a third of signed agreements get no action at all: the "empty shells" DOMAIN.md speaks of.
    if (signedOn && !rng.chance(0.35)) {
      for (let a = 0, n = rng.int(1, 4); a < n; a++) {
        const startedOn = addDays(signedOn, rng.int(30, 900));
        if (startedOn > LAST_DAY) break;
        const state = rng.weighted<ActionState>({ PLANNED: 1, IN_PROGRESS: 2, COMPLETED: 3, ABANDONED: 0.5 });
        const text = rng.pick(ACTIONS);
        const completedOn = state === 'COMPLETED' ? clamp(addDays(startedOn, rng.int(30, 300))) : null;
        actions.push({
          id: `${id}-a${a + 1}`,
          title: `${text.fr} — ${themeByCode.get(rng.pick(themes))?.fr.toLowerCase()}`,
          state,
          startedOn: state === 'PLANNED' ? null : startedOn,
          completedOn,
        });
      }
    }
    const p: WorldPartnership = {
      id,
      reference: null,
      kind,
      title: {
        fr: `${word.fr} ${ma.names.fr} – ${partner.names.fr}`,
        en: `${ma.names.en ?? ma.names.fr} – ${partner.names.en ?? partner.names.fr} ${word.en?.toLowerCase()}`,
        ar: ma.names.ar && partner.names.ar ? `${word.ar} ${ma.names.ar} – ${partner.names.ar}` : null,
      },
      summary: `Demo data generated by Passerelle (seed ${seed}); not a real agreement.`,
      status,
      steps,
      signedOn,
      pendingRatification: false,
      year: Number((signedOn ?? start).slice(0, 4)),
      startsOn: signedOn,
      endsOn: signedOn ? addDays(signedOn, 365 * rng.int(3, 6)) : null,
      renewsId: options.renews?.id ?? null,
      parties: [
        { territoryId: ma.id, role: 'MOROCCAN_PARTY' },
        { territoryId: partner.id, role: 'FOREIGN_PARTY' },
      ],
      themes,
      sdgs,
      targets: sdgs.map((goal) => rng.pick(targetsByGoal.get(goal) ?? [`${goal}.1`])),
      modalities: rng.sample(MODALITIES, rng.int(1, 3)),
      actions,
      commitments: [
        { territoryId: ma.id, description: 'Mise à disposition de cadres et de locaux (démo)' },
        {
          territoryId: partner.id,
          description: "Apport d'expertise technique et accueil de missions (démo)",
        },
      ],
      sources: [],
      isDemo: true,
    };
    partnerships.push(p);
    return p;
  };
  for (let i = 0; i < 40 * scale; i++) {
    const p = makePartnership(moroccan(), rng.pick(foreign));
    if (p.signedOn && rng.chance(0.12)) {
      const [ma, partner] = p.parties.map((x) => party(x.territoryId));
      makePartnership(ma, partner, {
        themes: p.themes,
        start: addDays(p.signedOn, 365 * rng.int(3, 5)),
        renews: p,
      });
    }
  }
  // Partnerships already running on solid waste, for the "who already does this" question.
  for (let i = 0; i < 2 * scale; i++) {
    makePartnership(rng.pick(cities), rng.pick(foreign), {
      status: 'ACTIVE',
      themes: ['solid-waste'],
      start: date(2016, 2023),
    });
  }

  // Cooperation requests, "à la demande".
  const requests: WorldRequest[] = [];
  const draaTafilaletRural = rural.filter((c) => c.id.startsWith('08.'));
  const makeRequest = (requester: Party, themes: string[], status: RequestStatus) => {
    const id = `demo-r-${pad(requests.length + 1)}`;
    const theme = themeByCode.get(themes[0]) as ThemeDefinition;
    const createdOn = date(2019, 2026);
    const countriesSought = rng.sample(['FR', 'ES', 'BE', 'PT', 'IT', 'SN', 'CA', 'TN'], rng.int(1, 2));
    const proposals: WorldRequest['proposals'] = [];
    const proposalCount = status === 'OPEN' ? rng.int(0, 1) : rng.int(1, 3);
    for (let k = 0; k < proposalCount; k++) {
      const proposer = rng.pick(foreign);
      proposals.push({
        id: `${id}-o${k + 1}`,
        proposerId: proposer.id,
        message: `${proposer.names.fr} propose un échange de savoir-faire sur ${theme.fr.toLowerCase()} (démo).`,
        status: 'SUBMITTED' as ProposalStatus,
        submittedOn: clamp(addDays(createdOn, rng.int(5, 120))),
      });
    }
    let partnershipId: string | null = null;
    if (status === 'MATCHED' && proposals.length) {
      proposals[0].status = 'ACCEPTED';
      for (const other of proposals.slice(1)) other.status = 'DECLINED';
      partnershipId = makePartnership(requester, party(proposals[0].proposerId), {
        status: 'NEGOTIATION',
        themes,
        start: proposals[0].submittedOn,
      }).id;
    }
    if (status === 'CLOSED') for (const proposal of proposals) proposal.status = 'DECLINED';
    requests.push({
      id,
      requesterId: requester.id,
      title: `${theme.fr} : ${requester.names.fr} cherche un partenaire`,
      description:
        `${requester.names.fr} souhaite renforcer ses compétences en ${theme.fr.toLowerCase()} : diagnostic, ` +
        `formation des agents et échange avec une collectivité qui a l'expérience du sujet. (Demande de démonstration.)`,
      themes,
      sdgs: sdgsOf(themes),
      countriesSought,
      status,
      createdOn,
      proposals,
      partnershipId,
      isDemo: true,
    });
  };
  for (let i = 0; i < 25 * scale; i++) {
    const requester = rng.chance(0.5) ? rng.pick(rural) : rng.pick(towns);
    makeRequest(
      requester,
      rng.sample(THEMES, rng.int(1, 2)).map((t) => t.code),
      rng.weighted<RequestStatus>({ OPEN: 5, IN_DISCUSSION: 2, MATCHED: 2, CLOSED: 1 }),
    );
  }
  for (let i = 0; i < 3 * scale; i++) makeRequest(rng.pick(draaTafilaletRural), ['solid-waste'], 'OPEN');

  // Network memberships.
  const memberships: WorldMembership[] = [];
  const taken = new Set<string>(['01.571.01.11|medcities', ...(realMembershipKeys ?? [])]);
  const networkIds = networks.map((n) => n.id);
  const join = (territoryId: string, networkId: string) => {
    const key = `${territoryId}|${networkId}`;
    if (taken.has(key) || !networkIds.includes(networkId)) return;
    taken.add(key);
    const since = date(2006, 2025);
    const isMoroccan = /^\d/.test(territoryId);
    memberships.push({
      id: `demo-m-${pad(memberships.length + 1)}`,
      territoryId,
      networkId,
      since,
      sinceYear: Number(since.slice(0, 4)),
      until: rng.chance(0.08) ? addDays(since, 365 * rng.int(2, 6)) : null,
      role: rng.weighted<MembershipRole>({ MEMBER: 12, BOARD: 2, VICE_PRESIDENCY: 1 }),
      deliberation: isMoroccan
        ? {
            date: addDays(since, -rng.int(20, 120)),
            session: `Session ordinaire, ${since.slice(0, 4)} (démo)`,
            reference: `Délibération n° ${rng.int(1, 90)}/${since.slice(0, 4)} (démo)`,
          }
        : null,
      sources: [],
      isDemo: true,
    });
  };
  // Fès in three networks, so the Fès question of DOMAIN.md has an answer in the demo data.
  for (const networkId of ['uclg-africa', 'aimf', 'euromed-cities-network']) join('03.231.01.0', networkId);
  for (let i = 0; i < 50 * scale; i++) {
    const networkId = rng.pick(networkIds);
    const european = ['platforma', 'cuf'].includes(networkId);
    join(
      european || rng.chance(0.3)
        ? rng.pick(foreign).id
        : rng.chance(0.7)
          ? rng.pick(cities).id
          : rng.pick(regions).id,
      networkId,
    );
  }

  // Events and the experiences presented there.
  const members = (networkId: string) =>
    memberships.filter((m) => m.networkId === networkId).map((m) => m.territoryId);
  const events: DemoEvent[] = [];
  const signed = partnerships.filter((p) => p.signedOn);
  const makeEvent = (
    options: { networkId?: string; partnership?: WorldPartnership; themes?: string[] } = {},
  ) => {
    const id = `demo-e-${pad(events.length + 1)}`;
    const kind = rng.weighted<EventKind>({
      SEMINAR: 3,
      TRAINING: 3,
      STUDY_VISIT: 2,
      EXPERT_MISSION: 2,
      CONFERENCE: 1,
      SUMMIT: 0.5,
      WEBINAR: 1.5,
    });
    const themes =
      options.themes ??
      options.partnership?.themes.slice(0, 2) ??
      rng.sample(THEMES, rng.int(1, 2)).map((t) => t.code);
    const theme = themeByCode.get(themes[0]) as ThemeDefinition;
    const organiserIds = options.partnership
      ? options.partnership.parties.map((x) => x.territoryId)
      : options.networkId
        ? rng.sample(members(options.networkId), 1)
        : [moroccan().id];
    const startsOn = options.partnership?.signedOn
      ? clamp(addDays(options.partnership.signedOn, rng.int(60, 1500)))
      : date(2015, 2026);
    const host = organiserIds[0] ?? moroccan().id;
    const word = EVENT_WORDS[kind];
    const pool = options.networkId ? members(options.networkId) : [...cities, ...foreign].map((p) => p.id);
    events.push({
      id,
      kind,
      title: { fr: `${word.fr} : ${theme.fr}`, en: `${word.en}: ${theme.en}`, ar: `${word.ar}: ${theme.ar}` },
      description: `${word.fr} sur ${theme.fr.toLowerCase()} accueilli par ${party(host).names.fr}. Événement de démonstration.`,
      startsOn,
      endsOn: addDays(startsOn, kind === 'WEBINAR' ? 0 : rng.int(0, 4)),
      city: kind === 'WEBINAR' ? null : (party(host).names.fr ?? null),
      placeTerritoryId: kind === 'WEBINAR' ? null : host,
      countryCode: kind === 'WEBINAR' ? null : /^\d/.test(host) ? 'MA' : host.slice(0, 2),
      online: kind === 'WEBINAR',
      organiserIds,
      networkId: options.networkId ?? null,
      partnershipId: options.partnership?.id ?? null,
      participantIds: rng.sample(
        pool.filter((p) => !organiserIds.includes(p)),
        rng.int(2, 6),
      ),
      themes,
      sdgs: sdgsOf(themes),
      languages: rng.chance(0.5) ? ['FR', 'AR'] : rng.chance(0.4) ? ['FR', 'EN'] : ['FR'],
      isDemo: true,
    });
    return events[events.length - 1];
  };
  for (let i = 0; i < 30 * scale; i++) {
    const roll = rng.next();
    if (roll < 0.35 && signed.length) makeEvent({ partnership: rng.pick(signed) });
    else if (roll < 0.7) makeEvent({ networkId: rng.pick(networkIds) });
    else makeEvent();
  }

  const experiences: WorldExperience[] = [];
  const makeExperience = (territoryId: string, themes: string[], event: DemoEvent | null) => {
    const id = `demo-x-${pad(experiences.length + 1)}`;
    const theme = themeByCode.get(themes[0]) as ThemeDefinition;
    const who = party(territoryId).names;
    const language = rng.weighted<LanguageCode>({ FR: 5.5, AR: 3.5, EN: 1 });
    if (event && !event.organiserIds.includes(territoryId) && !event.participantIds.includes(territoryId)) {
      event.participantIds.push(territoryId);
    }
    const texts: Record<LanguageCode, [string, string, string]> = {
      FR: [
        `${theme.fr} : l'expérience de ${who.fr}`,
        `${who.fr} partage sa démarche en matière de ${theme.fr.toLowerCase()} : diagnostic partagé, programme négocié avec ses partenaires, formation des agents.`,
        'Associer les acteurs locaux dès le diagnostic ; suivre les actions chaque trimestre ; capitaliser les acquis dans un guide.',
      ],
      AR: [
        `${theme.ar}: تجربة ${who.ar ?? who.fr}`,
        `تتقاسم ${who.ar ?? who.fr} مقاربتها في مجال ${theme.ar}: تشخيص تشاركي، وبرنامج متفاوض عليه مع الشركاء، وتكوين الأطر.`,
        'إشراك الفاعلين المحليين منذ مرحلة التشخيص؛ تتبع الأعمال كل ثلاثة أشهر؛ تثمين المكتسبات في دليل.',
      ],
      EN: [
        `${theme.en}: the experience of ${who.en ?? who.fr}`,
        `${who.en ?? who.fr} shares its approach to ${theme.en.toLowerCase()}: a shared diagnosis, a programme negotiated with its partners, staff training.`,
        'Involve local actors from the diagnosis on; review actions every quarter; capture what was learned in a guide.',
      ],
    };
    const [title, summary, lessons] = texts[language];
    const publishedOn = event ? clamp(addDays(event.endsOn, rng.int(7, 120))) : date(2016, 2026);
    experiences.push({
      id,
      title,
      summary: `${summary} (Demo data.)`,
      lessons,
      language,
      territoryId,
      eventId: event?.id ?? null,
      themes,
      sdgs: sdgsOf(themes),
      documents: rng.chance(0.3)
        ? [{ title: `Fiche d'expérience ${id} (démo)`, url: `https://example.org/passerelle-demo/${id}.pdf` }]
        : [],
      publishedOn,
      isDemo: true,
    });
  };
  for (let i = 0; i < 60 * scale; i++) {
    const event = rng.chance(0.7) && events.length ? rng.pick(events) : null;
    const present = event ? [...event.organiserIds, ...event.participantIds] : [];
    const territoryId = present.length ? rng.pick(present) : moroccan().id;
    makeExperience(territoryId, event ? event.themes : rng.sample(THEMES, 1).map((t) => t.code), event);
  }
  // Water experiences (SDG 6) from other members of Fès's networks, each presented at an event.
  for (const networkId of ['uclg-africa', 'aimf', 'euromed-cities-network']) {
    const others = members(networkId).filter((id) => id !== '03.231.01.0');
    if (!others.length) continue;
    const event = makeEvent({ networkId, themes: ['water-sanitation'] });
    for (let i = 0; i < scale; i++) makeExperience(rng.pick(others), ['water-sanitation'], event);
  }

  return {
    foreignTerritories,
    partnerships,
    requests,
    memberships,
    events,
    experiences,
  };
}
