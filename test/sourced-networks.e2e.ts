import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipEntity } from '../subgraphs/networks/membership.entity';
import { isActiveOn } from '../subgraphs/networks/membership-period';
import { buildWorld } from '../subgraphs/shared/world';
import { startHub, type Hub } from './helpers/hub';
import { bearer, officerOf, Role } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

/**
 * The sourced networks of issue 12, through the gateway: the memberships of the second batch
 * (`data/reference/cooperation/memberships.csv`) with their sources and evidence, the networks it adds, the
 * offices a mayor or a regional president held for the authority (shown as offices, counted nowhere), the
 * national associations members of networks, and a network secretariat's register brought in with
 * `addMembership` (a year and sources instead of a day and a deliberation). Expectations come from the
 * seeded world (DEMO_SEED 2026, scale 1), not from numbers written down.
 */

const world = buildWorld({ seed: 2026, scale: 1 });

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 1 });
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

/** The data of a public query that must succeed. */
async function read(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const body = await run({}, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

const CASABLANCA = '06.141.01.0';
const AL_HOCEIMA = '01.051.01.01';
const LAAYOUNE = '11.321.01.03';
const TETOUAN = '01.571.01.11';
const EVIDENCE = 'evidence { strength caveats quote note }';
const MEMBERSHIP = `id reference since sinceYear role isDemo isActive basis sources { url } ${EVIDENCE}
  network { id acronym(lang: EN) } territory { id }`;

const hasRow = (reference: string | null | undefined, row: string) =>
  (reference ?? '').split(/[+,\s]+/).includes(row);

describe('the networks the batch adds', () => {
  it('include C40 with its sources, and Casablanca its member since 2025', async () => {
    const { networkByAcronym: c40 } = await read(
      `{ networkByAcronym(acronym: "C40") {
          id kind reference foundedYear sources { url } ${EVIDENCE}
          memberships { ${MEMBERSHIP} } memberTerritoryIds
        } }`,
    );
    expect(c40.sources.length).toBeGreaterThan(0);
    expect(c40.evidence.strength).not.toBe('UNSOURCED');
    const casablanca = c40.memberships.find((m: any) => m.territory.id === CASABLANCA);
    expect(casablanca).toMatchObject({ sinceYear: 2025, isDemo: false, isActive: true, role: 'MEMBER' });
    expect(hasRow(casablanca.reference, 'MB028')).toBe(true);
    expect(casablanca.sources.map((s: any) => s.url)).toContain(
      'https://lnt.ma/casablanca-rejoint-le-reseau-mondial-c40-des-villes-engagees-dans-des-actions-climatiques/',
    );
    expect(c40.memberTerritoryIds).toContain(CASABLANCA);
  });

  it('are every network the world adds, each with sources, none with an invented founding year', async () => {
    const { networks } = await read(`{ networks { id reference foundedYear sources { url } } }`);
    const added = world.networks.filter((n) => n.reference);
    expect(added.length).toBeGreaterThanOrEqual(8);
    for (const network of added) {
      const served = networks.find((n: any) => n.id === network.id);
      expect(served, network.id).toMatchObject({
        reference: network.reference,
        foundedYear: network.foundedYear,
      });
      expect(served.sources.length, network.id).toBeGreaterThan(0);
    }
  });
});

describe('an office held by a mayor for the authority', () => {
  it('is shown as an office of Al Hoceima (UCLG presidency, 2019, Mohamed Boudra), not as its membership', async () => {
    const { territory, uclg } = await read(
      `query($t: ID!) {
        territory(id: $t) {
          networkOffices { id network { id } role title holderTitle holderName sinceYear untilYear isDemo
            reference sources { url } ${EVIDENCE} territory { id } }
          memberships(activeOnly: false) { ${MEMBERSHIP} }
          networks { id }
        }
        uclg: network(id: "uclg") { memberTerritoryIds offices { id territory { id } holderName } }
      }`,
      { t: AL_HOCEIMA },
    );
    const presidency = territory.networkOffices.find((o: any) => hasRow(o.reference, 'MB020'));
    expect(presidency).toMatchObject({
      network: { id: 'uclg' },
      role: 'PRESIDENCY',
      sinceYear: 2019,
      holderName: 'Mohamed Boudra',
      isDemo: false,
      territory: { id: AL_HOCEIMA },
    });
    expect(presidency.sources.length).toBeGreaterThan(0);
    expect(uclg.offices).toContainEqual({
      id: presidency.id,
      territory: { id: AL_HOCEIMA },
      holderName: 'Mohamed Boudra',
    });
    // Not a membership: neither among its memberships, nor its networks, nor the network's members.
    const real = territory.memberships.filter((m: any) => !m.isDemo);
    for (const row of ['MB020', 'MB021']) {
      expect(
        territory.memberships.some((m: any) => hasRow(m.reference, row)),
        row,
      ).toBe(false);
    }
    expect(real.map((m: any) => m.network.id)).not.toContain('uclg');
    const demoUclg = territory.memberships.some((m: any) => m.isDemo && m.network.id === 'uclg');
    if (!demoUclg) {
      expect(territory.networks).not.toContainEqual({ id: 'uclg' });
      expect(uclg.memberTerritoryIds).not.toContain(AL_HOCEIMA);
    }
  });
});

describe('a national association member of a network', () => {
  it('is AMPCC among the member associations of UCLG, not among its member territories', async () => {
    const { uclg, ampcc } = await read(
      `{
        uclg: network(id: "uclg") {
          memberAssociations { id role reference sources { url } ${EVIDENCE} memberNetwork { id } network { id } }
        }
        ampcc: networkByAcronym(acronym: "AMPCC") { id kind affiliations { network { id } } memberCount }
      }`,
    );
    expect(ampcc.kind).toBe('NATIONAL_ASSOCIATION');
    const affiliation = uclg.memberAssociations.find((a: any) => a.memberNetwork.id === ampcc.id);
    expect(affiliation).toMatchObject({ network: { id: 'uclg' } });
    expect(hasRow(affiliation.reference, 'MB018')).toBe(true);
    expect(affiliation.sources.length).toBeGreaterThan(0);
    expect(ampcc.affiliations).toContainEqual({ network: { id: 'uclg' } });
  });
});

describe('the evidence of sourced memberships', () => {
  const membershipsOf = async (territoryId: string) =>
    (
      await read(
        `query($t: ID!) { memberships(filter: { territoryId: $t }, first: 100) { nodes { ${MEMBERSHIP} } } }`,
        { t: territoryId },
      )
    ).memberships.nodes;

  it('says a statement relayed by an advocacy site is weak (MB032, Laâyoune in the OVA)', async () => {
    const ova = (await membershipsOf(LAAYOUNE)).find((m: any) => hasRow(m.reference, 'MB032'));
    expect(ova.evidence.caveats).toContain('RELAYED_STATEMENT');
    expect(ova.evidence).toMatchObject({ strength: 'WEAK' });
    expect(ova.evidence.quote).toBeTruthy();
    expect(ova).toMatchObject({ sinceYear: 1977, role: 'BOARD', basis: 'DOCUMENTED', isDemo: false });
  });

  it('says the sources conflict on Tétouan in MedCities (MB001)', async () => {
    const medcities = (await membershipsOf(TETOUAN)).find((m: any) => hasRow(m.reference, 'MB001'));
    expect(medcities.network.id).toBe('medcities');
    expect(medcities.evidence.caveats).toContain('CONFLICTING_SOURCES');
    expect(medcities.evidence.strength).toBe('WEAK');
    expect(medcities.evidence.note).toBeTruthy();
  });
});

describe('real-only membership statistics', () => {
  it('count the sourced memberships and no office', async () => {
    const { stats, hoceima } = await read(
      `query($t: ID!) {
        stats: membershipStats(realOnly: true) { total demoExcluded byNetwork { network { id } count } }
        hoceima: membershipStats(within: $t, realOnly: true) { total }
      }`,
      { t: AL_HOCEIMA },
    );
    const real = world.memberships.filter((m) => !m.isDemo && isActiveOn(m));
    expect(stats.total).toBe(real.length);
    expect(stats.demoExcluded).toBe(world.memberships.filter((m) => m.isDemo && isActiveOn(m)).length);
    const c40 = world.networks.find((n) => n.acronyms.en === 'C40')!;
    expect(stats.byNetwork).toContainEqual({ network: { id: c40.id }, count: 1 });
    // Al Hoceima's only records are offices of its mayor: none counted.
    expect(world.offices.some((o) => o.territoryId === AL_HOCEIMA)).toBe(true);
    expect(hoceima.total).toBe(real.filter((m) => m.territoryId === AL_HOCEIMA).length);
  });
});

describe('a network secretariat bringing its register in', () => {
  const ADD = `mutation($input: AddMembershipInput!) { addMembership(input: $input) {
    ${MEMBERSHIP} deliberation { reference } version } }`;
  const rows = (territoryId: string, networkId: string) =>
    hub.subgraphs.networks.db.getRepository(MembershipEntity).countBy({ territoryId, networkId });
  const secretariat = () => bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['aimf'] });
  /** A Moroccan commune with no membership of AIMF in the world. */
  const outsiders = () => {
    const taken = new Set(world.memberships.filter((m) => m.networkId === 'aimf').map((m) => m.territoryId));
    const communes = [
      '01.573.01.03',
      '01.573.01.05',
      '01.573.01.01',
      '01.151.01.01',
      '04.441.01.0',
      '03.231.01.03',
    ];
    return communes.filter((id) => !taken.has(id));
  };
  const SOURCE = { url: 'https://www.aimf.asso.fr/membres', title: 'AIMF — membres' };
  const registerRow = (territoryId: string) => ({
    networkId: 'aimf',
    territoryId,
    sinceYear: 2019,
    sources: [SOURCE],
    evidence: { quote: 'membre de l’AIMF depuis 2019', caveats: [] },
    reference: 'AIMF-REG-0042',
  });

  it('records a membership known to the year from its sources, without a deliberation', async () => {
    const [territoryId] = outsiders();
    const added = await ok(await secretariat(), ADD, { input: registerRow(territoryId) });
    expect(added).toMatchObject({
      since: null,
      sinceYear: 2019,
      isActive: true,
      isDemo: false,
      basis: 'DOCUMENTED',
      deliberation: null,
      reference: 'AIMF-REG-0042',
      sources: [{ url: SOURCE.url }],
      evidence: { strength: 'MODERATE', caveats: ['YEAR_ONLY'], quote: 'membre de l’AIMF depuis 2019' },
      version: 1,
    });
    // Counted from the 1st of January of its year.
    const { network } = await read(`{ network(id: "aimf") { memberTerritoryIds } }`);
    expect(network.memberTerritoryIds).toContain(territoryId);

    // The same row again: CONFLICT naming the membership already there, and nothing written.
    const again = await refused(await secretariat(), ADD, { input: registerRow(territoryId) });
    expect(again).toMatchObject({ code: 'CONFLICT', field: 'input.sinceYear', existingId: added.id });
    const withDay = await refused(await secretariat(), ADD, {
      input: { ...registerRow(territoryId), sinceYear: undefined, since: '2024-05-02' },
    });
    expect(withDay).toMatchObject({ code: 'CONFLICT', field: 'input.since', existingId: added.id });
    expect(await rows(territoryId, 'aimf')).toBe(1);
  });

  it('refuses a Moroccan member with neither sources nor deliberation, and a year that is not the day’s', async () => {
    const [, territoryId] = outsiders();
    const { sources: _, evidence: __, ...bare } = registerRow(territoryId);
    const unsourced = await refused(await secretariat(), ADD, { input: bare });
    expect(unsourced).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.deliberation' });
    const disagreeing = await refused(await secretariat(), ADD, {
      input: { ...registerRow(territoryId), since: '2020-03-01' },
    });
    expect(disagreeing).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.sinceYear' });
    const none = await refused(await secretariat(), ADD, {
      input: { ...registerRow(territoryId), sinceYear: null },
    });
    expect(none).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.since' });
    expect(await rows(territoryId, 'aimf')).toBe(0);
  });

  it('keeps a deliberation decided here as the basis, with both the day and its year', async () => {
    const [, , territoryId] = outsiders();
    const added = await ok(await officerOf(territoryId), ADD, {
      input: {
        ...registerRow(territoryId),
        since: '2019-06-01',
        deliberation: { date: '2019-05-10', session: 'Session ordinaire de mai', reference: 'D-2019-12' },
      },
    });
    expect(added).toMatchObject({ since: '2019-06-01', sinceYear: 2019, basis: 'DELIBERATED' });
    expect(added.evidence.caveats).toEqual([]);
  });
});
