import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsArabicSearch1765000000005 } from '../subgraphs/events/migrations/1765000000005-arabic-search';
import { indexText } from '../subgraphs/events/search';
import { TerritoriesArabicSearch1765000000004 } from '../subgraphs/territories/migrations/1765000000004-arabic-search';
import type { MigrationInterface } from 'typeorm';
import { startHub, type Hub } from './helpers/hub';
import { officerOf } from './helpers/tokens';
import { type Headers, writesThrough } from './helpers/writes';

/**
 * Arabic search through the gateway (issue 13): a word is found with or without the particles written
 * onto it (و، ف، ب، ك، ل، ال، لل and their combinations), in experiences and in territory names. The
 * experiences are shared here by Chefchaouen's officer and published, as a user would: the hub holds no
 * demo record at scale 0.
 */

const CHEFCHAOUEN = '01.151.01.01';
const AGADIR = '09.001.01.01';

let hub: Hub;
let officer: Headers;
/** The ids of the experiences shared here, by title. */
const shared: Record<string, string> = {};

const TEXTS = [
  {
    title: 'التدبير المفوض للنفايات بشفشاون',
    summary: 'تجربة الجماعة في جمع النفايات المنزلية وفرزها.',
    lessons: 'إشراك الساكنة منذ البداية.',
  },
  {
    title: 'الماء والتطهير: شبكة القرى الجبلية',
    summary: 'ربط الدواوير بشبكة التوزيع.',
    lessons: 'تتبع الأشغال كل ثلاثة أشهر.',
  },
  {
    title: 'ندوة الماء والتطهير',
    summary: 'لقاء تقني مع مهندسي الجهة.',
    lessons: 'تقاسم المعطيات بين المصالح.',
  },
  {
    title: 'تكوين في الماء والتطهير',
    summary: 'تكوين تقنيي الجماعة في صيانة القنوات.',
    lessons: 'التكوين المستمر ضروري.',
  },
  {
    title: 'الحرية في المبادرة المحلية',
    summary: 'مبادرات الجمعيات في مدينة شفشاون العتيقة.',
    lessons: 'الثقة قبل التمويل.',
  },
];

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  officer = await officerOf(CHEFCHAOUEN);
  const { ok } = writesThrough(() => hub.gateway.url);
  for (const text of TEXTS) {
    const created = await ok<{ id: string; version: number }>(
      officer,
      `mutation($input: CreateExperienceInput!) { createExperience(input: $input) { id version } }`,
      {
        input: {
          territoryId: CHEFCHAOUEN,
          title: text.title,
          summary: text.summary,
          lessonsLearned: text.lessons,
          language: 'AR',
        },
      },
    );
    await ok(
      officer,
      `mutation($id: ID!, $v: Int!) { publishExperience(id: $id, expectedVersion: $v) { id } }`,
      {
        id: created.id,
        v: created.version,
      },
    );
    shared[text.title] = created.id;
  }
});
afterAll(async () => {
  await hub?.stop();
});

/** The ids of the experiences a visitor finds with `search` (published ones only: what the public sees). */
async function found(search: string): Promise<string[]> {
  const { data, errors } = await hub.query(
    `query($s: String!) { experiences(filter: { search: $s }, first: 100) { nodes { id } } }`,
    { s: search },
  );
  expect(errors).toBeUndefined();
  return data.experiences.nodes.map((node: { id: string }) => node.id).sort();
}

/** The ids of the territories found by name with `search`. */
async function territories(search: string): Promise<string[]> {
  const { data, errors } = await hub.query(
    `query($s: String!) { territories(filter: { search: $s }, first: 50) { nodes { id } } }`,
    { s: search },
  );
  expect(errors).toBeUndefined();
  return data.territories.nodes.map((node: { id: string }) => node.id);
}

const WATER = ['الماء والتطهير: شبكة القرى الجبلية', 'ندوة الماء والتطهير', 'تكوين في الماء والتطهير'];

