import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEntity } from '../subgraphs/events/event.entity';
import { ExperienceEntity } from '../subgraphs/events/experience.entity';
import { since } from './helpers/clock';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, internalHeaders, ministry, officerOf, Role } from './helpers/tokens';
import { type Answer, type Headers, writesThrough } from './helpers/writes';

/**
 * Events and experiences written through the gateway (issue 4): who may do what, the whole path from a
 * draft to a published experience, who sees what whichever subgraph a query comes through, concurrency,
 * idempotency and the input checks. The hub holds no event at scale 0: every event here is made here.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
const NETWORK = 'uclg';
const AGREEMENT = 'ma-ex02-2025'; // the real Fès – Montpellier 2025 protocol, signed: public

let hub: Hub;
type Who =
  | 'public'
  | 'organiser'
  | 'participant'
  | 'other'
  | 'secretariat'
  | 'otherSecretariat'
  | 'ministry'
  | 'admin';
const WHO: Who[] = [
  'public',
  'organiser',
  'participant',
  'other',
  'secretariat',
  'otherSecretariat',
  'ministry',
  'admin',
];
let as: Record<Who, Headers>;
/** The viewer of each role, as the gateway passes it to subgraphs. */
const VIEWERS: Record<Who, { role: Role; territories?: string[]; networks?: string[] }> = {
  public: { role: Role.PUBLIC },
  organiser: { role: Role.TERRITORY_OFFICER, territories: [FES] },
  participant: { role: Role.TERRITORY_OFFICER, territories: [MONTPELLIER] },
  other: { role: Role.TERRITORY_OFFICER, territories: ['01.111.01.1', 'ES-barcelona'] },
  secretariat: { role: Role.NETWORK_SECRETARIAT, networks: [NETWORK] },
  otherSecretariat: { role: Role.NETWORK_SECRETARIAT, networks: ['metropolis'] },
  ministry: { role: Role.MINISTRY },
  admin: { role: Role.ADMIN },
};

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  as = {
    public: {},
    organiser: await officerOf(FES),
    participant: await officerOf(MONTPELLIER),
    other: await officerOf('01.111.01.1', 'ES-barcelona'),
    secretariat: await bearer({ role: Role.NETWORK_SECRETARIAT, networks: [NETWORK] }),
    otherSecretariat: await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['metropolis'] }),
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

const EVENT = 'id version status title startsOn endsOn organisers { id } participants { id } network { id }';
const CREATE_EVENT = `mutation($input: CreateEventInput!, $key: String) {
  createEvent(input: $input, idempotencyKey: $key) { ${EVENT} } }`;
const UPDATE_EVENT = `mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) {
  updateEvent(id: $id, expectedVersion: $v, input: $input) { ${EVENT} description } }`;
const PUBLISH_EVENT = `mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { ${EVENT} } }`;
const CANCEL_EVENT = `mutation($id: ID!, $v: Int!) { cancelEvent(id: $id, expectedVersion: $v) { ${EVENT} } }`;
const REGISTER = `mutation($e: ID!, $t: ID!, $v: Int) {
  registerParticipant(eventId: $e, territoryId: $t, expectedVersion: $v) { ${EVENT} } }`;
const UNREGISTER = `mutation($e: ID!, $t: ID!, $v: Int) {
  unregisterParticipant(eventId: $e, territoryId: $t, expectedVersion: $v) { ${EVENT} } }`;
const EXPERIENCE = 'id version title isPublished publishedOn territory { id } event { id }';
const CREATE_EXPERIENCE = `mutation($input: CreateExperienceInput!, $key: String) {
  createExperience(input: $input, idempotencyKey: $key) { ${EXPERIENCE} } }`;
const UPDATE_EXPERIENCE = `mutation($id: ID!, $v: Int!, $input: UpdateExperienceInput!) {
  updateExperience(id: $id, expectedVersion: $v, input: $input) { ${EXPERIENCE} summary } }`;
const PUBLISH_EXPERIENCE = `mutation($id: ID!, $v: Int!, $date: LocalDate) {
  publishExperience(id: $id, expectedVersion: $v, date: $date) { ${EXPERIENCE} } }`;
const UNPUBLISH_EXPERIENCE = `mutation($id: ID!, $v: Int!) {
  unpublishExperience(id: $id, expectedVersion: $v) { ${EXPERIENCE} } }`;

