import { describe, expect, it } from 'vitest';
import { buildWorld } from '.';
import { countryOfTerritory, isHcpCode } from '../hcp';
import { loadReference } from '../reference';
import { loadCooperation } from '../reference/cooperation';
import { formerAuthority } from '../reference/former';
import { THEME_CODES } from './themes';
import { THEME_VOCABULARY, themeCodesOf } from './sourced-themes';
import { DEMO_FOREIGN_TERRITORIES } from './demo';
import { REAL_FOREIGN_TERRITORIES } from './real';
import { eventKindOf, territoryOfName } from './sourced-events';
import { RENEWALS, STATUS_RULES } from './sourced-agreements';
import { MERGE_RULES, sourcedMemberships } from './sourced-networks';
import type { WorldEvidence } from './types';

const reference = loadReference();
const batch = loadCooperation();
const world = buildWorld({ seed: 2026, scale: 1 });
const agreements = world.partnerships.filter((p) => p.reference?.startsWith('TW'));
const byRow = new Map(agreements.map((p) => [p.reference, p]));
const agreement = (row: string) => {
  const p = byRow.get(row);
  if (!p) throw new Error(`no agreement for ${row}`);
  return p;
};
const rowsOf = (reference: string | null | undefined) => (reference ?? '').split(/[+ ]/).filter(Boolean);
const realMemberships = world.memberships.filter((m) => !m.isDemo);
const event = (row: string) => world.events.find((e) => e.reference === row);

/** Every record of the batch, with its evidence: what "sourced" promises for each. */
const sourcedRecords: { id: string; sources: { url: string }[]; evidence?: WorldEvidence }[] = [
  ...agreements,
  ...realMemberships.filter((m) => rowsOf(m.reference).some((r) => r.startsWith('MB'))),
  ...world.offices,
  ...world.affiliations,
  ...world.events.filter((e) => !e.isDemo).map((e) => ({ ...e, sources: e.sources ?? [] })),
];

