import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useSubgraph, type Reader } from '../../test/helpers/subgraph-under-test';
import { Role } from '../../test/helpers/tokens';
import { countryOfTerritory, isWithin, settingOfCommune } from '../shared/hcp';
import { todaysRegionsOf } from '../shared/reference/former';
import { buildWorld, type WorldPartnership } from '../shared/world';
import { EvidenceStrength, strengthOf } from '../shared/evidence';
import { formerIdsSucceededBy } from './partnership.filter';
import { isDormant, monthsBefore } from './partnership.resolver';
import { lastActionOn } from './seed';
import { partnershipsSubgraph } from './subgraph';

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';

// The same world the subgraph seeds (default DEMO_SEED 2026, DEMO_SCALE 1).
const world = buildWorld({ seed: 2026, scale: 1 });
const twinning = world.partnerships.find((p) => p.reference === 'EX02' && p.kind === 'TWINNING')!;
const protocol = world.partnerships.find((p) => p.renewsId === twinning.id)!;
// An old agreement in force that the hub follows (a demo record stands for one made in the hub) and that has
// no action: dormant unless an event was held. And Casablanca – Bordeaux (1988), known from its source only.
const followed = world.partnerships.find(
  (p) =>
    p.isDemo &&
    ['SIGNED', 'ACTIVE', 'DORMANT'].includes(p.status) &&
    p.signedOn != null &&
    p.signedOn < '2020-01-01' &&
    p.actions.length === 0,
)!;
const sourceOnly = world.partnerships.find((p) => p.id === 'ma-ex01')!;

/** A renewal chain once, as the statistics count: left out when a signed renewal of it is in the set. */
const SIGNED_RENEWAL = ['SIGNED', 'ACTIVE', 'DORMANT', 'EXPIRED', 'SUPERSEDED'];
const oncePerChain = (set: WorldPartnership[]) =>
  set.filter((p) => !set.some((r) => r.renewsId === p.id && SIGNED_RENEWAL.includes(r.status)));

// Reads as the ministry, which sees every agreement whatever its status, so answers can be compared with
// the whole seeded world; "who sees which agreement" switches to other readers.
const subgraph = useSubgraph(partnershipsSubgraph);
const { query, data, failure, statements } = subgraph;
const readAs = (reader: Reader) => subgraph.readAs(reader);

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id);

/**
 * Every agreement a filter lists, page by page (the sourced batch makes lists longer than one page), with
 * the total count of the first page.
 */
async function everyPage(
  filter: Record<string, unknown> | null,
): Promise<{ totalCount: number; nodes: { id: string; status: string }[] }> {
  const text = `query($f: PartnershipFilter, $after: String) { partnerships(filter: $f, first: 100, after: $after) {
    totalCount nodes { id status } pageInfo { hasNextPage endCursor } } }`;
  const nodes: { id: string; status: string }[] = [];
  let after: string | null = null;
  let totalCount = 0;
  for (;;) {
    const { partnerships }: any = await data(text, { f: filter, after });
    totalCount = partnerships.totalCount;
    nodes.push(...partnerships.nodes);
    if (!partnerships.pageInfo.hasNextPage) return { totalCount, nodes };
    after = partnerships.pageInfo.endCursor;
  }
}
const sorted = (values: string[]) => [...values].sort();

beforeAll(() => readAs({ role: Role.MINISTRY }));

describe('the partnerships subgraph schema', () => {
  it('publishes its entity keys, the stubs it references and the @requires of isDormant', async () => {
    const { _service } = await data('{ _service { sdl } }');
    const sdl = _service.sdl.replace(/\s+/g, ' ');
    expect(sdl).toContain('type Partnership @key(fields: "id")');
    expect(sdl).toContain('type CooperationRequest @key(fields: "id")');
    expect(sdl).toContain('type Territory @key(fields: "id")');
    expect(sdl).toContain('type Country @key(fields: "code", resolvable: false)');
    expect(sdl).toContain('type Theme @key(fields: "code", resolvable: false)');
    expect(sdl).toContain('type Sdg @key(fields: "number", resolvable: false)');
    expect(sdl).toContain('type SdgTarget @key(fields: "code", resolvable: false)');
    expect(sdl).toMatch(/lastEventOn: LocalDate @external/);
    expect(sdl).toContain('type Event @key(fields: "id")');
    expect(sdl).toMatch(/partnershipId: ID @external/);
    expect(sdl).toMatch(/partnership: Partnership @requires\(fields: "partnershipId"\)/);
    expect(sdl).toMatch(/isDormant\(.*months: Int = 24\s*\): Boolean! @requires\(fields: "lastEventOn"\)/);
    expect(sdl).toMatch(
      /partnerships\(.*kinds: \[PartnershipKind!\].*statuses: \[PartnershipStatus!\]\s*\): \[Partnership!\]!/,
    );
    expect(sdl).toContain('enum Setting');
  });
});

