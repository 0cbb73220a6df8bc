import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from './helpers/hub';

/**
 * The four questions of DOMAIN.md, each ONE request to the gateway, answered from the real reference
 * data and the seeded demo data, through four subgraphs over HTTP.
 */
describe('the questions the one graph must answer', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it("serves the HCP reference data: the communes of Fès-Meknès add up to the region's 2024 census total", async () => {
    const { data, errors } = await hub.query(`{
      territory(id: "03") {
        name isoCode population2024
        children { id kind children { id population2024 } }
      }
    }`);
    expect(errors).toBeUndefined();
    const region = data.territory;
    expect(region).toMatchObject({ name: 'Fès-Meknès', isoCode: 'MA-03', population2024: 4_467_911 });
    const communes = region.children.flatMap((province: any) => province.children);
    expect(communes.reduce((sum: number, c: any) => sum + c.population2024, 0)).toBe(4_467_911);
    expect(region.children).toHaveLength(9);
  });

  it('answers the Fès question: partnerships with partner countries, networks, and water experiences of the other members', async () => {
    const { data, errors } = await hub.query(
      `query Fes($id: ID!) {
        territory(id: $id) {
          name
          arabic: name(lang: AR)
          partnerships {
            id kind status signedOn isDemo
            parties { role territory { id name country { code name } } }
          }
          memberships {
            role
            network {
              id acronym
              memberExperiences(sdg: 6, excludeTerritoryId: $id) {
                title sdgs { number } territory { id name }
                event { title startsOn }
              }
            }
          }
        }
      }`,
      { id: '03.231.01.0' },
    );
    expect(errors).toBeUndefined();
    const fes = data.territory;
    expect(fes.name).toBe('Fès');
    expect(fes.arabic).toBe('فاس');

    const twinning = fes.partnerships.find((p: any) => p.id === 'ma-ex02');
    expect(twinning).toMatchObject({ kind: 'TWINNING', signedOn: '2003-06-14', isDemo: false });
    const montpellier = twinning.parties.find((p: any) => p.role === 'FOREIGN_PARTY').territory;
    expect(montpellier).toMatchObject({
      id: 'FR-montpellier',
      name: 'Montpellier',
      country: { code: 'FR', name: 'France' },
    });

    expect(fes.memberships.length).toBeGreaterThan(0);
    const experiences = fes.memberships.flatMap((m: any) => m.network.memberExperiences);
    expect(experiences.length).toBeGreaterThan(0);
    for (const experience of experiences) {
      expect(experience.sdgs.map((s: any) => s.number)).toContain(6);
      expect(experience.territory.id).not.toBe('03.231.01.0');
      expect(experience.territory.name).toBeTruthy();
    }
    expect(experiences.some((x: any) => x.event?.title && x.event.startsOn)).toBe(true);
  });

  it('answers the solid-waste question: open requests of rural communes of Drâa-Tafilalet and who already runs such a partnership', async () => {
    const { data, errors } = await hub.query(`{
      cooperationRequests(
        filter: { statuses: [OPEN], theme: "solid-waste", within: "08", requesterSetting: RURAL }
        first: 50
      ) {
        totalCount
        nodes { id title themes { code name } requester { id name setting region { id name } } }
      }
      partnerships(filter: { theme: "solid-waste", statuses: [SIGNED, ACTIVE] }, first: 50) {
        totalCount
        nodes { id status parties { territory { id name } } }
      }
    }`);
    expect(errors).toBeUndefined();
    const requests = data.cooperationRequests;
    expect(requests.totalCount).toBeGreaterThanOrEqual(3);
    for (const request of requests.nodes) {
      expect(request.requester.setting).toBe('RURAL');
      expect(request.requester.region).toEqual({ id: '08', name: 'Drâa-Tafilalet' });
      expect(request.themes.map((t: any) => t.code)).toContain('solid-waste');
    }
    expect(data.partnerships.totalCount).toBeGreaterThanOrEqual(2);
    for (const partnership of data.partnerships.nodes) {
      expect(['SIGNED', 'ACTIVE']).toContain(partnership.status);
      expect(partnership.parties.every((p: any) => p.territory.name)).toBe(true);
    }
  });

  it('answers the bilan question for 2025 with buckets that add up and resolve to names', async () => {
    const { data, errors } = await hub.query(`{
      partnershipStats(year: 2025) {
        total
        byKind { key count }
        byStatus { key count }
        byRegion { region { id name } count }
        byCountry { country { code name } count }
        bySdg { sdg { number shortTitle } count }
      }
      all2025: partnerships(filter: { year: 2025 }, first: 1) { totalCount }
      membershipStats { total byNetwork { network { id acronym } count } }
      eventStats(year: 2025) { total byTheme { theme { code name } count } }
      experienceStats { total byTheme { theme { code name } count } }
    }`);
    expect(errors).toBeUndefined();
    const stats = data.partnershipStats;
    expect(stats.total).toBe(data.all2025.totalCount);
    const sum = (buckets: { count: number }[]) => buckets.reduce((total, b) => total + b.count, 0);
    expect(sum(stats.byKind)).toBe(stats.total);
    expect(sum(stats.byStatus)).toBe(stats.total);
    // The real Fès – Montpellier protocol of 2025 counts for the Fès-Meknès region and France.
    expect(stats.byRegion.find((b: any) => b.region.id === '03')?.region.name).toBe('Fès-Meknès');
    expect(stats.byCountry.find((b: any) => b.country.code === 'FR')?.country.name).toBe('France');
    for (const bucket of stats.bySdg) expect(bucket.sdg.shortTitle).toBeTruthy();

    expect(sum(data.membershipStats.byNetwork)).toBe(data.membershipStats.total);
    expect(
      data.membershipStats.byNetwork.find((b: any) => b.network.id === 'medcities')?.count,
    ).toBeGreaterThan(0);
    expect(sum(data.experienceStats.byTheme)).toBeGreaterThanOrEqual(data.experienceStats.total);
    for (const bucket of [...data.eventStats.byTheme, ...data.experienceStats.byTheme]) {
      expect(bucket.theme.name).toBeTruthy();
    }
  });

  it('answers the dormant-agreements question: signed over two years ago, no action and no event since', async () => {
    const twoYearsAgo = new Date();
    twoYearsAgo.setUTCFullYear(twoYearsAgo.getUTCFullYear() - 2);
    const { data, errors } = await hub.query(
      `query Dormant($before: LocalDate!) {
        partnerships(
          filter: { statuses: [SIGNED, ACTIVE, DORMANT], signedBefore: $before, noActionSinceSignature: true }
          first: 100
        ) {
          totalCount
          nodes {
            id title reference signedOn lastActionOn lastEventOn isDormant dormancy events { startsOn }
          }
        }
      }`,
      { before: twoYearsAgo.toISOString().slice(0, 10) },
    );
    expect(errors).toBeUndefined();
    const nodes = data.partnerships.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    for (const p of nodes) {
      expect(p.lastActionOn === null || p.lastActionOn < p.signedOn).toBe(true);
      const eventSince = p.events.some((e: any) => e.startsOn >= p.signedOn);
      // Known from its public source only, with nothing recorded through the hub: the hub cannot tell.
      const sourceOnly = p.reference !== null && p.lastActionOn === null && p.lastEventOn === null;
      expect(p.dormancy).toBe(eventSince ? 'NOT_DORMANT' : sourceOnly ? 'UNKNOWN' : 'DORMANT');
      expect(p.isDormant).toBe(p.dormancy === 'DORMANT');
    }
    expect(nodes.some((p: any) => p.dormancy === 'DORMANT')).toBe(true);
    // Casablanca – Bordeaux (1988): nothing recorded since its signature, but it is known from its public
    // source only, so it is not called dormant.
    expect(nodes.find((p: any) => p.id === 'ma-ex01')).toMatchObject({
      isDormant: false,
      dormancy: 'UNKNOWN',
    });
  });
});