describe('the sourced agreements (twinnings_and_agreements.csv)', () => {
  it('are the 125 rows, over 39 partner countries, real, each with a source and its quote', () => {
    expect(agreements).toHaveLength(125);
    expect(agreements.map((p) => p.id)).toEqual(batch.agreements.map((r) => `ma-${r.id.toLowerCase()}`));
    const countries = new Set(
      agreements.map((p) =>
        countryOfTerritory(p.parties.find((x) => x.role === 'FOREIGN_PARTY')!.territoryId),
      ),
    );
    expect(countries.size).toBe(39);
    for (const p of agreements) expect(p.isDemo).toBe(false);
  });

  it('name only parties that exist: the HCP reference, a former authority or a foreign territory of the world', () => {
    const foreign = new Set(world.foreignTerritories.map((t) => t.id));
    const hcp = new Set(
      [...reference.regions, ...reference.provinces, ...reference.communes].map((t) => t.code),
    );
    for (const p of agreements) {
      for (const { territoryId } of p.parties) {
        const known = isHcpCode(territoryId)
          ? hcp.has(territoryId)
          : foreign.has(territoryId) || !!formerAuthority(territoryId);
        expect(known, `${p.id}: ${territoryId}`).toBe(true);
      }
      expect(p.parties.filter((x) => x.role === 'MOROCCAN_PARTY')).toHaveLength(1);
      expect(p.parties.filter((x) => x.role === 'FOREIGN_PARTY')).toHaveLength(1);
    }
  });

  it('take the day of signature only from signed_on and the year only from signed_on or signed_year', () => {
    for (const row of batch.agreements) {
      const p = agreement(row.id);
      expect(p.signedOn, row.id).toBe(row.signed_on || null);
      const year = row.signed_on
        ? Number(row.signed_on.slice(0, 4))
        : row.signed_year
          ? Number(row.signed_year)
          : null;
      expect(p.year, row.id).toBe(year);
      expect(p.steps[0].date, row.id).toBe(row.signed_on || null);
    }
    expect(agreements.filter((p) => p.signedOn)).toHaveLength(12);
  });

  it('map the kinds of the batch, and the parties the README leaves without an HCP code', () => {
    const kinds = Object.fromEntries(batch.agreements.map((r) => [r.kind, agreement(r.id).kind]));
    expect(kinds).toEqual({
      twinning: 'TWINNING',
      convention: 'COOPERATION_CONVENTION',
      protocol: 'PROTOCOL',
      framework_agreement: 'FRAMEWORK_AGREEMENT',
      memorandum: 'MEMORANDUM_OF_UNDERSTANDING',
      other: 'OTHER',
    });
    expect(agreement('TW022').parties[0].territoryId).toBe('04.421.01.0');
    expect(agreement('TW027').parties[0].territoryId).toBe('MA-rabat-sale-zemmour-zaer');
    expect(agreement('TW028').parties[0].territoryId).toBe('MA-rabat-sale-zemmour-zaer');
    expect(agreement('TW001').title).toEqual({
      fr: 'Jumelage Rabat – Séville',
      en: 'Rabat – Séville twinning',
    });
    expect(agreement('TW022').title.en).toBe('Rabat – Bethlehem twinning');
  });

  it('call council drafts DELIBERATED and map only the ends a status note establishes', () => {
    for (const row of ['TW041', 'TW089', 'TW090']) {
      expect(agreement(row).status).toBe('DELIBERATED');
      expect(agreement(row).steps.map((s) => s.status)).toEqual(['DELIBERATED']);
      expect(agreement(row).signedOn).toBeNull();
    }
    expect(agreement('TW025').status).toBe('SUPERSEDED');
    expect(agreement('TW026').renewsId).toBe('ma-tw025');
    expect(agreement('TW028').status).toBe('SUPERSEDED');
    expect(agreement('TW030').renewsId).toBe('ma-tw028');
    // The sources give the end year of a term ("2017-2021"), never a day: no endsOn, an undated step.
    expect(agreement('TW085')).toMatchObject({ status: 'EXPIRED', endsOn: null });
    expect(agreement('TW085').steps.at(-1)).toEqual({
      status: 'EXPIRED',
      date: null,
      reference: null,
      note: 'Its term, 2017–2021 per the source, has passed.',
    });
    expect(agreement('TW033')).toMatchObject({ status: 'SUPERSEDED', endsOn: null });
    expect(agreement('TW033').steps.at(-1)).toMatchObject({ status: 'SUPERSEDED', date: null });
    expect(agreement('TW033').steps.at(-1)?.note).toContain('2017–2020 per the source');
    for (const p of agreements) expect(p.endsOn, p.id).toBeNull();
    expect(agreement('TW121').status).toBe('DORMANT');
    for (const [row, rule] of Object.entries(STATUS_RULES)) {
      if (rule.supersededBy) expect(RENEWALS[rule.supersededBy], row).toBe(row);
    }
    const special = new Set([
      'TW041',
      'TW089',
      'TW090',
      'TW025',
      'TW028',
      'TW033',
      'TW062',
      'TW085',
      'TW121',
    ]);
    for (const p of agreements.filter((p) => !special.has(p.reference!))) {
      expect(p.status, p.id).toBe('SIGNED');
      expect(p.steps.map((s) => s.status)).toEqual(['SIGNED']);
    }
  });

  it('keep the themes as written in the summary and map them only to codes of the vocabulary', () => {
    for (const [, code] of THEME_VOCABULARY) expect(THEME_CODES.has(code), code).toBe(true);
    for (const row of batch.agreements) {
      const p = agreement(row.id);
      expect(p.themes).toEqual(themeCodesOf(row.themes));
      if (row.themes) expect(p.summary).toContain(row.themes);
    }
    expect(themeCodesOf('eau potable et assainissement (RADEEF); santé')).toEqual([
      'water-sanitation',
      'health',
    ]);
    expect(themeCodesOf('thé; diaspora')).toEqual([]);
  });
});

