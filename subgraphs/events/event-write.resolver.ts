import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { today } from '../shared/dates';
import { alreadyRecorded, BadUserInputError } from '../shared/errors';
import { evidenceColumns } from '../shared/evidence';
import { ensure, isSupervisor, type Viewer } from '../shared/identity';
import { create, permission, update, type Permission } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import {
  AuditEntryRow,
  checkExistingTerritory,
  checkText,
  diff,
  lockUntilCommit,
  newId,
} from '../shared/writes';
import { EventEntity, EventFacet, EventFacetKind, EventSource, EventStatus } from './event.entity';
import {
  checkEvidence,
  checkParticipantNames,
  checkParticipantsAllowed,
  checkReference,
  newEventDays,
  RECORDING_RULES,
  recordingOf,
} from './event-recording';
import {
  checkLanguages,
  checkNetworks,
  checkOrganisers,
  checkPlace,
  checkStanding,
  checkTitles,
  checkWhole,
  eventColumns,
  eventDates,
  eventReferences,
  facetRows,
  facetsOf,
  firstExperiencePublication,
  networkIdsOf,
  replaceChangedFacets,
  stateOf,
  valuesOf,
  type EventState,
} from './event-state';
import { CreateEventInput, UpdateEventInput } from './event-write.inputs';
import type { Loaders } from './loaders';
import { mayWriteEvent } from './visibility';
import { checkFacetValues, checkForeignId, checkListSize, checkReason, distinct } from './write-checks';
import { expectedVersionArg, idempotencyKeyArg } from '../shared/write-args';
import { checkSources } from '../shared/source';

export { CreateEventInput, EventPlaceInput, EventTitlesInput, UpdateEventInput } from './event-write.inputs';

type Context = SubgraphContext<Loaders>;

const FORBIDDEN_WRITE =
  "Only an officer of one of the event's organisers, the secretariat of one of its networks or an administrator may";

/** Who may write an event once it exists (its organisers' officers, its network's secretariat, admin). */
export async function mayWriteStored(
  actor: Viewer,
  event: EventEntity,
  manager: EntityManager,
  what: string,
): Promise<Permission> {
  const facets = await facetsOf(manager, event.id);
  const networks = { networkId: event.networkId, networkIds: networkIdsOf(event, facets) };
  return permission(
    mayWriteEvent(actor, networks, valuesOf(facets, EventFacetKind.Organiser)),
    `${FORBIDDEN_WRITE} ${what}`,
  );
}

/** A new event as its input makes it: its state, its sources and its evidence. */
interface NewEvent {
  state: EventState;
  sources: { url: string; title: string | null }[];
  evidence: ReturnType<typeof checkEvidence>;
}

/**
 * A new event from its input under the rule of how it is recorded (`event-recording.ts`), every input check
 * made (BAD_USER_INPUT naming the field).
 */
function newEvent(input: CreateEventInput): NewEvent {
  const rule = RECORDING_RULES[recordingOf(input)];
  checkParticipantsAllowed(rule, input);
  const days = newEventDays(rule, input);
  const participantIds = input.participantIds ?? [];
  checkListSize(participantIds, 'input.participantIds');
  participantIds.forEach((id, i) => checkExistingTerritory(id, `input.participantIds[${i}]`));
  const state: EventState = {
    kind: input.kind,
    titles: checkTitles(input.titles, 'input.titles'),
    description: checkText(input.description, 'input.description'),
    ...days,
    place: checkPlace(input.place, 'input.place'),
    organiserIds: checkOrganisers(input.organiserIds, 'input.organiserIds'),
    participantIds: distinct(participantIds),
    networkIds: checkNetworks(input, 'input') ?? [],
    participantNames: checkParticipantNames(input.participantNames ?? [], 'input.participantNames'),
    partnershipId: input.partnershipId ?? null,
    themes: distinct(input.themes),
    sdgs: distinct(input.sdgs),
    languages: checkLanguages(input.languages ?? [], 'input.languages', rule.languagesRequired),
    status: rule.status,
    reference: checkReference(input.reference, 'input.reference'),
  };
  checkForeignId(state.partnershipId, 'input.partnershipId', 'an agreement');
  checkFacetValues(input, 'input');
  checkWhole(state, 'input');
  const sources = checkSources(input.sources ?? [], 'input.sources');
  const evidence = checkEvidence(rule, input.evidence, !days.startsOn && !days.endsOn);
  return { state, sources, evidence };
}