describe('the Fès–Montpellier twinning', () => {
  const fields = `id reference kind status signedOn year isDemo
    parties { territory { id } role } partnerCountries { code }
    themes { code } sources { url title } steps { status date reference note }
    renews { id } renewals { id kind signedOn }`;

  it('is the real twinning EX02 signed on 14 June 2003 by Fès and Montpellier', async () => {
    const { partnership } = await data(`query($id: ID!) { partnership(id: $id) { ${fields} } }`, {
      id: twinning.id,
    });
    expect(partnership).toMatchObject({
      reference: 'EX02',
      kind: 'TWINNING',
      signedOn: '2003-06-14',
      year: 2003,
      isDemo: false,
      parties: [
        { territory: { id: FES }, role: 'MOROCCAN_PARTY' },
        { territory: { id: MONTPELLIER }, role: 'FOREIGN_PARTY' },
      ],
      partnerCountries: [{ code: 'FR' }],
      renews: null,
      // Superseded by its 2025 protocol on the day the protocol was signed.
      status: 'SUPERSEDED',
      steps: [
        { status: 'SIGNED', date: '2003-06-14' },
        { status: 'SUPERSEDED', date: '2025-04-21' },
      ],
    });
    expect(partnership.themes.map((t: { code: string }) => t.code)).toContain('heritage');
  });

  it('carries the URLs of its public sources', async () => {
    const { partnership } = await data(`query($id: ID!) { partnership(id: $id) { sources { url title } } }`, {
      id: twinning.id,
    });
    expect(partnership.sources.map((s: { url: string }) => s.url)).toEqual([
      'http://www.fescity.com/jumelage/',
      'https://maroc.ma/fr/actualites/les-villes-de-fes-et-montpellier-engagent-un-nouveau-chapitre-de-cooperation-decentralise',
      'https://yop.l-frii.com/le-maroc-et-la-france-plus-amis-que-jamais-grace-un-contrat-de',
    ]);
  });

  it('is renewed by the 2025 protocol, which lists it as the agreement it renews', async () => {
    const { partnership: old } = await data(`query($id: ID!) { partnership(id: $id) { renewals { id } } }`, {
      id: twinning.id,
    });
    expect(ids(old.renewals)).toContain(protocol.id);
    const { partnership: renewal } = await data(
      `query($id: ID!) { partnership(id: $id) { kind signedOn reference renews { id kind signedOn } } }`,
      { id: protocol.id },
    );
    expect(renewal).toEqual({
      kind: 'PROTOCOL',
      signedOn: '2025-04-21',
      reference: 'EX02',
      renews: { id: twinning.id, kind: 'TWINNING', signedOn: '2003-06-14' },
    });
  });

  it('gives its title in the language asked, falling back to French where Arabic is missing', async () => {
    const { partnership } = await data(
      `query($id: ID!) { partnership(id: $id) { fr: title en: title(lang: EN) ar: title(lang: AR) titles { fr ar en } } }`,
      { id: twinning.id },
    );
    expect(partnership).toEqual({
      fr: 'Jumelage Fès – Montpellier',
      en: 'Fès – Montpellier twinning',
      ar: 'Jumelage Fès – Montpellier',
      titles: { fr: 'Jumelage Fès – Montpellier', ar: null, en: 'Fès – Montpellier twinning' },
    });
  });

  it('shows up among the partnerships, partners and twinnings of Fès', async () => {
    const { _entities } = await data(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory {
        id partnerships { id } twinnings: partnerships(kinds: [TWINNING]) { id }
        signed: partnerships(statuses: [SIGNED], kinds: [PROTOCOL]) { id } partners { id } } } }`,
      { r: [{ __typename: 'Territory', id: FES }] },
    );
    const fes = _entities[0];
    const expected = world.partnerships.filter((p) => p.parties.some((party) => party.territoryId === FES));
    expect(sorted(ids(fes.partnerships))).toEqual(sorted(expected.map((p) => p.id)));
    expect(ids(fes.twinnings)).toContain(twinning.id);
    expect(ids(fes.twinnings)).not.toContain(protocol.id);
    expect(ids(fes.signed)).toContain(protocol.id);
    expect(ids(fes.partners)).toContain(MONTPELLIER);
    expect(ids(fes.partners)).not.toContain(FES);
  });
});

describe('isDormant and dormancy, with lastEventOn from the events subgraph', () => {
  const dormancy = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership {
    id lastEventOn isDormant dormancy longAgo: isDormant(months: 600) } } }`;

  it('calls an old signed agreement the hub follows, without actions or events, dormant', async () => {
    expect(followed.actions).toEqual([]);
    const { _entities } = await data(dormancy, {
      r: [{ __typename: 'Partnership', id: followed.id, lastEventOn: null }],
    });
    expect(_entities).toEqual([
      { id: followed.id, lastEventOn: null, isDormant: true, dormancy: 'DORMANT', longAgo: false },
    ]);
  });

  it('does not call it dormant when an event was held since signature', async () => {
    const { _entities } = await data(dormancy, {
      r: [{ __typename: 'Partnership', id: followed.id, lastEventOn: '2025-05-02' }],
    });
    expect(_entities).toEqual([
      {
        id: followed.id,
        lastEventOn: '2025-05-02',
        isDormant: false,
        dormancy: 'NOT_DORMANT',
        longAgo: false,
      },
    ]);
  });

  it('says UNKNOWN, not dormant, for an agreement known from its public source only, until activity is recorded', async () => {
    expect(sourceOnly).toMatchObject({ status: 'SIGNED', signedOn: '1988-11-03', actions: [] });
    const { _entities } = await data(dormancy, {
      r: [
        { __typename: 'Partnership', id: sourceOnly.id, lastEventOn: null },
        { __typename: 'Partnership', id: twinning.id, lastEventOn: null },
      ],
    });
    expect(_entities).toEqual([
      { id: sourceOnly.id, lastEventOn: null, isDormant: false, dormancy: 'UNKNOWN', longAgo: false },
      // Superseded: no longer in force, so dormancy does not apply.
      { id: twinning.id, lastEventOn: null, isDormant: false, dormancy: 'NOT_APPLICABLE', longAgo: false },
    ]);
    // An event recorded through the hub under it: the hub now follows it, and it lives.
    const after = await data(dormancy, {
      r: [{ __typename: 'Partnership', id: sourceOnly.id, lastEventOn: '2026-01-10' }],
    });
    expect(after._entities[0]).toMatchObject({ isDormant: false, dormancy: 'NOT_DORMANT' });
  });

  it('does not call a recent agreement dormant', async () => {
    const { _entities } = await data(dormancy, {
      r: [{ __typename: 'Partnership', id: protocol.id, lastEventOn: null }],
    });
    expect(_entities[0].isDormant).toBe(monthsBefore(new Date(), 24) > '2025-04-21');
  });

  it('agrees with the rule on every seeded agreement, one statement for the whole batch', async () => {
    const representations = world.partnerships.map((p) => ({
      __typename: 'Partnership',
      id: p.id,
      lastEventOn: null,
    }));
    const before = subgraph.running.counter.count;
    const { _entities } = await data(dormancy, { r: representations });
    expect(subgraph.running.counter.count - before).toBe(1);
    const expected = world.partnerships.map((p) =>
      isDormant(
        {
          status: p.status as never,
          signedOn: p.signedOn,
          year: p.year,
          lastActionOn: lastActionOn(p.actions),
          reference: p.reference,
        },
        null,
        24,
      ),
    );
    expect(_entities.map((e: { isDormant: boolean }) => e.isDormant)).toEqual(expected);
    expect(expected.filter(Boolean).length).toBeGreaterThan(1);
    expect(expected.filter((d) => !d).length).toBeGreaterThan(1);
  });

  it('rejects a number of months out of range with BAD_USER_INPUT', async () => {
    const error = await failure(`query($id: ID!) { partnership(id: $id) { isDormant(months: 0) } }`, {
      id: followed.id,
    });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'months' });
  });
});

