import { parseRole } from '../shared/identity';
import type { OutboxEvent } from '../shared/notification-event';
import { SOURCE_OF_TYPE } from '../shared/outbox';

/** The most events one batch may carry. */
export const MAX_BATCH_EVENTS = 500;

const isString = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;
const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= 1000 && v.every((item) => isString(item, 200));
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown, max: number) => v === undefined || v === null || isString(v, max);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The first thing wrong with one event, or null. */
function problemOf(e: unknown): string | null {
  if (!isObject(e)) return 'is not an object';
  if (!isString(e.id, 36)) return 'id must be a string of 1 to 36 characters';
  if (!isString(e.source, 32)) return 'source must be a subgraph name';
  if (!isString(e.at, 30) || !ISO_INSTANT.test(e.at)) return 'at must be an ISO timestamp';
  if (!isString(e.action, 48)) return 'action must be a mutation name';
  if (!isString(e.type, 32) || !Object.hasOwn(SOURCE_OF_TYPE, e.type)) return 'type must be an audited type';
  if (!isString(e.recordId, 80)) return 'recordId must be a string of 1 to 80 characters';
  if (!Number.isInteger(e.version)) return 'version must be an integer';
  const actor = e.actor;
  if (!isObject(actor) || !optionalString(actor.subject, 200) || !parseRole(actor.role))
    return 'actor must have a subject (or null) and a role';
  if (!isStringList(actor.territories) || !isStringList(actor.networks))
    return 'actor.territories and actor.networks must be lists of ids';
  if (!isObject(e.changes)) return 'changes must be an object';
  const f = e.facts;
  if (!isObject(f) || typeof f.public !== 'boolean' || typeof f.demo !== 'boolean')
    return 'facts must say whether the record is public and demo';
  if (!isStringList(f.parties) || !isStringList(f.networks))
    return 'facts.parties and facts.networks must be lists';
  if (!isString(f.title, 2000) || !optionalString(f.titleAr, 2000)) return 'facts.title must be a text';
  if (
    !optionalString(f.status, 40) ||
    !optionalString(f.previousStatus, 40) ||
    !optionalString(f.proposer, 80)
  )
    return 'facts.status, facts.previousStatus and facts.proposer must be texts when given';
  if (
    (f.themes !== undefined && !isStringList(f.themes)) ||
    (f.countries !== undefined && !isStringList(f.countries))
  )
    return 'facts.themes and facts.countries must be lists when given';
  if (f.declinedProposers !== undefined && !isStringList(f.declinedProposers))
    return 'facts.declinedProposers must be a list of ids when given';
  if (!optionalString(f.proposerName, 2000) || !optionalString(f.proposerNameAr, 2000))
    return 'facts.proposerName and facts.proposerNameAr must be texts when given';
  return null;
}

/** The events of a batch `{ events: OutboxEvent[] }`, or the problems that refuse it (400). */
export function parseBatch(body: unknown): { events: OutboxEvent[] } | { problems: string[] } {
  if (!isObject(body) || !Array.isArray(body.events))
    return { problems: ['the body must be { "events": [...] }'] };
  if (body.events.length > MAX_BATCH_EVENTS)
    return { problems: [`a batch carries at most ${MAX_BATCH_EVENTS} events`] };
  const problems = body.events
    .map((event, index) => [index, problemOf(event)] as const)
    .filter(([, problem]) => problem !== null)
    .map(([index, problem]) => `events[${index}]: ${problem}`);
  return problems.length ? { problems } : { events: body.events as OutboxEvent[] };
}
