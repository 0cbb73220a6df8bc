import type { EntityManager } from 'typeorm';
import type { DatedFact } from '../shared/dates';
import { BadUserInputError } from '../shared/errors';
import { countryOfTerritory } from '../shared/hcp';
import type { Language } from '../shared/i18n';
import type { Reference } from '../shared/references';
import { checkCountryCode } from '../shared/validate';
import { checkExistingTerritory, optionalText } from '../shared/writes';
import { EventEntity, EventFacet, EventFacetKind, EventStatus, type EventKind } from './event.entity';
import type { EventPlaceInput, EventTitlesInput } from './event-write.inputs';
import { ExperienceEntity } from './experience.entity';
import { checkForeignId, checkListSize, distinct } from './write-checks';

/**
 * An event as its writes see it: its columns and facets as one value (what the audit trail records), the
 * checks of that value, the ids it names that other subgraphs own, and its dated facts.
 */

/** Everything an event is, as its audit trail records it. */
export interface EventState {
  kind: EventKind;
  titles: { fr: string | null; ar: string | null; en: string | null };
  description: string;
  /** Null when no source prints it (an event recorded from a source; `event-dates.ts`). */
  startsOn: string | null;
  endsOn: string | null;
  place: { city: string | null; territoryId: string | null; countryCode: string | null; online: boolean };
  organiserIds: string[];
  participantIds: string[];
  /** Every organising network, main one first. */
  networkIds: string[];
  /** Participants the sources name that are no territory (AMPCC, ARM…). */
  participantNames: string[];
  partnershipId: string | null;
  themes: string[];
  sdgs: number[];
  languages: Language[];
  status: EventStatus;
  /** The record's identifier in the register it came from (`EV001`), if any. */
  reference: string | null;
}

/** The values of one facet kind, in their order. */
export const valuesOf = (facets: EventFacet[], kind: EventFacetKind) =>
  facets
    .filter((facet) => facet.kind === kind)
    .sort((a, b) => a.position - b.position)
    .map((facet) => facet.value);

export const facetsOf = (manager: EntityManager, eventId: string) =>
  manager.find(EventFacet, { where: { eventId } });

export function stateOf(event: EventEntity, facets: EventFacet[]): EventState {
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
    networkIds: networkIdsOf(event, facets),
    participantNames: event.participantNames ?? [],
    partnershipId: event.partnershipId,
    themes: valuesOf(facets, EventFacetKind.Theme),
    sdgs: valuesOf(facets, EventFacetKind.Sdg).map(Number),
    languages: valuesOf(facets, EventFacetKind.Language) as Language[],
    status: event.status,
    reference: event.reference ?? null,
  };
}

/** Every organising network of a stored event, main one first (its NETWORK facets; the column for older rows). */
export function networkIdsOf(event: { networkId: string | null }, facets: EventFacet[]): string[] {
  const ids = valuesOf(facets, EventFacetKind.Network);
  return ids.length || event.networkId === null ? ids : [event.networkId];
}

/** The columns of the `event` row of a state. */
export function eventColumns(state: EventState): Partial<EventEntity> {
  return {
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
    networkId: state.networkIds[0] ?? null,
    partnershipId: state.partnershipId,
    participantNames: state.participantNames,
    reference: state.reference,
  };
}

export function checkTitles(titles: EventTitlesInput, field: string): EventState['titles'] {
  const one = (value: string | null | undefined, lang: 'fr' | 'ar' | 'en') =>
    optionalText(value, `${field}.${lang}`, 500);
  const checked = { fr: one(titles.fr, 'fr'), ar: one(titles.ar, 'ar'), en: one(titles.en, 'en') };
  if (!checked.fr && !checked.ar && !checked.en) {
    throw new BadUserInputError(`${field} needs a title in at least one language (fr, ar or en)`, field);
  }
  return checked;
}