/**
 * CONFLICT, naming it in `extensions.existingId` (with `duplicate: true`), when an event that stands already
 * carries `reference`: a register imported twice creates nothing new. (A voided event frees its reference.)
 * Two creations of one reference at once: the second waits for the first's transaction, then finds it
 * (rather than failing on the unique index `IDX_event_reference`).
 */
async function checkReferenceFree(manager: EntityManager, reference: string | null): Promise<void> {
  if (reference === null) return;
  await lockUntilCommit(manager, `event-ref:${reference}`);
  const existing = await manager
    .createQueryBuilder(EventEntity, 'e')
    .select('e.id', 'id')
    .where('e.reference = :reference AND e.voided_on IS NULL', { reference })
    .getRawOne<{ id: string }>();
  if (existing) {
    throw alreadyRecorded(
      `The event "${existing.id}" already has the reference ${reference}: it is recorded already`,
      'input.reference',
      existing.id,
    );
  }
}

/** The rows of a new event: the event, its facets and its sources. */
async function insertEvent(manager: EntityManager, id: string, { state, sources, evidence }: NewEvent) {
  await manager.insert(
    EventEntity,
    Object.assign(new EventEntity(), {
      id,
      ...eventColumns(state),
      status: state.status,
      version: 1,
      isDemo: false,
      evidenceColumns: evidenceColumns(evidence),
    }),
  );
  const facets = [
    ...facetRows(id, EventFacetKind.Organiser, state.organiserIds),
    ...facetRows(id, EventFacetKind.Participant, state.participantIds),
    ...facetRows(id, EventFacetKind.Network, state.networkIds),
    ...facetRows(id, EventFacetKind.Theme, state.themes),
    ...facetRows(id, EventFacetKind.Sdg, state.sdgs),
    ...facetRows(id, EventFacetKind.Language, state.languages),
  ];
  if (facets.length) await manager.insert(EventFacet, facets);
  if (sources.length) {
    await manager.insert(
      EventSource,
      sources.map((source, position) =>
        Object.assign(new EventSource(), { eventId: id, position, ...source }),
      ),
    );
  }
}

/** The state of an event once `input` is merged into `before`, every input check made. */
function updatedEventState(before: EventState, input: UpdateEventInput): EventState {
  const after: EventState = {
    ...before,
    kind: input.kind ?? before.kind,
    titles: input.titles ? checkTitles(input.titles, 'input.titles') : before.titles,
    description:
      input.description != null ? checkText(input.description, 'input.description') : before.description,
    startsOn: input.startsOn ?? before.startsOn,
    endsOn: input.endsOn ?? before.endsOn,
    place: input.place ? checkPlace(input.place, 'input.place') : before.place,
    organiserIds: input.organiserIds
      ? checkOrganisers(input.organiserIds, 'input.organiserIds')
      : before.organiserIds,
    networkIds: checkNetworks(input, 'input') ?? before.networkIds,
    partnershipId: input.partnershipId !== undefined ? input.partnershipId : before.partnershipId,
    themes: input.themes ? distinct(input.themes) : before.themes,
    sdgs: input.sdgs ? distinct(input.sdgs) : before.sdgs,
    languages: input.languages ? checkLanguages(input.languages, 'input.languages') : before.languages,
  };
  checkWhole(after, 'input');
  return after;
}

