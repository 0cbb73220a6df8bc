import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { today } from '../shared/dates';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { actsForTerritory, type Viewer } from '../shared/identity';
import { permission, update, type Permission } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { checkExistingTerritory } from '../shared/writes';
import { EventEntity, EventFacet, EventFacetKind, EventStatus } from './event.entity';
import { checkStanding, checkTakesParticipants, facetsOf, networkIdsOf, valuesOf } from './event-state';
import { mayWriteStored } from './event-write.resolver';
import type { Loaders } from './loaders';
import { canSeeEvent, mayWriteEvent } from './visibility';
import { checkReason, lockEvent } from './write-checks';
import { expectedVersionArg, optionalVersionArg } from '../shared/write-args';

type Context = SubgraphContext<Loaders>;

/**
 * The event's row is locked (PostgreSQL) before it is read, so that registrations without
 * `expectedVersion` take turns instead of failing on each other's version.
 */
const lockedEvent = (eventId: string) => async (manager: EntityManager) => {
  await lockEvent(manager, eventId);
  return eventId;
};

/**
 * Who may register or withdraw `territoryId`: an officer of that territory (on an event it can see: a
 * draft it cannot see does not exist for it, NOT_FOUND), or those who write the event.
 */
async function mayAttend(
  actor: Viewer,
  event: EventEntity,
  manager: EntityManager,
  territoryId: string,
  verb: string,
): Promise<Permission> {
  const facets = await facetsOf(manager, event.id);
  const organiserIds = valuesOf(facets, EventFacetKind.Organiser);
  const stored = {
    status: event.status,
    networkId: event.networkId,
    networkIds: networkIdsOf(event, facets),
  };
  if (actsForTerritory(actor, territoryId) && !canSeeEvent(actor, stored, organiserIds)) {
    throw new NotFoundError('Event', event.id);
  }
  return permission(
    actsForTerritory(actor, territoryId) || mayWriteEvent(actor, stored, organiserIds),
    `Only an officer of ${territoryId}, an officer of one of the organisers, the network's secretariat or an ` +
      `administrator may ${verb} this participant`,
  );
}

/** The participants of an event, in their order, and the position a new one takes. */
async function participantsOf(manager: EntityManager, eventId: string) {
  const facets = await facetsOf(manager, eventId);
  const rows = facets.filter((f) => f.kind === EventFacetKind.Participant);
  return {
    organiserIds: valuesOf(facets, EventFacetKind.Organiser),
    ids: valuesOf(facets, EventFacetKind.Participant),
    next: Math.max(-1, ...rows.map((f) => f.position)) + 1,
  };
}

/** BAD_USER_INPUT on `field` unless `territoryId` may become a participant of the event. */
function checkNewParticipant(organiserIds: string[], territoryId: string, field: string): void {
  if (organiserIds.includes(territoryId)) {
    throw new BadUserInputError(
      `${territoryId} organises the event: an organiser is not a participant`,
      field,
    );
  }
}

/**
 * Keeps the registration of `territoryId` as voided (kind VOID_PARTICIPANT, with the day and the reason):
 * no list reads it any more, and its audit entry says who voided it and why. An earlier voided registration
 * of the same territory is replaced (its own audit entry stays).
 */
async function voidRegistration(
  manager: EntityManager,
  eventId: string,
  territoryId: string,
  reason: string,
) {
  await manager.delete(EventFacet, { eventId, kind: EventFacetKind.VoidedParticipant, value: territoryId });
  await manager.update(
    EventFacet,
    { eventId, kind: EventFacetKind.Participant, value: territoryId },
    { kind: EventFacetKind.VoidedParticipant, voidedOn: today(), voidReason: reason },
  );
}

/** BAD_USER_INPUT unless the event has participants to correct (PUBLISHED, or CANCELLED after the fact). */
function checkHasParticipants(event: EventEntity): void {
  checkStanding(event, 'eventId');
  if (event.status === EventStatus.DRAFT) {
    throw new BadUserInputError('The event is a DRAFT: it has no participants to correct', 'eventId');
  }
}

const participantRow = (eventId: string, value: string, position: number) =>
  Object.assign(new EventFacet(), { eventId, kind: EventFacetKind.Participant, value, position });

/**
 * The participants of an event: registered and withdrawn by themselves or by those who write the event,
 * and corrected (voided as recorded in error, or replaced by the territory meant) by those who write the
 * event. Each is a declaration run by the shared write pipeline (`shared/pipeline.ts`).
 */
