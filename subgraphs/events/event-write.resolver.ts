import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { auditEntries, AuditEntry } from '../shared/audit.types';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { countryOfTerritory } from '../shared/hcp';
import { Language } from '../shared/i18n';
import { actsForTerritory, ensure, isSupervisor, requireActor, type Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import { checkCountryCode } from '../shared/validate';
import {
  audit,
  AuditEntryRow,
  checkExistingTerritory,
  checkOrder,
  checkText,
  checkVersion,
  diff,
  loadForWrite,
  newId,
  once,
  updateVersioned,
} from '../shared/writes';
import { EventEntity, EventFacet, EventFacetKind, EventKind, EventStatus } from './event.entity';
import type { Loaders } from './loaders';
import { canSeeEvent, mayWriteEvent } from './visibility';
import { checkFacetValues, checkForeignId, checkListSize, distinct, lockEvent } from './write-checks';

type Context = SubgraphContext<Loaders>;

const expectedVersionArg = {
  description: 'The `version` the change is based on; a stale one gets CONFLICT.',
};

@InputType('EventTitlesInput', {
  description: 'The title of an event in French, Arabic and English; at least one.',
})
export class EventTitlesInput {
  @Field(() => String, { nullable: true, description: 'The title in French.' })
  fr?: string | null;

  @Field(() => String, { nullable: true, description: 'The title in Arabic.' })
  ar?: string | null;

  @Field(() => String, { nullable: true, description: 'The title in English.' })
  en?: string | null;
}

@InputType('EventPlaceInput', {
  description: 'Where an event takes place: a city, a territory, a country, online, or several of these.',
})
export class EventPlaceInput {
  @Field(() => String, { nullable: true, description: 'The city or venue, as the organisers write it.' })
  city?: string | null;

  @Field(() => ID, { nullable: true, description: 'The hosting territory: an HCP code or a foreign id.' })
  territoryId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The hosting country (ISO 3166-1 alpha-2); read off `territoryId` when absent.',
  })
  countryCode?: string | null;

  @Field({
    defaultValue: false,
    description: 'True when the event is held online (alone or beside a venue).',
  })
  online: boolean;
}

@InputType('CreateEventInput', {
  description:
    'A new event, created as a DRAFT seen only by its organisers, its network and the supervisors.',
})
export class CreateEventInput {
  @Field(() => EventKind, { description: 'What kind of event it is.' })
  kind: EventKind;

  @Field(() => EventTitlesInput, { description: 'The title, in at least one language.' })
  titles: EventTitlesInput;

  @Field({ description: 'What the event is about.' })
  description: string;

  @Field(() => LocalDateResolver, { description: 'The first day.' })
  startsOn: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The last day, no earlier than `startsOn` (absent: a one-day event).',
  })
  endsOn?: string | null;

  @Field(() => EventPlaceInput, { description: 'Where it takes place.' })
  place: EventPlaceInput;

  @Field(() => [ID], {
    defaultValue: [],
    description:
      'The organising territories, main one first (HCP codes or foreign ids); may be empty when `networkId` ' +
      'organises.',
  })
  organiserIds: string[];

  @Field(() => ID, { nullable: true, description: 'The organising network, if any.' })
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The partnership the event is part of, if any.' })
  partnershipId?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs served (1 to 17).' })
  sdgs: number[];

  @Field(() => [Language], { description: 'The working languages (at least one).' })
  languages: Language[];
}

@InputType('UpdateEventInput', {
  description: 'What to change in an event; absent fields stay as they are.',
})
export class UpdateEventInput {
  @Field(() => EventKind, { nullable: true, description: 'What kind of event it is.' })
  kind?: EventKind | null;

  @Field(() => EventTitlesInput, {
    nullable: true,
    description: 'The title in every language (replaces all of them).',
  })
  titles?: EventTitlesInput | null;

  @Field(() => String, { nullable: true, description: 'What the event is about.' })
  description?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The first day.' })
  startsOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The last day, no earlier than the first.' })
  endsOn?: string | null;

  @Field(() => EventPlaceInput, { nullable: true, description: 'Where it takes place (replaces the place).' })
  place?: EventPlaceInput | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'The organising territories, main one first (replaces them; none may be a participant).',
  })
  organiserIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The organising network; null removes it.' })
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The partnership the event is part of; null removes it.' })
  partnershipId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Theme codes (replaces them).' })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'The SDGs served (replaces them).' })
  sdgs?: number[] | null;

  @Field(() => [Language], {
    nullable: true,
    description: 'The working languages (replaces them; at least one).',
  })
  languages?: Language[] | null;
}

