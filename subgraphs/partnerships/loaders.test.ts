import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgreement, openPartnershipsDatabase } from '../../test/helpers/partnerships-database';
import type { StatementCounter } from '../shared/database';
import { PUBLIC_VIEWER, Role, type Viewer } from '../shared/identity';
import { PartnershipKind, PartnershipStatus as S, RequestStatus } from './enums';
import { DeliberationRow } from './lifecycle.entity';
import { createLoaders } from './loaders';
import {
  CommitmentRow,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipSourceRow,
} from './partnership.entity';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';

/**
 * The partnerships loaders on a small in-memory register: each answers every key of a batch, in key order,
 * from ONE SQL statement whatever the number of keys (no N+1), and leaves out what the reader may not see.
 */

const FES = '03.231.01.0';
const RABAT = '04.441.01.1';
const TANGIER = '01.511.01.1';
const MONTPELLIER = 'FR-montpellier';
const LYON = 'FR-lyon';
const ministry: Viewer = { subject: 'dgct', role: Role.MINISTRY, territories: [], networks: [] };

let db: DataSource;
let counter: StatementCounter;

async function insertRequest(id: string, requesterId: string, status: RequestStatus, createdOn: string) {
  await db.getRepository(CooperationRequest).insert({
    id,
    requesterId,
    requesterSetting: null,
    title: id,
    description: id,
    status,
    createdOn,
    partnershipId: null,
    isDemo: true,
    version: 1,
  });
}

beforeAll(async () => {
  ({ db, counter } = await openPartnershipsDatabase());
  await insertAgreement(db, {
    id: 'fes-montpellier',
    status: S.ACTIVE,
    parties: [FES, MONTPELLIER],
    signedOn: '2010-05-01',
  });
  await insertAgreement(db, { id: 'fes-lyon-draft', status: S.DRAFT, parties: [FES, LYON] });
  await insertAgreement(db, {
    id: 'rabat-lyon',
    status: S.SIGNED,
    parties: [RABAT, LYON],
    signedOn: '2015-01-01',
  });
  // Two renewals of fes-montpellier, signed in the opposite order of their ids, and a draft one.
  await insertAgreement(db, {
    id: 'renewal-a',
    status: S.SIGNED,
    renewsId: 'fes-montpellier',
    signedOn: '2020-01-01',
  });
  await insertAgreement(db, {
    id: 'renewal-b',
    status: S.SIGNED,
    renewsId: 'fes-montpellier',
    signedOn: '2018-01-01',
  });
  await insertAgreement(db, { id: 'renewal-draft', status: S.DRAFT, renewsId: 'fes-montpellier' });
  await db.query(
    `UPDATE partnership SET kind = '${PartnershipKind.COOPERATION_CONVENTION}' WHERE id = 'rabat-lyon'`,
  );
  await insertAgreement(db, {
    id: 'steps',
    status: S.SIGNED,
    steps: [{ status: S.NEGOTIATION }, { status: S.APPROVED, voided: true }, { status: S.SIGNED }],
  });
  const actions = db.getRepository(PartnershipActionRow);
  for (const [position, voided] of [false, true, false].entries()) {
    await actions.insert({
      id: `action-${position}`,
      partnershipId: position === 2 ? 'rabat-lyon' : 'fes-montpellier',
      position,
      title: `Action ${position}`,
      state: 'IN_PROGRESS',
      startedOn: '2021-01-01',
      completedOn: null,
      voidedOn: voided ? '2022-01-01' : null,
    } as never);
  }
  const deliberation = (
    partnershipId: string,
    territoryId: string,
    date: string,
    voidedOn: string | null = null,
  ) =>
    db
      .getRepository(DeliberationRow)
      .insert({ partnershipId, territoryId, date, session: 's', reference: `d-${territoryId}`, voidedOn });
  await deliberation('fes-montpellier', MONTPELLIER, '2010-03-01');
  await deliberation('fes-montpellier', FES, '2010-02-01');
  await deliberation('fes-montpellier', TANGIER, '2010-01-01', '2011-01-01');
  await deliberation('rabat-lyon', RABAT, '2014-12-01');
  await db.getRepository(CommitmentRow).insert([
    { partnershipId: 'fes-montpellier', position: 1, territoryId: FES, description: 'second' },
    { partnershipId: 'fes-montpellier', position: 0, territoryId: MONTPELLIER, description: 'first' },
  ]);
  await db.getRepository(PartnershipSourceRow).insert([
    {
      partnershipId: 'rabat-lyon',
      position: 0,
      url: 'https://example.org/a',
      title: null,
      site: 'example.org',
    },
  ] as never);
  const facet = (ownerId: string, kind: string, value: string, position: number) => ({
    ownerId,
    kind,
    value,
    position,
  });
  await db
    .getRepository(PartnershipFacetRow)
    .insert([
      facet('fes-montpellier', 'theme', 'water', 1),
      facet('fes-montpellier', 'sdg', '6', 0),
      facet('fes-lyon-draft', 'theme', 'water', 0),
      facet('rabat-lyon', 'theme', 'culture', 0),
    ] as never);
  await insertRequest('req-fes-1', FES, RequestStatus.OPEN, '2024-01-01');
  await insertRequest('req-fes-2', FES, RequestStatus.CLOSED, '2024-06-01');
  await insertRequest('req-fes-3', FES, RequestStatus.OPEN, '2024-06-01');
  await insertRequest('req-rabat', RABAT, RequestStatus.MATCHED, '2023-01-01');
  await db
    .getRepository(RequestFacetRow)
    .insert([
      facet('req-fes-1', 'theme', 'water', 0),
      facet('req-fes-1', 'sdg', '6', 1),
      facet('req-fes-1', 'country', 'FR', 2),
      facet('req-fes-1', 'modality', 'training', 3),
      facet('req-rabat', 'theme', 'culture', 0),
    ] as never);
  const proposal = (id: string, requestId: string, position: number) => ({
    id,
    requestId,
    position,
    proposerId: LYON,
    message: id,
    status: 'SUBMITTED',
    submittedOn: '2024-02-01',
  });
  await db
    .getRepository(ProposalRow)
    .insert([
      proposal('p-2', 'req-fes-1', 1),
      proposal('p-1', 'req-fes-1', 0),
      proposal('p-3', 'req-rabat', 0),
    ] as never);
});
afterAll(async () => {
  await db.destroy();
});