describe('the evidence of the sourced records', () => {
  it('gives every record at least one source and the quote of its row', () => {
    expect(sourcedRecords.length).toBeGreaterThan(125 + 42);
    for (const record of sourcedRecords) {
      expect(record.sources.length, record.id).toBeGreaterThan(0);
      expect(record.evidence?.quote, record.id).toBeTruthy();
    }
  });

  it('carries the caveats of the README’s weaker rows', () => {
    const readme: [string[], string][] = [
      [
        Array.from({ length: 19 }, (_, i) => `TW${String(i + 1).padStart(3, '0')}`),
        'SINGLE_SECONDARY_SOURCE',
      ],
      [['TW043', 'TW044', 'TW059', 'TW073', 'TW096'], 'BLOG_OR_AGGREGATOR'],
      [['TW041', 'TW089', 'TW090'], 'COUNCIL_DRAFT'],
      [['TW066', 'TW049', 'TW038', 'TW039', 'TW032', 'MB001'], 'CONFLICTING_SOURCES'],
      [['MB032', 'MB033', 'MB034'], 'RELAYED_STATEMENT'],
    ];
    for (const [rows, caveat] of readme) {
      for (const row of rows) {
        const record = sourcedRecords.find((r) =>
          rowsOf('reference' in r ? (r.reference as string) : null).includes(row),
        );
        expect(record?.evidence?.caveats, row).toContain(caveat);
      }
    }
  });

  it('derives YEAR_ONLY and NO_DATE from the dates of each agreement (27 carry no year)', () => {
    for (const row of batch.agreements) {
      const caveats = agreement(row.id).evidence!.caveats;
      expect(caveats.includes('YEAR_ONLY' as never), row.id).toBe(!row.signed_on && !!row.signed_year);
      expect(caveats.includes('NO_DATE' as never), row.id).toBe(!row.signed_on && !row.signed_year);
    }
    expect(agreements.filter((p) => p.evidence!.caveats.includes('NO_DATE' as never))).toHaveLength(27);
  });
});