/** Everything an event is, as its audit trail records it. */
interface EventState {
  kind: EventKind;
  titles: { fr: string | null; ar: string | null; en: string | null };
  description: string;
  startsOn: string;
  endsOn: string;
  place: { city: string | null; territoryId: string | null; countryCode: string | null; online: boolean };
  organiserIds: string[];
  participantIds: string[];
  networkId: string | null;
  partnershipId: string | null;
  themes: string[];
  sdgs: number[];
  languages: Language[];
  status: EventStatus;
}

const valuesOf = (facets: EventFacet[], kind: EventFacetKind) =>
  facets
    .filter((facet) => facet.kind === kind)
    .sort((a, b) => a.position - b.position)
    .map((facet) => facet.value);

function stateOf(event: EventEntity, facets: EventFacet[]): EventState {
  return {
    kind: event.kind,
    titles: { fr: event.titleFr, ar: event.titleAr, en: event.titleEn },
    description: event.description,
    startsOn: event.startsOn,
    endsOn: event.endsOn,
    place: {
      city: event.city,
      territoryId: event.placeTerritoryId,
      countryCode: event.countryCode,
      online: event.online,
    },
    organiserIds: valuesOf(facets, EventFacetKind.Organiser),
    participantIds: valuesOf(facets, EventFacetKind.Participant),
    networkId: event.networkId,
    partnershipId: event.partnershipId,
    themes: valuesOf(facets, EventFacetKind.Theme),
    sdgs: valuesOf(facets, EventFacetKind.Sdg).map(Number),
    languages: valuesOf(facets, EventFacetKind.Language) as Language[],
    status: event.status,
  };
}

function checkTitles(titles: EventTitlesInput, field: string): EventState['titles'] {
  const one = (value: string | null | undefined, lang: 'fr' | 'ar' | 'en') =>
    value == null || value.trim() === '' ? null : checkText(value, `${field}.${lang}`, 500);
  const checked = { fr: one(titles.fr, 'fr'), ar: one(titles.ar, 'ar'), en: one(titles.en, 'en') };
  if (!checked.fr && !checked.ar && !checked.en) {
    throw new BadUserInputError(`${field} needs a title in at least one language (fr, ar or en)`, field);
  }
  return checked;
}

function checkPlace(place: EventPlaceInput, field: string): EventState['place'] {
  const city =
    place.city == null || place.city.trim() === '' ? null : checkText(place.city, `${field}.city`, 200);
  const territoryId = place.territoryId ?? null;
  if (territoryId !== null) checkExistingTerritory(territoryId, `${field}.territoryId`);
  checkCountryCode(place.countryCode, `${field}.countryCode`);
  const derived = territoryId ? countryOfTerritory(territoryId) : null;
  if (place.countryCode && derived && place.countryCode !== derived) {
    throw new BadUserInputError(
      `${field}.countryCode (${place.countryCode}) is not the country of ${territoryId} (${derived})`,
      `${field}.countryCode`,
    );
  }
  const countryCode = place.countryCode ?? derived;
  const online = place.online ?? false;
  if (!online && !city && !territoryId && !countryCode) {
    throw new BadUserInputError(`${field} needs a city, a territory or a country, or online: true`, field);
  }
  return { city, territoryId, countryCode, online };
}

function checkOrganisers(ids: string[], field: string): string[] {
  checkListSize(ids, field);
  ids.forEach((id, i) => checkExistingTerritory(id, `${field}[${i}]`));
  return distinct(ids);
}

function checkLanguages(languages: Language[], field: string): Language[] {
  checkListSize(languages, field, true);
  return distinct(languages);
}

/** The checks on a whole event, once the input is merged with what it was. */
function checkWhole(state: EventState, prefix: string): void {
  checkOrder(state.startsOn, state.endsOn, `${prefix}.endsOn`, 'startsOn');
  if (state.organiserIds.length === 0 && state.networkId === null) {
    throw new BadUserInputError(
      'An event is organised by at least one territory or by a network',
      `${prefix}.organiserIds`,
    );
  }
  const clash = state.organiserIds.findIndex((id) => state.participantIds.includes(id));
  if (clash >= 0) {
    throw new BadUserInputError(
      `${state.organiserIds[clash]} takes part in the event: unregister it before making it an organiser`,
      `${prefix}.organiserIds[${clash}]`,
    );
  }
}

