import type { EntityManager, ObjectLiteral } from 'typeorm';
import { chunk } from '../shared/database';
import { countryOfTerritory } from '../shared/hcp';
import { Random } from '../shared/world/random';
import type { WorldPartnership } from '../shared/world/types';
import { ActionMeasureRow, LocalActorKind, type LocalActor } from './action-measures.entity';
import { Modality } from './enums';
import { FunderKind, FundingRow } from './funding.entity';
import { minorDigits } from './money';

/**
 * Demo budgets and measures, reproducible from the demo seed, for DEMO agreements only: the documented
 * agreements' sources give no amount and no output, and none is invented for them. A demo agreement's lines
 * and measures are demo through it (`Partnership.isDemo`, `Funding.isDemo`, `demoAmount` in every total).
 * Demo funders are kinds of funders, not claims about a real fund's commitments; demo documents point at
 * example.org.
 */

/** The currency of a demo partner's own contribution (EUR for the euro area, else the country's). */
const CURRENCY_OF_COUNTRY: Readonly<Record<string, string>> = {
  SN: 'XOF',
  CI: 'XOF',
  ML: 'XOF',
  BF: 'XOF',
  NE: 'XOF',
  BJ: 'XOF',
  TG: 'XOF',
  TN: 'TND',
  DZ: 'DZD',
  MR: 'MRU',
  EG: 'EGP',
  CA: 'CAD',
  US: 'USD',
  GB: 'GBP',
  CH: 'CHF',
  CN: 'CNY',
  TR: 'TRY',
  JP: 'JPY',
  KR: 'KRW',
  BR: 'BRL',
  RU: 'RUB',
  SE: 'SEK',
  NO: 'NOK',
  PL: 'PLN',
  HU: 'HUF',
};
const EURO_AREA = new Set([
  'FR',
  'ES',
  'IT',
  'BE',
  'DE',
  'PT',
  'NL',
  'AT',
  'LU',
  'IE',
  'GR',
  'FI',
  'SI',
  'SK',
  'EE',
  'LV',
  'LT',
  'MT',
  'CY',
  'HR',
]);

const currencyOf = (country: string) =>
  EURO_AREA.has(country) ? 'EUR' : (CURRENCY_OF_COUNTRY[country] ?? 'USD');

/** A round demo amount between `min` and `max` units of `currency`, in minor units. */
const roundAmount = (random: Random, min: number, max: number, currency: string) =>
  random.int(min / 1000, max / 1000) * 1000 * 10 ** minorDigits(currency);

const ACTOR_NAMES: Record<LocalActorKind, string> = {
  [LocalActorKind.ASSOCIATION]: 'Association de quartier (démo)',
  [LocalActorKind.UNIVERSITY]: 'Université (démo)',
  [LocalActorKind.COMPANY]: 'Entreprise locale (démo)',
  [LocalActorKind.PUBLIC_AGENCY]: 'Régie publique (démo)',
  [LocalActorKind.OTHER]: 'Chambre consulaire (démo)',
};

type Line = Omit<FundingRow, 'position' | 'voidedOn' | 'voidReason'>;