const eventInput = (overrides: Record<string, unknown> = {}) => ({
  kind: 'SEMINAR',
  titles: { fr: unique('Séminaire sur la gestion de l’eau'), en: 'Seminar on water management' },
  description: 'Rencontre des services de l’eau de Fès et de Montpellier.',
  startsOn: '2026-03-10',
  endsOn: '2026-03-12',
  place: { city: 'Fès', territoryId: FES },
  organiserIds: [FES],
  networkId: NETWORK,
  themes: ['water-sanitation'],
  sdgs: [6],
  languages: ['FR', 'AR'],
  ...overrides,
});
const experienceInput = (eventId: string | null, overrides: Record<string, unknown> = {}) => ({
  territoryId: FES,
  title: unique('Réduire les fuites du réseau d’eau de la médina'),
  summary: 'Sectorisation du réseau et campagne de détection des fuites.',
  lessonsLearned: 'Mesurer avant d’investir; associer les habitants aux relevés.',
  language: 'FR',
  eventId,
  themes: ['water-sanitation'],
  sdgs: [6],
  documents: [{ title: 'Rapport', url: 'https://example.org/fes-fuites.pdf' }],
  ...overrides,
});

// Fixtures, each made by a role allowed to make it.
const draftEvent = (overrides: Record<string, unknown> = {}) =>
  ok(as.organiser, CREATE_EVENT, { input: eventInput(overrides) });
async function publishedEvent(overrides: Record<string, unknown> = {}) {
  const e = await draftEvent(overrides);
  return ok(as.organiser, PUBLISH_EVENT, { id: e.id, v: e.version });
}
async function withParticipant() {
  const e = await publishedEvent();
  return ok(as.participant, REGISTER, { e: e.id, t: MONTPELLIER });
}
async function unpublishedExperience() {
  const e = await publishedEvent();
  return ok(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(e.id) });
}

const TABLE: {
  mutation: string;
  allowed: Who[];
  call: () => Promise<(headers: Headers) => Promise<Answer>>;
}[] = [
  {
    mutation: 'createEvent',
    allowed: ['organiser', 'secretariat', 'admin'],
    call: async () => (h) => run(h, CREATE_EVENT, { input: eventInput() }),
  },
  {
    mutation: 'updateEvent',
    allowed: ['organiser', 'secretariat', 'admin'],
    call: async () => {
      const e = await draftEvent();
      return (h) =>
        run(h, UPDATE_EVENT, { id: e.id, v: e.version, input: { description: 'Programme revu.' } });
    },
  },
  {
    mutation: 'publishEvent',
    allowed: ['organiser', 'secretariat', 'admin'],
    call: async () => {
      const e = await draftEvent();
      return (h) => run(h, PUBLISH_EVENT, { id: e.id, v: e.version });
    },
  },
  {
    mutation: 'cancelEvent',
    allowed: ['organiser', 'secretariat', 'admin'],
    call: async () => {
      const e = await publishedEvent();
      return (h) => run(h, CANCEL_EVENT, { id: e.id, v: e.version });
    },
  },
  {
    mutation: 'registerParticipant',
    allowed: ['organiser', 'participant', 'secretariat', 'admin'],
    call: async () => {
      const e = await publishedEvent();
      return (h) => run(h, REGISTER, { e: e.id, t: MONTPELLIER, v: e.version });
    },
  },
  {
    mutation: 'unregisterParticipant',
    allowed: ['organiser', 'participant', 'secretariat', 'admin'],
    call: async () => {
      const e = await withParticipant();
      return (h) => run(h, UNREGISTER, { e: e.id, t: MONTPELLIER, v: e.version });
    },
  },
  {
    mutation: 'createExperience',
    allowed: ['organiser', 'admin'],
    call: async () => {
      const e = await publishedEvent();
      return (h) => run(h, CREATE_EXPERIENCE, { input: experienceInput(e.id) });
    },
  },
  {
    mutation: 'updateExperience',
    allowed: ['organiser', 'admin'],
    call: async () => {
      const x = await unpublishedExperience();
      return (h) => run(h, UPDATE_EXPERIENCE, { id: x.id, v: x.version, input: { summary: 'Résumé revu.' } });
    },
  },
  {
    mutation: 'publishExperience',
    allowed: ['organiser', 'admin'],
    call: async () => {
      const x = await unpublishedExperience();
      return (h) => run(h, PUBLISH_EXPERIENCE, { id: x.id, v: x.version });
    },
  },
  {
    mutation: 'unpublishExperience',
    allowed: ['organiser', 'admin'],
    call: async () => {
      const draft = await unpublishedExperience();
      const x = await ok(as.organiser, PUBLISH_EXPERIENCE, { id: draft.id, v: draft.version });
      return (h) => run(h, UNPUBLISH_EXPERIENCE, { id: x.id, v: x.version });
    },
  },
];