describe('the evidence of each agreement', () => {
  const STRENGTHS = Object.values(EvidenceStrength);
  const expectedEvidence = (p: WorldPartnership) =>
    p.isDemo
      ? { strength: 'UNSOURCED', caveats: [], quote: null, note: null }
      : {
          strength: strengthOf(
            p.sources.map((s) => s.url),
            p.evidence?.caveats ?? [],
          ),
          caveats: [...new Set(p.evidence?.caveats ?? [])],
          quote: p.evidence?.quote ?? null,
          note: p.evidence?.note ?? null,
        };
  const EVIDENCE = `query($r: [_Any!]!) { _entities(representations: $r) {
    ... on Partnership { id evidence { strength caveats quote note } } } }`;
  const COUNT = `query($f: PartnershipFilter) { partnerships(filter: $f, first: 1) { totalCount } }`;

  it('is what the one rule says of its sources and caveats, UNSOURCED for a demo record', async () => {
    const { _entities } = await data(EVIDENCE, {
      r: world.partnerships.map((p) => ({ __typename: 'Partnership', id: p.id })),
    });
    expect(_entities.map((e: { evidence: unknown }) => e.evidence)).toEqual(
      world.partnerships.map(expectedEvidence),
    );
  });

  it('filters by minEvidence in SQL exactly as the rule ranks them', async () => {
    const strengths = world.partnerships.map((p) => expectedEvidence(p).strength as EvidenceStrength);
    for (const min of STRENGTHS) {
      const { partnerships } = await data(COUNT, { f: { minEvidence: min } });
      const expected = strengths.filter((s) => STRENGTHS.indexOf(s) >= STRENGTHS.indexOf(min)).length;
      expect(partnerships.totalCount, min).toBe(expected);
    }
  });

  it('follows the caveats of a record as they change, the same in SQL and in the answer', async () => {
    const casablanca = world.partnerships.find((p) => p.id === 'ma-ex01')!;
    const party = casablanca.parties[0].territoryId;
    const { db } = subgraph.running;
    try {
      for (const caveats of ['', 'YEAR_ONLY', 'COUNCIL_DRAFT', 'YEAR_ONLY,NO_DATE', 'CONFLICTING_SOURCES']) {
        await db.query(`UPDATE partnership SET evidence_caveats = '${caveats}' WHERE id = 'ma-ex01'`);
        const { partnership } = await data(`{ partnership(id: "ma-ex01") { evidence { strength } } }`);
        const rank = STRENGTHS.indexOf(partnership.evidence.strength);
        for (const min of STRENGTHS) {
          const { partnerships } = await data(
            `query($f: PartnershipFilter) { partnerships(filter: $f, first: 100) { nodes { id } } }`,
            { f: { minEvidence: min, territoryId: party } },
          );
          expect(ids(partnerships.nodes).includes('ma-ex01'), `${caveats} ≥ ${min}`).toBe(
            rank >= STRENGTHS.indexOf(min),
          );
        }
      }
    } finally {
      await db.query(`UPDATE partnership SET evidence_caveats = '' WHERE id = 'ma-ex01'`);
    }
  });
});

