import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEntity } from '../subgraphs/events/event.entity';
import { ExperienceEntity } from '../subgraphs/events/experience.entity';
import { AuditEntryRow } from '../subgraphs/shared/writes';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { type Headers, writesThrough } from './helpers/writes';

/**
 * The events subgraph as a register the ministry can trust (issue 11), through the gateway: every id an
 * event or an experience names is checked with its owner before anything is written, dates are in order,
 * registrations, events and experiences recorded in error are voided (kept in the audit trail, gone from
 * lists and counts), and an idempotency key reused with another input is refused. Each refusal is checked
 * for what a user would notice: the code, the field, and that nothing was written.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
const BARCELONA = 'ES-barcelona';
const NETWORK = 'uclg';

let hub: Hub;
let as: Record<
  'public' | 'organiser' | 'participant' | 'other' | 'secretariat' | 'ministry' | 'admin',
  Headers
>;

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  as = {
    public: {},
    organiser: await officerOf(FES),
    participant: await officerOf(MONTPELLIER),
    other: await officerOf(BARCELONA),
    secretariat: await bearer({ role: Role.NETWORK_SECRETARIAT, networks: [NETWORK] }),
    ministry: await ministry(),
    admin: await admin(),
  };
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

let serial = 0;
const unique = (what: string) => `${what} ${Date.now()}-${++serial}`;
const key = (what: string) => unique(what).replace(/\s/g, '-');

const EVENT = 'id version status startsOn organisers { id } participants { id }';
const CREATE_EVENT = `mutation($input: CreateEventInput!, $key: String) {
  createEvent(input: $input, idempotencyKey: $key) { ${EVENT} } }`;
const UPDATE_EVENT = `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) {
  updateEvent(id: $id, expectedVersion: $v, input: $input) { ${EVENT} } }`;
const PUBLISH_EVENT = `mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { ${EVENT} } }`;
const CANCEL_EVENT = `mutation($id: ID!, $v: Int!) { cancelEvent(id: $id, expectedVersion: $v) { ${EVENT} } }`;
const REGISTER = `mutation($e: ID!, $t: ID!, $v: Int) {
  registerParticipant(eventId: $e, territoryId: $t, expectedVersion: $v) { ${EVENT} } }`;
const VOID_PARTICIPANT = `mutation($e: ID!, $v: Int!, $t: ID!, $reason: String!) {
  voidParticipant(eventId: $e, expectedVersion: $v, territoryId: $t, reason: $reason) { ${EVENT} } }`;
const CORRECT_PARTICIPANT = `mutation($e: ID!, $v: Int!, $t: ID!, $to: ID!, $reason: String!) {
  correctParticipant(eventId: $e, expectedVersion: $v, territoryId: $t, correctTerritoryId: $to, reason: $reason) {
    ${EVENT} } }`;
const VOID_EVENT = `mutation($id: ID!, $v: Int!, $reason: String!) {
  voidEvent(id: $id, expectedVersion: $v, reason: $reason) { ${EVENT} voidedOn voidReason } }`;
const EXPERIENCE = 'id version isPublished publishedOn event { id }';
const CREATE_EXPERIENCE = `mutation($input: CreateExperienceInput!, $key: String) {
  createExperience(input: $input, idempotencyKey: $key) { ${EXPERIENCE} } }`;
const PUBLISH_EXPERIENCE = `mutation($id: ID!, $v: Int!, $date: LocalDate) {
  publishExperience(id: $id, expectedVersion: $v, date: $date) { ${EXPERIENCE} } }`;
const VOID_EXPERIENCE = `mutation($id: ID!, $v: Int!, $reason: String!) {
  voidExperience(id: $id, expectedVersion: $v, reason: $reason) { ${EXPERIENCE} voidedOn } }`;
const TRAIL = `query($id: ID!) { event(id: $id) { auditTrail { action version changes } } }`;

const eventInput = (overrides: Record<string, unknown> = {}) => ({
  kind: 'SEMINAR',
  titles: { fr: unique('Atelier sur la collecte des déchets') },
  description: 'Rencontre des services de propreté.',
  startsOn: '2026-03-10',
  endsOn: '2026-03-12',
  place: { city: 'Fès', territoryId: FES },
  organiserIds: [FES],
  networkId: NETWORK,
  themes: ['solid-waste'],
  sdgs: [11],
  languages: ['FR'],
  ...overrides,
});
const experienceInput = (eventId: string | null, overrides: Record<string, unknown> = {}) => ({
  territoryId: FES,
  title: unique('Tri des déchets à la source dans la médina'),
  summary: 'Points d’apport volontaire et collecte séparée.',
  lessonsLearned: 'Associer les commerçants dès le départ.',
  language: 'FR',
  eventId,
  ...overrides,
});

async function publishedEvent(overrides: Record<string, unknown> = {}) {
  const draft = await ok(as.organiser, CREATE_EVENT, { input: eventInput(overrides) });
  return ok(as.organiser, PUBLISH_EVENT, { id: draft.id, v: draft.version });
}

const db = () => hub.subgraphs.events.db;
const eventsTitled = (title: string) => db().getRepository(EventEntity).countBy({ titleFr: title });
const eventAudits = () => db().getRepository(AuditEntryRow).countBy({ entityType: 'Event' });
/** The event as the ministry reads it (drafts included). */
const readEvent = (id: string) => ok(as.ministry, `query($id: ID!) { event(id: $id) { ${EVENT} } }`, { id });

