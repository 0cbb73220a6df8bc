import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partnership } from '../subgraphs/partnerships/partnership.entity';
import { buildWorld } from '../subgraphs/shared/world';
import { today } from './helpers/clock';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { type Headers, writesThrough } from './helpers/writes';

/**
 * Issue 12, the agreements of the sourced batch and the registration of agreements already concluded,
 * through the gateway on a fresh hub: each sourced agreement is real, with its sources, its quote and how
 * strong its evidence is; an unknown date stays unknown; `registerPartnership` records an agreement as a
 * register knows it, once per reference, and refuses what a register of record cannot hold, writing nothing.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
// The world the hub seeds, built beside it rather than at file load: a status depends on the year of
// `today()` (an expired term), which a run crossing the new year would otherwise see change.
let world: ReturnType<typeof buildWorld>;
let real: typeof world.partnerships;
let batch: typeof world.partnerships;
let undated: (typeof world.partnerships)[number];
/** The day after today (UTC), reckoned when it is sent: a date still in the future then. */
const tomorrow = () => new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

let hub: Hub;
let as: Record<'fes' | 'montpellier' | 'rabat' | 'secretariat' | 'ministry' | 'admin', Headers>;

beforeAll(async () => {
  hub = await startHub();
  world = buildWorld({ seed: 2026, scale: 1 });
  real = world.partnerships.filter((p) => !p.isDemo);
  batch = real.filter((p) => p.reference?.startsWith('TW'));
  undated = batch.find((p) => p.status === 'SIGNED' && p.year == null)!;
  as = {
    fes: await officerOf(FES),
    montpellier: await officerOf(MONTPELLIER),
    rabat: await officerOf('04.421.01.0'),
    secretariat: await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] }),
    ministry: await ministry(),
    admin: await admin(),
  };
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

const AGREEMENT = `query($id: ID!) { partnership(id: $id) { id reference kind status isDemo signedOn year
  dormancy sources { url } evidence { strength caveats quote note } } }`;
const read = async (headers: Headers, id: string) => (await ok<any>(headers, AGREEMENT, { id })) as any;

describe('the sourced agreements of the second batch', () => {
  it('holds the 125 rows, real, beside the 17 of the first batch', () => {
    expect(batch).toHaveLength(125);
    expect(real).toHaveLength(17 + 125);
  });

  it('shows Rabat – Séville (TW001) as real, with its source, quote and a weak single secondary source', async () => {
    const p = await read({}, 'ma-tw001');
    expect(p).toMatchObject({
      reference: 'TW001',
      kind: 'TWINNING',
      status: 'SIGNED',
      isDemo: false,
      signedOn: null,
      year: 1986,
      // Known from its source only: the hub cannot tell whether it lives.
      dormancy: 'UNKNOWN',
      sources: [{ url: 'https://fr.wikipedia.org/wiki/Liste_des_villes_jumel%C3%A9es_du_Maroc' }],
    });
    expect(p.evidence.strength).toBe('WEAK');
    expect(p.evidence.caveats).toContain('SINGLE_SECONDARY_SOURCE');
    expect(p.evidence.quote).toBe('Séville (Espagne) depuis 1986');
  });

  it('shows a council draft (Dakhla – Mazara del Vallo, TW089) as DELIBERATED, weakened as a draft', async () => {
    const p = await read(as.ministry, 'ma-tw089');
    expect(p).toMatchObject({ status: 'DELIBERATED', signedOn: null, isDemo: false });
    expect(p.evidence).toMatchObject({ strength: 'WEAK' });
    expect(p.evidence.caveats).toContain('COUNCIL_DRAFT');
  });

  it('shows an agreement no source dates with no date, and says so', async () => {
    const p = await read({}, undated.id);
    expect(p).toMatchObject({ signedOn: null, year: null, dormancy: 'UNKNOWN' });
    expect(p.evidence.caveats).toContain('NO_DATE');
    expect(p.evidence.strength).toBe('WEAK');
  });

  it('counts them among the real agreements, and calls none of them dormant for lack of records', async () => {
    const count = `query($f: PartnershipFilter) { partnerships(filter: $f, first: 1) { totalCount demoExcluded } }`;
    const all = await ok<any>(as.ministry, count, { f: { realOnly: true } });
    expect(all).toEqual({
      totalCount: real.length,
      demoExcluded: world.partnerships.length - real.length,
    });
    const report = await ok<any>(
      {},
      `{ cooperationReport(realOnly: true) { dormantAgreements { totalCount unknownCount } } }`,
    );
    expect(report.dormantAgreements.totalCount).toBe(0);
    // Most of the batch is in force, signed long ago and known from its source only.
    expect(report.dormantAgreements.unknownCount).toBeGreaterThan(50);
    const moderate = await ok<any>(
      {},
      `{ partnerships(filter: { realOnly: true, minEvidence: MODERATE }, first: 100) {
        totalCount nodes { evidence { strength } } } }`,
    );
    expect(moderate.totalCount).toBeGreaterThan(0);
    for (const node of moderate.nodes) expect(['MODERATE', 'STRONG']).toContain(node.evidence.strength);
  });

  it('answers the Fès question with the real agreements of the batch', async () => {
    const { territory } = (
      await run(
        {},
        `{ territory(id: "${FES}") { partnerships { id status isDemo partnerCountries { code } } } }`,
      )
    ).data!;
    const sourced = territory.partnerships.filter((p: any) => p.id.startsWith('ma-tw'));
    // Every agreement of the batch naming Fès, whatever its status: known from a public source, a council's
    // draft (Fès – Kfar Saba, TW041, voted but not signed) is public too, and shown as DELIBERATED.
    const expected = batch.filter((p) => p.parties.some((party) => party.territoryId === FES));
    expect(sourced.map((p: any) => [p.id, p.status]).sort()).toEqual(
      expected.map((p) => [p.id, p.status]).sort(),
    );
    expect(expected.some((p) => p.status === 'DELIBERATED')).toBe(true);
    expect(sourced.length).toBeGreaterThan(0);
    for (const p of sourced) expect(p.isDemo).toBe(false);
  });
});