/** Loads `keys` at once through a fresh loader set; the answers and the statements they took. */
async function batch<T>(
  viewer: Viewer,
  pick: (loaders: ReturnType<typeof createLoaders>) => { load(key: string): Promise<T> },
  keys: string[],
): Promise<{ answers: T[]; statements: number }> {
  const loader = pick(createLoaders(db, viewer));
  const before = counter.count;
  const answers = await Promise.all(keys.map((key) => loader.load(key)));
  return { answers, statements: counter.count - before };
}

const idsOf = (rows: ({ id: string } | null)[]) => rows.map((row) => row?.id ?? null);

describe('the partnerships loaders', () => {
  it('load agreements in key order, null for a missing one or one the reader may not see, in one statement', async () => {
    const keys = ['rabat-lyon', 'nope', 'fes-lyon-draft', 'fes-montpellier'];
    const publicly = await batch(PUBLIC_VIEWER, (l) => l.partnership, keys);
    expect(idsOf(publicly.answers)).toEqual(['rabat-lyon', null, null, 'fes-montpellier']);
    expect(publicly.statements).toBe(1);
    expect(idsOf((await batch(ministry, (l) => l.partnership, keys)).answers)).toEqual([
      'rabat-lyon',
      null,
      'fes-lyon-draft',
      'fes-montpellier',
    ]);
  });

  it('load the renewals of agreements in signature order, the public seeing only signed ones', async () => {
    const { answers, statements } = await batch(PUBLIC_VIEWER, (l) => l.renewals, [
      'fes-montpellier',
      'rabat-lyon',
    ]);
    expect(answers.map((rows) => rows.map((row) => row.id))).toEqual([['renewal-b', 'renewal-a'], []]);
    expect(statements).toBe(1);
    const all = await batch(ministry, (l) => l.renewals, ['fes-montpellier']);
    expect(all.answers[0].map((row) => row.id)).toContain('renewal-draft');
  });

  it('load the deliberations that stand, by date, and the voided ones apart: one statement per batch', async () => {
    const keys = ['fes-montpellier', 'rabat-lyon', 'fes-lyon-draft'];
    const standing = await batch(ministry, (l) => l.deliberations, keys);
    expect(standing.answers.map((rows) => rows.map((row) => row.territoryId))).toEqual([
      [FES, MONTPELLIER],
      [RABAT],
      [],
    ]);
    expect(standing.statements).toBe(1);
    const voided = await batch(ministry, (l) => l.voidedDeliberations, keys);
    expect(voided.answers.map((rows) => rows.map((row) => row.territoryId))).toEqual([[TANGIER], [], []]);
    expect(voided.statements).toBe(1);
  });

  it('load the proposals of requests in their order: one statement per batch', async () => {
    const { answers, statements } = await batch(ministry, (l) => l.proposals, [
      'req-rabat',
      'req-fes-1',
      'req-fes-2',
    ]);
    expect(answers.map((rows) => rows.map((row) => row.id))).toEqual([['p-3'], ['p-1', 'p-2'], []]);
    expect(statements).toBe(1);
  });

  it('load legal steps and actions that stand, and the voided ones apart, in their order', async () => {
    const steps = await batch(ministry, (l) => l.steps, ['steps', 'fes-montpellier']);
    expect(steps.answers.map((rows) => rows.map((row) => row.status))).toEqual([
      [S.NEGOTIATION, S.SIGNED],
      [],
    ]);
    expect(steps.statements).toBe(1);
    const voidedSteps = await batch(ministry, (l) => l.voidedSteps, ['steps']);
    expect(voidedSteps.answers[0].map((row) => row.status)).toEqual([S.APPROVED]);
    const keys = ['fes-montpellier', 'rabat-lyon'];
    const actions = await batch(ministry, (l) => l.actions, keys);
    expect(actions.answers.map((rows) => rows.map((row) => row.id))).toEqual([['action-0'], ['action-2']]);
    expect(actions.statements).toBe(1);
    const voidedActions = await batch(ministry, (l) => l.voidedActions, keys);
    expect(voidedActions.answers.map((rows) => rows.map((row) => row.id))).toEqual([['action-1'], []]);
  });

  it('load parties, commitments, sources and facets of agreements in their order, one statement each', async () => {
    const keys = ['fes-montpellier', 'rabat-lyon'];
    const parties = await batch(ministry, (l) => l.parties, keys);
    expect(parties.answers.map((rows) => rows.map((row) => row.territoryId))).toEqual([
      [FES, MONTPELLIER],
      [RABAT, LYON],
    ]);
    expect(parties.statements).toBe(1);
    const commitments = await batch(ministry, (l) => l.commitments, keys);
    expect(commitments.answers.map((rows) => rows.map((row) => row.description))).toEqual([
      ['first', 'second'],
      [],
    ]);
    const sources = await batch(ministry, (l) => l.sources, keys);
    expect(sources.answers.map((rows) => rows.map((row) => row.url))).toEqual([
      [],
      ['https://example.org/a'],
    ]);
    const facets = await batch(ministry, (l) => l.facets, keys);
    expect(facets.answers.map((rows) => rows.map((row) => row.value))).toEqual([['6', 'water'], ['culture']]);
    expect(facets.statements).toBe(1);
  });

  it('load requests and their facets by id, one statement each', async () => {
    const requests = await batch(PUBLIC_VIEWER, (l) => l.request, ['req-rabat', 'nope', 'req-fes-1']);
    expect(idsOf(requests.answers)).toEqual(['req-rabat', null, 'req-fes-1']);
    expect(requests.statements).toBe(1);
    const facets = await batch(PUBLIC_VIEWER, (l) => l.requestFacets, ['req-fes-1', 'req-fes-2']);
    expect(facets.answers.map((rows) => rows.map((row) => row.value))).toEqual([
      ['water', '6', 'FR', 'training'],
      [],
    ]);
  });

  it("load a territory's agreements, filtered by status and kind, the public seeing only signed ones", async () => {
    const agreementsOf = async (
      viewer: Viewer,
      args: Parameters<ReturnType<typeof createLoaders>['partnershipsOfTerritory']>[0],
    ) => {
      const { answers, statements } = await batch(viewer, (l) => l.partnershipsOfTerritory(args), [
        FES,
        LYON,
        TANGIER,
      ]);
      expect(statements).toBe(1);
      return answers.map((rows) => rows.map((row) => row.partnership!.id).sort());
    };
    expect(await agreementsOf(PUBLIC_VIEWER, {})).toEqual([['fes-montpellier'], ['rabat-lyon'], []]);
    expect(await agreementsOf(ministry, { statuses: [] })).toEqual([
      ['fes-lyon-draft', 'fes-montpellier'],
      ['fes-lyon-draft', 'rabat-lyon'],
      [],
    ]);
    expect(await agreementsOf(ministry, { statuses: [S.DRAFT, S.SIGNED] })).toEqual([
      ['fes-lyon-draft'],
      ['fes-lyon-draft', 'rabat-lyon'],
      [],
    ]);
    expect(await agreementsOf(ministry, { kinds: [PartnershipKind.COOPERATION_CONVENTION] })).toEqual([
      [],
      ['rabat-lyon'],
      [],
    ]);
  });

  it('share one loader between the same filters in any order, and keep different filters apart', () => {
    const loaders = createLoaders(db, ministry);
    const a = loaders.partnershipsOfTerritory({ statuses: [S.DRAFT, S.SIGNED] });
    expect(loaders.partnershipsOfTerritory({ statuses: [S.SIGNED, S.DRAFT, S.DRAFT], kinds: [] })).toBe(a);
    expect(loaders.partnershipsOfTerritory({ statuses: [S.SIGNED] })).not.toBe(a);
    expect(
      loaders.partnershipsOfTerritory({ statuses: [S.DRAFT, S.SIGNED], kinds: [PartnershipKind.TWINNING] }),
    ).not.toBe(a);
    expect(loaders.requestsOfTerritory([RequestStatus.OPEN, RequestStatus.CLOSED])).toBe(
      loaders.requestsOfTerritory([RequestStatus.CLOSED, RequestStatus.OPEN]),
    );
    expect(loaders.requestsOfTerritory(null)).toBe(loaders.requestsOfTerritory([]));
    expect(loaders.requestsOfTerritory(null)).not.toBe(loaders.requestsOfTerritory([RequestStatus.OPEN]));
  });

  it('load the partners of territories through the agreements the reader may see, each once', async () => {
    const publicly = await batch(PUBLIC_VIEWER, (l) => l.partners, [FES, LYON, TANGIER]);
    expect(publicly.answers.map((rows) => rows.map((row) => row.partner).sort())).toEqual([
      [MONTPELLIER],
      [RABAT],
      [],
    ]);
    expect(publicly.statements).toBe(1);
    const all = await batch(ministry, (l) => l.partners, [FES]);
    expect(all.answers[0].map((row) => row.partner).sort()).toEqual([LYON, MONTPELLIER]);
  });

  it("load a territory's requests, newest first (ties by id), filtered by status", async () => {
    const all = await batch(PUBLIC_VIEWER, (l) => l.requestsOfTerritory(undefined), [FES, RABAT, LYON]);
    expect(all.answers.map((rows) => rows.map((row) => row.id))).toEqual([
      ['req-fes-2', 'req-fes-3', 'req-fes-1'],
      ['req-rabat'],
      [],
    ]);
    expect(all.statements).toBe(1);
    const open = await batch(PUBLIC_VIEWER, (l) => l.requestsOfTerritory([RequestStatus.OPEN]), [FES, RABAT]);
    expect(open.answers.map((rows) => rows.map((row) => row.id))).toEqual([['req-fes-3', 'req-fes-1'], []]);
  });

  it('give partner matching the themes, SDGs and countries of requests and the parties of visible agreements on them', async () => {
    const { answers, statements } = await batch(PUBLIC_VIEWER, (l) => l.matchingBasis, [
      'req-fes-1',
      'req-rabat',
      'req-fes-2',
    ]);
    expect(statements).toBe(2);
    const [fes, rabat, none] = answers;
    expect(fes).toMatchObject({ themes: ['water'], sdgs: [6], countriesSought: ['FR'] });
    const parties = (basis: typeof fes, key: string) =>
      basis.partiesByFacet
        .get(key)!
        .map((row) => `${row.partnershipId}/${row.territoryId}`)
        .sort();
    // The draft on water is left out for the public.
    expect([...fes.partiesByFacet.keys()]).toEqual(['theme:water', 'sdg:6']);
    expect(parties(fes, 'theme:water')).toEqual([`fes-montpellier/${FES}`, `fes-montpellier/${MONTPELLIER}`]);
    expect(parties(fes, 'sdg:6')).toEqual([`fes-montpellier/${FES}`, `fes-montpellier/${MONTPELLIER}`]);
    expect(parties(rabat, 'theme:culture')).toEqual([`rabat-lyon/${RABAT}`, `rabat-lyon/${LYON}`]);
    expect(none).toEqual({ themes: [], sdgs: [], countriesSought: [], partiesByFacet: new Map() });
    const officer = await batch(
      { subject: 'o', role: Role.TERRITORY_OFFICER, territories: [LYON], networks: [] },
      (l) => l.matchingBasis,
      ['req-fes-1'],
    );
    expect(officer.answers[0].partiesByFacet.get('theme:water')!.map((row) => row.partnershipId)).toContain(
      'fes-lyon-draft',
    );
  });

  it('ask nothing about agreements when the requests name no theme or SDG', async () => {
    const { answers, statements } = await batch(PUBLIC_VIEWER, (l) => l.matchingBasis, [
      'req-fes-2',
      'req-fes-3',
    ]);
    expect(statements).toBe(1);
    expect(answers.map((basis) => basis.partiesByFacet.size)).toEqual([0, 0]);
  });
});