@Resolver(() => EventEntity)
export class ParticipantWriteResolver {
  @Mutation(() => EventEntity, {
    description:
      'Registers a territory the hub knows as a participant of a PUBLISHED event; by an officer of that ' +
      "territory, an officer of one of the organisers, the network's secretariat, or an administrator. " +
      'Registering a participant again changes nothing and returns the event (safe to retry).',
  })
  async registerParticipant(
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('territoryId', () => ID, { description: 'The participant: an HCP code or a foreign id.' })
    territoryId: string,
    @Arg('expectedVersion', () => Int, optionalVersionArg) expectedVersion: number | null,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    await update(ctx, {
      action: 'registerParticipant',
      validate: () => checkExistingTerritory(territoryId, 'territoryId'),
      references: [{ type: 'Territory', id: territoryId, field: 'territoryId' }],
      target: {
        entity: EventEntity,
        type: 'Event',
        id: lockedEvent(eventId),
        expectedVersion: expectedVersion ?? undefined,
      },
      authorize: (actor, event, manager) => mayAttend(actor, event, manager, territoryId, 'register'),
      apply: async (manager, event) => {
        checkStanding(event, 'eventId');
        checkTakesParticipants(event);
        const participants = await participantsOf(manager, eventId);
        checkNewParticipant(participants.organiserIds, territoryId, 'territoryId');
        if (participants.ids.includes(territoryId)) return null;
        await manager.insert(EventFacet, participantRow(eventId, territoryId, participants.next));
        const to = [...participants.ids, territoryId];
        return { changes: { participantIds: { from: participants.ids, to } } };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
  }

  @Mutation(() => EventEntity, {
    description:
      'Withdraws a participant from a PUBLISHED event (it registered, then withdrew); by the same people as ' +
      '`registerParticipant`. Withdrawing a territory that does not take part changes nothing and returns ' +
      'the event. A registration recorded in error is voided instead (`voidParticipant`).',
  })
  async unregisterParticipant(
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('territoryId', () => ID, { description: 'The participant: an HCP code or a foreign id.' })
    territoryId: string,
    @Arg('expectedVersion', () => Int, optionalVersionArg) expectedVersion: number | null,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    await update(ctx, {
      action: 'unregisterParticipant',
      validate: () => checkExistingTerritory(territoryId, 'territoryId'),
      target: {
        entity: EventEntity,
        type: 'Event',
        id: lockedEvent(eventId),
        expectedVersion: expectedVersion ?? undefined,
      },
      authorize: (actor, event, manager) => mayAttend(actor, event, manager, territoryId, 'withdraw'),
      apply: async (manager, event) => {
        checkStanding(event, 'eventId');
        checkTakesParticipants(event);
        const participants = await participantsOf(manager, eventId);
        checkNewParticipant(participants.organiserIds, territoryId, 'territoryId');
        if (!participants.ids.includes(territoryId)) return null;
        await manager.delete(EventFacet, { eventId, kind: EventFacetKind.Participant, value: territoryId });
        const to = participants.ids.filter((id) => id !== territoryId);
        return { changes: { participantIds: { from: participants.ids, to } } };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
  }

  @Mutation(() => EventEntity, {
    description:
      'Voids a registration recorded in error (the territory never took part): it leaves `participants`, ' +
      "the event's counts and statistics, and stays in the audit trail with the reason. By an officer of " +
      "one of the organisers, the network's secretariat, or an administrator; on a PUBLISHED or CANCELLED " +
      'event.',
  })
  async voidParticipant(
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('territoryId', () => ID, { description: 'The participant registered in error.' })
    territoryId: string,
    @Arg('reason', { description: 'Why the registration was recorded in error (kept in the audit trail).' })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    let why!: string;
    await update(ctx, {
      action: 'voidParticipant',
      validate: () => {
        why = checkReason(reason);
      },
      target: { entity: EventEntity, type: 'Event', id: eventId, expectedVersion },
      authorize: (actor, event, manager) => mayWriteStored(actor, event, manager, 'void a participant'),
      apply: async (manager, event) => {
        checkHasParticipants(event);
        const participants = await participantsOf(manager, eventId);
        if (!participants.ids.includes(territoryId)) {
          throw new BadUserInputError(`${territoryId} is not a participant of the event`, 'territoryId');
        }
        await voidRegistration(manager, eventId, territoryId, why);
        const to = participants.ids.filter((id) => id !== territoryId);
        return {
          changes: {
            participantIds: { from: participants.ids, to },
            voidedParticipant: { from: territoryId, to: null },
            voidReason: { from: null, to: why },
          },
        };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
  }

  @Mutation(() => EventEntity, {
    description:
      'Corrects a registration made for the wrong territory: `territoryId` is voided (kept in the audit ' +
      'trail with the reason) and `correctTerritoryId`, a territory the hub knows, takes its place. By an ' +
      "officer of one of the organisers, the network's secretariat, or an administrator; on a PUBLISHED or " +
      'CANCELLED event.',
  })
  async correctParticipant(
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('territoryId', () => ID, { description: 'The participant registered in error.' })
    territoryId: string,
    @Arg('correctTerritoryId', () => ID, { description: 'The territory that took part instead.' })
    correctTerritoryId: string,
    @Arg('reason', { description: 'Why the registration was wrong (kept in the audit trail).' })
    reason: string,
    @Ctx() ctx: Context,
  ): Promise<EventEntity> {
    let why!: string;
    await update(ctx, {
      action: 'correctParticipant',
      validate: () => {
        checkExistingTerritory(correctTerritoryId, 'correctTerritoryId');
        why = checkReason(reason);
      },
      references: [{ type: 'Territory', id: correctTerritoryId, field: 'correctTerritoryId' }],
      target: { entity: EventEntity, type: 'Event', id: eventId, expectedVersion },
      authorize: (actor, event, manager) => mayWriteStored(actor, event, manager, 'correct a participant'),
      apply: async (manager, event) => {
        checkHasParticipants(event);
        const participants = await participantsOf(manager, eventId);
        if (!participants.ids.includes(territoryId)) {
          throw new BadUserInputError(`${territoryId} is not a participant of the event`, 'territoryId');
        }
        checkNewParticipant(participants.organiserIds, correctTerritoryId, 'correctTerritoryId');
        if (participants.ids.includes(correctTerritoryId)) {
          throw new BadUserInputError(`${correctTerritoryId} is already a participant`, 'correctTerritoryId');
        }
        const position = (await facetsOf(manager, eventId)).find(
          (f) => f.kind === EventFacetKind.Participant && f.value === territoryId,
        )!.position;
        await voidRegistration(manager, eventId, territoryId, why);
        await manager.insert(EventFacet, participantRow(eventId, correctTerritoryId, position));
        const to = participants.ids.map((id) => (id === territoryId ? correctTerritoryId : id));
        return {
          changes: {
            participantIds: { from: participants.ids, to },
            voidedParticipant: { from: territoryId, to: null },
            voidReason: { from: null, to: why },
          },
        };
      },
    });
    return ctx.db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
  }
}
