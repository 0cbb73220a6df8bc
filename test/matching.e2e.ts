import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithin } from '../subgraphs/shared/hcp';
import { startHub, type Hub } from './helpers/hub';
import { officerOf } from './helpers/tokens';

/**
 * Partner matching that follows the request (issue 13, point 4), through the gateway: candidates of the
 * countries sought first, never the requester's own territories, its existing partners flagged, tier and
 * size weighed, demo candidates flagged and excludable, and arguments that narrow the list.
 */

const CHEFCHAOUEN = '01.151.01.01';
const ANTEQUERA = 'ES-antequera';

interface Candidate {
  territory: { id: string; level: string; isDemo: boolean; country: { code: string } };
  score: number;
  band: number;
  existingPartner: boolean;
  demo: boolean;
  reasons: { code: string; points: number; count: number }[];
}

const CANDIDATES = `query Candidates($id: ID!, $first: Int, $countries: [String!], $foreignOnly: Boolean,
  $levels: [TerritoryLevel!], $realOnly: Boolean) {
  cooperationRequest(id: $id) {
    requester { id }
    candidatePartners(first: $first, countries: $countries, foreignOnly: $foreignOnly, levels: $levels, realOnly: $realOnly) {
      territory { id level isDemo country { code } }
      score band existingPartner demo
      reasons { code points count }
    }
  }
}`;

let hub: Hub;
/** Chefchaouen (a commune of 46,000) seeks Spain and France on water: its partner Antequera is on heritage. */
let spainFrance: string;
/** Chefchaouen seeks nobody in particular: Moroccan candidates are welcome. */
let anywhere: string;
/** A seeded request seeking Senegal only. */
let senegal: string;

async function createRequest(countriesSought: string[]): Promise<string> {
  const { data, errors } = await hub.query(
    `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { id } }`,
    {
      input: {
        requesterId: CHEFCHAOUEN,
        title: 'Eau potable et assainissement de la médina',
        description: 'Chefchaouen cherche un partenaire pour son réseau d’eau et son assainissement.',
        themes: ['water-sanitation'],
        sdgs: [6],
        countriesSought,
      },
    },
    await officerOf(CHEFCHAOUEN),
  );
  expect(errors).toBeUndefined();
  return data.createCooperationRequest.id;
}

beforeAll(async () => {
  hub = await startHub();
  spainFrance = await createRequest(['ES', 'FR']);
  anywhere = await createRequest([]);
  const { data } = await hub.query(
    `{ cooperationRequests(first: 100) { nodes { id countriesSought { code } } } }`,
  );
  const seeded = data.cooperationRequests.nodes.find(
    (r: { countriesSought: { code: string }[] }) =>
      r.countriesSought.length === 1 && r.countriesSought[0].code === 'SN',
  );
  expect(seeded, 'precondition: a seeded request seeks Senegal only').toBeDefined();
  senegal = seeded.id;
});
afterAll(async () => {
  await hub?.stop();
});

async function candidates(id: string, args: Record<string, unknown> = {}): Promise<Candidate[]> {
  const { data, errors } = await hub.query(CANDIDATES, { id, first: 100, ...args });
  expect(errors).toBeUndefined();
  return data.cooperationRequest.candidatePartners;
}

async function refusal(id: string, args: Record<string, unknown>) {
  const { errors } = await hub.query(CANDIDATES, { id, first: 10, ...args });
  expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  return errors[0].message as string;
}

const country = (c: Candidate) => c.territory.country.code;
const has = (c: Candidate, code: string) => c.reasons.some((r) => r.code === code);

describe('candidates of the countries sought', () => {
  it('lists the candidates of Spain and France before any other, and no Moroccan one (Fès is not offered)', async () => {
    const list = await candidates(spainFrance);
    const sought = list.filter((c) => ['ES', 'FR'].includes(country(c)));
    expect(sought.length).toBeGreaterThan(2);
    const firstOther = list.findIndex((c) => !['ES', 'FR'].includes(country(c)));
    if (firstOther >= 0)
      expect(list.slice(firstOther).every((c) => !['ES', 'FR'].includes(country(c)))).toBe(true);
    expect(list.filter((c) => country(c) === 'MA').map((c) => c.territory.id)).toEqual([]);
    for (const c of sought) expect(has(c, 'IN_SOUGHT_COUNTRY')).toBe(true);
  });

  it('puts every Senegalese candidate of a Senegal request first, with no Moroccan one', async () => {
    const list = await candidates(senegal);
    const senegalese = list.filter((c) => country(c) === 'SN');
    expect(senegalese.length).toBeGreaterThan(1);
    expect(list.slice(0, senegalese.length).every((c) => country(c) === 'SN')).toBe(true);
    expect(list.filter((c) => country(c) === 'MA').map((c) => c.territory.id)).toEqual([]);
  });

  it('never offers the requester, its province or its region, nor a territory within it', async () => {
    for (const id of [spainFrance, anywhere, senegal]) {
      const { data } = await hub.query(CANDIDATES, { id, first: 100 });
      const requester = data.cooperationRequest.requester.id;
      const own = data.cooperationRequest.candidatePartners
        .map((c: Candidate) => c.territory.id)
        .filter((t: string) => isWithin(requester, t) || isWithin(t, requester));
      expect(own).toEqual([]);
    }
    // With no country sought, Moroccan candidates come: still not Chefchaouen's province 01.151 nor region 01.
    const list = await candidates(anywhere);
    expect(list.some((c) => country(c) === 'MA')).toBe(true);
  });
});