describe('who may write events and experiences', () => {
  for (const row of TABLE) {
    for (const who of WHO) {
      const allowed = row.allowed.includes(who);
      const expected = allowed ? 'succeeds' : who === 'public' ? 'is UNAUTHENTICATED' : 'is FORBIDDEN';
      it(`${row.mutation} by ${who} ${expected}`, async () => {
        const call = await row.call();
        const body = await call(as[who]);
        if (allowed) {
          expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
          expect(body.data![row.mutation].id).toBeTruthy();
        } else {
          expect(body.errors?.[0]?.extensions.code).toBe(who === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
          expect(body.data?.[row.mutation] ?? null).toBeNull();
        }
      });
    }
  }
});

/** What `who` sees of an event and an experience, by every read path of the graph. */
async function sightings(who: Who, eventId: string, experienceId: string | null) {
  const body = await run(
    as[who],
    `query($e: ID!, $x: ID!, $fes: ID!, $mtp: ID!, $net: ID!, $p: ID!, $search: String!) {
      byId: event(id: $e) { id status }
      list: events(filter: { networkId: $net }, first: 100) { totalCount nodes { id } }
      eventStats { total }
      territory(id: $fes) { events { id } }
      network(id: $net) { events { id } }
      partnership(id: $p) { events { id } experiences { id } }
      experienceById: experience(id: $x) { id }
      experiences(filter: { territoryId: $mtp }, first: 100) { totalCount nodes { id } }
      found: experiences(filter: { search: $search }, first: 100) { nodes { id } }
      experienceStats { total }
      sharer: territory(id: $mtp) { experiences { id } }
    }`,
    {
      e: eventId,
      x: experienceId ?? 'none',
      fes: FES,
      mtp: MONTPELLIER,
      net: NETWORK,
      p: AGREEMENT,
      search: 'Montpellier compostage',
    },
  );
  // The only errors are the NOT_FOUND of what the viewer may not see by id: every list answered.
  expect(body.data, JSON.stringify(body.errors)).toBeTruthy();
  for (const error of body.errors ?? []) {
    expect(error.extensions.code, JSON.stringify(error)).toBe('NOT_FOUND');
    expect(['byId', 'experienceById']).toContain(error.path?.[0]);
  }
  // What the gateway asks the events subgraph when another subgraph's answer leads to them.
  const entities = await postGraphQL(
    hub.subgraphs.events.url,
    `query($e: ID!, $x: ID!) {
      _entities(representations: [{ __typename: "Event", id: $e }, { __typename: "Experience", id: $x }]) {
        ... on Event { id } ... on Experience { id }
      }
    }`,
    { e: eventId, x: experienceId ?? 'none' },
    who === 'public' ? {} : await internalHeaders(VIEWERS[who]),
  );
  expect(entities.body.errors).toBeUndefined();
  const has = (list: { id: string }[] | undefined | null, id: string | null) =>
    !!id && (list ?? []).some((item) => item?.id === id);
  return {
    body,
    event: {
      byId: body.data?.byId?.id === eventId,
      list: has(body.data?.list?.nodes, eventId),
      territory: has(body.data?.territory?.events, eventId),
      network: has(body.data?.network?.events, eventId),
      partnership: has(body.data?.partnership?.events, eventId),
      entities: has(entities.body.data?._entities, eventId),
    },
    experience: {
      byId: body.data?.experienceById?.id === experienceId,
      list: has(body.data?.experiences?.nodes, experienceId),
      search: has(body.data?.found?.nodes, experienceId),
      territory: has(body.data?.sharer?.experiences, experienceId),
      partnership: has(body.data?.partnership?.experiences, experienceId),
      entities: has(entities.body.data?._entities, experienceId),
    },
    counts: {
      events: body.data?.list?.totalCount as number,
      eventStats: body.data?.eventStats?.total as number,
      experiences: body.data?.experiences?.totalCount as number,
      experienceStats: body.data?.experienceStats?.total as number,
    },
  };
}

const everywhere = (seen: Record<string, boolean>) => Object.values(seen).every(Boolean);
const nowhere = (seen: Record<string, boolean>) => Object.values(seen).every((s) => !s);

describe('an event and an experience from draft to publication, through the gateway', () => {
  it('is seen by its parties and the ministry while a draft, by everyone once published', async () => {
    const counts = {
      public: (await sightings('public', 'none', null)).counts,
      ministry: (await sightings('ministry', 'none', null)).counts,
    };
    const draft = await ok(as.organiser, CREATE_EVENT, {
      input: eventInput({ partnershipId: AGREEMENT }),
      key: unique('fes-seminaire-eau').replace(/\s/g, '-'),
    });
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      organisers: [{ id: FES }],
      network: { id: NETWORK },
    });

    // A draft: the organiser, the network's secretariat, the ministry and admin see it; no one else does.
    for (const who of ['organiser', 'secretariat', 'ministry', 'admin'] as Who[]) {
      expect(everywhere((await sightings(who, draft.id, null)).event), who).toBe(true);
    }
    for (const who of ['public', 'participant', 'other', 'otherSecretariat'] as Who[]) {
      const seen = await sightings(who, draft.id, null);
      expect(nowhere(seen.event), who).toBe(true);
      expect(seen.body.errors?.find((e) => e.path?.[0] === 'byId')?.extensions.code).toBe('NOT_FOUND');
    }
    const whileDraft = await sightings('public', draft.id, null);
    expect(whileDraft.counts.events).toBe(counts.public.events);
    expect(whileDraft.counts.eventStats).toBe(counts.public.eventStats);
    expect((await sightings('ministry', draft.id, null)).counts.eventStats).toBe(
      counts.ministry.eventStats + 1,
    );
    // A draft is no activity of the agreement, whoever reads.
    const lastEventOn = async (who: Who) =>
      (await ok(as[who], `query($p: ID!) { partnership(id: $p) { lastEventOn } }`, { p: AGREEMENT }))
        .lastEventOn;
    const lastBefore = await lastEventOn('ministry');
    expect(lastBefore).not.toBe(draft.startsOn);

    // Published: everyone sees it, and it counts.
    const published = await ok(as.organiser, PUBLISH_EVENT, { id: draft.id, v: draft.version });
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 2 });
    const afterPublication = await sightings('public', draft.id, null);
    expect(everywhere(afterPublication.event)).toBe(true);
    expect(afterPublication.counts.events).toBe(counts.public.events + 1);
    expect(afterPublication.counts.eventStats).toBe(counts.public.eventStats + 1);
    expect(await lastEventOn('public')).toBe('2026-03-10');

    // Participants: Montpellier registers itself; again, nothing changes; an organiser cannot take part.
    const registered = await ok(as.participant, REGISTER, {
      e: draft.id,
      t: MONTPELLIER,
      v: published.version,
    });
    expect(registered).toMatchObject({ version: 3, participants: [{ id: MONTPELLIER }] });
    const again = await ok(as.participant, REGISTER, { e: draft.id, t: MONTPELLIER });
    expect(again).toMatchObject({ version: 3, participants: [{ id: MONTPELLIER }] });
    const byOrganiser = await ok(as.organiser, REGISTER, { e: draft.id, t: 'ES-barcelona' });
    expect(byOrganiser.participants).toEqual([{ id: MONTPELLIER }, { id: 'ES-barcelona' }]);
    expect(await refused(as.organiser, REGISTER, { e: draft.id, t: FES })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'territoryId',
    });

    // Montpellier writes down what it showed there: unpublished, seen by its officers and the ministry.
    const text = { lessonsLearned: 'Le compostage de quartier à Montpellier réduit la collecte.' };
    const written = await ok(as.participant, CREATE_EXPERIENCE, {
      input: experienceInput(draft.id, { territoryId: MONTPELLIER, ...text }),
    });
    expect(written).toMatchObject({ isPublished: false, publishedOn: null, event: { id: draft.id } });
    for (const who of ['participant', 'ministry', 'admin'] as Who[]) {
      const seen = await sightings(who, draft.id, written.id);
      expect(everywhere(seen.experience), who).toBe(true);
    }
    for (const who of ['public', 'organiser', 'other', 'secretariat', 'otherSecretariat'] as Who[]) {
      const seen = await sightings(who, draft.id, written.id);
      expect(nowhere(seen.experience), who).toBe(true);
      expect(seen.body.errors?.find((e) => e.path?.[0] === 'experienceById')?.extensions.code).toBe(
        'NOT_FOUND',
      );
    }
    const eventExperiences = async (who: Who) =>
      (await ok(as[who], `query($e: ID!) { event(id: $e) { experiences { id } } }`, { e: draft.id }))
        .experiences;
    expect(await eventExperiences('public')).toEqual([]);
    expect(await eventExperiences('participant')).toEqual([{ id: written.id }]);
    const beforeExperience = await sightings('public', draft.id, written.id);

    // Published, with its date (the server's today, one of the days this call ran across): everyone sees
    // it, and it counts.
    const clock = since();
    const shared = await ok(as.participant, PUBLISH_EXPERIENCE, { id: written.id, v: written.version });
    expect(shared).toMatchObject({ isPublished: true, publishedOn: clock.aDay(), version: 2 });
    const afterSharing = await sightings('public', draft.id, written.id);
    expect(everywhere(afterSharing.experience)).toBe(true);
    expect(afterSharing.counts.experiences).toBe(beforeExperience.counts.experiences + 1);
    expect(afterSharing.counts.experienceStats).toBe(beforeExperience.counts.experienceStats + 1);
    expect(await eventExperiences('public')).toEqual([{ id: written.id }]);

    // Cancelled: still public, as cancelled, and no longer activity of the agreement.
    const cancelled = await ok(as.secretariat, CANCEL_EVENT, { id: draft.id, v: byOrganiser.version });
    expect(cancelled.status).toBe('CANCELLED');
    expect((await sightings('public', draft.id, written.id)).event.byId).toBe(true);
    expect(await lastEventOn('public')).toBe(lastBefore);

    // Every step is in the audit trails, for those who may read them.
    const eventTrail = `query($e: ID!) { event(id: $e) { auditTrail { action role version changes } } }`;
    const trail = (await ok(as.ministry, eventTrail, { e: draft.id })).auditTrail;
    expect(trail.map((entry: { action: string; version: number }) => [entry.action, entry.version])).toEqual([
      ['createEvent', 1],
      ['publishEvent', 2],
      ['registerParticipant', 3],
      ['registerParticipant', 4],
      ['cancelEvent', 5],
    ]);
    expect(trail[2].changes).toEqual({ participantIds: { from: [], to: [MONTPELLIER] } });
    for (const who of ['organiser', 'secretariat', 'admin'] as Who[])
      await ok(as[who], eventTrail, { e: draft.id });
    for (const who of ['public', 'participant', 'otherSecretariat'] as Who[]) {
      const body = await run(as[who], eventTrail, { e: draft.id });
      expect(body.errors?.[0].extensions.code, who).toBe('FORBIDDEN');
      expect(body.data?.event.auditTrail).toBeNull();
    }
    const experienceTrail = `query($x: ID!) { experience(id: $x) { auditTrail { action version } } }`;
    expect((await ok(as.participant, experienceTrail, { x: written.id })).auditTrail).toEqual([
      { action: 'createExperience', version: 1 },
      { action: 'publishExperience', version: 2 },
    ]);
    expect((await run(as.organiser, experienceTrail, { x: written.id })).errors?.[0].extensions.code).toBe(
      'FORBIDDEN',
    );
  });

  it('hides a withdrawn experience again from everyone but its territory and the ministry', async () => {
    const draft = await unpublishedExperience();
    const published = await ok(as.organiser, PUBLISH_EXPERIENCE, { id: draft.id, v: draft.version });
    const look = async (who: Who) => {
      const body = await run(
        as[who],
        `query($x: ID!, $e: ID!, $fes: ID!) {
          experience(id: $x) { id }
          event(id: $e) { experiences { id } }
          experiences(filter: { territoryId: $fes }, first: 100) { totalCount nodes { id } }
          experienceStats { total }
        }`,
        { x: draft.id, e: published.event.id, fes: FES },
      );
      return {
        byId: body.data?.experience?.id === draft.id,
        onEvent: body.data!.event.experiences.some((x: { id: string }) => x.id === draft.id),
        inList: body.data!.experiences.nodes.some((x: { id: string }) => x.id === draft.id),
        total: body.data!.experiences.totalCount as number,
        stats: body.data!.experienceStats.total as number,
      };
    };
    const before = await look('public');
    expect(before).toMatchObject({ byId: true, onEvent: true, inList: true });

    const withdrawn = await ok(as.organiser, UNPUBLISH_EXPERIENCE, { id: draft.id, v: published.version });
    expect(withdrawn).toMatchObject({ isPublished: false, publishedOn: null, version: 3 });
    expect(await look('public')).toEqual({
      byId: false,
      onEvent: false,
      inList: false,
      total: before.total - 1,
      stats: before.stats - 1,
    });
    for (const who of ['organiser', 'ministry', 'admin'] as Who[]) {
      expect(await look(who), who).toMatchObject({ byId: true, onEvent: true, inList: true });
    }
    // Withdrawing twice is the caller's mistake; publishing again makes it public again.
    expect(await refused(as.organiser, UNPUBLISH_EXPERIENCE, { id: draft.id, v: 3 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    await ok(as.organiser, PUBLISH_EXPERIENCE, { id: draft.id, v: 3 });
    expect(await look('public')).toEqual(before);
    const trail = `query($x: ID!) { experience(id: $x) { auditTrail { action } } }`;
    expect((await ok(as.ministry, trail, { x: draft.id })).auditTrail).toEqual(
      ['createExperience', 'publishExperience', 'unpublishExperience', 'publishExperience'].map((action) => ({
        action,
      })),
    );
  });

  it('hides a draft event from a participant’s officer who would register itself', async () => {
    const draft = await draftEvent();
    expect(await refused(as.participant, REGISTER, { e: draft.id, t: MONTPELLIER })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refused(as.organiser, REGISTER, { e: draft.id, t: MONTPELLIER })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'eventId',
    });
  });
});

