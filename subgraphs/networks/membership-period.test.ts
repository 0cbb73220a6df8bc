import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { MembershipEntity, MembershipRole } from './membership.entity';
import {
  isActiveOn,
  overlaps,
  startOf,
  whereActiveOn,
  whereInForceDuring,
  type Period,
} from './membership-period';
import { NetworkEntity } from './network.entity';

const ON = '2026-06-15';

const FIXTURES: Record<string, Period> = {
  running: { since: '2020-03-01', sinceYear: 2020, until: null },
  planned: { since: '2027-01-15', sinceYear: 2027, until: null },
  startsToday: { since: ON, sinceYear: 2026, until: null },
  endsToday: { since: '2020-03-01', sinceYear: 2020, until: ON },
  endsTomorrow: { since: '2020-03-01', sinceYear: 2020, until: '2026-06-16' },
  ended: { since: '2010-01-01', sinceYear: 2010, until: '2015-12-31' },
  yearOnly: { since: null, sinceYear: 2020, until: null },
  yearOnlyLater: { since: null, sinceYear: 2027, until: null },
  unknownStart: { since: null, sinceYear: null, until: null },
  voided: { since: '2020-03-01', sinceYear: 2020, until: null, voidedOn: '2026-01-01' },
  plannedWithPlannedEnd: { since: '2026-09-01', sinceYear: 2026, until: '2027-09-01' },
};

describe('a membership counts on a date', () => {
  it('from its start (a planned one not yet) until the day before its end, never once voided', () => {
    const active = Object.keys(FIXTURES).filter((name) => isActiveOn(FIXTURES[name], ON));
    expect(active.sort()).toEqual(['endsTomorrow', 'running', 'startsToday', 'unknownStart', 'yearOnly']);
  });

  it('starts on `since`, or on the 1st of January of the documented year', () => {
    expect(startOf(FIXTURES.running)).toBe('2020-03-01');
    expect(startOf(FIXTURES.yearOnly)).toBe('2020-01-01');
    expect(startOf(FIXTURES.unknownStart)).toBeNull();
  });
});

describe('two periods of one member in one network', () => {
  const period = (since: string | null, until: string | null) => ({
    since,
    sinceYear: since ? Number(since.slice(0, 4)) : null,
    until,
  });

  it('conflict when they share a day, not when one ends the day the other starts', () => {
    expect(overlaps(period('2020-01-01', '2025-01-01'), period('2025-01-01', null))).toBe(false);
    expect(overlaps(period('2020-01-01', '2025-01-02'), period('2025-01-01', null))).toBe(true);
    expect(overlaps(period('2020-01-01', null), period('2027-01-15', null))).toBe(true);
    expect(overlaps(period('2027-01-15', null), period('2020-01-01', '2027-01-15'))).toBe(false);
    expect(overlaps(period(null, '2010-01-01'), period('2009-05-01', null))).toBe(true);
    expect(overlaps(period(null, '2010-01-01'), period('2011-05-01', null))).toBe(false);
  });

  it('compare periods, not only the end with the new start: a later membership does not block an earlier one', () => {
    // The old rule (`until IS NULL OR until >= since`) refused this and said "already a member on 2010-01-01".
    expect(overlaps(period('2020-01-01', null), period('2010-01-01', '2015-01-01'))).toBe(false);
  });
});

describe('the rule in SQL', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [MembershipEntity, NetworkEntity],
      synchronize: true,
    });
    await db.initialize();
    await db.getRepository(NetworkEntity).insert({
      id: 'n',
      acronymFr: 'N',
      acronymFrKey: 'n',
      nameFr: 'N',
      kind: 'GLOBAL' as NetworkEntity['kind'],
      sources: [],
    });
    await db.getRepository(MembershipEntity).insert(
      Object.entries(FIXTURES).map(([id, p]) => ({
        id,
        territoryId: `FR-${id.toLowerCase()}`,
        networkId: 'n',
        since: p.since,
        sinceYear: p.sinceYear,
        until: p.until,
        voidedOn: p.voidedOn ?? null,
        voidReason: p.voidedOn ? 'recorded in error' : null,
        role: MembershipRole.MEMBER,
        sources: [],
        isDemo: false,
      })),
    );
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const ids = async (where: (qb: ReturnType<typeof query>) => unknown) => {
    const qb = query();
    where(qb);
    return (await qb.getMany()).map((m) => m.id).sort();
  };
  const query = () => db.getRepository(MembershipEntity).createQueryBuilder('m');

  it('keeps exactly the memberships isActiveOn keeps, on every date around the fixtures', async () => {
    for (const on of [
      '2009-12-31',
      '2015-12-31',
      '2020-01-01',
      '2020-03-01',
      ON,
      '2026-06-16',
      '2027-01-15',
      '2028-01-01',
    ]) {
      const expected = Object.keys(FIXTURES)
        .filter((id) => isActiveOn(FIXTURES[id], on))
        .sort();
      expect(await ids((qb) => whereActiveOn(qb, on)), on).toEqual(expected);
    }
  });

  it('counts in a year the memberships that counted on at least one of its days', async () => {
    const inForce = (year: number) =>
      Object.keys(FIXTURES)
        .filter((id) =>
          overlaps(FIXTURES[id], { since: `${year}-01-01`, sinceYear: year, until: `${year + 1}-01-01` }),
        )
        .filter((id) => !FIXTURES[id].voidedOn)
        .sort();
    for (const year of [2010, 2015, 2016, 2020, 2026, 2027]) {
      expect(await ids((qb) => whereInForceDuring(qb, year)), String(year)).toEqual(inForce(year));
    }
    expect(inForce(2026)).not.toContain('planned');
    expect(inForce(2027)).toContain('planned');
  });
});