function facetRows(eventId: string, kind: EventFacetKind, values: (string | number)[]): EventFacet[] {
  return distinct(values.map(String)).map((value, position) =>
    Object.assign(new EventFacet(), { eventId, kind, value, position }),
  );
}

async function replaceFacets(
  manager: EntityManager,
  eventId: string,
  kind: EventFacetKind,
  values: (string | number)[],
): Promise<void> {
  await manager.delete(EventFacet, { eventId, kind });
  const rows = facetRows(eventId, kind, values);
  if (rows.length) await manager.insert(EventFacet, rows);
}

const facetsOf = (manager: EntityManager, eventId: string) =>
  manager.find(EventFacet, { where: { eventId } });

const FORBIDDEN_WRITE =
  "Only an officer of one of the event's organisers, the secretariat of its network or an administrator may";

/**
 * Events created and published by their organisers, participants registered (DOMAIN.md, "events"). Every
 * write checks, in this order: identity (UNAUTHENTICATED), the event exists (NOT_FOUND), the role
 * (FORBIDDEN), `expectedVersion` (CONFLICT), the input against the event (BAD_USER_INPUT naming the field);
 * then the guarded UPDATE and the audit entry, all in one transaction.
 */
@Resolver(() => EventEntity)
export class EventWriteResolver {
  @Mutation(() => EventEntity, {
    description:
      'Creates an event as a DRAFT; by an officer of one of its organisers, the secretariat of its network, or ' +
      'an administrator. Publish it with `publishEvent`.',
  })
  async createEvent(
    @Arg('input', () => CreateEventInput, { description: 'The event.' }) input: CreateEventInput,
    @Arg('idempotencyKey', () => String, {
      nullable: true,
      description:
        'A key of your choosing (8–200 characters), unique per creation: a retry with the same key returns the ' +
        'event created the first time instead of a duplicate.',
    })
    idempotencyKey: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<EventEntity> {
    const actor = requireActor(viewer);
    ensure(
      mayWriteEvent(actor, { networkId: input.networkId ?? null }, input.organiserIds),
      `${FORBIDDEN_WRITE} create it (act for one of input.organiserIds, or for input.networkId)`,
    );
    const state: EventState = {
      kind: input.kind,
      titles: checkTitles(input.titles, 'input.titles'),
      description: checkText(input.description, 'input.description'),
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? input.startsOn,
      place: checkPlace(input.place, 'input.place'),
      organiserIds: checkOrganisers(input.organiserIds, 'input.organiserIds'),
      participantIds: [],
      networkId: input.networkId ?? null,
      partnershipId: input.partnershipId ?? null,
      themes: distinct(input.themes),
      sdgs: distinct(input.sdgs),
      languages: checkLanguages(input.languages, 'input.languages'),
      status: EventStatus.DRAFT,
    };
    checkForeignId(state.networkId, 'input.networkId', 'a network');
    checkForeignId(state.partnershipId, 'input.partnershipId', 'an agreement');
    checkFacetValues(input, 'input');
    checkWhole(state, 'input');
    const id = await db.transaction((manager) =>
      once(manager, actor, idempotencyKey, 'createEvent', async () => {
        const id = newId('e');
        await manager.insert(
          EventEntity,
          Object.assign(new EventEntity(), {
            id,
            kind: state.kind,
            titleFr: state.titles.fr,
            titleAr: state.titles.ar,
            titleEn: state.titles.en,
            description: state.description,
            startsOn: state.startsOn,
            endsOn: state.endsOn,
            city: state.place.city,
            placeTerritoryId: state.place.territoryId,
            countryCode: state.place.countryCode,
            online: state.place.online,
            networkId: state.networkId,
            partnershipId: state.partnershipId,
            status: EventStatus.DRAFT,
            version: 1,
            isDemo: false,
          }),
        );
        const facets = [
          ...facetRows(id, EventFacetKind.Organiser, state.organiserIds),
          ...facetRows(id, EventFacetKind.Theme, state.themes),
          ...facetRows(id, EventFacetKind.Sdg, state.sdgs),
          ...facetRows(id, EventFacetKind.Language, state.languages),
        ];
        if (facets.length) await manager.insert(EventFacet, facets);
        await audit(manager, actor, 'Event', id, 'createEvent', diff({}, { ...state }), 1);
        return id;
      }),
    );
    return db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @Mutation(() => EventEntity, {
    description:
      'Edits a draft or published event (not a cancelled one); by an officer of one of its organisers, the ' +
      'secretariat of its network, or an administrator.',
  })
  async updateEvent(
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Arg('input', () => UpdateEventInput, { description: 'What to change.' }) input: UpdateEventInput,
    @Ctx() { db, viewer }: Context,
  ): Promise<EventEntity> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const event = await loadForWrite(manager, EventEntity, 'Event', id);
      const before = stateOf(event, await facetsOf(manager, id));
      ensure(mayWriteEvent(actor, event, before.organiserIds), `${FORBIDDEN_WRITE} edit it`);
      checkVersion(event, expectedVersion, 'Event');
      if (event.status === EventStatus.CANCELLED) {
        throw new BadUserInputError('The event is CANCELLED: it can no longer be edited', 'id');
      }
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
        networkId: input.networkId !== undefined ? input.networkId : before.networkId,
        partnershipId: input.partnershipId !== undefined ? input.partnershipId : before.partnershipId,
        themes: input.themes ? distinct(input.themes) : before.themes,
        sdgs: input.sdgs ? distinct(input.sdgs) : before.sdgs,
        languages: input.languages ? checkLanguages(input.languages, 'input.languages') : before.languages,
      };
      checkForeignId(after.networkId, 'input.networkId', 'a network');
      checkForeignId(after.partnershipId, 'input.partnershipId', 'an agreement');
      checkFacetValues(input, 'input');
      checkWhole(after, 'input');
      const version = await updateVersioned(manager, EventEntity, id, expectedVersion, {
        kind: after.kind,
        titleFr: after.titles.fr,
        titleAr: after.titles.ar,
        titleEn: after.titles.en,
        description: after.description,
        startsOn: after.startsOn,
        endsOn: after.endsOn,
        city: after.place.city,
        placeTerritoryId: after.place.territoryId,
        countryCode: after.place.countryCode,
        online: after.place.online,
        networkId: after.networkId,
        partnershipId: after.partnershipId,
      });
      const lists: [keyof EventState, EventFacetKind][] = [
        ['organiserIds', EventFacetKind.Organiser],
        ['themes', EventFacetKind.Theme],
        ['sdgs', EventFacetKind.Sdg],
        ['languages', EventFacetKind.Language],
      ];
      for (const [field, kind] of lists) {
        if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
          await replaceFacets(manager, id, kind, after[field] as (string | number)[]);
        }
      }
      await audit(manager, actor, 'Event', id, 'updateEvent', diff({ ...before }, { ...after }), version);
    });
    return db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @Mutation(() => EventEntity, {
    description:
      'Publishes a DRAFT event: everyone sees it and participants may be registered. By an officer of one of ' +
      'its organisers, the secretariat of its network, or an administrator.',
  })
  publishEvent(
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
    @Arg('expectedVersion', () => Int, expectedVersionArg) expectedVersion: number,
    @Ctx() { db, viewer }: Context,
  ): Promise<EventEntity> {
    return this.setStatus(
      db,
      viewer,
      id,
      expectedVersion,
      'publishEvent',
      EventStatus.DRAFT,
      EventStatus.PUBLISHED,
    );
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
    @Ctx() { db, viewer }: Context,
  ): Promise<EventEntity> {
    return this.setStatus(
      db,
      viewer,
      id,
      expectedVersion,
      'cancelEvent',
      EventStatus.PUBLISHED,
      EventStatus.CANCELLED,
    );
  }

  private async setStatus(
    db: Context['db'],
    viewer: Viewer,
    id: string,
    expectedVersion: number,
    action: 'publishEvent' | 'cancelEvent',
    from: EventStatus,
    to: EventStatus,
  ): Promise<EventEntity> {
    const actor = requireActor(viewer);
    await db.transaction(async (manager) => {
      const event = await loadForWrite(manager, EventEntity, 'Event', id);
      const organiserIds = valuesOf(await facetsOf(manager, id), EventFacetKind.Organiser);
      ensure(
        mayWriteEvent(actor, event, organiserIds),
        `${FORBIDDEN_WRITE} ${action === 'publishEvent' ? 'publish' : 'cancel'} it`,
      );
      checkVersion(event, expectedVersion, 'Event');
      if (event.status !== from) {
        throw new BadUserInputError(
          `The event is ${event.status}: only a ${from} event can become ${to}`,
          'id',
        );
      }
      const version = await updateVersioned(manager, EventEntity, id, expectedVersion, { status: to });
      await audit(manager, actor, 'Event', id, action, diff({ status: from }, { status: to }), version);
    });
    return db.getRepository(EventEntity).findOneByOrFail({ id });
  }

  @Mutation(() => EventEntity, {
    description:
      'Registers a territory as a participant of a PUBLISHED event; by an officer of that territory, an ' +
      "officer of one of the organisers, the network's secretariat, or an administrator. Registering a " +
      'participant again changes nothing and returns the event (safe to retry).',
  })
  registerParticipant(
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('territoryId', () => ID, { description: 'The participant: an HCP code or a foreign id.' })
    territoryId: string,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The `version` the change is based on (optional); a stale one gets CONFLICT.',
    })
    expectedVersion: number | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<EventEntity> {
    return this.setParticipant(db, viewer, eventId, territoryId, expectedVersion, true);
  }

  @Mutation(() => EventEntity, {
    description:
      'Withdraws a participant from a PUBLISHED event; by the same people as `registerParticipant`. ' +
      'Withdrawing a territory that does not take part changes nothing and returns the event.',
  })
  unregisterParticipant(
    @Arg('eventId', () => ID, { description: 'The event.' }) eventId: string,
    @Arg('territoryId', () => ID, { description: 'The participant: an HCP code or a foreign id.' })
    territoryId: string,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The `version` the change is based on (optional); a stale one gets CONFLICT.',
    })
    expectedVersion: number | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<EventEntity> {
    return this.setParticipant(db, viewer, eventId, territoryId, expectedVersion, false);
  }

  private async setParticipant(
    db: Context['db'],
    viewer: Viewer,
    eventId: string,
    territoryId: string,
    expectedVersion: number | null,
    register: boolean,
  ): Promise<EventEntity> {
    const actor = requireActor(viewer);
    const action = register ? 'registerParticipant' : 'unregisterParticipant';
    await db.transaction(async (manager) => {
      await lockEvent(manager, eventId);
      const event = await loadForWrite(manager, EventEntity, 'Event', eventId);
      const facets = await facetsOf(manager, eventId);
      const organiserIds = valuesOf(facets, EventFacetKind.Organiser);
      // An officer may register its own territory on any event it can see: a draft it cannot see does not
      // exist for it (anyone else is refused on the role below, whatever the event).
      if (actsForTerritory(actor, territoryId) && !canSeeEvent(actor, event, organiserIds)) {
        throw new NotFoundError('Event', eventId);
      }
      ensure(
        actsForTerritory(actor, territoryId) || mayWriteEvent(actor, event, organiserIds),
        `Only an officer of ${territoryId}, an officer of one of the organisers, the network's secretariat or an ` +
          `administrator may ${register ? 'register' : 'withdraw'} this participant`,
      );
      if (expectedVersion != null) checkVersion(event, expectedVersion, 'Event');
      checkExistingTerritory(territoryId, 'territoryId');
      if (event.status !== EventStatus.PUBLISHED) {
        throw new BadUserInputError(
          `The event is ${event.status}: participants are registered on a PUBLISHED event only`,
          'eventId',
        );
      }
      if (organiserIds.includes(territoryId)) {
        throw new BadUserInputError(
          `${territoryId} organises the event: an organiser is not a participant`,
          'territoryId',
        );
      }
      const participants = valuesOf(facets, EventFacetKind.Participant);
      if (participants.includes(territoryId) === register) return; // already so: nothing to write
      if (register) {
        const last = Math.max(
          -1,
          ...facets.filter((f) => f.kind === EventFacetKind.Participant).map((f) => f.position),
        );
        await manager.insert(
          EventFacet,
          Object.assign(new EventFacet(), {
            eventId,
            kind: EventFacetKind.Participant,
            value: territoryId,
            position: last + 1,
          }),
        );
      } else {
        await manager.delete(EventFacet, { eventId, kind: EventFacetKind.Participant, value: territoryId });
      }
      const version = await updateVersioned(manager, EventEntity, eventId, event.version, {});
      const after = register
        ? [...participants, territoryId]
        : participants.filter((id) => id !== territoryId);
      await audit(
        manager,
        actor,
        'Event',
        eventId,
        action,
        diff({ participantIds: participants }, { participantIds: after }),
        version,
      );
    });
    return db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
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
    const organiserIds = valuesOf(await loaders.eventFacets.load(event.id), EventFacetKind.Organiser);
    ensure(
      isSupervisor(viewer) || mayWriteEvent(viewer, event, organiserIds),
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