const REGISTER = `mutation($input: RegisterPartnershipInput!, $key: String) {
  registerPartnership(input: $input, idempotencyKey: $key) { id version reference status kind isDemo signedOn
    year startsOn endsOn title titles { en } themes { code } sdgs { number } dormancy
    parties { territory { id } role } sources { url title } evidence { strength caveats quote note }
    steps { status date note } auditTrail { action version } } }`;
const unique = (what: string) => `${what}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const registration = (reference: string, values: Record<string, unknown> = {}) => ({
  reference,
  kind: 'MEMORANDUM_OF_UNDERSTANDING',
  title: `Mémorandum Fès – Montpellier (${reference})`,
  titleEn: 'Fès – Montpellier memorandum',
  parties: [
    { territoryId: FES, role: 'MOROCCAN_PARTY' },
    { territoryId: MONTPELLIER, role: 'FOREIGN_PARTY' },
  ],
  status: 'ACTIVE',
  signedOn: '2019-05-06',
  startsOn: '2019-06-01',
  themes: ['culture'],
  sdgs: [11],
  sources: [{ url: 'https://www.fes.ma/cooperation/memorandum', title: 'Ville de Fès' }],
  evidence: { quote: 'Un mémorandum a été signé le 6 mai 2019.', caveats: [] },
  ...values,
});
const stored = (reference: string) =>
  hub.subgraphs.partnerships.db.getRepository(Partnership).countBy({ reference });

describe('registerPartnership', () => {
  it('records an agreement as the register knows it, real, with its steps, sources, evidence and audit', async () => {
    const reference = unique('DGCT');
    const key = unique('register-key');
    const before = await ok<any>(as.ministry, `{ partnerships(filter: { realOnly: true }) { totalCount } }`);
    const p = await ok<any>(as.ministry, REGISTER, { input: registration(reference), key });
    expect(p).toMatchObject({
      version: 1,
      reference,
      status: 'ACTIVE',
      kind: 'MEMORANDUM_OF_UNDERSTANDING',
      isDemo: false,
      signedOn: '2019-05-06',
      year: 2019,
      startsOn: '2019-06-01',
      titles: { en: 'Fès – Montpellier memorandum' },
      themes: [{ code: 'culture' }],
      sdgs: [{ number: 11 }],
      // Known from a register, no activity recorded through the hub.
      dormancy: 'UNKNOWN',
      parties: [
        { territory: { id: FES }, role: 'MOROCCAN_PARTY' },
        { territory: { id: MONTPELLIER }, role: 'FOREIGN_PARTY' },
      ],
      sources: [{ url: 'https://www.fes.ma/cooperation/memorandum', title: 'Ville de Fès' }],
      evidence: { strength: 'MODERATE', caveats: [], quote: 'Un mémorandum a été signé le 6 mai 2019.' },
      steps: [
        { status: 'SIGNED', date: '2019-05-06', note: `Registered from ${reference}` },
        { status: 'ACTIVE', date: null, note: `Registered from ${reference}` },
      ],
      auditTrail: [{ action: 'registerPartnership', version: 1 }],
    });
    const after = await ok<any>(as.ministry, `{ partnerships(filter: { realOnly: true }) { totalCount } }`);
    expect(after.totalCount).toBe(before.totalCount + 1);
    // A retry with the same key and input answers the same agreement.
    expect((await ok<any>(as.ministry, REGISTER, { input: registration(reference), key })).id).toBe(p.id);

    const again = await refused(as.admin, REGISTER, {
      input: registration(reference, { title: 'Le même, enregistré deux fois' }),
    });
    expect(again).toMatchObject({ code: 'CONFLICT', existingId: p.id, field: 'input.reference' });
    expect(await stored(reference)).toBe(1);
  });

  it('records an agreement whose date is unknown as undated, and its Moroccan party may register it', async () => {
    const reference = unique('FES');
    const p = await ok<any>(as.fes, REGISTER, {
      input: registration(reference, { status: 'SIGNED', signedOn: null, startsOn: null, evidence: null }),
    });
    expect(p).toMatchObject({ signedOn: null, year: null, steps: [{ status: 'SIGNED', date: null }] });
    expect(p.evidence).toMatchObject({ strength: 'WEAK', caveats: ['NO_DATE'] });
  });

  it('is refused to the public, to a foreign party, a stranger and a network secretariat, writing nothing', async () => {
    const cases: [Headers, string][] = [
      [{}, 'UNAUTHENTICATED'],
      [as.montpellier, 'FORBIDDEN'],
      [as.rabat, 'FORBIDDEN'],
      [as.secretariat, 'FORBIDDEN'],
    ];
    for (const [headers, code] of cases) {
      const reference = unique('WHO');
      expect(await refused(headers, REGISTER, { input: registration(reference) }), code).toMatchObject({
        code,
      });
      expect(await stored(reference)).toBe(0);
    }
  });

  it('refuses what a register of record cannot hold, naming the field, and writes nothing', async () => {
    // A value may be a function, called when its case is sent (a date in the future must still be then).
    const cases: [Record<string, unknown> | (() => Record<string, unknown>), string][] = [
      [{ sources: [] }, 'input.sources'],
      [{ sources: [{ url: 'ftp://example.org/registre' }] }, 'input.sources[0].url'],
      [
        {
          parties: [
            { territoryId: FES, role: 'MOROCCAN_PARTY' },
            { territoryId: 'ES-vejer', role: 'FOREIGN_PARTY' },
          ],
        },
        'input.parties[1].territoryId',
      ],
      [() => ({ signedOn: tomorrow(), startsOn: null }), 'input.signedOn'],
      [{ status: 'DRAFT', signedOn: null }, 'input.status'],
      [{ status: 'SUPERSEDED' }, 'input.status'],
      [{ year: 2018 }, 'input.year'],
      [{ startsOn: '2019-01-01' }, 'input.startsOn'],
      [{ evidence: { quote: 'q'.repeat(501) } }, 'input.evidence.quote'],
    ];
    for (const [values, field] of cases) {
      const reference = unique('BAD');
      const input = registration(reference, typeof values === 'function' ? values() : values);
      const body = await refused(as.ministry, REGISTER, { input });
      expect(body, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await stored(reference), field).toBe(0);
    }
  });
});