describe('entities through _entities', () => {
  it('resolves partnerships, cooperation requests and territories by their keys, null for unknown ids', async () => {
    const request = world.requests.find((r) => r.proposals.length > 0)!;
    const { _entities } = await data(
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Partnership { id kind }
        ... on CooperationRequest { id title requester { id } proposals { id proposer { id } status } }
        ... on Territory { id requests { id } } } }`,
      {
        r: [
          { __typename: 'Partnership', id: twinning.id },
          { __typename: 'CooperationRequest', id: request.id },
          { __typename: 'Territory', id: request.requesterId },
          { __typename: 'Partnership', id: 'no-such-partnership' },
        ],
      },
    );
    expect(_entities[0]).toEqual({ id: twinning.id, kind: 'TWINNING' });
    expect(_entities[1]).toEqual({
      id: request.id,
      title: request.title,
      requester: { id: request.requesterId },
      proposals: request.proposals.map((p) => ({
        id: p.id,
        proposer: { id: p.proposerId },
        status: p.status,
      })),
    });
    expect(ids(_entities[2].requests)).toContain(request.id);
    expect(_entities[3]).toBeNull();
  });

  it('loads the partnerships of N or 2N territories in the same number of statements', async () => {
    const territories = [...new Set(world.partnerships.flatMap((p) => p.parties.map((x) => x.territoryId)))];
    const text = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Territory {
      id partnerships(statuses: [SIGNED, ACTIVE]) { id parties { territory { id } } themes { code } actions { id }
        renews { id } renewals { id } steps { status } }
      all: partnerships { id } partners { id } requests { id } } } }`;
    const reps = (n: number) => territories.slice(0, n).map((id) => ({ __typename: 'Territory', id }));
    const few = await statements(text, { r: reps(4) });
    const many = await statements(text, { r: reps(8) });
    expect(many).toBe(few);
    // One per list: partnerships ×2 argument sets, parties, themes, actions, renews, renewals, steps,
    // partners, requests.
    expect(few).toBe(10);
  });
});