describe('existing partners, demo records and reasons', () => {
  it('offers Chefchaouen’s partner Antequera, flagged as an existing partner, and flags only its partners', async () => {
    const list = await candidates(spainFrance);
    const antequera = list.find((c) => c.territory.id === ANTEQUERA);
    expect(antequera, 'Antequera is offered').toBeDefined();
    expect(antequera!.existingPartner).toBe(true);
    expect(has(antequera!, 'EXISTING_PARTNER')).toBe(true);
    const { data } = await hub.query(
      `{ partnerships(filter: { territoryId: "${CHEFCHAOUEN}" }, first: 100) { nodes { parties { territory { id } } } } }`,
    );
    const partners = new Set<string>(
      data.partnerships.nodes.flatMap((p: any) => p.parties.map((party: any) => party.territory.id)),
    );
    for (const c of list) expect(c.existingPartner, c.territory.id).toBe(partners.has(c.territory.id));
  });

  it('flags demo candidates and leaves them out with realOnly', async () => {
    const list = await candidates(spainFrance);
    const demo = list.filter((c) => c.demo);
    expect(demo.length, 'precondition: demo candidates are offered by default').toBeGreaterThan(0);
    for (const c of list) if (c.territory.isDemo) expect(c.demo).toBe(true);
    const real = await candidates(spainFrance, { realOnly: true });
    expect(real.length).toBeGreaterThan(0);
    expect(real.filter((c) => c.demo || c.territory.isDemo)).toEqual([]);
    expect(real.map((c) => c.territory.id)).toContain(ANTEQUERA);
  });

  it('gives each fact once: no reason twice, no partnership with the requester’s country as a reason', async () => {
    for (const id of [spainFrance, senegal, anywhere]) {
      for (const c of await candidates(id)) {
        const codes = c.reasons.map((r) => r.code);
        expect(new Set(codes).size).toBe(codes.length);
        expect(codes).not.toContain('PARTNERS_IN_REQUESTER_COUNTRY');
        expect(c.score).toBe(c.reasons.reduce((sum, r) => sum + r.points, 0));
        if (c.existingPartner) expect(codes).not.toContain('PARTNERS_IN_REQUESTER_REGION');
      }
    }
  });
});

describe('tier and size', () => {
  it('offers a commune communes and provinces before regions, band by band, score descending within a band', async () => {
    for (const id of [spainFrance, anywhere]) {
      const list = await candidates(id);
      for (let i = 1; i < list.length; i++) {
        const [a, b] = [list[i - 1], list[i]];
        expect(
          a.band < b.band ||
            (a.band === b.band &&
              (a.score > b.score || (a.score === b.score && a.territory.id < b.territory.id))),
        ).toBe(true);
      }
      const regions = list.filter((c) => c.territory.level === 'REGION');
      const smaller = list.filter((c) => c.territory.level !== 'REGION');
      expect(regions.length, 'precondition: regions are candidates').toBeGreaterThan(0);
      for (const region of regions) {
        const sameCountryBand = smaller.filter((c) => c.band >> 1 === region.band >> 1);
        for (const c of sameCountryBand) {
          expect(list.indexOf(c), `${c.territory.id} before ${region.territory.id}`).toBeLessThan(
            list.indexOf(region),
          );
        }
      }
    }
  });

  it('adds points for a Moroccan candidate of comparable population, none for one ten times larger', async () => {
    const list = await candidates(anywhere);
    const sized = list.filter((c) => has(c, 'COMPARABLE_SIZE'));
    expect(sized.length).toBeGreaterThan(0);
    // Fès (1.17 million) is 25 times Chefchaouen (46,168): not comparable.
    const fes = list.find((c) => c.territory.id === '03.231.01.0');
    if (fes) expect(has(fes, 'COMPARABLE_SIZE')).toBe(false);
  });
});

describe('arguments that narrow the list', () => {
  it('narrows to countries, foreign authorities, tiers and real records', async () => {
    const spain = await candidates(anywhere, { countries: ['ES'] });
    expect(spain.length).toBeGreaterThan(0);
    expect(spain.every((c) => country(c) === 'ES')).toBe(true);
    const morocco = await candidates(spainFrance, { countries: ['MA'] });
    expect(morocco.length).toBeGreaterThan(0);
    expect(morocco.every((c) => country(c) === 'MA')).toBe(true);
    const foreign = await candidates(anywhere, { foreignOnly: true });
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.every((c) => country(c) !== 'MA')).toBe(true);
    const towns = await candidates(anywhere, { levels: ['MUNICIPALITY'] });
    expect(towns.length).toBeGreaterThan(0);
    expect(towns.every((c) => c.territory.level === 'MUNICIPALITY')).toBe(true);
    const real = await candidates(anywhere, { realOnly: true, levels: ['REGION', 'PROVINCE'] });
    expect(real.every((c) => !c.demo && c.territory.level !== 'MUNICIPALITY')).toBe(true);
  });

  it('refuses bad values with BAD_USER_INPUT, naming the argument', async () => {
    expect(await refusal(spainFrance, { countries: ['es'] })).toMatch(/countries/);
    expect(await refusal(spainFrance, { countries: ['XX'] })).toMatch(/countries/);
    expect(await refusal(spainFrance, { countries: [] })).toMatch(/countries/);
    expect(await refusal(spainFrance, { levels: [] })).toMatch(/levels/);
    expect(await refusal(spainFrance, { countries: ['MA'], foreignOnly: true })).toMatch(/foreignOnly/);
  });
});
