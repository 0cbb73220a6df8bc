import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerritorySource } from '../subgraphs/territories/territory-history.entity';
import { Territory } from '../subgraphs/territories/territory.entity';
import { AuditEntryRow } from '../subgraphs/shared/writes';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

/**
 * Foreign local authorities as first-class records (issue 12, part 3), through the gateway: the foreign
 * partners of the sourced batch seeded with their sources and evidence; the ministry, an administrator or
 * a network secretariat adds one (readable, searchable by name and country, a party of an agreement,
 * audited); a duplicate by name and country is refused with the id of the one that exists; bad input,
 * other roles and stale versions are refused and write nothing. On real records only (scale 0).
 */

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 0 });
});
afterAll(async () => {
  await hub?.stop();
});

const { ok, refused } = writesThrough(() => hub.gateway.url);

const FIELDS = `id version isDemo isMoroccan kind level localLevel website reference
  names { fr en ar } country { code } sources { url title } evidence { strength caveats quote note }`;
const CREATE = `mutation($input: CreateForeignAuthorityInput!, $key: String) {
  createForeignAuthority(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateForeignAuthorityInput!) {
  updateForeignAuthority(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const SEARCH = `query($search: String!, $country: String) {
  territories(filter: { search: $search, countryCode: $country }, first: 20) { nodes { id isDemo } } }`;

const secretariat = () => bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] });
const FES = '03.231.01.0';

/** A name no seeded authority has, so each test adds its own. */
const unique = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

const input = (nameFr: string, more: Record<string, unknown> = {}) => ({
  countryCode: 'PT',
  level: 'MUNICIPALITY',
  localLevel: 'Município',
  nameFr,
  sources: [{ url: 'https://www.cm-braga.pt/pt/0201/municipio', title: 'Câmara Municipal' }],
  ...more,
});

const territoryRows = () => hub.subgraphs.territories.db.getRepository(Territory).count();
const auditRows = () =>
  hub.subgraphs.territories.db.getRepository(AuditEntryRow).countBy({ entityType: 'Territory' });

describe('the foreign partners of the sourced batch', () => {
  it('are real authorities with their sources, row ids and evidence', async () => {
    const nodes: any[] = [];
    let after: string | null = null;
    do {
      const page: any = await ok(
        {},
        `query($after: String) { territories(filter: { kind: FOREIGN_AUTHORITY, realOnly: true }, first: 100,
           after: $after) { nodes { id isDemo reference sources { url } evidence { strength } }
           pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      nodes.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const batch = nodes.filter((t: any) => /\bTW\d{3}\b/.test(t.reference ?? ''));
    expect(batch.length).toBeGreaterThanOrEqual(100);
    for (const t of batch) {
      expect(t.isDemo, t.id).toBe(false);
      expect(t.sources.length, t.id).toBeGreaterThan(0);
      expect(t.evidence.strength, t.id).not.toBe('UNSOURCED');
    }
  });

  it('include Séville, found by name and country', async () => {
    const { nodes } = await ok({}, SEARCH, { search: 'seville', country: 'ES' });
    expect(nodes.length).toBeGreaterThan(0);
    const seville = await ok({}, `query($id: ID!) { territory(id: $id) { ${FIELDS} } }`, { id: nodes[0].id });
    expect(seville).toMatchObject({ isDemo: false, country: { code: 'ES' }, kind: 'FOREIGN_AUTHORITY' });
    expect(seville.reference).toMatch(/TW\d{3}/);
    expect(seville.sources.length).toBeGreaterThan(0);
    expect(seville.evidence.strength).toMatch(/WEAK|MODERATE|STRONG/);
  });

  it('leave the Moroccan territories without sources, their evidence saying where they come from', async () => {
    const fes = await ok({}, `{ territory(id: "${FES}") { sources { url } evidence { strength note } } }`);
    expect(fes).toMatchObject({ sources: [], evidence: { strength: 'UNSOURCED' } });
    expect(fes.evidence.note).toContain('HCP');
  });
});