export function checkPlace(place: EventPlaceInput, field: string): EventState['place'] {
  const city = optionalText(place.city, `${field}.city`, 200);
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

export function checkOrganisers(ids: string[], field: string): string[] {
  checkListSize(ids, field);
  ids.forEach((id, i) => checkExistingTerritory(id, `${field}[${i}]`));
  return distinct(ids);
}

/**
 * The organising networks an input sets, main one first: `networkIds`, or `networkId` alone (null: none);
 * undefined when it sets neither (an update leaving them as they are). Given both, `networkId` must be the
 * first of `networkIds`.
 */
export function checkNetworks(
  input: { networkId?: string | null; networkIds?: string[] | null },
  prefix: string,
): string[] | undefined {
  const { networkId, networkIds } = input;
  if (networkIds != null) {
    checkListSize(networkIds, `${prefix}.networkIds`);
    networkIds.forEach((id, i) => checkForeignId(id, `${prefix}.networkIds[${i}]`, 'a network'));
    if (networkId != null && networkIds[0] !== networkId) {
      throw new BadUserInputError(
        `${prefix}.networkId (${networkId}) must be the first of ${prefix}.networkIds, the main network`,
        `${prefix}.networkId`,
      );
    }
    if (networkId === null && networkIds.length) {
      throw new BadUserInputError(
        `${prefix}.networkId is null but ${prefix}.networkIds names networks`,
        `${prefix}.networkId`,
      );
    }
    return distinct(networkIds);
  }
  if (networkId === undefined) return undefined;
  checkForeignId(networkId, `${prefix}.networkId`, 'a network');
  return networkId === null ? [] : [networkId];
}

export function checkLanguages(languages: Language[], field: string, required = true): Language[] {
  checkListSize(languages, field, required);
  return distinct(languages);
}

/** The checks on a whole event that need no date, once the input is merged with what it was. */
export function checkWhole(state: EventState, prefix: string): void {
  if (state.organiserIds.length === 0 && state.networkIds.length === 0) {
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

/** What an event input names that another subgraph owns: `prefix` is its path (`input`). */
export interface NamedIds {
  organiserIds?: readonly string[] | null;
  participantIds?: readonly string[] | null;
  place?: { territoryId?: string | null; countryCode?: string | null } | null;
  networkId?: string | null;
  networkIds?: readonly string[] | null;
  partnershipId?: string | null;
}

/**
 * The references of an event input, checked with their owners before anything is written: organisers and
 * the hosting territory (territories), the country (territories), the network (networks) and the agreement
 * (partnerships, as the writer: a draft the writer may not see is unknown to it). Only what the input
 * names: an update that leaves the organisers alone does not ask about them again.
 */
export function eventReferences(input: NamedIds, prefix: string): Reference[] {
  const references: Reference[] = (input.organiserIds ?? []).map((id, i) => ({
    type: 'Territory',
    id,
    field: `${prefix}.organiserIds[${i}]`,
  }));
  if (input.place?.territoryId) {
    references.push({ type: 'Territory', id: input.place.territoryId, field: `${prefix}.place.territoryId` });
  }
  if (input.place?.countryCode) {
    references.push({ type: 'Country', id: input.place.countryCode, field: `${prefix}.place.countryCode` });
  }
  (input.participantIds ?? []).forEach((id, i) =>
    references.push({ type: 'Territory', id, field: `${prefix}.participantIds[${i}]` }),
  );
  if (input.networkId)
    references.push({ type: 'Network', id: input.networkId, field: `${prefix}.networkId` });
  (input.networkIds ?? []).forEach((id, i) => {
    if (id !== input.networkId) references.push({ type: 'Network', id, field: `${prefix}.networkIds[${i}]` });
  });
  if (input.partnershipId) {
    references.push({ type: 'Partnership', id: input.partnershipId, field: `${prefix}.partnershipId` });
  }
  return references;
}

/** The first day an experience presented at the event was published (standing ones), or null. */
export async function firstExperiencePublication(
  manager: EntityManager,
  eventId: string,
): Promise<{ id: string; publishedOn: string } | null> {
  const first = await manager
    .createQueryBuilder(ExperienceEntity, 'x')
    .where('x.event_id = :eventId AND x.published_on IS NOT NULL AND x.voided_on IS NULL', { eventId })
    .orderBy('x.published_on', 'ASC')
    .getOne();
  return first ? { id: first.id, publishedOn: first.publishedOn! } : null;
}

/**
 * The dated facts of an event: its last day is not before its first (an event may be planned: its days may
 * be in the future), and it did not begin after an experience presented at it was published. `moved`
 * names the input field that changed (`startsOn` or `endsOn`), so the refusal names what the writer sent.
 */
export function eventDates(
  state: EventState,
  prefix: string,
  moved: 'startsOn' | 'endsOn',
  firstPublication: { id: string; publishedOn: string } | null,
): DatedFact[] {
  const facts: DatedFact[] =
    moved === 'endsOn'
      ? [
          {
            field: `${prefix}.endsOn`,
            date: state.endsOn,
            notBefore: [{ date: state.startsOn, what: "the event's first day (startsOn)" }],
            mayBeFuture: true,
          },
        ]
      : [
          {
            field: `${prefix}.startsOn`,
            date: state.startsOn,
            notAfter: [{ date: state.endsOn, what: "the event's last day (endsOn)" }],
            mayBeFuture: true,
          },
        ];
  if (firstPublication) {
    facts.push({
      field: `${prefix}.startsOn`,
      date: state.startsOn,
      notAfter: [
        {
          date: firstPublication.publishedOn,
          what: `the publication of the experience "${firstPublication.id}" presented at it`,
        },
      ],
      mayBeFuture: true,
    });
  }
  return facts;
}

/** BAD_USER_INPUT naming `field` when the event was voided: a voided record takes no more writes. */
export function checkStanding(event: { id: string; voidedOn: string | null }, field: string): void {
  if (event.voidedOn !== null) {
    throw new BadUserInputError(
      `The event "${event.id}" was voided on ${event.voidedOn} (recorded in error): it takes no more writes`,
      field,
    );
  }
}

/** The facet rows of one kind, in the order given (duplicates dropped). */
export function facetRows(eventId: string, kind: EventFacetKind, values: (string | number)[]): EventFacet[] {
  return distinct(values.map(String)).map((value, position) =>
    Object.assign(new EventFacet(), { eventId, kind, value, position }),
  );
}

/** Replaces the facets of the kinds whose values changed between two states. */
export async function replaceChangedFacets(
  manager: EntityManager,
  eventId: string,
  before: EventState,
  after: EventState,
): Promise<void> {
  const lists: [keyof EventState, EventFacetKind][] = [
    ['organiserIds', EventFacetKind.Organiser],
    ['themes', EventFacetKind.Theme],
    ['sdgs', EventFacetKind.Sdg],
    ['languages', EventFacetKind.Language],
    ['networkIds', EventFacetKind.Network],
  ];
  for (const [field, kind] of lists) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
    await manager.delete(EventFacet, { eventId, kind });
    const rows = facetRows(eventId, kind, after[field] as (string | number)[]);
    if (rows.length) await manager.insert(EventFacet, rows);
  }
}

/** Whether an event's status lets participants be registered (PUBLISHED) — the refusal otherwise. */
export function checkTakesParticipants(event: EventEntity): void {
  if (event.status !== EventStatus.PUBLISHED) {
    throw new BadUserInputError(
      `The event is ${event.status}: participants are registered on a PUBLISHED event only`,
      'eventId',
    );
  }
}