describe('Arabic search of experiences', () => {
  it('finds "بشفشاون" by "شفشاون", and "شفشاون" by "بشفشاون"', async () => {
    // One text says "بشفشاون" only, the other "شفشاون" only: each search finds both.
    const both = [shared['التدبير المفوض للنفايات بشفشاون'], shared['الحرية في المبادرة المحلية']];
    expect(await found('شفشاون')).toEqual(expect.arrayContaining(both));
    expect(await found('بشفشاون')).toEqual(expect.arrayContaining(both));
  });

  it('finds the three titles holding "الماء والتطهير" by "التطهير", "تطهير" and "والتطهير"', async () => {
    const water = WATER.map((title) => shared[title]).sort();
    for (const search of ['التطهير', 'تطهير', 'والتطهير', 'بالتطهير']) {
      const list = await found(search);
      expect(list, search).toEqual(expect.arrayContaining(water));
      expect(list, search).not.toContain(shared['الحرية في المبادرة المحلية']);
    }
  });

  it('finds by "ماء" what "الماء" finds, and "وبالماء" finds it too', async () => {
    const withArticle = await found('الماء');
    expect(withArticle).toEqual(expect.arrayContaining(WATER.map((title) => shared[title])));
    expect(await found('ماء')).toEqual(withArticle);
    expect(await found('وبالماء')).toEqual(withArticle);
  });

  it('does not strip a letter of a short word: "بحر" does not find "الحرية"', async () => {
    expect(await found('بحر')).not.toContain(shared['الحرية في المبادرة المحلية']);
    expect(await found('الحرية')).toContain(shared['الحرية في المبادرة المحلية']);
  });
});

describe('Arabic search of territories', () => {
  it('finds Chefchaouen by "بشفشاون" and Agadir by "اكادير" (alef without hamza) as by "أكادير"', async () => {
    expect(await territories('بشفشاون')).toContain(CHEFCHAOUEN);
    expect(await territories('اكادير')).toContain(AGADIR);
    expect(await territories('بأكادير')).toContain(AGADIR);
  });
});

// Last: it writes the indexed texts of an older version into the databases.
describe('a database indexed before', () => {
  /** Runs `migration` on the database of `subgraph`, as its next start would. */
  async function migrate(subgraph: 'events' | 'territories', migration: MigrationInterface) {
    const runner = hub.subgraphs[subgraph].db.createQueryRunner();
    try {
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  }

  it('finds "بشفشاون" by "شفشاون" once the events migration has indexed the stems', async () => {
    const text = TEXTS[0];
    const id = shared[text.title];
    const old = indexText(`${text.title} ${text.summary} ${text.lessons}`);
    const postgres = hub.subgraphs.events.db.options.type === 'postgres';
    await hub.subgraphs.events.db.query(
      `UPDATE experience SET search_text = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'}`,
      [old, id],
    );
    expect(await found('شفشاون')).not.toContain(id);
    await migrate('events', new EventsArabicSearch1765000000005());
    expect(await found('شفشاون')).toContain(id);
  });

  it('finds "أكادير" by "اكادير" once the territories migration has folded its alef again', async () => {
    const db = hub.subgraphs.territories.db;
    const postgres = db.options.type === 'postgres';
    const [{ search }] = await db.query(`SELECT search FROM territory WHERE id = ${postgres ? '$1' : '?'}`, [
      AGADIR,
    ]);
    // The former folding left the hamza as a mark after a plain alef.
    const old = search.replaceAll('اكادير', 'ا\u0654كادير');
    await db.query(
      `UPDATE territory SET search = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'}`,
      [old, AGADIR],
    );
    expect(await territories('اكادير')).not.toContain(AGADIR);
    await migrate('territories', new TerritoriesArabicSearch1765000000004());
    expect(await territories('اكادير')).toContain(AGADIR);
  });
});