describe('adding a foreign authority', () => {
  it('lets the ministry add one: readable, searchable, a party of an agreement, audited', async () => {
    const name = unique('Bragança');
    const created = await ok(await ministry(), CREATE, {
      input: input(name, {
        nameEn: name.replace('ç', 'c'),
        nameAr: 'براغانسا',
        website: 'https://www.cm-braganca.pt/',
        evidence: { quote: 'Bragança e Nador assinaram', caveats: ['YEAR_ONLY'] },
        reference: 'REG-2026-014',
      }),
    });
    expect(created).toMatchObject({
      version: 1,
      isDemo: false,
      isMoroccan: false,
      kind: 'FOREIGN_AUTHORITY',
      level: 'MUNICIPALITY',
      localLevel: 'Município',
      website: 'https://www.cm-braganca.pt/',
      reference: 'REG-2026-014',
      names: { fr: name, ar: 'براغانسا' },
      country: { code: 'PT' },
      sources: [{ url: 'https://www.cm-braga.pt/pt/0201/municipio', title: 'Câmara Municipal' }],
      evidence: { strength: 'MODERATE', caveats: ['YEAR_ONLY'], quote: 'Bragança e Nador assinaram' },
    });
    expect(created.id).toMatch(/^PT-braganca-[a-z0-9]+$/);

    const { nodes } = await ok({}, SEARCH, { search: name.toUpperCase().replace('Ç', 'C'), country: 'PT' });
    expect(nodes.map((n: any) => n.id)).toContain(created.id);

    const partnership = await ok(
      await officerOf(FES),
      `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) {
         id parties { territory { id name } } } }`,
      {
        input: {
          kind: 'PROTOCOL',
          title: `Protocole Fès – ${name}`,
          parties: [
            { territoryId: FES, role: 'MOROCCAN_PARTY' },
            { territoryId: created.id, role: 'FOREIGN_PARTY' },
          ],
        },
      },
    );
    expect(partnership.parties.map((p: any) => p.territory.id)).toContain(created.id);

    const trail = await ok(
      await ministry(),
      `query($id: ID!) { territory(id: $id) { auditTrail { action role version changes } } }`,
      {
        id: created.id,
      },
    );
    expect(trail.auditTrail).toMatchObject([
      { action: 'createForeignAuthority', role: 'MINISTRY', version: 1 },
    ]);
    expect(trail.auditTrail[0].changes.nameFr).toEqual({ from: null, to: name });
  });

  it('lets a network secretariat and an administrator add one', async () => {
    for (const headers of [await secretariat(), await admin()]) {
      const created = await ok(headers, CREATE, { input: input(unique('Guimarães')) });
      expect(created).toMatchObject({ isDemo: false, version: 1 });
    }
  });

  it('answers a retry with the same key with the authority created the first time', async () => {
    const key = `foreign-${Date.now()}`;
    const body = { input: input(unique('Viseu')), key };
    const first = await ok(await ministry(), CREATE, body);
    const before = await territoryRows();
    expect((await ok(await ministry(), CREATE, body)).id).toBe(first.id);
    expect(await territoryRows()).toBe(before);
  });
});

describe('a duplicate by name and country', () => {
  it('is refused with the id of the one that exists, whatever its case, accents and spaces', async () => {
    const name = unique('Vila Nova de Gaia');
    const first = await ok(await ministry(), CREATE, { input: input(name) });
    const [rows, audits] = [await territoryRows(), await auditRows()];
    const variants = [
      { nameFr: name.toUpperCase() },
      { nameFr: null, nameEn: name.replace(/ /g, '-').toLowerCase() },
      { nameFr: `  ${name.replace('Vila', 'Vílá')}  ` },
    ];
    for (const variant of variants) {
      const refusal = await refused(await admin(), CREATE, { input: { ...input(name), ...variant } });
      expect(refusal, JSON.stringify(variant)).toMatchObject({ code: 'CONFLICT', existingId: first.id });
    }
    expect(await territoryRows()).toBe(rows);
    expect(await auditRows()).toBe(audits);
  });

  it('is not a duplicate in another country', async () => {
    const name = unique('Santiago');
    await ok(await ministry(), CREATE, { input: input(name) });
    const other = await ok(await ministry(), CREATE, { input: input(name, { countryCode: 'CL' }) });
    expect(other.id.startsWith('CL-')).toBe(true);
  });
});

