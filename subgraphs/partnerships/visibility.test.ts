import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAgreement, openPartnershipsDatabase } from '../../test/helpers/partnerships-database';
import { PUBLIC_VIEWER, Role, type Viewer } from '../shared/identity';
import { PartnershipStatus as S } from './enums';
import { Partnership } from './partnership.entity';
import { restrictToVisible } from './visibility';

/**
 * Who sees which agreement (issue 4, "Visibility"), on an in-memory register holding one agreement per
 * case: the ids a reader is answered are the agreements it may see, and no other.
 */

const FES = '03.231.01.0';
const RABAT = '04.441.01.1';
const MONTPELLIER = 'FR-montpellier';

let db: DataSource;

beforeAll(async () => {
  ({ db } = await openPartnershipsDatabase());
  const fesAndMontpellier = [FES, MONTPELLIER];
  for (const status of [S.DRAFT, S.NEGOTIATION, S.DELIBERATED, S.APPROVED]) {
    await insertAgreement(db, { id: `private-${status}`, status, parties: fesAndMontpellier });
  }
  for (const status of [S.SIGNED, S.ACTIVE, S.DORMANT, S.EXPIRED, S.SUPERSEDED]) {
    await insertAgreement(db, { id: `public-${status}`, status, parties: fesAndMontpellier });
  }
  await insertAgreement(db, {
    id: 'terminated-after-signature',
    status: S.TERMINATED,
    parties: fesAndMontpellier,
    steps: [{ status: S.NEGOTIATION }, { status: S.SIGNED }, { status: S.TERMINATED }],
  });
  await insertAgreement(db, {
    id: 'terminated-draft',
    status: S.TERMINATED,
    parties: fesAndMontpellier,
    steps: [{ status: S.NEGOTIATION }, { status: S.APPROVED }, { status: S.TERMINATED }],
  });
  // Its signature was recorded in error and voided: it was never signed.
  await insertAgreement(db, {
    id: 'terminated-voided-signature',
    status: S.TERMINATED,
    parties: fesAndMontpellier,
    steps: [{ status: S.SIGNED, voided: true }, { status: S.TERMINATED }],
  });
  // Another agreement's signature does not make this draft signed.
  await insertAgreement(db, {
    id: 'terminated-rabat-draft',
    status: S.TERMINATED,
    parties: [RABAT, MONTPELLIER],
  });
  await insertAgreement(db, { id: 'sourced-draft', status: S.DRAFT, reference: 'EX99', parties: [RABAT] });
  await insertAgreement(db, { id: 'rabat-draft', status: S.DRAFT, parties: [RABAT, MONTPELLIER] });
});
afterAll(async () => {
  await db.destroy();
});

const viewer = (role: Role, territories: string[] = []): Viewer => ({
  subject: `${role}-1`,
  role,
  territories,
  networks: [],
});

async function visibleTo(reader: Viewer): Promise<string[]> {
  const qb = db.getRepository(Partnership).createQueryBuilder('p').select('p.id', 'id');
  const rows = await restrictToVisible(qb, 'p', reader).orderBy('p.id').getRawMany<{ id: string }>();
  return rows.map((row) => row.id);
}

const SIGNED_ONES = [
  'public-ACTIVE',
  'public-DORMANT',
  'public-EXPIRED',
  'public-SIGNED',
  'public-SUPERSEDED',
  'sourced-draft',
  'terminated-after-signature',
];
const ALL = [
  'private-APPROVED',
  'private-DELIBERATED',
  'private-DRAFT',
  'private-NEGOTIATION',
  ...SIGNED_ONES,
  'rabat-draft',
  'terminated-draft',
  'terminated-rabat-draft',
  'terminated-voided-signature',
].sort();

describe('who sees which agreement', () => {
  it('shows the public the signed agreements and the sourced ones, never a draft, even a terminated one', async () => {
    expect(await visibleTo(PUBLIC_VIEWER)).toEqual(SIGNED_ONES);
  });

  it('shows the officers of a party its drafts besides, and no draft of anyone else', async () => {
    expect(await visibleTo(viewer(Role.TERRITORY_OFFICER, [FES]))).toEqual(
      [...ALL.filter((id) => !id.includes('rabat'))].sort(),
    );
    expect(await visibleTo(viewer(Role.TERRITORY_OFFICER, [RABAT, '01.011.01.1']))).toEqual(
      [...SIGNED_ONES, 'rabat-draft', 'terminated-rabat-draft'].sort(),
    );
  });

  it('shows an officer acting for no territory, or another role naming territories, what the public sees', async () => {
    expect(await visibleTo(viewer(Role.TERRITORY_OFFICER))).toEqual(SIGNED_ONES);
    expect(await visibleTo(viewer(Role.NETWORK_SECRETARIAT, [FES]))).toEqual(SIGNED_ONES);
  });

  it('shows the ministry and administrators every agreement whatever its status', async () => {
    expect(await visibleTo(viewer(Role.MINISTRY))).toEqual(ALL);
    expect(await visibleTo(viewer(Role.ADMIN))).toEqual(ALL);
  });

  it('applies to two aliases of one query independently (an agreement and its renewal)', async () => {
    await insertAgreement(db, {
      id: 'z-renewal-draft',
      status: S.DRAFT,
      parties: [RABAT],
      renewsId: 'public-SIGNED',
    });
    await insertAgreement(db, {
      id: 'z-renewal-signed',
      status: S.SIGNED,
      parties: [FES],
      renewsId: 'private-DRAFT',
    });
    const pairs = async (reader: Viewer) => {
      const qb = db
        .getRepository(Partnership)
        .createQueryBuilder('r')
        .select('r.id', 'renewal')
        .addSelect('o.id', 'renewed')
        .innerJoin(Partnership, 'o', 'o.id = r.renews_id');
      restrictToVisible(qb, 'r', reader);
      restrictToVisible(qb, 'o', reader);
      return qb.orderBy('r.id').getRawMany();
    };
    expect(await pairs(PUBLIC_VIEWER)).toEqual([]);
    expect(await pairs(viewer(Role.TERRITORY_OFFICER, [RABAT]))).toEqual([
      { renewal: 'z-renewal-draft', renewed: 'public-SIGNED' },
    ]);
    expect(await pairs(viewer(Role.TERRITORY_OFFICER, [FES]))).toEqual([
      { renewal: 'z-renewal-signed', renewed: 'private-DRAFT' },
    ]);
    await db.query(`DELETE FROM partnership_party WHERE partnership_id LIKE 'z-%'`);
    await db.query(`DELETE FROM partnership WHERE id LIKE 'z-%'`);
  });
});
