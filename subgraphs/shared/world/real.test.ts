import { describe, expect, it } from 'vitest';
import { loadReference } from '../reference';
import { formerAuthority } from '../reference/former';
import { realPartnerships } from './real';

const reference = loadReference();
const real = realPartnerships(reference, '2026-06-01');
const byId = new Map(real.map((p) => [p.id, p]));
const get = (id: string) => {
  const p = byId.get(id);
  if (!p) throw new Error(`no ${id}`);
  return p;
};
const partiesOf = (id: string) => get(id).parties.map((party) => party.territoryId);

describe('the documented agreements', () => {
  it('mark Fès – Montpellier 2003 SUPERSEDED by its 2025 protocol, on the day the protocol was signed', () => {
    const old = get('ma-ex02');
    expect(old.status).toBe('SUPERSEDED');
    expect(old.steps.map((step) => [step.status, step.date])).toEqual([
      ['SIGNED', '2003-06-14'],
      ['SUPERSEDED', '2025-04-21'],
    ]);
    expect(get('ma-ex02-2025').status).toBe('SIGNED');
    expect(get('ma-ex02-2025').renewsId).toBe('ma-ex02');
  });

  it('supersede every agreement of a renewal chain renewed while in force, and only those', () => {
    expect(get('ma-ex04-2003').status).toBe('SUPERSEDED');
    expect(get('ma-ex04-2005').status).toBe('SUPERSEDED');
    expect(get('ma-ex04-2008').status).toBe('SIGNED');
    expect(get('ma-ex05-2009').status).toBe('SUPERSEDED');
    const renewed = new Set(real.map((p) => p.renewsId).filter(Boolean));
    for (const p of real.filter((p) => p.status === 'SUPERSEDED')) expect(renewed.has(p.id)).toBe(true);
  });

  it('keep the term the source gives ("2013-2015", "2021-2023") in years, no end day, EXPIRED once past', () => {
    expect(get('ma-ex03-2013')).toMatchObject({ endsOn: null, status: 'EXPIRED' });
    expect(get('ma-ex03-2021')).toMatchObject({ endsOn: null, status: 'EXPIRED' });
    expect(get('ma-ex03-2013').steps.at(-1)).toEqual({
      status: 'EXPIRED',
      date: null,
      reference: null,
      note: 'Its term, 2013–2015 per the source, has passed.',
    });
    expect(get('ma-ex03-2021').steps.at(-1)).toMatchObject({
      date: null,
      note: 'Its term, 2021–2023 per the source, has passed.',
    });
    // In force until its last year is over: SIGNED throughout 2023, EXPIRED from 2024.
    const status = (now: string) =>
      realPartnerships(reference, now).find((p) => p.id === 'ma-ex03-2021')?.status;
    expect(status('2022-01-01')).toBe('SIGNED');
    expect(status('2023-12-31')).toBe('SIGNED');
    expect(status('2024-01-01')).toBe('EXPIRED');
    expect(real.every((p) => p.endsOn === null)).toBe(true);
  });

  it('name the parties as they were at signature: the 1997 regions and the French regions before 2016', () => {
    expect(partiesOf('ma-ex03-2013')).toEqual(['MA-souss-massa-draa', 'FR-aquitaine']);
    expect(partiesOf('ma-ex03-2021')).toEqual(['09', 'FR-nouvelle-aquitaine']);
    for (const year of [2003, 2005, 2008])
      expect(partiesOf(`ma-ex04-${year}`)[0]).toBe('MA-souss-massa-draa');
    expect(partiesOf('ma-ex05-2009')).toEqual(['MA-meknes-tafilalet', 'FR-centre']);
    expect(partiesOf('ma-ex05-2016')).toEqual(['03', 'FR-centre-val-de-loire']);
    for (const id of ['MA-souss-massa-draa', 'MA-meknes-tafilalet', 'FR-aquitaine', 'FR-centre']) {
      expect(formerAuthority(id)).toBeDefined();
    }
  });

  it('keep Oriental – Champagne-Ardenne SIGNED: its French party merged, nobody ended the agreement', () => {
    expect(get('ma-ex06').status).toBe('SIGNED');
    expect(partiesOf('ma-ex06')).toContain('FR-champagne-ardenne');
    expect(formerAuthority('FR-champagne-ardenne')?.successorIds).toEqual(['FR-grand-est']);
  });

  it('take Safi’s HCP code and the canonical Wikipedia article from row EX12', () => {
    expect(partiesOf('ma-ex12')[0]).toBe('07.431.01.03');
    expect(get('ma-ex12').sources).toEqual([
      {
        url: 'https://fr.wikipedia.org/wiki/Liste_des_villes_jumel%C3%A9es_du_Maroc',
        title: 'fr.wikipedia.org',
      },
    ]);
  });

  it('are real and known from their source only: a reference row, no action recorded', () => {
    for (const p of real) {
      expect(p.isDemo).toBe(false);
      expect(p.reference).toMatch(/^EX\d\d$/);
      expect(p.actions).toEqual([]);
    }
  });
});
