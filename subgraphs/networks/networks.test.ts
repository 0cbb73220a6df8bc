import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { buildWorld } from '../shared/world';
import { isActive } from './loaders';
import { networksSubgraph } from './subgraph';

const TETOUAN = '01.571.01.11';
const MEDCITIES_SOURCE =
  'https://medcities.org/ar/the-medcoopalliance-commemorates-the-25th-anniversary-of-the-barcelona-process-looking-into-a-post-covid19-mediterranean-reality/';

// The same world the subgraph seeds (default DEMO_SEED 2026, DEMO_SCALE 1).
const world = buildWorld({ seed: 2026, scale: 1 });
const active = world.memberships.filter((m) => isActive(m));
const demoMembership = world.memberships.find((m) => m.isDemo)!;

const subgraph = useSubgraph(networksSubgraph);
const { query, data, statements } = subgraph;

describe('the networks subgraph', () => {
  it('publishes its entity keys and the stubs it references in its SDL', async () => {
    const { _service } = await data('{ _service { sdl } }');
    // The printer puts directives on their own line: compare with whitespace folded.
    const sdl = _service.sdl.replace(/\s+/g, ' ');
    expect(sdl).toContain('type Network @key(fields: "id")');
    expect(sdl).toContain('type Membership @key(fields: "id")');
    expect(sdl).toContain('type Territory @key(fields: "id")');
    expect(sdl).toContain('type Country @key(fields: "code", resolvable: false)');
    expect(_service.sdl).toContain('memberTerritoryIds: [ID!]!');
  });

  it('lists the nine documented networks and those the batch adds, UCLG Africa seated in Rabat and founded in 2005', async () => {
    const { networks } = await data(`{
      networks { id acronym acronymEn: acronym(lang: EN) kind foundedYear foundedPlace seatCity
        seatCountry { code } unverifiedFields sources { url } }
    }`);
    expect(networks).toHaveLength(world.networks.length);
    expect(world.networks.filter((n) => !n.reference)).toHaveLength(9);
    const uclgAfrica = networks.find((n: any) => n.id === 'uclg-africa');
    expect(uclgAfrica).toMatchObject({
      acronym: 'CGLU Afrique',
      acronymEn: 'UCLG Africa',
      kind: 'REGIONAL',
      foundedYear: 2005,
      seatCity: 'Rabat',
      seatCountry: { code: 'MA' },
      unverifiedFields: null,
    });
    expect(uclgAfrica.foundedPlace).toContain('Tshwane');
    expect(uclgAfrica.sources[0].url).toBe('https://www.uclga.org/contexte/?lang=fr');
    const euromed = networks.find((n: any) => n.id === 'euromed-cities-network');
    expect(euromed).toMatchObject({ seatCity: null, seatCountry: null, unverifiedFields: 'hq_city' });
    expect(networks.find((n: any) => n.id === 'aimf').unverifiedFields).toMatch(/^hq_city/);
  });

  it('filters networks by kind', async () => {
    const { networks } = await data('{ networks(kind: NATIONAL_ASSOCIATION) { id } }');
    const associations = world.networks.filter((n) => n.kind === 'NATIONAL_ASSOCIATION').map((n) => n.id);
    expect(networks.map((n: any) => n.id)).toEqual(associations.sort());
    expect(associations).toEqual(expect.arrayContaining(['cuf', 'ampcc', 'arm']));
  });

  it('gives acronyms and names in the requested language, falling back to French', async () => {
    const { network } = await data(`{
      network(id: "uclg") { acronym nameEn: name(lang: EN) nameAr: name(lang: AR) acronymAr: acronym(lang: AR)
        acronyms { fr en ar } names { fr } }
    }`);
    expect(network).toEqual({
      acronym: 'CGLU',
      nameEn: 'United Cities and Local Governments',
      nameAr: 'Cités et Gouvernements Locaux Unis',
      acronymAr: 'CGLU',
      acronyms: { fr: 'CGLU', en: 'UCLG', ar: null },
      names: { fr: 'Cités et Gouvernements Locaux Unis' },
    });
  });

  it('finds a network by its French or English acronym whatever the case and accents', async () => {
    for (const acronym of ['uclg africa', 'CGLU Afrique', 'UCLG AFRICA']) {
      const { networkByAcronym } = await data(
        'query ($a: String!) { networkByAcronym(acronym: $a) { id } }',
        {
          a: acronym,
        },
      );
      expect(networkByAcronym).toEqual({ id: 'uclg-africa' });
    }
    const { networkByAcronym } = await data('{ networkByAcronym(acronym: "medcites") { id } }');
    expect(networkByAcronym).toEqual({ id: 'medcities' });
  });

  it('answers null with NOT_FOUND for an unknown network id, acronym or membership id', async () => {
    const body = await query(`{
      network(id: "nope") { id }
      networkByAcronym(acronym: "XYZ") { id }
      membership(id: "nope") { id }
    }`);
    expect(body.data).toEqual({ network: null, networkByAcronym: null, membership: null });
    expect(body.errors?.map((e) => e.extensions.code)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
  });

  it("serves Tétouan's documented MedCities presidency with its sources, not as demo data", async () => {
    const { membership } = await data(`{
      membership(id: "ma-ex13") { id territory { id } network { id acronym(lang: EN) } since sinceYear until
        isActive role deliberation { date } sources { url } isDemo reference basis evidence { caveats } }
    }`);
    const ex13 = world.memberships.find((m) => m.id === 'ma-ex13')!;
    expect(membership).toMatchObject({
      territory: { id: TETOUAN },
      network: { id: 'medcities', acronym: 'MedCities' },
      since: null,
      sinceYear: ex13.sinceYear,
      reference: ex13.reference,
      basis: 'DOCUMENTED',
      until: null,
      isActive: true,
      role: 'PRESIDENCY',
      deliberation: null,
      isDemo: false,
    });
    expect(membership.sources.map((s: any) => s.url)).toContain(MEDCITIES_SOURCE);
  });

  it('marks every demo membership as demo data and only the documented ones as real', async () => {
    const seen: any[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const { memberships } = await data(
        'query ($after: String) { memberships(first: 100, after: $after) { totalCount nodes { id isDemo sources { url } } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      totalCount = memberships.totalCount;
      seen.push(...memberships.nodes);
      after = memberships.pageInfo.hasNextPage ? memberships.pageInfo.endCursor : null;
    } while (after);
    expect(totalCount).toBe(world.memberships.length);
    expect(seen).toHaveLength(world.memberships.length);
    expect(world.memberships.length).toBeGreaterThan(10);
    const real = seen.filter((m) => !m.isDemo);
    const documented = world.memberships.filter((m) => !m.isDemo).map((m) => m.id);
    expect(real.map((m) => m.id).sort()).toEqual(documented.sort());
    expect(documented).toContain('ma-ex13');
    for (const m of real) expect(m.sources.length, m.id).toBeGreaterThan(0);
    for (const m of seen.filter((m) => m.isDemo)) {
      expect(m.isDemo).toBe(true);
      expect(m.sources).toEqual([]);
    }
  });

  it('filters memberships by network, territory, area, role and activity', async () => {
    const { byRole } = await data(`{
      byRole: memberships(filter: { networkId: "medcities", within: "01", roles: [PRESIDENCY] }) {
        totalCount nodes { id }
      }
    }`);
    const expectedPresidencies = world.memberships.filter(
      (m) => m.networkId === 'medcities' && m.territoryId.startsWith('01.') && m.role === 'PRESIDENCY',
    );
    expect(byRole.totalCount).toBe(expectedPresidencies.length);
    expect(byRole.nodes.map((n: any) => n.id)).toContain('ma-ex13');

    const { byTerritory } = await data(`{
      byTerritory: memberships(filter: { territoryId: "${TETOUAN}" }) { totalCount nodes { network { id } } }
    }`);
    expect(byTerritory.totalCount).toBe(world.memberships.filter((m) => m.territoryId === TETOUAN).length);

    const { all, current } = await data(`{
      all: memberships { totalCount }
      current: memberships(filter: { activeOnly: true }) { totalCount }
    }`);
    expect(all.totalCount).toBe(world.memberships.length);
    expect(current.totalCount).toBe(active.length);
    expect(current.totalCount).toBeLessThan(all.totalCount);
  });

  it('pages through memberships with first and after', async () => {
    const { first } = await data(
      '{ first: memberships(first: 3) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
    );
    expect(first.edges).toHaveLength(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const { next } = await data(
      'query ($after: String) { next: memberships(first: 3, after: $after) { nodes { id } pageInfo { hasPreviousPage } } }',
      { after: first.pageInfo.endCursor },
    );
    expect(next.pageInfo.hasPreviousPage).toBe(true);
    const { six } = await data('{ six: memberships(first: 6) { nodes { id } } }');
    expect([...first.edges.map((e: any) => e.node), ...next.nodes]).toEqual(six.nodes);
  });

  it('rejects bad input with BAD_USER_INPUT naming the field, never a 500', async () => {
    const cases: [string, string][] = [
      ['{ memberships(first: 0) { totalCount } }', 'first'],
      ['{ memberships(first: 101) { totalCount } }', 'first'],
      ['{ memberships(after: "garbage") { totalCount } }', 'after'],
      ['{ memberships(filter: { territoryId: "Tetouan" }) { totalCount } }', 'filter.territoryId'],
      ['{ memberships(filter: { within: "1" }) { totalCount } }', 'filter.within'],
      ['{ memberships(filter: { networkId: "unknown" }) { totalCount } }', 'filter.networkId'],
      ['{ membershipStats(year: 3000) { total } }', 'year'],
      ['{ membershipStats(within: "x") { total } }', 'within'],
      ['{ networkByAcronym(acronym: "  ") { id } }', 'acronym'],
    ];
    for (const [text, field] of cases) {
      const body = await query(text);
      expect(body.errors?.[0].extensions, text).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // An unknown enum value fails validation: Apollo answers 400, not 500.
    const badEnum = await query('{ networks(kind: PLANETARY) { id } }', undefined, 400);
    expect(badEnum.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives each network its current members, their ids and their count, consistently', async () => {
    const { networks } = await data(`{
      networks { id memberCount memberTerritoryIds members { id } memberships { territory { id } isActive }
        allMemberships: memberships(activeOnly: false) { id } }
    }`);
    for (const network of networks) {
      const expected = [
        ...new Set(active.filter((m) => m.networkId === network.id).map((m) => m.territoryId)),
      ];
      expect(network.memberTerritoryIds).toEqual(network.members.map((t: any) => t.id));
      expect([...network.memberTerritoryIds].sort()).toEqual([...expected].sort());
      expect(network.memberCount).toBe(expected.length);
      expect(network.memberships.every((m: any) => m.isActive)).toBe(true);
      expect(network.allMemberships).toHaveLength(
        world.memberships.filter((m) => m.networkId === network.id).length,
      );
    }
    expect(networks.find((n: any) => n.id === 'medcities').memberTerritoryIds).toContain(TETOUAN);
  });

  it('counts memberships by network and by role for the bilan', async () => {
    const { now, north, y2020 } = await data(`{
      now: membershipStats { total byNetwork { network { id } count } byRole { key count } }
      north: membershipStats(within: "01") { total byNetwork { network { id } count } }
      y2020: membershipStats(year: 2020) { total }
    }`);
    expect(now.total).toBe(active.length);
    expect(now.byNetwork.reduce((sum: number, row: any) => sum + row.count, 0)).toBe(active.length);
    expect(now.byRole.reduce((sum: number, row: any) => sum + row.count, 0)).toBe(active.length);
    const medcities = active.filter((m) => m.networkId === 'medcities').length;
    expect(now.byNetwork.find((row: any) => row.network.id === 'medcities').count).toBe(medcities);
    expect(now.byRole.find((row: any) => row.key === 'PRESIDENCY').count).toBe(
      active.filter((m) => m.role === 'PRESIDENCY').length,
    );
    const counts = now.byNetwork.map((row: any) => row.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(north.total).toBe(
      active.filter((m) => m.territoryId === '01' || m.territoryId.startsWith('01.')).length,
    );
    const inForce2020 = world.memberships.filter(
      (m) => (m.sinceYear === null || m.sinceYear <= 2020) && (m.until === null || m.until >= '2020-01-01'),
    );
    expect(y2020.total).toBe(inForce2020.length);
  });

  it('counts memberships in a constant number of statements', async () => {
    expect(
      await statements(
        '{ membershipStats { total byNetwork { network { acronym } count } byRole { key } } }',
      ),
    ).toBeLessThanOrEqual(3);
  });

  it('resolves Network and Membership references through _entities', async () => {
    const { _entities } = await data(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Network { id acronym(lang: EN) seatCity memberTerritoryIds }
        ... on Membership { id role isDemo territory { id } network { id } }
      } }`,
      {
        r: [
          { __typename: 'Network', id: 'uclg-africa' },
          { __typename: 'Network', id: 'medcities' },
          { __typename: 'Membership', id: 'ma-ex13' },
          { __typename: 'Membership', id: demoMembership.id },
          { __typename: 'Network', id: 'nope' },
        ],
      },
    );
    expect(_entities[0]).toMatchObject({ id: 'uclg-africa', acronym: 'UCLG Africa', seatCity: 'Rabat' });
    expect(_entities[1].memberTerritoryIds).toContain(TETOUAN);
    expect(_entities[2]).toEqual({
      id: 'ma-ex13',
      role: 'PRESIDENCY',
      isDemo: false,
      territory: { id: TETOUAN },
      network: { id: 'medcities' },
    });
    expect(_entities[3]).toMatchObject({ id: demoMembership.id, isDemo: true });
    expect(_entities[4]).toBeNull();
  });

  it('extends Territory with its memberships and networks through _entities', async () => {
    const ended = world.memberships.find((m) => !isActive(m))!;
    expect(ended).toBeDefined();
    const { _entities } = await data(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Territory { id memberships { id role network { id } } networks { id }
          allMemberships: memberships(activeOnly: false) { id isActive } }
      } }`,
      {
        r: [
          { __typename: 'Territory', id: TETOUAN },
          { __typename: 'Territory', id: ended.territoryId },
          { __typename: 'Territory', id: '12.999' },
        ],
      },
    );
    const tetouan = _entities[0];
    expect(tetouan.id).toBe(TETOUAN);
    expect(tetouan.memberships).toContainEqual({
      id: 'ma-ex13',
      role: 'PRESIDENCY',
      network: { id: 'medcities' },
    });
    expect(tetouan.networks).toContainEqual({ id: 'medcities' });
    expect(tetouan.networks).toHaveLength(new Set(tetouan.memberships.map((m: any) => m.network.id)).size);
    expect(_entities[1].memberships.map((m: any) => m.id)).not.toContain(ended.id);
    expect(_entities[1].allMemberships).toContainEqual({ id: ended.id, isActive: false });
    expect(_entities[2]).toEqual({ id: '12.999', memberships: [], networks: [], allMemberships: [] });
  });

  it('loads Territory memberships for N and 2N territories in the same number of statements', async () => {
    const ids = [...new Set(world.memberships.map((m) => m.territoryId))];
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const text = `query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Territory { id memberships { id role network { id acronym memberCount } } networks { id }
        all: memberships(activeOnly: false) { id } }
    } }`;
    const representations = (n: number) => ({
      r: ids.slice(0, n).map((id) => ({ __typename: 'Territory', id })),
    });
    const small = await statements(text, representations(10));
    const large = await statements(text, representations(20));
    expect(small).toBe(large);
    expect(small).toBeLessThanOrEqual(5);
  });

  it('loads the members of N and 2N networks in the same number of statements', async () => {
    const text = `query ($r: [_Any!]!) { _entities(representations: $r) {
      ... on Network { id memberTerritoryIds memberCount members { id } memberships { id network { id } }
        all: memberships(activeOnly: false) { id } }
    } }`;
    const ids = world.networks.map((n) => n.id);
    const representations = (n: number) => ({
      r: ids.slice(0, n).map((id) => ({ __typename: 'Network', id })),
    });
    expect(await statements(text, representations(4))).toBe(await statements(text, representations(8)));
  });
});
