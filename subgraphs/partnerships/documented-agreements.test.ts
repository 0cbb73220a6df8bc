import { beforeAll, describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { Role } from '../../test/helpers/tokens';
import { PartnershipsDocumentedAgreements1765000000004 } from './migrations/1765000000004-documented-agreements';
import { partnershipsSubgraph } from './subgraph';

const subgraph = useSubgraph(partnershipsSubgraph, { DEMO_SCALE: '0' });
const { data } = subgraph;

beforeAll(() => subgraph.readAs({ role: Role.MINISTRY }));

const AGREEMENTS = `{
  fes: partnership(id: "ma-ex02") { status version endsOn steps { status date } }
  souss: partnership(id: "ma-ex03-2013") { status version endsOn parties { territory { id } } }
  meknes: partnership(id: "ma-ex05-2009") { status version parties { territory { id } } }
  safi: partnership(id: "ma-ex12") { parties { territory { id } } sources { url } }
}`;

/** Puts rows back as a database seeded before issue 11 held them (SIGNED, today's parties, no end). */
async function seededBeforeIssue11(): Promise<void> {
  const { db } = subgraph.running;
  for (const id of ['ma-ex02', 'ma-ex03-2013', 'ma-ex05-2009']) {
    await db.query(`UPDATE partnership SET status = 'SIGNED', ends_on = NULL WHERE id = '${id}'`);
    await db.query(`DELETE FROM legal_step WHERE partnership_id = '${id}' AND position > 0`);
  }
  await db.query(
    `UPDATE partnership_party SET territory_id = '09' WHERE partnership_id = 'ma-ex03-2013' AND position = 0`,
  );
  await db.query(
    `UPDATE partnership_party SET territory_id = '03' WHERE partnership_id = 'ma-ex05-2009' AND position = 0`,
  );
  // Meknès-Tafilalet – Centre was written through the hub since: the migration leaves it alone.
  await db.query(`UPDATE partnership SET version = 2 WHERE id = 'ma-ex05-2009'`);
}

describe('the documented-agreements migration', () => {
  it('brings agreements seeded before it to what their sources say, and leaves those written since', async () => {
    const fresh = await data(AGREEMENTS);
    expect(fresh.fes).toMatchObject({ status: 'SUPERSEDED', version: 1 });
    expect(fresh.safi.parties[0].territory.id).toBe('07.431.01.03');

    await seededBeforeIssue11();
    const old = await data(AGREEMENTS);
    expect(old.fes).toMatchObject({ status: 'SIGNED', steps: [{ status: 'SIGNED' }] });
    expect(old.souss).toMatchObject({ status: 'SIGNED', endsOn: null });

    const runner = subgraph.running.db.createQueryRunner();
    try {
      await new PartnershipsDocumentedAgreements1765000000004().up(runner);
    } finally {
      await runner.release();
    }
    const after = await data(AGREEMENTS);
    expect(after.fes).toEqual({ ...fresh.fes, version: 2 });
    expect(after.souss).toEqual({ ...fresh.souss, version: 2 });
    expect(after.souss.parties[0].territory.id).toBe('MA-souss-massa-draa');
    expect(after.safi).toEqual(fresh.safi);
    // Written through the hub since it was seeded: not overwritten.
    expect(after.meknes).toMatchObject({ status: 'SIGNED', version: 2 });
    expect(after.meknes.parties[0].territory.id).toBe('03');
  });
});
