import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../shared/project';
import type { Tie } from './matching.loaders';
import { rankCandidates, type MatchInput, type MatchOptions } from './matching.rank';
import { REASON_RULES, rulesTable } from './matching.rules';

const CHEFCHAOUEN = '01.151.01.01';
const FES = '03.231.01.0';
const ANY: MatchOptions = { countries: null, foreignOnly: false, levels: null, realOnly: false };

const tie = (owner: string, partnershipId: string, partner: string | null, isDemo = false): Tie => ({
  owner,
  partnershipId,
  partner,
  isDemo,
});

// p1: on water and SDG 6 (FR-paris, Fès, Chefchaouen's province); p2: on SDG 6 only (FR-paris);
// p3: a demo agreement on water (FR-lyon); p9: Chefchaouen with Antequera, on nothing the request asks.
const TIES: Record<string, Tie[]> = {
  [CHEFCHAOUEN]: [tie(CHEFCHAOUEN, 'p9', 'ES-antequera')],
  'FR-paris': [tie('FR-paris', 'p1', FES), tie('FR-paris', 'p1', '01.151'), tie('FR-paris', 'p2', null)],
  [FES]: [tie(FES, 'p1', 'FR-paris')],
  'FR-lyon': [tie('FR-lyon', 'p3', FES, true)],
  'ES-antequera': [tie('ES-antequera', 'p9', CHEFCHAOUEN)],
};

function input(countriesSought: string[]): MatchInput {
  return {
    requesterId: CHEFCHAOUEN,
    themes: ['water-sanitation'],
    sdgs: [6],
    countriesSought,
    partiesByFacet: new Map([
      [
        'theme:water-sanitation',
        [
          { territoryId: 'FR-paris', partnershipId: 'p1' },
          { territoryId: FES, partnershipId: 'p1' },
          { territoryId: '01.151', partnershipId: 'p1' },
          { territoryId: 'FR-lyon', partnershipId: 'p3' },
        ],
      ],
      [
        'sdg:6',
        [
          { territoryId: 'FR-paris', partnershipId: 'p1' },
          { territoryId: FES, partnershipId: 'p1' },
          { territoryId: '01.151', partnershipId: 'p1' },
          { territoryId: 'FR-paris', partnershipId: 'p2' },
        ],
      ],
    ]),
    activity: [],
    peers: [],
  };
}

const rank = (sought: string[], options: Partial<MatchOptions> = {}) =>
  rankCandidates(input(sought), (id) => TIES[id] ?? [], { ...ANY, ...options });

describe('partner matching rules', () => {
  it('counts an agreement on a theme and an SDG once, under the theme', () => {
    const paris = rank(['FR']).find((c) => c.territory.id === 'FR-paris')!;
    const byCode = new Map(paris.reasons.map((r) => [r.code, r]));
    expect(byCode.get('PARTNERSHIPS_ON_THEMES' as never)?.count).toBe(1);
    // p1 is the theme's; only p2 is left for SDG 6.
    expect(byCode.get('PARTNERSHIPS_ON_SDGS' as never)?.count).toBe(1);
  });

  it('offers the existing partner with nothing else behind it, and never the requester’s province', () => {
    const ids = rank([]).map((c) => c.territory.id);
    expect(ids).toContain('ES-antequera');
    expect(ids).not.toContain('01.151');
    const antequera = rank(['ES']).find((c) => c.territory.id === 'ES-antequera')!;
    expect(antequera.existingPartner).toBe(true);
    expect(antequera.reasons.map((r) => r.code)).toContain('EXISTING_PARTNER');
    // A municipality, as Chefchaouen is: SAME_TIER too.
    expect(antequera.score).toBe(
      REASON_RULES.EXISTING_PARTNER.points +
        REASON_RULES.IN_SOUGHT_COUNTRY.points +
        REASON_RULES.SAME_TIER.points,
    );
  });

  it('keeps Moroccan candidates for requests seeking no country, and leaves demo-only ones out with realOnly', () => {
    expect(rank(['FR']).map((c) => c.territory.id)).not.toContain(FES);
    expect(rank([]).map((c) => c.territory.id)).toContain(FES);
    expect(rank(['FR']).find((c) => c.territory.id === 'FR-lyon')?.demo).toBe(true);
    expect(rank(['FR'], { realOnly: true }).map((c) => c.territory.id)).not.toContain('FR-lyon');
  });

  it('is documented in docs/discovery.md as the rules table says', () => {
    const docs = fs.readFileSync(path.join(projectRoot(), 'docs', 'discovery.md'), 'utf8');
    expect(docs).toContain(rulesTable());
  });
});
