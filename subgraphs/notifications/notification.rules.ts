import type { OutboxEvent } from '../shared/notification-event';
import { MINISTRY_AUDIENCE, networkAudience, territoryAudience, type Audience } from './audience';
import { NotificationKind as K } from './kinds';

/**
 * WHO IS TOLD WHAT — the one table of the hub's notifications, read like the README's. Each row: the kind,
 * when an event calls for it (`when`), who is told (`audiences`), and the words (`label`, `describe`, French
 * and Arabic). `table` is the row in words: docs/notifications.md renders them (`notification.rules-doc.ts`,
 * checked by a test). Two laws apply to every row after it (`notification.derive.ts`):
 *  - a record a public reader may not see (`facts.public` false) is told only to its parties (territories
 *    party to it, a proposal's proposer and declined proposers) and to the ministry — and, for a membership
 *    only, to its network's secretariat;
 *  - nobody is told of their own action: the audiences the actor acts for are left out (a ministry officer's
 *    the ministry, an officer's their territories, a secretariat's their networks; an administrator's none).
 */

/** What a row may ask of the other subgraphs (fetched before the ingest transaction, `lookups.ts`). */
export interface Lookups {
  /** Territories whose profile fits an open request: `candidatePartners`, good band only, best first. */
  candidates(requestId: string): readonly string[];
  /** The member territories of a network (its active memberships). */
  members(networkId: string): readonly string[];
  /** A territory's name in French and Arabic (the territories subgraph), null when it is not known. */
  name(territoryId: string): { fr: string; ar: string | null } | null;
}

export interface NotificationRule {
  kind: K;
  /** The row in words, for the table of docs/notifications.md and the README. */
  table: { when: string; who: string };
  /** What the row needs fetched from the other subgraphs before it can say who is told. */
  needs?: 'candidates' | 'members';
  /** The row's words name the record's parties: their names are fetched with the lookups. */
  namesParties?: true;
  when(event: OutboxEvent): boolean;
  audiences(event: OutboxEvent, lookups: Lookups): Audience[];
  /** The kind in words (the start of the notification's title), French and Arabic. */
  label: { fr: string; ar: string };
  /** One sentence on what happened, French and Arabic (`lookups` give the names a row asked for). */
  describe: {
    fr(event: OutboxEvent, lookups: Lookups): string;
    ar(event: OutboxEvent, lookups: Lookups): string;
  };
}

const is =
  (type: OutboxEvent['type'], ...actions: string[]) =>
  (e: OutboxEvent) =>
    e.type === type && actions.includes(e.action);
const parties = (e: OutboxEvent) => e.facts.parties.map(territoryAudience);
const proposer = (e: OutboxEvent) => (e.facts.proposer ? [territoryAudience(e.facts.proposer)] : []);
/** The proposers of the other open proposals a write declined (the request accepted another, or closed). */
const othersDeclined = (e: OutboxEvent) =>
  (e.facts.declinedProposers ?? []).filter((t) => t !== e.facts.proposer).map(territoryAudience);
/** Who proposed, by name (the notifier fills the names in: `notification.derive.ts`), else by id. */
const proposerFr = (e: OutboxEvent) => e.facts.proposerName || e.facts.proposer || 'Une collectivité';
const proposerAr = (e: OutboxEvent) =>
  e.facts.proposerNameAr || e.facts.proposerName || e.facts.proposer || 'جماعة';
/** The record's parties by name (`namesParties`), else by id. */
const partiesFr = (e: OutboxEvent, lookups: Lookups) =>
  e.facts.parties.map((t) => lookups.name(t)?.fr || t).join(', ');
const partiesAr = (e: OutboxEvent, lookups: Lookups) =>
  e.facts.parties.map((t) => lookups.name(t)?.ar || lookups.name(t)?.fr || t).join('، ');
const titleFr = (e: OutboxEvent) => `« ${e.facts.title} »`;
const titleAr = (e: OutboxEvent) => `«${e.facts.titleAr || e.facts.title}»`;
/** Published when created, or published later. */
const published = (type: OutboxEvent['type'], create: string, publish: string) => (e: OutboxEvent) =>
  e.type === type && ((e.action === create && e.facts.public) || e.action === publish);