describe('who may add one, and what', () => {
  it('refuses the public (UNAUTHENTICATED) and a territory officer (FORBIDDEN), writing nothing', async () => {
    const rows = await territoryRows();
    expect(await refused({}, CREATE, { input: input(unique('Faro')) })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await refused(await officerOf(FES), CREATE, { input: input(unique('Faro')) })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await territoryRows()).toBe(rows);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const rows = await territoryRows();
    const cases: [Record<string, unknown>, string][] = [
      [{ countryCode: 'MA' }, 'input.countryCode'],
      [{ countryCode: 'XX' }, 'input.countryCode'],
      [{ sources: [] }, 'input.sources'],
      [{ sources: [{ url: 'not a url' }] }, 'input.sources.0.url'],
      [{ website: 'http://www.cm-porto.pt' }, 'input.website'],
      [{ website: 'cm-porto.pt' }, 'input.website'],
      [{ nameFr: null, nameAr: 'بورتو' }, 'input.nameFr'],
    ];
    for (const [change, field] of cases) {
      const refusal = await refused(await ministry(), CREATE, {
        input: { ...input(unique('Porto')), ...change },
      });
      expect(refusal, JSON.stringify(change)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await territoryRows()).toBe(rows);
  });
});

describe('correcting a foreign authority', () => {
  it('changes the fields given, bumps the version, audits; a stale version is a CONFLICT', async () => {
    const created = await ok(await ministry(), CREATE, { input: input(unique('Coimbra')) });
    const newName = unique('Coimbra');
    const updated = await ok(await secretariat(), UPDATE, {
      id: created.id,
      v: 1,
      input: {
        nameFr: newName,
        website: 'https://www.cm-coimbra.pt/',
        sources: [{ url: 'https://www.cm-coimbra.pt/' }, { url: 'https://pt.wikipedia.org/wiki/Coimbra' }],
        evidence: { quote: 'Coimbra, município', caveats: [] },
      },
    });
    expect(updated).toMatchObject({
      id: created.id,
      version: 2,
      names: { fr: newName },
      website: 'https://www.cm-coimbra.pt/',
      evidence: { strength: 'STRONG', caveats: [], quote: 'Coimbra, município' },
    });
    expect(updated.sources).toHaveLength(2);
    expect((await ok({}, SEARCH, { search: newName, country: 'PT' })).nodes.map((n: any) => n.id)).toEqual([
      created.id,
    ]);
    const sources = await hub.subgraphs.territories.db
      .getRepository(TerritorySource)
      .countBy({ territoryId: created.id });
    expect(sources).toBe(2);

    const stale = await refused(await ministry(), UPDATE, {
      id: created.id,
      v: 1,
      input: { localLevel: 'Cidade' },
    });
    expect(stale).toMatchObject({ code: 'CONFLICT' });
    const trail = await ok(
      await admin(),
      `query($id: ID!) { territory(id: $id) { version auditTrail { action version } } }`,
      {
        id: created.id,
      },
    );
    expect(trail).toMatchObject({
      version: 2,
      auditTrail: [
        { action: 'createForeignAuthority', version: 1 },
        { action: 'updateForeignAuthority', version: 2 },
      ],
    });
  });

  it('refuses a name another real authority of the country has, an unknown id and a Moroccan one', async () => {
    const a = await ok(await ministry(), CREATE, { input: input(unique('Aveiro')) });
    const b = await ok(await ministry(), CREATE, { input: input(unique('Aveiro')) });
    expect(
      await refused(await ministry(), UPDATE, {
        id: b.id,
        v: 1,
        input: { nameFr: a.names.fr.toLowerCase() },
      }),
    ).toMatchObject({ code: 'CONFLICT', existingId: a.id });
    expect(
      await refused(await ministry(), UPDATE, { id: 'PT-nowhere-at-all', v: 1, input: { localLevel: 'x' } }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      await refused(await ministry(), UPDATE, { id: FES, v: 1, input: { localLevel: 'x' } }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(
      await refused(await officerOf(FES), UPDATE, { id: a.id, v: 1, input: { localLevel: 'x' } }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
