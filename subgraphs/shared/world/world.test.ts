import { describe, expect, it } from 'vitest';
import { buildWorld } from '.';
import { isTerritoryId, isWithin } from '../hcp';
import { loadReference } from '../reference';
import { formerAuthorities } from '../reference/former';
import { THEME_CODES } from './themes';

describe('buildWorld', () => {
  const world = buildWorld({ seed: 2026, scale: 1 });

  it('is reproducible: the same seed and scale give the same records', () => {
    const again = buildWorld({ seed: 2026, scale: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(world));
  });

  it('carries the documented Fès – Montpellier twinning signed on 2003-06-14 with its sources', () => {
    const twinning = world.partnerships.find((p) => p.id === 'ma-ex02');
    expect(twinning).toMatchObject({
      kind: 'TWINNING',
      signedOn: '2003-06-14',
      isDemo: false,
      reference: 'EX02',
    });
    expect(twinning?.parties.map((x) => x.territoryId)).toEqual(['03.231.01.0', 'FR-montpellier']);
    expect(twinning?.sources.map((s) => s.url)).toContain('http://www.fescity.com/jumelage/');
    const protocol = world.partnerships.find((p) => p.renewsId === 'ma-ex02');
    expect(protocol).toMatchObject({ kind: 'PROTOCOL', signedOn: '2025-04-21' });
  });

  it('marks every generated record as demo and no real one as demo', () => {
    for (const list of [
      world.partnerships,
      world.requests,
      world.memberships,
      world.events,
      world.experiences,
    ]) {
      for (const record of list as { id: string; isDemo: boolean }[]) {
        expect(record.isDemo).toBe(record.id.startsWith('demo-'));
      }
    }
  });

  it('only names territories that exist, themes of the vocabulary and ordered dates', () => {
    const reference = loadReference();
    const known = new Set<string>([
      ...reference.regions.map((r) => r.code),
      ...reference.provinces.map((p) => p.code),
      ...reference.communes.map((c) => c.code),
      ...world.foreignTerritories.map((t) => t.id),
      // Parties as they signed: the former authorities the territories subgraph also serves.
      ...formerAuthorities().map((f) => f.id),
    ]);
    const ids = [
      ...world.partnerships.flatMap((p) => p.parties.map((x) => x.territoryId)),
      ...world.requests.map((r) => r.requesterId),
      ...world.memberships.map((m) => m.territoryId),
      ...world.events.flatMap((e) => [...e.organiserIds, ...e.participantIds]),
      ...world.experiences.map((x) => x.territoryId),
    ];
    for (const id of ids) {
      expect(isTerritoryId(id), id).toBe(true);
      expect(known.has(id), id).toBe(true);
    }
    for (const p of world.partnerships) {
      for (const theme of p.themes) expect(THEME_CODES.has(theme)).toBe(true);
      const dates = p.steps.map((s) => s.date).filter(Boolean) as string[];
      expect([...dates].sort()).toEqual(dates);
    }
    for (const e of world.events) {
      if (e.startsOn && e.endsOn) expect(e.endsOn >= e.startsOn, e.id).toBe(true);
      if (e.isDemo) expect(e.startsOn && e.endsOn, e.id).toBeTruthy();
    }
  });

  it('has open solid-waste requests from rural communes of Drâa-Tafilalet', () => {
    const open = world.requests.filter(
      (r) => r.status === 'OPEN' && r.themes.includes('solid-waste') && isWithin(r.requesterId, '08'),
    );
    expect(open.length).toBeGreaterThanOrEqual(3);
  });

  it('grows with the scale and keeps only real records at scale 0', () => {
    const none = buildWorld({ seed: 2026, scale: 0 });
    expect(none.partnerships.every((p) => !p.isDemo)).toBe(true);
    // 17 agreements of the first batch, 125 of the sourced one.
    expect(none.partnerships).toHaveLength(17 + 125);
    const ten = buildWorld({ seed: 2026, scale: 10 });
    const demoCount = (w: typeof world) => w.partnerships.filter((p) => p.isDemo).length;
    expect(demoCount(ten)).toBeGreaterThan(demoCount(world) * 5);
  });
});