describe('the sourced networks, memberships, offices and affiliations (memberships.csv)', () => {
  const networkIds = new Set(world.networks.map((n) => n.id));

  it('add the networks the OING list lacks, each with the sources and rows that name it', () => {
    const added = [
      'c40',
      'oru-fogar',
      'ova',
      'ocvi',
      'covenant-of-mayors',
      'intercultural-cities',
      'intercultural-cities-morocco',
      'arlem',
      'climate-chance',
      'uclg-forum-of-intermediary-cities',
      'ampcc',
      'arm',
      'ampcpp',
      'ams',
      'regions-de-france',
    ];
    for (const id of added) {
      const network = world.networks.find((n) => n.id === id);
      expect(network, id).toBeDefined();
      expect(network!.sources.length, id).toBeGreaterThan(0);
      expect(network!.reference, id).toBeTruthy();
      expect(network!.foundedYear).toBeNull();
    }
    for (const id of ['ampcc', 'arm', 'ampcpp', 'ams', 'regions-de-france']) {
      expect(world.networks.find((n) => n.id === id)?.kind).toBe('NATIONAL_ASSOCIATION');
    }
  });

  it('show the five offices held by a mayor or a regional president as offices, not memberships', () => {
    const offices = ['MB020', 'MB021', 'MB022', 'MB023', 'MB031'];
    expect(world.offices.map((o) => o.reference)).toEqual(offices);
    expect(world.offices.map((o) => o.id)).toEqual(offices.map((r) => `office-${r.toLowerCase()}`));
    expect(world.offices[0]).toMatchObject({
      networkId: 'uclg',
      territoryId: '01.051.01.01',
      role: 'PRESIDENCY',
      holderTitle: "Maire d'Al Hoceima",
      holderName: 'Mohamed Boudra',
      sinceYear: 2019,
    });
    for (const m of realMemberships)
      for (const row of offices) expect(rowsOf(m.reference)).not.toContain(row);
  });

  it('record AMPCC and ARM as associations affiliated to networks', () => {
    expect(world.affiliations.map((a) => [a.reference, a.memberNetworkId, a.networkId])).toEqual([
      ['MB018', 'ampcc', 'uclg'],
      ['MB019', 'ampcc', 'uclg-africa'],
      ['MB030', 'arm', 'oru-fogar'],
    ]);
    for (const a of world.affiliations) expect(networkIds.has(a.networkId)).toBe(true);
  });

  it('keep one membership per territory and network, merging rows of the same pair', () => {
    const pairs = realMemberships.map((m) => `${m.territoryId}|${m.networkId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(realMemberships.find((m) => m.id === 'ma-ex13')).toMatchObject({
      reference: 'EX13+MB001+MB002',
      role: 'PRESIDENCY',
      sinceYear: null,
    });
    // The role held now (that of the latest year, 2025) and the year the membership began (2023), with
    // the history in the note: no source says "president since 2023".
    const rabat = realMemberships.find((m) => m.id === 'ma-mb016');
    expect(rabat).toMatchObject({ reference: 'MB016+MB017', role: 'PRESIDENCY', sinceYear: 2023 });
    expect(rabat?.evidence?.note).toContain(
      'Roles by row: vice-president 2023 (MB016), president 2025 (MB017).',
    );
    // A past presidency is history, not the current role.
    const tanger = realMemberships.find((m) => m.id === 'ma-mb003');
    expect(tanger).toMatchObject({ reference: 'MB003+MB004', role: 'MEMBER', sinceYear: null });
    expect(tanger?.evidence?.note).toContain('MB004: Past presidency; years not stated');
    expect(tanger?.evidence?.note).toContain('president no year (MB004)');
    expect(realMemberships.find((m) => m.id === 'ma-ex13')?.evidence?.note).toContain(
      'Roles by row: president 2020 (EX13), founding member no year (MB001), president no year (MB002).',
    );
    // Every merged pair has its judgement written down, and every judgement is of a merged pair.
    const merged = realMemberships.filter((m) => rowsOf(m.reference).length > 1);
    expect(merged.map((m) => `${m.territoryId}|${m.networkId}`).sort()).toEqual(
      Object.keys(MERGE_RULES).sort(),
    );
    const mapped = new Set([
      ...realMemberships.flatMap((m) => rowsOf(m.reference)),
      ...world.offices.map((o) => o.reference),
      ...world.affiliations.map((a) => a.reference),
    ]);
    for (const row of batch.memberships) expect(mapped.has(row.id), row.id).toBe(true);
    for (const m of realMemberships) expect(networkIds.has(m.networkId)).toBe(true);
    // A forum of UCLG is not UCLG: Chefchaouen presides the forum, not the network.
    expect(
      realMemberships.find((m) => m.territoryId === '01.151.01.01' && m.networkId === 'uclg'),
    ).toBeUndefined();
  });

  it('merge a pair by its latest dated role and earliest year, or its highest role when no row has a year', () => {
    const row = (id: string, role: string, since_year: string) => ({
      ...batch.memberships.find((r) => r.id === 'MB016')!,
      id,
      network: 'MedCities',
      role,
      since_year,
      notes: `${id} note`,
    });
    const merge = (rows: ReturnType<typeof row>[]) =>
      sourcedMemberships([], rows, world.networks, reference)[0];
    const dated = merge([
      row('MB901', 'member', '2010'),
      row('MB902', 'president', '2015'),
      row('MB903', 'board', '2020'),
    ]);
    expect(dated).toMatchObject({ role: 'BOARD', sinceYear: 2010, reference: 'MB901+MB902+MB903' });
    expect(dated.evidence?.note).toContain(
      'Roles by row: member 2010 (MB901), president 2015 (MB902), board 2020 (MB903).',
    );
    const undated = merge([row('MB901', 'member', ''), row('MB902', 'vice-president', '')]);
    expect(undated).toMatchObject({ role: 'VICE_PRESIDENCY', sinceYear: null });
    expect(undated.evidence?.note).toContain('The rows give no years: the highest role they name is kept.');
  });

  it('gives the demo no second membership of a pair the sources already record', () => {
    const real = new Set(realMemberships.map((m) => `${m.territoryId}|${m.networkId}`));
    for (const m of world.memberships.filter((m) => m.isDemo)) {
      expect(real.has(`${m.territoryId}|${m.networkId}`)).toBe(false);
    }
  });
});

describe('the sourced events (events.csv)', () => {
  it('are the 42 rows with the dates as printed, null where none is', () => {
    for (const row of batch.events) {
      const e = event(row.id);
      expect(e, row.id).toBeDefined();
      expect([e!.startsOn, e!.endsOn], row.id).toEqual([row.starts_on || null, row.ends_on || null]);
    }
    for (const row of ['EV005', 'EV020', 'EV021', 'EV023', 'EV036', 'EV040', 'EV041']) {
      expect(event(row)).toMatchObject({ startsOn: null, endsOn: null });
      expect(event(row)?.evidence?.caveats).toContain('NO_DATE');
    }
    for (const row of ['EV003', 'EV016']) expect(event(row)?.startsOn).toBeNull();
    for (const row of ['EV019', 'EV025']) expect(event(row)?.endsOn).toBeNull();
    expect(event('EV003')?.evidence?.note).toContain('Only the end date is printed');
  });

  it('match organisers and participants to territories by exact name, the rest kept by name', () => {
    expect(event('EV001')?.networkIds).toEqual(['uclg-africa']);
    expect(event('EV009')?.organiserIds).toEqual(['01']);
    expect(event('EV002')).toMatchObject({ participantIds: ['04.421.01.0'], participantNames: ['AMPCC'] });
    expect(event('EV007')).toMatchObject({ networkIds: ['ampcc', 'arm'], networkId: 'ampcc' });
    expect(event('EV022')?.participantIds).toContain('01.573');
    expect(event('EV004')?.placeTerritoryId).toBe('04.421.01.0');
    expect(event('EV005')).toMatchObject({ countryCode: 'MX', placeTerritoryId: null });
    expect(territoryOfName('Région Souss-Massa', reference)).toBe('09');
    expect(territoryOfName('Province de Tiznit', reference)).toBe('09.581');
    expect(territoryOfName('Tiznit', reference)).toBe('09.581.01.07');
    expect(territoryOfName('AMPCC', reference)).toBeNull();
  });

  it('take the kind from the words of the title', () => {
    expect(eventKindOf('Africités 5 – 5e Sommet africain des collectivités locales')).toBe('SUMMIT');
    expect(eventKindOf('Assemblée générale de MedCités 2016')).toBe('CONFERENCE');
    expect(eventKindOf('Atelier sur la coopération décentralisée')).toBe('SEMINAR');
    for (const e of world.events.filter((e) => !e.isDemo)) {
      expect(e.isDemo).toBe(false);
      expect(e.online).toBe(false);
      for (const theme of e.themes) expect(THEME_CODES.has(theme)).toBe(true);
    }
  });
});

describe('the foreign authorities and the demo', () => {
  const real = world.foreignTerritories.filter((t) => !t.isDemo);
  const realIds = new Set(real.map((t) => t.id));

  it('give each foreign authority one id, real or demo, never both', () => {
    const ids = world.foreignTerritories.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Séville, Lisbonne, Tunis, Marseille, … are real now: the demo leaves them out.
    const demoIds = new Set(world.foreignTerritories.filter((t) => t.isDemo).map((t) => t.id));
    for (const id of [
      'ES-sevilla',
      'PT-lisboa',
      'TN-tunis',
      'FR-marseille',
      'FR-strasbourg',
      'ES-andalucia',
    ]) {
      expect(realIds.has(id), id).toBe(true);
      expect(demoIds.has(id), id).toBe(false);
    }
    expect(DEMO_FOREIGN_TERRITORIES.some((t) => t.id === 'ES-sevilla')).toBe(true);
  });

  it('never point a demo record at a real foreign authority', () => {
    const demoNamed = [
      ...world.partnerships.filter((p) => p.isDemo).flatMap((p) => p.parties.map((x) => x.territoryId)),
      ...world.requests.flatMap((r) => r.proposals.map((x) => x.proposerId)),
      ...world.memberships.filter((m) => m.isDemo).map((m) => m.territoryId),
      ...world.events.filter((e) => e.isDemo).flatMap((e) => [...e.organiserIds, ...e.participantIds]),
    ];
    for (const id of demoNamed) expect(realIds.has(id), id).toBe(false);
  });

  it('name them as the rows write them, with an English or Arabic name only where a row prints one', () => {
    const written = batch.agreements.map((r) => r.foreign_party_name).join('\n');
    const firstBatch = new Set(REAL_FOREIGN_TERRITORIES.map((t) => t.id));
    for (const t of real.filter((t) => !firstBatch.has(t.id))) {
      if (t.names.en) expect(written, t.id).toContain(t.names.en);
      if (t.names.ar) expect(written, t.id).toContain(t.names.ar);
    }
    expect(real.find((t) => t.id === 'SN-guande')?.names).toEqual({ fr: 'Guande', ar: 'غاند' });
    expect(real.find((t) => t.id === 'LY-tripoli')?.names).toEqual({ fr: 'Tripoli' });
    expect(real.find((t) => t.id === 'BE-bruxelles-capitale')?.reference).toBe('TW028 TW029 TW030 TW031');
    for (const t of real.filter((t) => t.reference)) expect(t.sources?.length, t.id).toBeGreaterThan(0);
  });

  it('use unique ids in every collection', () => {
    for (const list of [
      world.partnerships,
      world.memberships,
      world.events,
      world.networks,
      world.offices,
      world.affiliations,
    ] as { id: string }[][]) {
      const ids = list.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