/** The demo budget lines of one demo agreement signed in a known year. */
function demoLines(p: WorldPartnership, year: number, random: Random): Line[] {
  const moroccan = p.parties.find((party) => party.role === 'MOROCCAN_PARTY');
  const foreign = p.parties.find((party) => party.role === 'FOREIGN_PARTY');
  const country = foreign ? (countryOfTerritory(foreign.territoryId) ?? '') : '';
  const lines: Line[] = [];
  const line = (currency: string, min: number, max: number, kind: FunderKind, rest: Partial<Line>): Line => ({
    id: `fund-demo-${p.id}-${lines.length + 1}`,
    partnershipId: p.id,
    actionId: null,
    amountMinor: roundAmount(random, min, max, currency),
    currency,
    funderKind: kind,
    funderTerritoryId: null,
    funderNetworkId: null,
    funderName: null,
    fromYear: year,
    toYear: year + random.int(0, 2),
    sources: '[]',
    ...rest,
  });
  if (moroccan)
    lines.push(line('MAD', 50_000, 2_000_000, FunderKind.PARTY, { funderTerritoryId: moroccan.territoryId }));
  if (foreign && random.chance(0.7))
    lines.push(
      line(currencyOf(country), 20_000, 500_000, FunderKind.PARTY, {
        funderTerritoryId: foreign.territoryId,
      }),
    );
  if (country === 'FR' && random.chance(0.25))
    lines.push(
      line('EUR', 20_000, 150_000, FunderKind.NATIONAL_FUND, {
        funderName: 'Fonds conjoint franco-marocain (démo)',
      }),
    );
  if (random.chance(0.1))
    lines.push(
      line('EUR', 100_000, 900_000, FunderKind.INTERNATIONAL_FUND, { funderName: 'Union européenne (démo)' }),
    );
  const action = p.actions.length && moroccan && random.chance(0.3) ? random.pick(p.actions) : null;
  if (action) {
    const started = Number((action.startedOn ?? `${year}`).slice(0, 4));
    lines.push(
      line('MAD', 10_000, 300_000, FunderKind.PARTY, {
        actionId: action.id,
        funderTerritoryId: moroccan!.territoryId,
        fromYear: started,
        toYear: null,
      }),
    );
  }
  return lines;
}

/** The demo measure of one started or completed action. */
function demoMeasure(p: WorldPartnership, actionId: string, random: Random): ActionMeasureRow {
  const modality = p.modalities.length ? random.pick(p.modalities) : random.pick(Object.values(Modality));
  const trains = modality === 'TRAINING' || random.chance(0.3);
  const missions = random.int(1, 4);
  const localActors: LocalActor[] = random
    .sample(Object.values(LocalActorKind), random.int(0, 3))
    .map((kind) => ({ name: ACTOR_NAMES[kind], kind, territoryId: random.pick(p.parties).territoryId }));
  return Object.assign(new ActionMeasureRow(), {
    actionId,
    partnershipId: p.id,
    modality: modality as Modality,
    missions,
    expertDays: missions * random.int(2, 8),
    trainedWomen: trains ? random.int(3, 40) : null,
    trainedMen: trains ? random.int(3, 40) : null,
    institutionsSupported: modality === 'INSTITUTIONAL_SUPPORT' ? random.int(1, 4) : random.int(0, 1),
    documents: JSON.stringify(
      Array.from({ length: random.int(0, 2) }, (_, i) => ({
        title: `Rapport de mission (démo) ${i + 1}`,
        url: `https://example.org/demo/${actionId}/${i + 1}`,
      })),
    ),
    localActors: JSON.stringify(localActors),
  });
}

async function insertAll<T extends ObjectLiteral>(manager: EntityManager, entity: new () => T, rows: T[]) {
  for (const part of chunk(rows, 300)) await manager.insert(entity, part as never);
}

/** Inserts the demo budget lines and measures of the world's demo agreements. */
export async function seedMoneyAndMeasures(
  manager: EntityManager,
  partnerships: readonly WorldPartnership[],
  seed: number,
  log: (message: string) => void = () => {},
): Promise<void> {
  const random = new Random(seed * 7919 + 12);
  const lines: FundingRow[] = [];
  const measures: ActionMeasureRow[] = [];
  for (const p of partnerships) {
    if (!p.isDemo) continue;
    if (p.year != null && random.chance(0.6)) {
      const mine = demoLines(p, p.year, random).map((line, position) =>
        Object.assign(new FundingRow(), { ...line, position, voidedOn: null, voidReason: null }),
      );
      lines.push(...mine);
    }
    for (const action of p.actions)
      if ((action.state === 'IN_PROGRESS' || action.state === 'COMPLETED') && random.chance(0.7))
        measures.push(demoMeasure(p, action.id, random));
  }
  await insertAll(manager, FundingRow, lines);
  await insertAll(manager, ActionMeasureRow, measures);
  log(`partnerships: ${lines.length} demo budget lines, ${measures.length} demo measured actions`);
}