describe('every write of an event or an experience', () => {
  it('lets one of two concurrent writers win, gives the other CONFLICT, and loses nothing on retry', async () => {
    const e = await draftEvent();
    const [a, b] = await Promise.all([
      run(as.organiser, UPDATE_EVENT, {
        id: e.id,
        v: e.version,
        input: { description: 'Programme de Fès.' },
      }),
      run(as.secretariat, UPDATE_EVENT, { id: e.id, v: e.version, input: { endsOn: '2026-03-13' } }),
    ]);
    const winners = [a, b].filter((body) => !body.errors);
    const losers = [a, b].filter((body) => body.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].errors![0].extensions.code).toBe('CONFLICT');
    const loserIsOrganiser = losers[0] === a;
    const current = await ok(as.admin, `query($id: ID!) { event(id: $id) { ${EVENT} description } }`, {
      id: e.id,
    });
    expect(current.version).toBe(2);
    expect(current.endsOn).toBe(loserIsOrganiser ? '2026-03-13' : '2026-03-12');
    const retried = await ok(loserIsOrganiser ? as.organiser : as.secretariat, UPDATE_EVENT, {
      id: e.id,
      v: current.version,
      input: loserIsOrganiser ? { description: 'Programme de Fès.' } : { endsOn: '2026-03-13' },
    });
    expect(retried).toMatchObject({ version: 3, description: 'Programme de Fès.', endsOn: '2026-03-13' });
  });

  it('checks existence, then the role, then the version, then the input', async () => {
    const e = await draftEvent();
    await ok(as.organiser, UPDATE_EVENT, { id: e.id, v: e.version, input: { description: 'Première.' } });
    const stale = { id: e.id, v: e.version, input: { endsOn: '2020-01-01' } };
    expect((await refused(as.public, UPDATE_EVENT, stale)).code).toBe('UNAUTHENTICATED');
    expect((await refused(as.other, UPDATE_EVENT, { ...stale, id: 'e-unknown' })).code).toBe('NOT_FOUND');
    expect((await refused(as.other, UPDATE_EVENT, stale)).code).toBe('FORBIDDEN');
    expect((await refused(as.ministry, UPDATE_EVENT, stale)).code).toBe('FORBIDDEN');
    expect((await refused(as.secretariat, UPDATE_EVENT, stale)).code).toBe('CONFLICT');
    expect(await refused(as.secretariat, UPDATE_EVENT, { ...stale, v: e.version + 1 })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.endsOn',
    });
  });

  it('creates once under one idempotency key, however often it is retried', async () => {
    const input = eventInput();
    const key = unique('retry-event').replace(/\s/g, '-');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await ok(as.organiser, CREATE_EVENT, { input, key }));
    expect(new Set(answers.map((e) => e.id)).size).toBe(1);
    const db = hub.subgraphs.events.db;
    expect(await db.getRepository(EventEntity).countBy({ titleFr: input.titles.fr })).toBe(1);
    // Simultaneous retries too.
    const experience = experienceInput(null);
    const burst = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(as.organiser, CREATE_EXPERIENCE, { input: experience, key: `${key}-x` }),
      ),
    );
    for (const body of burst) expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(new Set(burst.map((body) => body.data!.createExperience.id)).size).toBe(1);
    expect(await db.getRepository(ExperienceEntity).countBy({ title: experience.title })).toBe(1);
  });

  it('is refused with BAD_USER_INPUT naming the field when its input is wrong', async () => {
    const field = async (headers: Headers, query: string, variables: Record<string, unknown>) =>
      (await refused(headers, query, variables)).field;
    const create = (overrides: Record<string, unknown>) =>
      field(as.organiser, CREATE_EVENT, { input: eventInput(overrides) });
    expect(await create({ startsOn: '2026-03-12', endsOn: '2026-03-10' })).toBe('input.endsOn');
    expect(await create({ themes: ['water-sanitation', 'no-such-theme'] })).toBe('input.themes[1]');
    expect(await create({ sdgs: [18] })).toBe('input.sdgs[0]');
    expect(await create({ titles: { fr: '  ' } })).toBe('input.titles');
    expect(await create({ organiserIds: [FES, '99.999.99.9'] })).toBe('input.organiserIds[1]');
    expect(await create({ place: { online: false } })).toBe('input.place');
    expect(await create({ place: { territoryId: FES, countryCode: 'FR' } })).toBe('input.place.countryCode');
    expect(await create({ languages: [] })).toBe('input.languages');
    expect(await create({ networkId: 'Not a network!' })).toBe('input.networkId');
    expect(await create({ partnershipId: 'p 1' })).toBe('input.partnershipId');

    const published = await publishedEvent();
    expect(await field(as.organiser, REGISTER, { e: published.id, t: FES })).toBe('territoryId');
    expect(await field(as.organiser, PUBLISH_EVENT, { id: published.id, v: published.version })).toBe('id');

    const makeX = (overrides: Record<string, unknown>, eventId: string | null = published.id) =>
      field(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(eventId, overrides) });
    expect(await makeX({ documents: [{ title: 'Guide', url: 'javascript:alert(1)' }] })).toBe(
      'input.documents[0].url',
    );
    expect(await makeX({ themes: ['no-such-theme'] })).toBe('input.themes[0]');
    // Barcelona neither organised nor took part; a draft of others is not there for Fès.
    const barcelona = await officerOf('ES-barcelona');
    expect(
      await field(barcelona, CREATE_EXPERIENCE, {
        input: experienceInput(published.id, { territoryId: 'ES-barcelona' }),
      }),
    ).toBe('input.eventId');
    const othersDraft = await ok(as.participant, CREATE_EVENT, {
      input: eventInput({ organiserIds: [MONTPELLIER], networkId: null }),
    });
    expect(await makeX({}, othersDraft.id)).toBe('input.eventId');

    const x = await ok(as.organiser, CREATE_EXPERIENCE, { input: experienceInput(null) });
    expect(
      await field(as.organiser, PUBLISH_EXPERIENCE, { id: x.id, v: x.version, date: '2999-01-01' }),
    ).toBe('date');
    // A published experience never points at a draft: publish the event first.
    const ownDraft = await draftEvent();
    const linked = await ok(as.organiser, UPDATE_EXPERIENCE, {
      id: x.id,
      v: x.version,
      input: { eventId: ownDraft.id },
    });
    expect(await field(as.organiser, PUBLISH_EXPERIENCE, { id: linked.id, v: linked.version })).toBe('id');
  });
});
