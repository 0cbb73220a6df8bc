import { In, type EntityManager } from 'typeorm';
import { Language } from '../shared/i18n';
import { PUBLIC_VIEWER } from '../shared/identity';
import type { RecordFacts } from '../shared/notification-event';
import { registerFacts } from '../shared/outbox';
import { EventEntity, EventFacet, EventFacetKind } from './event.entity';
import { ExperienceEntity } from './experience.entity';
import { visibleEvents, visibleExperiences } from './visibility';

/**
 * What an outbox event says of an event or an experience right after a write (`shared/outbox.ts`), read in
 * the write's transaction, with the subgraph's own visibility rules (`visibleEvents`,
 * `visibleExperiences` for the public reader). An event's parties are its organisers, and its registered
 * participants once the event is public (a draft is seen by its organisers only: a participant must not be
 * told of one). Its networks are its organising networks; an experience's, those of the event it comes
 * from.
 */

async function networksOfEvent(manager: EntityManager, event: EventEntity): Promise<string[]> {
  const facets = await manager.find(EventFacet, {
    where: { eventId: event.id, kind: EventFacetKind.Network },
    order: { position: 'ASC' },
  });
  if (facets.length) return facets.map((row) => row.value);
  return event.networkId ? [event.networkId] : [];
}

export async function eventFacts(manager: EntityManager, id: string): Promise<RecordFacts | null> {
  const event = await manager.findOneBy(EventEntity, { id });
  if (!event) return null;
  const visible =
    (await visibleEvents(
      manager.createQueryBuilder(EventEntity, 'e').where('e.id = :id', { id }),
      'e',
      PUBLIC_VIEWER,
    ).getCount()) > 0;
  const kinds = visible ? [EventFacetKind.Organiser, EventFacetKind.Participant] : [EventFacetKind.Organiser];
  const territories = await manager.find(EventFacet, {
    where: { eventId: id, kind: In(kinds) },
    order: { position: 'ASC' },
  });
  const organisers = territories.filter((row) => row.kind === EventFacetKind.Organiser);
  const participants = territories.filter((row) => row.kind === EventFacetKind.Participant);
  return {
    public: visible,
    parties: [...new Set([...organisers, ...participants].map((row) => row.value))],
    networks: await networksOfEvent(manager, event),
    status: event.status,
    title: event.titleFr ?? event.titleEn ?? event.titleAr ?? id,
    titleAr: event.titleAr,
    demo: event.isDemo,
  };
}

export async function experienceFacts(manager: EntityManager, id: string): Promise<RecordFacts | null> {
  const experience = await manager.findOneBy(ExperienceEntity, { id });
  if (!experience) return null;
  const visible = await visibleExperiences(
    manager.createQueryBuilder(ExperienceEntity, 'x').where('x.id = :id', { id }),
    'x',
    PUBLIC_VIEWER,
  ).getCount();
  const event = experience.eventId ? await manager.findOneBy(EventEntity, { id: experience.eventId }) : null;
  return {
    public: visible > 0,
    parties: [experience.territoryId],
    networks: event ? await networksOfEvent(manager, event) : [],
    status: null,
    title: experience.title,
    titleAr: experience.language === Language.AR ? experience.title : null,
    demo: experience.isDemo,
  };
}

registerFacts('Event', eventFacts);
registerFacts('Experience', experienceFacts);
