import { createHash } from 'node:crypto';
import type { Role } from '../shared/identity';
import type { OutboxEvent } from '../shared/notification-event';
import type { AuditedType } from '../shared/writes';
import {
  actingAudiences,
  MINISTRY_AUDIENCE,
  networkAudience,
  territoryAudience,
  type Audience,
} from './audience';
import type { NotificationForDelivery } from './delivery/module';
import { NOTIFICATION_RULES, type Lookups, type NotificationRule } from './notification.rules';

/**
 * From one event to its notifications: every row of the rules table whose `when` holds, addressed to its
 * audiences once the two laws are applied (a non-public record only to its parties and the ministry;
 * nobody about their own action, for the audiences they act for).
 */

/**
 * The dashboard page of a record, by audited type (pages of `gateway/dashboard/pages/routes.ts`; a test checks
 * each one is served): requests and events at their anchor on the board and the calendar, an experience on
 * its territory's page.
 */
const PAGES: Record<AuditedType, (event: OutboxEvent) => string> = {
  Partnership: (e) => `/dashboard/agreement/${encodeURIComponent(e.recordId)}`,
  CooperationRequest: (e) => `/dashboard/requests#${encodeURIComponent(e.recordId)}`,
  Membership: (e) =>
    e.facts.networks[0]
      ? `/dashboard/network/${encodeURIComponent(e.facts.networks[0])}`
      : `/dashboard/territory/${encodeURIComponent(e.facts.parties[0] ?? '')}`,
  Event: (e) => `/dashboard/events#${encodeURIComponent(e.recordId)}`,
  Experience: (e) => `/dashboard/territory/${encodeURIComponent(e.facts.parties[0] ?? '')}`,
  Territory: (e) => `/dashboard/territory/${encodeURIComponent(e.recordId)}`,
  Inbox: () => '/dashboard',
};

/** The record's page; the dashboard itself for a type without one (never throws: ingest checks the types). */
export const linkOf = (event: OutboxEvent): string =>
  (Object.hasOwn(PAGES, event.type) ? PAGES[event.type](event) : null) ?? '/dashboard';

/** The same event, kind and audience always give the same id: a notification exists once. */
export function notificationId(eventId: string, kind: string, audience: Audience): string {
  const hex = createHash('sha256').update(`${eventId}|${kind}|${audience}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Who may be told about a record a public reader may not see: its parties (territories), its proposer and
 * declined proposers, and the ministry; its networks' secretariats only for a membership (a secretariat sees
 * its network's memberships, not an unpublished event or experience of its members).
 */
function mayBeTold(event: OutboxEvent): (audience: Audience) => boolean {
  if (event.facts.public) return () => true;
  const allowed = new Set<Audience>([
    MINISTRY_AUDIENCE,
    ...event.facts.parties.map(territoryAudience),
    ...(event.facts.proposer ? [territoryAudience(event.facts.proposer)] : []),
    ...(event.facts.declinedProposers ?? []).map(territoryAudience),
    ...(event.type === 'Membership' ? event.facts.networks.map(networkAudience) : []),
  ]);
  return (audience) => allowed.has(audience);
}

/** The audiences the actor acts for: they are not told of their own action (an administrator acts for none). */
function actorAudiences(event: OutboxEvent): Set<Audience> {
  const { subject, role, territories, networks } = event.actor;
  return new Set(actingAudiences({ subject, role: role as Role, territories, networks }));
}

/** The audiences a row tells about an event, after the two laws. */
export function audiencesFor(rule: NotificationRule, event: OutboxEvent, lookups: Lookups): Audience[] {
  const visible = mayBeTold(event);
  const own = actorAudiences(event);
  return [...new Set(rule.audiences(event, lookups))].filter((a) => visible(a) && !own.has(a));
}

/** The event with its proposer's names filled in from the lookups, when the writer did not give them. */
function withNames(event: OutboxEvent, lookups: Lookups): OutboxEvent {
  const { proposer, proposerName } = event.facts;
  const name = proposer && !proposerName ? lookups.name(proposer) : null;
  if (!name) return event;
  return { ...event, facts: { ...event.facts, proposerName: name.fr, proposerNameAr: name.ar } };
}

/** Every notification an event calls for, ready to store and to hand to the deliveries. */
export function deriveNotifications(told: OutboxEvent, lookups: Lookups): NotificationForDelivery[] {
  const event = withNames(told, lookups);
  const link = linkOf(event);
  return NOTIFICATION_RULES.filter((rule) => rule.when(event)).flatMap((rule) =>
    audiencesFor(rule, event, lookups).map((audience) => ({
      id: notificationId(event.id, rule.kind, audience),
      kind: rule.kind,
      audience,
      eventId: event.id,
      recordType: event.type,
      recordId: event.recordId,
      title: `${rule.label.fr} : ${event.facts.title}`,
      titleAr: `${rule.label.ar}: ${event.facts.titleAr || event.facts.title}`,
      body: rule.describe.fr(event, lookups),
      bodyAr: rule.describe.ar(event, lookups),
      link,
      at: event.at,
      demo: event.facts.demo,
    })),
  );
}

/** What the lookups of a batch fetch: requests to match, networks to list the members of, names. */
export interface LookupsNeeded {
  requests: string[];
  networks: string[];
  /** Territories to name: the proposers of the events that tell someone, when the event has no name, and the
   * parties of the rows that name them (`namesParties`). */
  territories: string[];
}

/** What the rows that apply to `events` need fetched (one batched call per kind, whatever the batch). */
export function lookupsNeeded(events: readonly OutboxEvent[]): LookupsNeeded {
  const requests = new Set<string>();
  const networks = new Set<string>();
  const territories = new Set<string>();
  for (const event of events) {
    for (const rule of NOTIFICATION_RULES) {
      if (!rule.when(event)) continue;
      if (event.facts.proposer && !event.facts.proposerName) territories.add(event.facts.proposer);
      if (rule.namesParties) event.facts.parties.forEach((t) => territories.add(t));
      if (rule.needs === 'candidates') requests.add(event.recordId);
      else if (rule.needs === 'members') event.facts.networks.forEach((n) => networks.add(n));
    }
  }
  return { requests: [...requests], networks: [...networks], territories: [...territories] };
}