describe('an event names only what exists', () => {
  it('refuses an unknown organiser, naming it, and writes nothing', async () => {
    const audits = await eventAudits();
    const input = eventInput({ organiserIds: ['MA-xyz'], networkId: null });
    expect(await refused(as.admin, CREATE_EVENT, { input })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.organiserIds[0]',
    });
    const second = eventInput({ organiserIds: [FES, 'SN-xyz'] });
    const refusal = await refused(as.organiser, CREATE_EVENT, { input: second });
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organiserIds[1]' });
    expect(refusal.message).toContain('SN-xyz');
    expect(await eventsTitled(input.titles.fr)).toBe(0);
    expect(await eventsTitled(second.titles.fr)).toBe(0);
    expect(await eventAudits()).toBe(audits);
  });

  it('refuses an unknown place, network or agreement, naming the field', async () => {
    const field = async (overrides: Record<string, unknown>) => {
      const input = eventInput(overrides);
      const refusal = await refused(as.organiser, CREATE_EVENT, { input });
      expect(await eventsTitled(input.titles.fr)).toBe(0);
      return `${refusal.code} ${refusal.field}`;
    };
    expect(await field({ place: { territoryId: 'FR-nowhere' } })).toBe(
      'BAD_USER_INPUT input.place.territoryId',
    );
    expect(await field({ place: { countryCode: 'XX', online: true } })).toBe(
      'BAD_USER_INPUT input.place.countryCode',
    );
    expect(await field({ networkId: 'no-such-network' })).toBe('BAD_USER_INPUT input.networkId');
    expect(await field({ partnershipId: 'p-no-such-agreement' })).toBe('BAD_USER_INPUT input.partnershipId');
    // The same checks on an edit: the event is as it was.
    const draft = await ok(as.organiser, CREATE_EVENT, { input: eventInput() });
    expect(
      await refused(as.organiser, UPDATE_EVENT, {
        id: draft.id,
        v: draft.version,
        input: { organiserIds: [FES, 'MA-xyz'] },
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.organiserIds[1]' });
    expect(await readEvent(draft.id)).toMatchObject({ version: 1, organisers: [{ id: FES }] });
  });

  it('checks the agreement as the writer: a draft it may not see is unknown to it', async () => {
    const hidden = await ok(
      as.participant,
      `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { id status } }`,
      {
        input: {
          kind: 'PROTOCOL',
          title: unique('Protocole Montpellier – Barcelone'),
          parties: [
            { territoryId: FES, role: 'MOROCCAN_PARTY' },
            { territoryId: MONTPELLIER, role: 'FOREIGN_PARTY' },
          ],
          themes: ['solid-waste'],
          sdgs: [11],
        },
      },
    );
    // Barcelona's officer organises an event of its own: the draft agreement is none of its business.
    const input = eventInput({ organiserIds: [BARCELONA], networkId: null, partnershipId: hidden.id });
    expect(await refused(as.other, CREATE_EVENT, { input })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.partnershipId',
    });
    expect(await eventsTitled(input.titles.fr)).toBe(0);
    // Fès, a party, may hold an event within it.
    await ok(as.organiser, CREATE_EVENT, { input: eventInput({ partnershipId: hidden.id }) });
  });

  it('refuses an unknown participant, leaving the participants as they were', async () => {
    const event = await publishedEvent();
    expect(await refused(as.organiser, REGISTER, { e: event.id, t: 'SN-xyz' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'territoryId',
    });
    expect(await readEvent(event.id)).toMatchObject({ version: event.version, participants: [] });
    // A cancelled event takes no participant; an unknown one is not found.
    const cancelled = await ok(as.organiser, CANCEL_EVENT, { id: event.id, v: event.version });
    expect(await refused(as.participant, REGISTER, { e: cancelled.id, t: MONTPELLIER })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'eventId',
    });
    expect((await refused(as.participant, REGISTER, { e: 'e-unknown', t: MONTPELLIER })).code).toBe(
      'NOT_FOUND',
    );
    expect(await readEvent(event.id)).toMatchObject({ version: cancelled.version, participants: [] });
  });

  it('refuses an experience of an unknown territory', async () => {
    const input = experienceInput(null, { territoryId: 'SN-xyz' });
    expect(await refused(as.admin, CREATE_EXPERIENCE, { input })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.territoryId',
    });
    expect(await db().getRepository(ExperienceEntity).countBy({ title: input.title })).toBe(0);
  });
});