/** The secretariats of the record's networks and their members, except the record's own territories. */
const networkFollowers = (e: OutboxEvent, lookups: Lookups) => {
  const own = new Set(e.facts.parties);
  return e.facts.networks.flatMap((n) => [
    networkAudience(n),
    ...lookups
      .members(n)
      .filter((t) => !own.has(t))
      .map(territoryAudience),
  ]);
};
const ENDED = ['TERMINATED', 'EXPIRED'];
/** Why a proposal was declined when the requester did not decline it itself. */
const DECLINED_BECAUSE: Record<string, { fr: string; ar: string }> = {
  acceptProposal: { fr: ' : une autre proposition a été retenue', ar: ': تم قبول اقتراح آخر' },
  closeCooperationRequest: { fr: ' : la demande est close', ar: ': تم إغلاق الطلب' },
};

export const NOTIFICATION_RULES: readonly NotificationRule[] = [
  {
    kind: K.PROPOSAL_RECEIVED,
    table: { when: 'a territory proposes a partnership on a request', who: 'the requester' },
    when: is('CooperationRequest', 'proposeToRequest'),
    audiences: parties,
    label: { fr: 'Nouvelle proposition', ar: 'اقتراح جديد' },
    describe: {
      fr: (e) => `${proposerFr(e)} propose un partenariat sur votre demande ${titleFr(e)}.`,
      ar: (e) => `اقترحت ${proposerAr(e)} شراكة بشأن طلبكم ${titleAr(e)}.`,
    },
  },
  {
    kind: K.PROPOSAL_ACCEPTED,
    table: {
      when: 'the requester accepts a proposal (an agreement in negotiation is created)',
      who: 'the proposer',
    },
    when: is('CooperationRequest', 'acceptProposal'),
    audiences: proposer,
    label: { fr: 'Proposition acceptée', ar: 'قبول الاقتراح' },
    describe: {
      fr: (e) => `Votre proposition sur la demande ${titleFr(e)} est acceptée : l’accord est en négociation.`,
      ar: (e) => `تم قبول اقتراحكم بشأن الطلب ${titleAr(e)}: الاتفاقية قيد التفاوض.`,
    },
  },
  {
    kind: K.PROPOSAL_DECLINED,
    table: {
      when: 'the requester declines a proposal, or accepts another one or closes the request (its other open proposals are declined)',
      who: 'the proposer (each one declined)',
    },
    when: (e) =>
      is('CooperationRequest', 'declineProposal')(e) ||
      (is('CooperationRequest', 'acceptProposal', 'closeCooperationRequest')(e) &&
        othersDeclined(e).length > 0),
    audiences: (e) => (e.action === 'declineProposal' ? proposer(e) : othersDeclined(e)),
    label: { fr: 'Proposition déclinée', ar: 'رفض الاقتراح' },
    describe: {
      fr: (e) =>
        `Votre proposition sur la demande ${titleFr(e)} est déclinée${DECLINED_BECAUSE[e.action]?.fr ?? ''}.`,
      ar: (e) => `تم رفض اقتراحكم بشأن الطلب ${titleAr(e)}${DECLINED_BECAUSE[e.action]?.ar ?? ''}.`,
    },
  },
  {
    kind: K.PROPOSAL_WITHDRAWN,
    table: { when: 'the proposer withdraws its proposal', who: 'the requester' },
    when: is('CooperationRequest', 'withdrawProposal'),
    audiences: parties,
    label: { fr: 'Proposition retirée', ar: 'سحب الاقتراح' },
    describe: {
      fr: (e) => `${proposerFr(e)} retire sa proposition sur votre demande ${titleFr(e)}.`,
      ar: (e) => `سحبت ${proposerAr(e)} اقتراحها بشأن طلبكم ${titleAr(e)}.`,
    },
  },
  {
    kind: K.DELIBERATION_RECORDED,
    table: { when: 'a council deliberation is recorded on an agreement', who: 'its parties' },
    when: is('Partnership', 'recordDeliberation'),
    audiences: parties,
    label: { fr: 'Délibération enregistrée', ar: 'تسجيل مداولة' },
    describe: {
      fr: (e) => `Une délibération du conseil est enregistrée sur l’accord ${titleFr(e)}.`,
      ar: (e) => `تم تسجيل مداولة المجلس بشأن الاتفاقية ${titleAr(e)}.`,
    },
  },
  {
    kind: K.APPROVAL_REQUESTED,
    table: {
      when: 'every Moroccan council has deliberated: the agreement is DELIBERATED, awaiting approval',
      who: 'the ministry',
    },
    when: (e) =>
      is('Partnership', 'recordDeliberation')(e) &&
      e.facts.status === 'DELIBERATED' &&
      e.facts.previousStatus !== 'DELIBERATED',
    audiences: () => [MINISTRY_AUDIENCE],
    label: { fr: 'Approbation attendue', ar: 'في انتظار المصادقة' },
    describe: {
      fr: (e) =>
        `L’accord ${titleFr(e)} est délibéré par toutes les parties marocaines : il attend votre approbation.`,
      ar: (e) => `تمت المداولة في الاتفاقية ${titleAr(e)} من طرف جميع الأطراف المغربية: في انتظار مصادقتكم.`,
    },
  },
  {
    kind: K.AGREEMENT_APPROVED,
    table: { when: 'the ministry approves an agreement', who: 'its parties' },
    when: is('Partnership', 'approvePartnership'),
    audiences: parties,
    label: { fr: 'Accord approuvé', ar: 'المصادقة على الاتفاقية' },
    describe: {
      fr: (e) => `Le ministère a approuvé l’accord ${titleFr(e)}.`,
      ar: (e) => `صادقت الوزارة على الاتفاقية ${titleAr(e)}.`,
    },
  },
  {
    kind: K.AGREEMENT_REFUSED,
    table: { when: 'the ministry refuses to approve an agreement', who: 'its parties' },
    when: is('Partnership', 'refuseApproval'),
    audiences: parties,
    label: { fr: 'Approbation refusée', ar: 'رفض المصادقة' },
    describe: {
      fr: (e) => `Le ministère a refusé d’approuver l’accord ${titleFr(e)} : il revient en négociation.`,
      ar: (e) => `رفضت الوزارة المصادقة على الاتفاقية ${titleAr(e)}: تعود إلى التفاوض.`,
    },
  },
  {
    kind: K.AGREEMENT_SIGNED,
    table: { when: 'an agreement is signed', who: 'its parties' },
    when: (e) => is('Partnership', 'signPartnership')(e) && e.facts.status === 'SIGNED',
    audiences: parties,
    label: { fr: 'Accord signé', ar: 'توقيع الاتفاقية' },
    describe: {
      fr: (e) => `L’accord ${titleFr(e)} est signé.`,
      ar: (e) => `تم توقيع الاتفاقية ${titleAr(e)}.`,
    },
  },
  {
    kind: K.AGREEMENT_RENEWED,
    table: { when: 'a renewal of an agreement is opened', who: 'its parties' },
    when: (e) => is('Partnership', 'renewPartnership')(e) && e.facts.status !== 'DRAFT',
    audiences: parties,
    label: { fr: 'Renouvellement ouvert', ar: 'تجديد الاتفاقية' },
    describe: {
      fr: (e) => `Un renouvellement de l’accord ${titleFr(e)} est ouvert.`,
      ar: (e) => `تم فتح تجديد الاتفاقية ${titleAr(e)}.`,
    },
  },
  {
    kind: K.AGREEMENT_ENDED,
    table: { when: 'an agreement is set TERMINATED or EXPIRED', who: 'its parties' },
    when: (e) =>
      is('Partnership', 'setPartnershipStatus')(e) &&
      ENDED.includes(e.facts.status ?? '') &&
      e.facts.previousStatus !== e.facts.status,
    audiences: parties,
    label: { fr: 'Accord terminé', ar: 'انتهاء الاتفاقية' },
    describe: {
      fr: (e) =>
        `L’accord ${titleFr(e)} a pris fin (${e.facts.status === 'EXPIRED' ? 'expiré' : 'résilié'}).`,
      ar: (e) => `انتهت الاتفاقية ${titleAr(e)}.`,
    },
  },
  {
    kind: K.REQUEST_MATCHES_PROFILE,
    table: {
      when: 'an open, public request is posted',
      who: 'the territories whose profile fits it (partner matching, best band, a few at most), never the requester',
    },
    needs: 'candidates',
    when: (e) =>
      is('CooperationRequest', 'createCooperationRequest')(e) && e.facts.public && e.facts.status === 'OPEN',
    audiences: (e, lookups) => {
      const own = new Set(e.facts.parties);
      return lookups
        .candidates(e.recordId)
        .filter((t) => !own.has(t))
        .map(territoryAudience);
    },
    label: { fr: 'Demande à votre profil', ar: 'طلب يناسب ملفكم' },
    describe: {
      fr: (e) => `Une nouvelle demande de coopération correspond à votre profil : ${titleFr(e)}.`,
      ar: (e) => `طلب تعاون جديد يناسب ملفكم: ${titleAr(e)}.`,
    },
  },
  {
    kind: K.NETWORK_MEMBER_JOINED,
    table: { when: 'a territory joins a network', who: 'the network’s secretariat and its other members' },
    needs: 'members',
    namesParties: true,
    when: is('Membership', 'addMembership'),
    audiences: networkFollowers,
    label: { fr: 'Nouveau membre', ar: 'عضو جديد' },
    describe: {
      fr: (e, lookups) => `${partiesFr(e, lookups)} rejoint le réseau ${titleFr(e)}.`,
      ar: (e, lookups) => `انضمت ${partiesAr(e, lookups)} إلى الشبكة ${titleAr(e)}.`,
    },
  },
  {
    kind: K.NETWORK_EVENT_ANNOUNCED,
    table: {
      when: 'an event of a network is published',
      who: 'the network’s secretariat and its members, except the organisers',
    },
    needs: 'members',
    when: (e) => published('Event', 'createEvent', 'publishEvent')(e) && e.facts.networks.length > 0,
    audiences: networkFollowers,
    label: { fr: 'Événement du réseau', ar: 'نشاط الشبكة' },
    describe: {
      fr: (e) => `Un événement est annoncé dans votre réseau : ${titleFr(e)}.`,
      ar: (e) => `تم الإعلان عن نشاط في شبكتكم: ${titleAr(e)}.`,
    },
  },
  {
    kind: K.NETWORK_EXPERIENCE_SHARED,
    table: {
      when: 'an experience shared in a network is published',
      who: 'the network’s secretariat and its members, except the territory that shares it',
    },
    needs: 'members',
    when: (e) =>
      published('Experience', 'createExperience', 'publishExperience')(e) && e.facts.networks.length > 0,
    audiences: networkFollowers,
    label: { fr: 'Expérience partagée', ar: 'تجربة مشتركة' },
    describe: {
      fr: (e) => `Une expérience est partagée dans votre réseau : ${titleFr(e)}.`,
      ar: (e) => `تمت مشاركة تجربة في شبكتكم: ${titleAr(e)}.`,
    },
  },
  {
    kind: K.RECORD_CORRECTED,
    table: { when: 'a record, or a part of it, is corrected (`correct…`)', who: 'its parties' },
    when: (e) => e.action.startsWith('correct') || e.facts.corrected === true,
    audiences: parties,
    label: { fr: 'Correction', ar: 'تصحيح' },
    describe: {
      fr: (e) => `Une correction est enregistrée sur ${titleFr(e)}.`,
      ar: (e) => `تم تسجيل تصحيح على ${titleAr(e)}.`,
    },
  },
  {
    kind: K.RECORD_VOIDED,
    table: { when: 'a record, or a part of it, is voided (`void…`)', who: 'its parties' },
    when: (e) => e.action.startsWith('void') || e.facts.voided === true,
    audiences: parties,
    label: { fr: 'Annulation', ar: 'إلغاء' },
    describe: {
      fr: (e) => `Une annulation est enregistrée sur ${titleFr(e)}.`,
      ar: (e) => `تم تسجيل إلغاء على ${titleAr(e)}.`,
    },
  },
];
