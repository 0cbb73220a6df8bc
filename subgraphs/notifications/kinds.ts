import { registerEnumType } from 'type-graphql';

/**
 * What a notification is about. The list is the rows of the rules table (`notification.rules.ts`); the
 * preferences and webhook subscriptions choose among these.
 */
export enum NotificationKind {
  PROPOSAL_RECEIVED = 'PROPOSAL_RECEIVED',
  PROPOSAL_ACCEPTED = 'PROPOSAL_ACCEPTED',
  PROPOSAL_DECLINED = 'PROPOSAL_DECLINED',
  PROPOSAL_WITHDRAWN = 'PROPOSAL_WITHDRAWN',
  DELIBERATION_RECORDED = 'DELIBERATION_RECORDED',
  APPROVAL_REQUESTED = 'APPROVAL_REQUESTED',
  AGREEMENT_APPROVED = 'AGREEMENT_APPROVED',
  AGREEMENT_REFUSED = 'AGREEMENT_REFUSED',
  AGREEMENT_SIGNED = 'AGREEMENT_SIGNED',
  AGREEMENT_RENEWED = 'AGREEMENT_RENEWED',
  AGREEMENT_ENDED = 'AGREEMENT_ENDED',
  REQUEST_MATCHES_PROFILE = 'REQUEST_MATCHES_PROFILE',
  NETWORK_MEMBER_JOINED = 'NETWORK_MEMBER_JOINED',
  NETWORK_EVENT_ANNOUNCED = 'NETWORK_EVENT_ANNOUNCED',
  NETWORK_EXPERIENCE_SHARED = 'NETWORK_EXPERIENCE_SHARED',
  RECORD_CORRECTED = 'RECORD_CORRECTED',
  RECORD_VOIDED = 'RECORD_VOIDED',
}

export const NOTIFICATION_KINDS: readonly NotificationKind[] = Object.values(NotificationKind);

/** What each kind is about, in one line (who is told: `notification.rules.ts`). */
const ABOUT: Record<NotificationKind, string> = {
  PROPOSAL_RECEIVED: 'A territory proposed a partnership on a request (told to the requester).',
  PROPOSAL_ACCEPTED:
    'A proposal was accepted: an agreement in negotiation was created (told to the proposer).',
  PROPOSAL_DECLINED: 'A proposal was declined (told to the proposer).',
  PROPOSAL_WITHDRAWN: 'A proposal was withdrawn (told to the requester).',
  DELIBERATION_RECORDED: 'A council deliberation was recorded on an agreement (told to its parties).',
  APPROVAL_REQUESTED:
    'An agreement is deliberated by every Moroccan council and awaits approval (the ministry).',
  AGREEMENT_APPROVED: 'The ministry approved an agreement (told to its parties).',
  AGREEMENT_REFUSED: 'The ministry refused to approve an agreement (told to its parties).',
  AGREEMENT_SIGNED: 'An agreement was signed (told to its parties).',
  AGREEMENT_RENEWED: 'A renewal of an agreement was opened (told to its parties).',
  AGREEMENT_ENDED: 'An agreement was terminated or expired (told to its parties).',
  REQUEST_MATCHES_PROFILE: 'A new open request fits the territory’s profile (partner matching).',
  NETWORK_MEMBER_JOINED: 'A territory joined a network (told to the secretariat and the other members).',
  NETWORK_EVENT_ANNOUNCED: 'An event of a network was published (told to the secretariat and members).',
  NETWORK_EXPERIENCE_SHARED: 'An experience shared in a network was published (secretariat and members).',
  RECORD_CORRECTED: 'A record one is party to, or a part of it, was corrected.',
  RECORD_VOIDED: 'A record one is party to, or a part of it, was voided.',
};

/** Registered here, once, for every resolver of the subgraph (inbox, preferences, webhooks). */
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description:
    'What a notification is about: one row of the table of who is told what (docs/notifications.md, ' +
    '`Query.notificationRules`).',
  valuesConfig: Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, { description: ABOUT[kind] }]),
  ) as Record<NotificationKind, { description: string }>,
});