describe('the partnerships connection', () => {
  it('pages through every agreement, newest first, with the total count', async () => {
    const text = `query($after: String) { partnerships(first: 30, after: $after) {
      totalCount nodes { id year } pageInfo { hasNextPage endCursor } } }`;
    const seen: { id: string; year: number | null }[] = [];
    let after: string | null = null;
    for (;;) {
      const { partnerships }: any = await data(text, { after });
      expect(partnerships.totalCount).toBe(world.partnerships.length);
      seen.push(...partnerships.nodes);
      if (!partnerships.pageInfo.hasNextPage) break;
      after = partnerships.pageInfo.endCursor;
    }
    expect(sorted(ids(seen))).toEqual(sorted(world.partnerships.map((p) => p.id)));
    const years = seen.map((p) => p.year ?? -1);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('filters by territory within a region, country, theme, SDG, kind and year', async () => {
    const check = async (filter: Record<string, unknown>, expected: typeof world.partnerships) => {
      const partnerships = await everyPage(filter);
      expect(sorted(ids(partnerships.nodes))).toEqual(sorted(expected.map((p) => p.id)));
      expect(partnerships.totalCount).toBe(expected.length);
      expect(expected.length).toBeGreaterThan(0);
    };
    const has = (p: (typeof world.partnerships)[number], test: (id: string) => boolean) =>
      p.parties.some((party) => test(party.territoryId));
    // Within a region: its territories, and the former regions it took over (Meknès-Tafilalet in 2009).
    const formerOf03 = formerIdsSucceededBy('03');
    expect(formerOf03).toContain('MA-meknes-tafilalet');
    await check(
      { within: '03' },
      world.partnerships.filter((p) => has(p, (id) => isWithin(id, '03') || formerOf03.includes(id))),
    );
    await check(
      { territoryId: FES },
      world.partnerships.filter((p) => has(p, (id) => id === FES)),
    );
    await check(
      { countryCode: 'FR' },
      world.partnerships.filter((p) => has(p, (id) => id.startsWith('FR-'))),
    );
    await check(
      { countryCode: 'MA', kinds: ['TWINNING'] },
      world.partnerships.filter(
        (p) => p.kind === 'TWINNING' && has(p, (id) => countryOfTerritory(id) === 'MA'),
      ),
    );
    await check(
      { theme: 'water-sanitation' },
      world.partnerships.filter((p) => p.themes.includes('water-sanitation')),
    );
    await check(
      { sdg: 6, isDemo: true },
      world.partnerships.filter((p) => p.sdgs.includes(6) && p.isDemo),
    );
    await check(
      { year: 2025 },
      world.partnerships.filter((p) => p.year === 2025),
    );
    await check(
      { statuses: ['SIGNED', 'ACTIVE'], signedBefore: '2010-01-01' },
      world.partnerships.filter(
        (p) => ['SIGNED', 'ACTIVE'].includes(p.status) && p.signedOn && p.signedOn < '2010-01-01',
      ),
    );
    await check(
      { noActionSinceSignature: true, statuses: ['SIGNED', 'ACTIVE', 'DORMANT'] },
      world.partnerships.filter((p) => {
        if (!['SIGNED', 'ACTIVE', 'DORMANT'].includes(p.status) || (!p.signedOn && p.year == null))
          return false;
        const last = lastActionOn(p.actions);
        return !last || last < (p.signedOn ?? `${p.year}-01-01`);
      }),
    );
  });

  it('answers a bad page size, a bad cursor, an unknown theme and an SDG out of range with BAD_USER_INPUT', async () => {
    const bad = [
      ['{ partnerships(first: 0) { totalCount } }', 'first'],
      ['{ partnerships(first: 101) { totalCount } }', 'first'],
      ['{ partnerships(after: "nonsense") { totalCount } }', 'after'],
      ['{ partnerships(filter: { theme: "space-travel" }) { totalCount } }', 'filter.theme'],
      ['{ partnerships(filter: { sdg: 18 }) { totalCount } }', 'filter.sdg'],
      ['{ partnerships(filter: { within: "not a territory" }) { totalCount } }', 'filter.within'],
      ['{ partnerships(filter: { countryCode: "france" }) { totalCount } }', 'filter.countryCode'],
    ];
    for (const [text, field] of bad) {
      const error = await failure(text);
      expect(error.extensions, text).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('answers an unknown id with null and a NOT_FOUND error', async () => {
    const body = await query('{ partnership(id: "no-such-agreement") { id } }');
    expect(body.data).toEqual({ partnership: null });
    expect(body.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('loads the nested lists of 10 or 20 agreements in the same number of statements', async () => {
    const text = `query($n: Int) { partnerships(first: $n) { nodes { id title titles { ar }
      parties { territory { id } role } partnerCountries { code } themes { code } sdgs { number }
      sdgTargets { code } modalities actions { id state } commitments { party { id } description }
      sources { url } steps { status } renews { id } renewals { id } } } }`;
    const few = await statements(text, { n: 10 });
    const many = await statements(text, { n: 20 });
    expect(many).toBe(few);
  });
});

describe('cooperation requests', () => {
  it('finds the open solid-waste requests of rural communes of Drâa-Tafilalet (region 08)', async () => {
    const { cooperationRequests } = await data(
      `{ cooperationRequests(filter: { within: "08", requesterSetting: RURAL, theme: "solid-waste" }, first: 100) {
        totalCount nodes { id requester { id } themes { code } } } }`,
    );
    const expected = world.requests.filter(
      (r) =>
        isWithin(r.requesterId, '08') &&
        settingOfCommune(r.requesterId) === 'RURAL' &&
        r.themes.includes('solid-waste'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(cooperationRequests.totalCount).toBe(expected.length);
    expect(sorted(ids(cooperationRequests.nodes))).toEqual(sorted(expected.map((r) => r.id)));
    for (const node of cooperationRequests.nodes) {
      expect(node.requester.id.startsWith('08.')).toBe(true);
      expect(node.themes.map((t: { code: string }) => t.code)).toContain('solid-waste');
    }
  });

  it('filters by status, SDG, requester and country sought', async () => {
    const text = `query($f: CooperationRequestFilter) { cooperationRequests(filter: $f, first: 100) { nodes { id } } }`;
    const sample = world.requests.find((r) => r.countriesSought.length > 0)!;
    const cases: [Record<string, unknown>, typeof world.requests][] = [
      [{ statuses: ['OPEN'] }, world.requests.filter((r) => r.status === 'OPEN')],
      [{ sdg: sample.sdgs[0] }, world.requests.filter((r) => r.sdgs.includes(sample.sdgs[0]))],
      [
        { requesterId: sample.requesterId },
        world.requests.filter((r) => r.requesterId === sample.requesterId),
      ],
      [
        { countrySought: sample.countriesSought[0] },
        world.requests.filter((r) => r.countriesSought.includes(sample.countriesSought[0])),
      ],
    ];
    for (const [filter, expected] of cases) {
      const { cooperationRequests } = await data(text, { f: filter });
      expect(sorted(ids(cooperationRequests.nodes))).toEqual(sorted(expected.map((r) => r.id)));
    }
  });

  it('gives a request its SDGs, countries sought and the partnership that came out of it', async () => {
    const matched = world.requests.find((r) => r.partnershipId) ?? world.requests[0];
    const { cooperationRequest } = await data(
      `query($id: ID!) { cooperationRequest(id: $id) { id status createdOn isDemo sdgs { number }
        countriesSought { code } partnership { id } } }`,
      { id: matched.id },
    );
    expect(cooperationRequest).toEqual({
      id: matched.id,
      status: matched.status,
      createdOn: matched.createdOn,
      isDemo: matched.isDemo,
      sdgs: [...matched.sdgs].sort((a, b) => a - b).map((number) => ({ number })),
      countriesSought: matched.countriesSought.map((code) => ({ code })),
      partnership: matched.partnershipId ? { id: matched.partnershipId } : null,
    });
  });

  it('answers an unknown theme with BAD_USER_INPUT naming filter.theme, and an unknown id with NOT_FOUND', async () => {
    const error = await failure('{ cooperationRequests(filter: { theme: "space-travel" }) { totalCount } }');
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.theme' });
    expect(error.message).toContain('space-travel');
    const body = await query('{ cooperationRequest(id: "no-such-request") { id } }');
    expect(body.data).toEqual({ cooperationRequest: null });
    expect(body.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('partnershipStats', () => {
  const text = `query($year: Int, $within: ID, $countryCode: String) {
    partnershipStats(year: $year, within: $within, countryCode: $countryCode) {
      total byKind { key count } byStatus { key count } byYear { key count }
      byRegion { region { id } count } byCountry { country { code } count }
      bySdg { sdg { number } count } byTheme { theme { code } count } } }`;

  it('counts every agreement (a renewal chain once) by kind, status, year, region, country, SDG and theme in four statements', async () => {
    const before = subgraph.running.counter.count;
    const { partnershipStats: stats } = await data(text);
    expect(subgraph.running.counter.count - before).toBe(4);
    const counted = oncePerChain(world.partnerships);
    expect(counted.length).toBeLessThan(world.partnerships.length);
    expect(stats.total).toBe(counted.length);
    const count = (key: (p: (typeof world.partnerships)[number]) => string[]) => {
      const counts = new Map<string, number>();
      for (const p of counted) for (const k of new Set(key(p))) counts.set(k, (counts.get(k) ?? 0) + 1);
      return counts;
    };
    const asMap = (rows: { key: string; count: number }[]) => new Map(rows.map((r) => [r.key, r.count]));
    expect(asMap(stats.byKind)).toEqual(count((p) => [p.kind]));
    expect(asMap(stats.byStatus)).toEqual(count((p) => [p.status]));
    expect(asMap(stats.byYear)).toEqual(count((p) => (p.year == null ? [] : [String(p.year)])));
    expect(asMap(stats.byRegion.map((r: any) => ({ key: r.region.id, count: r.count })))).toEqual(
      // A former region (Souss-Massa-Drâa) counts under today's regions that took it over.
      count((p) => p.parties.flatMap((x) => todaysRegionsOf(x.territoryId))),
    );
    expect(asMap(stats.byCountry.map((r: any) => ({ key: r.country.code, count: r.count })))).toEqual(
      count((p) => p.parties.map((x) => countryOfTerritory(x.territoryId)!).filter((c) => c !== 'MA')),
    );
    expect(asMap(stats.bySdg.map((r: any) => ({ key: String(r.sdg.number), count: r.count })))).toEqual(
      count((p) => p.sdgs.map(String)),
    );
    expect(asMap(stats.byTheme.map((r: any) => ({ key: r.theme.code, count: r.count })))).toEqual(
      count((p) => p.themes),
    );
    expect(stats.byKind[0].count).toBeGreaterThanOrEqual(stats.byKind.at(-1).count);
  });

  it('narrows the bilan to a year, a region and a partner country', async () => {
    const { partnershipStats: stats } = await data(text, { year: 2025, within: '03', countryCode: 'FR' });
    const expected = world.partnerships.filter(
      (p) =>
        p.year === 2025 &&
        p.parties.some((x) => isWithin(x.territoryId, '03')) &&
        p.parties.some((x) => x.territoryId.startsWith('FR-')),
    );
    expect(stats.total).toBe(expected.length);
    expect(expected.map((p) => p.id)).toContain(protocol.id);
    expect(stats.byYear).toEqual([{ key: '2025', count: expected.length }]);
    expect(stats.byCountry.find((c: any) => c.country.code === 'FR').count).toBe(expected.length);
  });

  it('rejects a bad year, territory or country code with BAD_USER_INPUT naming the argument', async () => {
    for (const [args, field] of [
      ['year: 3000', 'year'],
      ['within: "nowhere"', 'within'],
      ['countryCode: "fr"', 'countryCode'],
    ]) {
      const error = await failure(`{ partnershipStats(${args}) { total } }`);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('who sees which agreement', () => {
  const PUBLIC = ['SIGNED', 'ACTIVE', 'DORMANT', 'EXPIRED', 'SUPERSEDED'];
  // Signed, or known from a public source whatever its status (a council's draft reported in the press).
  const wasSigned = (p: (typeof world.partnerships)[number]) =>
    PUBLIC.includes(p.status) ||
    (p.status === 'TERMINATED' && p.steps.some((s) => s.status === 'SIGNED')) ||
    p.reference !== null;
  const publicOnes = world.partnerships.filter(wasSigned);
  const hidden = world.partnerships.filter((p) => !wasSigned(p));
  // A draft or negotiation with a Moroccan party, and an officer of another territory.
  const draft = hidden.find((p) => p.parties.some((party) => party.role === 'MOROCCAN_PARTY'))!;
  const owner = draft.parties.find((party) => party.role === 'MOROCCAN_PARTY')!.territoryId;
  const stranger = world.partnerships
    .flatMap((p) => p.parties.map((party) => party.territoryId))
    .find((t) => !draft.parties.some((party) => party.territoryId === t))!;

  afterEach(() => {
    readAs({ role: Role.MINISTRY });
  });

  it('has agreements of both kinds to tell apart', () => {
    expect(hidden.length).toBeGreaterThan(3);
    expect(publicOnes.length).toBeGreaterThan(hidden.length);
  });

  it('lists and counts only the signed agreements for a public reader, every one for the ministry', async () => {
    const text = `{ partnershipStats { total byStatus { key count } } }`;
    const supervised = await data(text);
    expect((await everyPage(null)).totalCount).toBe(world.partnerships.length);
    expect(supervised.partnershipStats.total).toBe(oncePerChain(world.partnerships).length);

    readAs('public');
    const seen = { ...(await data(text)), partnerships: await everyPage(null) };
    expect(sorted(ids(seen.partnerships.nodes))).toEqual(sorted(ids(publicOnes)));
    expect(seen.partnerships.totalCount).toBe(publicOnes.length);
    expect(seen.partnershipStats.total).toBe(oncePerChain(publicOnes).length);
    const sourcedStatuses = publicOnes.filter((p) => p.reference !== null).map((p) => p.status);
    for (const { key } of seen.partnershipStats.byStatus) {
      expect([...PUBLIC, 'TERMINATED', ...sourcedStatuses]).toContain(key);
    }
    // The sourced council drafts (TW041, TW089, TW090) are public: their source is.
    expect(ids(seen.partnerships.nodes)).toContain('ma-tw041');
  });

  it('answers NOT_FOUND for a draft by id, and null through _entities, unless the reader is a party', async () => {
    const byId = `query($id: ID!) { partnership(id: $id) { id status } }`;
    const entity = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership { id } } }`;
    const r = [{ __typename: 'Partnership', id: draft.id }];

    readAs('public');
    expect((await failure(byId, { id: draft.id })).extensions.code).toBe('NOT_FOUND');
    expect((await data(entity, { r }))._entities).toEqual([null]);

    readAs({ role: Role.TERRITORY_OFFICER, territories: [stranger] });
    expect((await failure(byId, { id: draft.id })).extensions.code).toBe('NOT_FOUND');
    expect((await data(entity, { r }))._entities).toEqual([null]);

    readAs({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] });
    expect((await data(entity, { r }))._entities).toEqual([null]);

    readAs({ role: Role.TERRITORY_OFFICER, territories: [owner] });
    expect((await data(byId, { id: draft.id })).partnership).toEqual({ id: draft.id, status: draft.status });
    expect((await data(entity, { r }))._entities).toEqual([{ id: draft.id }]);

    readAs({ role: Role.MINISTRY });
    expect((await data(entity, { r }))._entities).toEqual([{ id: draft.id }]);
  });

  it('gives an event held within a draft its agreement only for those who see the draft', async () => {
    // The events subgraph sends the link it records (`partnershipId`, `@requires`); this subgraph decides.
    const text = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id partnership { id } } } }`;
    const r = [
      { __typename: 'Event', id: 'e-1', partnershipId: draft.id },
      { __typename: 'Event', id: 'e-2', partnershipId: publicOnes[0].id },
      { __typename: 'Event', id: 'e-3', partnershipId: null },
    ];
    const agreements = async () =>
      (await data(text, { r }))._entities.map(
        (e: { partnership: { id: string } | null }) => e.partnership?.id ?? null,
      );

    readAs('public');
    expect(await agreements()).toEqual([null, publicOnes[0].id, null]);
    readAs({ role: Role.TERRITORY_OFFICER, territories: [stranger] });
    expect(await agreements()).toEqual([null, publicOnes[0].id, null]);
    readAs({ role: Role.TERRITORY_OFFICER, territories: [owner] });
    expect(await agreements()).toEqual([draft.id, publicOnes[0].id, null]);
    readAs({ role: Role.MINISTRY });
    expect(await agreements()).toEqual([draft.id, publicOnes[0].id, null]);
  });

  it("keeps a draft out of its party's partnerships and partners for others", async () => {
    const text = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Territory { partnerships { id } partners { id } } } }`;
    const r = [{ __typename: 'Territory', id: owner }];
    const draftPartners = draft.parties.map((p) => p.territoryId).filter((t) => t !== owner);
    const signedPartners = new Set(
      publicOnes
        .filter((p) => p.parties.some((party) => party.territoryId === owner))
        .flatMap((p) => p.parties.map((party) => party.territoryId))
        .filter((t) => t !== owner),
    );

    readAs({ role: Role.TERRITORY_OFFICER, territories: [owner] });
    const own = (await data(text, { r }))._entities[0];
    expect(ids(own.partnerships)).toContain(draft.id);
    for (const t of draftPartners) expect(ids(own.partners)).toContain(t);

    readAs('public');
    const seen = (await data(text, { r }))._entities[0];
    expect(ids(seen.partnerships)).not.toContain(draft.id);
    expect(sorted(ids(seen.partners))).toEqual(sorted([...signedPartners]));
  });

  it('shows the proposals of a request to its requester and the ministry, each proposer its own', async () => {
    const request = world.requests.find((r) => r.proposals.length > 1)!;
    const text = `query($id: ID!) { cooperationRequest(id: $id) { id proposals { id proposer { id } } } }`;
    const proposer = request.proposals[0].proposerId;

    expect((await data(text, { id: request.id })).cooperationRequest.proposals).toHaveLength(
      request.proposals.length,
    );
    readAs({ role: Role.TERRITORY_OFFICER, territories: [request.requesterId] });
    expect((await data(text, { id: request.id })).cooperationRequest.proposals).toHaveLength(
      request.proposals.length,
    );
    readAs({ role: Role.TERRITORY_OFFICER, territories: [proposer] });
    const own = (await data(text, { id: request.id })).cooperationRequest.proposals;
    expect(own.length).toBeGreaterThan(0);
    for (const p of own) expect(p.proposer.id).toBe(proposer);
    readAs('public');
    expect((await data(text, { id: request.id })).cooperationRequest.proposals).toEqual([]);
  });
});