/** The input checks of an update that need no stored event (first, before anything is read). */
function checkUpdateInput(input: UpdateEventInput): void {
  if (input.titles) checkTitles(input.titles, 'input.titles');
  if (input.description != null) checkText(input.description, 'input.description');
  if (input.place) checkPlace(input.place, 'input.place');
  if (input.organiserIds) checkOrganisers(input.organiserIds, 'input.organiserIds');
  if (input.languages) checkLanguages(input.languages, 'input.languages');
  checkNetworks(input, 'input');
  checkForeignId(input.partnershipId, 'input.partnershipId', 'an agreement');
  checkFacetValues(input, 'input');
}

/**
 * Events created and published by their organisers (DOMAIN.md, "events"); participants are in
 * `participant-write.resolver.ts`. Every mutation is a declaration run by the shared write pipeline
 * (`shared/pipeline.ts`): input checks, who may, the ids it names checked with their owners, then in one
 * transaction NOT_FOUND, FORBIDDEN, CONFLICT, the state and dates of the event (at the start of `dates`,
 * the step after the version check, so a stale reader hears CONFLICT first), the change, the version and
 * the audit entry.
 */
@Resolver(() => EventEntity)
export class EventWriteResolver {
  @Mutation(() => EventEntity, {
    description:
      'Creates an event; by an officer of one of its organisers, the secretariat of one of its networks, or an ' +
      'administrator. Announced (no `sources`): a DRAFT, to publish with `publishEvent`. Recorded from sources: ' +
      'PUBLISHED at once, with its participants, evidence and `reference` (unique: a second event with it is ' +
      'refused with CONFLICT and `extensions.existingId`). Every id it names must exist (organisers, ' +
      'participants, place, country, networks, and an agreement the writer may see), or nothing is written.',
  })
  async createEvent(
    @Arg('input', () => CreateEventInput, { description: 'The event.' }) input: CreateEventInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg('event'))
    idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    let made!: NewEvent;
    const id = await create(ctx, {
      action: 'createEvent',
      validate: () => {
        made = newEvent(input);
      },
      permit: (actor) =>
        permission(
          mayWriteEvent(
            actor,
            { networkId: made.state.networkIds[0] ?? null, networkIds: made.state.networkIds },
            input.organiserIds,
          ),
          `${FORBIDDEN_WRITE} create it (act for one of input.organiserIds, or for one of its networks)`,
        ),
      references: eventReferences(input, 'input'),
      idempotency: { key: idempotencyKey, input },
      dates: () => eventDates(made.state, 'input', 'endsOn', null),
      create: async (manager) => {
        await checkReferenceFree(manager, made.state.reference);
        const id = newId('e');
        await insertEvent(manager, id, made);
        const { sources, evidence } = made;
        const changes = diff({}, { ...made.state, ...(sources.length ? { sources, evidence } : {}) });
        return { id, audits: [{ type: 'Event', id, changes, version: 1 }] };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @Mutation(() => EventEntity, {
    description:
      'Edits a draft or published event (not a cancelled or voided one); by an officer of one of its ' +
      'organisers, the secretariat of its network, or an administrator. Ids it names are checked as on ' +
      'creation; its first day may not move after the publication of an experience presented at it.',
  })
  async updateEvent(
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateEventInput, { description: 'What to change.' }) input: UpdateEventInput,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    let before!: EventState;
    let after!: EventState;
    await update(ctx, {
      action: 'updateEvent',
      validate: () => checkUpdateInput(input),
      references: eventReferences(input, 'input'),
      target: { entity: EventEntity, type: 'Event', id, expectedVersion },
      authorize: (actor, event, manager) => mayWriteStored(actor, event, manager, 'edit it'),
      dates: async (event, manager) => {
        checkStanding(event, 'id');
        if (event.status === EventStatus.CANCELLED) {
          throw new BadUserInputError('The event is CANCELLED: it can no longer be edited', 'id');
        }
        before = stateOf(event, await facetsOf(manager, id));
        after = updatedEventState(before, input);
        const moved = input.endsOn != null || input.startsOn == null ? 'endsOn' : 'startsOn';
        const published = input.startsOn != null ? await firstExperiencePublication(manager, id) : null;
        return eventDates(after, 'input', moved, published);
      },
      apply: async (manager) => {
        await replaceChangedFacets(manager, id, before, after);
        return { set: eventColumns(after), changes: diff({ ...before }, { ...after }) };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @Mutation(() => EventEntity, {
    description:
      'Publishes a DRAFT event: everyone sees it and participants may be registered. By an officer of one of ' +
      'its organisers, the secretariat of its network, or an administrator.',
  })
  publishEvent(
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    return this.setStatus(ctx, id, expectedVersion, 'publishEvent', EventStatus.DRAFT, EventStatus.PUBLISHED);
  }

  @Mutation(() => EventEntity, {
    description:
      'Cancels a PUBLISHED event: it stays visible to everyone, as CANCELLED, and can no longer be edited or ' +
      'take participants. (A draft that will not take place is simply never published.) By an officer of one ' +
      'of its organisers, the secretariat of its network, or an administrator.',
  })
  cancelEvent(
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    return this.setStatus(
      ctx,
      id,
      expectedVersion,
      'cancelEvent',
      EventStatus.PUBLISHED,
      EventStatus.CANCELLED,
    );
  }

  private async setStatus(
    ctx: Context,
    id: string,
    expectedVersion: number,
    action: 'publishEvent' | 'cancelEvent',
    from: EventStatus,
    to: EventStatus,
  ): Promise<EventEntity> {
    await update(ctx, {
      action,
      target: { entity: EventEntity, type: 'Event', id, expectedVersion },
      authorize: (actor, event, manager) =>
        mayWriteStored(actor, event, manager, action === 'publishEvent' ? 'publish it' : 'cancel it'),
      apply: async (_manager, event) => {
        checkStanding(event, 'id');
        if (event.status !== from) {
          throw new BadUserInputError(
            `The event is ${event.status}: only a ${from} event can become ${to}`,
            'id',
          );
        }
        return { set: { status: to }, changes: diff({ status: from }, { status: to }) };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @Mutation(() => EventEntity, {
    description:
      'Voids an event recorded in error (it never was, or was entered twice): it is kept, with the reason, ' +
      'in its audit trail, and leaves every list, count and statistic (its experiences lose their link to ' +
      'it). By an officer of one of its organisers, the secretariat of its network, or an administrator. To ' +
      'call off an event that was announced, cancel it instead.',
  })
  async voidEvent(
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('reason', { description: 'Why the event was recorded in error (kept in the audit trail).' })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    let why!: string;
    await update(ctx, {
      action: 'voidEvent',
      validate: () => {
        why = checkReason(reason);
      },
      target: { entity: EventEntity, type: 'Event', id, expectedVersion },
      authorize: (actor, event, manager) => mayWriteStored(actor, event, manager, 'void it'),
      apply: async (_manager, event) => {
        checkStanding(event, 'id');
        const voided = { voidedOn: today(), voidReason: why };
        return { set: voided, changes: diff({ voidedOn: null, voidReason: null }, voided) };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @FieldResolver(() => [AuditEntry], {
    nullable: true,
    description:
      "Every write to the event through the hub, oldest first: for officers of its organisers, its network's " +
      'secretariat, the ministry and administrators (null with a FORBIDDEN error for anyone else).',
  })
  async auditTrail(
    @Root() event: EventEntity,
    @Ctx() { db, loaders, viewer }: Context,
  ): Promise<AuditEntry[]> {
    const facets = await loaders.eventFacets.load(event.id);
    const networks = { networkId: event.networkId, networkIds: networkIdsOf(event, facets) };
    ensure(
      isSupervisor(viewer) || mayWriteEvent(viewer, networks, valuesOf(facets, EventFacetKind.Organiser)),
      "The audit trail of an event is for its organisers, its network's secretariat and the ministry",
    );
    const rows = await db.getRepository(AuditEntryRow).find({
      where: { entityType: 'Event', entityId: event.id },
      order: { at: 'ASC', version: 'ASC' },
    });
    return auditEntries(rows);
  }
}

export { valuesOf as eventFacetValues, facetsOf as eventFacetsOf };