describe('dates in order', () => {
  it('does not publish an experience before its event began, naming the field and the event’s start', async () => {
    const event = await publishedEvent({ startsOn: '2026-03-10', endsOn: '2026-03-12' });
    const x = await ok(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(event.id) });
    const refusal = await refused(as.organiser, PUBLISH_EXPERIENCE, {
      id: x.id,
      v: x.version,
      date: '2026-03-01',
    });
    expect(refusal).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'date',
      conflictsWith: { date: '2026-03-10' },
    });
    expect(refusal.message).toContain('2026-03-10');
    const still = await ok(as.organiser, `query($id: ID!) { experience(id: $id) { ${EXPERIENCE} } }`, {
      id: x.id,
    });
    expect(still).toMatchObject({ version: x.version, isPublished: false, publishedOn: null });

    // On its first day it may; then the event may not move after the publication.
    const shared = await ok(as.organiser, PUBLISH_EXPERIENCE, { id: x.id, v: x.version, date: '2026-03-10' });
    expect(shared).toMatchObject({ isPublished: true, publishedOn: '2026-03-10' });
    expect(
      await refused(as.organiser, UPDATE_EVENT, {
        id: event.id,
        v: event.version,
        input: { startsOn: '2026-03-11' },
      }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.startsOn',
      conflictsWith: { date: '2026-03-10' },
    });
    expect(await readEvent(event.id)).toMatchObject({ version: event.version, startsOn: '2026-03-10' });
  });

  it('does not publish today an experience of an event still to come', async () => {
    const next = `${new Date().getUTCFullYear() + 1}-06-01`;
    const event = await publishedEvent({ startsOn: next, endsOn: next });
    const x = await ok(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(event.id) });
    expect(await refused(as.organiser, PUBLISH_EXPERIENCE, { id: x.id, v: x.version })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'date',
      conflictsWith: { date: next },
    });
  });

  it('does not link a published experience to an event that began after its publication', async () => {
    const next = `${new Date().getUTCFullYear() + 1}-06-01`;
    const event = await publishedEvent({ startsOn: next, endsOn: next });
    const x = await ok(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(null) });
    const shared = await ok(as.organiser, PUBLISH_EXPERIENCE, { id: x.id, v: x.version });
    const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateExperienceInput!) {
      updateExperience(id: $id, expectedVersion: $v, input: $input) { ${EXPERIENCE} } }`;
    expect(
      await refused(as.organiser, UPDATE, { id: x.id, v: shared.version, input: { eventId: event.id } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.eventId', conflictsWith: { date: next } });
    const still = await ok(as.organiser, `query($id: ID!) { experience(id: $id) { ${EXPERIENCE} } }`, {
      id: x.id,
    });
    expect(still).toMatchObject({ version: shared.version, event: null });
  });

  it('keeps an event’s last day on or after its first', async () => {
    const input = eventInput({ startsOn: '2026-03-12', endsOn: '2026-03-10' });
    expect(await refused(as.organiser, CREATE_EVENT, { input })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.endsOn',
      conflictsWith: { date: '2026-03-12' },
    });
    expect(await eventsTitled(input.titles.fr)).toBe(0);
  });
});

describe('corrections', () => {
  async function withParticipants() {
    const event = await publishedEvent();
    await ok(as.participant, REGISTER, { e: event.id, t: MONTPELLIER });
    return ok(as.organiser, REGISTER, { e: event.id, t: BARCELONA });
  }
  const territoryEvents = async (territoryId: string) =>
    (
      await ok(as.public, `query($t: ID!) { territory(id: $t) { events { id } } }`, { t: territoryId })
    ).events.map((e: { id: string }) => e.id);

  it('voids a participant registered in error: gone from participants and counts, kept in the audit', async () => {
    const event = await withParticipants();
    expect(await territoryEvents(MONTPELLIER)).toContain(event.id);
    const reason = 'Montpellier was registered instead of Marseille';
    // Who may not, writes nothing.
    for (const who of ['participant', 'other', 'ministry'] as const) {
      const refusal = await refused(as[who], VOID_PARTICIPANT, {
        e: event.id,
        v: event.version,
        t: MONTPELLIER,
        reason,
      });
      expect(refusal.code, who).toBe('FORBIDDEN');
    }
    expect(
      (await refused(as.public, VOID_PARTICIPANT, { e: event.id, v: event.version, t: MONTPELLIER, reason }))
        .code,
    ).toBe('UNAUTHENTICATED');
    expect(await readEvent(event.id)).toMatchObject({ version: event.version });

    const voided = await ok(as.organiser, VOID_PARTICIPANT, {
      e: event.id,
      v: event.version,
      t: MONTPELLIER,
      reason,
    });
    expect(voided).toMatchObject({ version: event.version + 1, participants: [{ id: BARCELONA }] });
    expect(await territoryEvents(MONTPELLIER)).not.toContain(event.id);
    const trail = (await ok(as.ministry, TRAIL, { id: event.id })).auditTrail;
    expect(trail.at(-1)).toMatchObject({
      action: 'voidParticipant',
      version: event.version + 1,
      changes: {
        participantIds: { from: [MONTPELLIER, BARCELONA], to: [BARCELONA] },
        voidReason: { from: null, to: reason },
      },
    });
    // Not a participant (any more): refused; a stale version: CONFLICT.
    expect(
      await refused(as.organiser, VOID_PARTICIPANT, {
        e: event.id,
        v: voided.version,
        t: MONTPELLIER,
        reason,
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'territoryId' });
    expect(
      (await refused(as.admin, VOID_PARTICIPANT, { e: event.id, v: event.version, t: BARCELONA, reason }))
        .code,
    ).toBe('CONFLICT');
    // An admin may void anything; registering again after a void is a new registration.
    const byAdmin = await ok(as.admin, VOID_PARTICIPANT, {
      e: event.id,
      v: voided.version,
      t: BARCELONA,
      reason,
    });
    expect(byAdmin.participants).toEqual([]);
    const again = await ok(as.participant, REGISTER, { e: event.id, t: MONTPELLIER });
    expect(again.participants).toEqual([{ id: MONTPELLIER }]);
    const twice = await ok(as.organiser, VOID_PARTICIPANT, {
      e: event.id,
      v: again.version,
      t: MONTPELLIER,
      reason,
    });
    expect(twice.participants).toEqual([]);
  });

  it('corrects a registration made for the wrong territory', async () => {
    const event = await withParticipants();
    const reason = 'Registered under the wrong city';
    expect(
      await refused(as.organiser, CORRECT_PARTICIPANT, {
        e: event.id,
        v: event.version,
        t: MONTPELLIER,
        to: 'FR-nowhere',
        reason,
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'correctTerritoryId' });
    expect(
      await refused(as.organiser, CORRECT_PARTICIPANT, {
        e: event.id,
        v: event.version,
        t: MONTPELLIER,
        to: FES,
        reason,
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'correctTerritoryId' });
    expect((await readEvent(event.id)).version).toBe(event.version);
    const corrected = await ok(as.secretariat, CORRECT_PARTICIPANT, {
      e: event.id,
      v: event.version,
      t: MONTPELLIER,
      to: 'FR-bordeaux',
      reason,
    });
    expect(corrected.participants).toEqual([{ id: 'FR-bordeaux' }, { id: BARCELONA }]);
    expect((await ok(as.ministry, TRAIL, { id: event.id })).auditTrail.at(-1)).toMatchObject({
      action: 'correctParticipant',
      changes: { voidReason: { to: reason } },
    });
  });

  it('voids an event recorded in error: gone from lists and counts, kept for its audit trail', async () => {
    const event = await publishedEvent();
    const count = async () =>
      (await run(as.public, `{ events(first: 1) { totalCount } eventStats { total } }`)).data as {
        events: { totalCount: number };
        eventStats: { total: number };
      };
    const before = await count();
    const reason = 'Entered twice';
    for (const who of ['participant', 'other', 'ministry'] as const) {
      expect((await refused(as[who], VOID_EVENT, { id: event.id, v: event.version, reason })).code, who).toBe(
        'FORBIDDEN',
      );
    }
    expect(
      await refused(as.admin, VOID_EVENT, { id: event.id, v: event.version, reason: '  ' }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect(await count()).toEqual(before);

    const voided = await ok(as.admin, VOID_EVENT, { id: event.id, v: event.version, reason });
    expect(voided).toMatchObject({ version: event.version + 1, voidReason: reason });
    expect(voided.voidedOn).toBeTruthy();
    const after = await count();
    expect(after.events.totalCount).toBe(before.events.totalCount - 1);
    expect(after.eventStats.total).toBe(before.eventStats.total - 1);
    expect(
      (await refused(as.public, `query($id: ID!) { event(id: $id) { id } }`, { id: event.id })).code,
    ).toBe('NOT_FOUND');
    expect((await ok(as.ministry, TRAIL, { id: event.id })).auditTrail.at(-1)).toMatchObject({
      action: 'voidEvent',
      changes: { voidReason: { from: null, to: reason } },
    });
    // A voided event takes no more writes.
    expect(await refused(as.participant, REGISTER, { e: event.id, t: MONTPELLIER })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'eventId',
    });
  });

  it('voids an experience recorded in error', async () => {
    const x = await ok(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(null) });
    const shared = await ok(as.organiser, PUBLISH_EXPERIENCE, { id: x.id, v: x.version });
    const total = async () =>
      ((await run(as.public, `{ experienceStats { total } }`)).data as { experienceStats: { total: number } })
        .experienceStats.total;
    const before = await total();
    expect(
      (await refused(as.ministry, VOID_EXPERIENCE, { id: x.id, v: shared.version, reason: 'Doublon' })).code,
    ).toBe('FORBIDDEN');
    const voided = await ok(as.admin, VOID_EXPERIENCE, { id: x.id, v: shared.version, reason: 'Doublon' });
    expect(voided.voidedOn).toBeTruthy();
    expect(await total()).toBe(before - 1);
    const trail = await ok(as.ministry, `query($id: ID!) { experience(id: $id) { auditTrail { action } } }`, {
      id: x.id,
    });
    expect(trail.auditTrail.map((e: { action: string }) => e.action)).toEqual([
      'createExperience',
      'publishExperience',
      'voidExperience',
    ]);
  });
});

describe('honest writes', () => {
  it('lets registrations without a version take turns, none lost', async () => {
    const event = await publishedEvent();
    const answers = await Promise.all([
      run(as.participant, REGISTER, { e: event.id, t: MONTPELLIER }),
      run(as.other, REGISTER, { e: event.id, t: BARCELONA }),
      run(as.organiser, REGISTER, { e: event.id, t: 'FR-bordeaux' }),
    ]);
    for (const body of answers) expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const after = await readEvent(event.id);
    expect(after.version).toBe(event.version + 3);
    expect(after.participants.map((p: { id: string }) => p.id).sort()).toEqual(
      [BARCELONA, 'FR-bordeaux', MONTPELLIER].sort(),
    );
  });

  it('refuses an idempotency key sent again with another input, and creates nothing', async () => {
    const k = key('event');
    const first = await ok(as.organiser, CREATE_EVENT, { input: eventInput(), key: k });
    const other = eventInput();
    expect(await refused(as.organiser, CREATE_EVENT, { input: other, key: k })).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
    expect(await eventsTitled(other.titles.fr)).toBe(0);
    expect(await readEvent(first.id)).toMatchObject({ version: 1 });

    const kx = key('experience');
    const input = experienceInput(null);
    const x = await ok(as.organiser, CREATE_EXPERIENCE, { input, key: kx });
    expect((await ok(as.organiser, CREATE_EXPERIENCE, { input, key: kx })).id).toBe(x.id);
    expect(
      (
        await refused(as.organiser, CREATE_EXPERIENCE, {
          input: { ...input, title: unique('Autre') },
          key: kx,
        })
      ).code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await db().getRepository(ExperienceEntity).countBy({ title: input.title })).toBe(1);
  });
});
