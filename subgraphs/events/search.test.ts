import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, testDatabaseEnv } from '../../test/helpers/database';
import { parseSubgraphConfig } from '../shared/config';
import { projectRoot } from '../shared/project';
import { startSubgraph, type RunningSubgraph } from '../shared/server';
import { buildWorld } from '../shared/world';
import { ExperienceEntity } from './experience.entity';
import { indexedWords, indexText, matchExperienceSearch, orderBySearchRank } from './search';
import { searchForms } from '../shared/search-forms';
import { eventsSubgraph } from './subgraph';

const world = buildWorld({ seed: 2026, scale: 1 });

/** The searches of the field, plus a word of the titles of a sample of the seed experiences. */
const QUERIES = [
  'Fes',
  'Fès',
  'FÈS',
  'déchets',
  'dechets ménagers',
  'eau',
  'diagnos',
  'diagnostic trimestre',
  'gestion des déchets',
  'jeunes',
  'تجربة',
  'تَجربة',
  // Arabic words with and without their particles (و، ف، ب، ك، ل، ال، لل): found both ways.
  'التجربة',
  'بالتشخيص',
  'تشخيص',
  'والتنمية',
  'للأعمال',
  'أعمال',
  'بحر',
  'zzzunknownword',
  ...world.experiences
    .filter((_, index) => index % 7 === 0)
    .map(
      (x) =>
        indexText(x.title)
          .split(' ')
          .find((word) => word.length > 3) ?? x.title,
    ),
];

/** One running events subgraph per engine: SQLite always, PostgreSQL when the tests run on it. */
const engines: Record<string, RunningSubgraph> = {};

beforeAll(async () => {
  const start = (env: Record<string, string>) =>
    startSubgraph(
      eventsSubgraph,
      parseSubgraphConfig('events', { ...env, PORT_EVENTS: '0', QUIET: '1' }, projectRoot()),
    );
  engines.sqlite = await start({ SQLITE_PATH_EVENTS: ':memory:' });
  if (TEST_DATABASE_URL) engines.postgres = await start(testDatabaseEnv('events') as Record<string, string>);
});

afterAll(async () => {
  await Promise.all(Object.values(engines).map((running) => running.stop()));
});

async function searchIds(running: RunningSubgraph, search: string): Promise<string[]> {
  const response = await fetch(running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'query ($s: String) { experiences(filter: { search: $s }, first: 100) { totalCount nodes { id } } }',
      variables: { s: search },
    }),
  });
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  return body.data.experiences.nodes.map((node: { id: string }) => node.id).sort();
}

/**
 * What a search must find: the experiences whose indexed words (folded, Arabic ones with their stems) have,
 * for each search word, one beginning with a form of it (the word, or a stem once its particles are off).
 */
function expected(search: string): string[] {
  const words = indexText(search).split(' ').filter(Boolean);
  return world.experiences
    .filter((x) => {
      const text = indexedWords(`${x.title} ${x.summary} ${x.lessons}`);
      return words.every((word) =>
        searchForms(word).some((form) => text.some((token) => token.startsWith(form))),
      );
    })
    .map((x) => x.id)
    .sort();
}

describe('full-text search of experiences', () => {
  it('finds on SQLite exactly the experiences with a word beginning with each search word', async () => {
    for (const query of QUERIES)
      expect(await searchIds(engines.sqlite, query), query).toEqual(expected(query));
    expect(expected('Fes').length).toBeGreaterThan(0);
    expect(expected('تجربة').length).toBeGreaterThan(0);
    // A particle on either side no longer hides a word.
    expect(expected('بالتشخيص').length).toBeGreaterThan(0);
    expect(expected('للأعمال')).toEqual(expected('الأعمال'));
  });

  it.skipIf(!TEST_DATABASE_URL)('finds the same experiences on PostgreSQL as on SQLite', async () => {
    for (const query of QUERIES) {
      expect(await searchIds(engines.postgres, query), query).toEqual(await searchIds(engines.sqlite, query));
    }
  });

  it('ignores accents, case and Arabic diacritics', async () => {
    for (const running of Object.values(engines)) {
      expect(await searchIds(running, 'FES')).toEqual(await searchIds(running, 'Fès'));
      expect(await searchIds(running, 'تَجربة')).toEqual(await searchIds(running, 'تجربة'));
    }
  });

  it('orders by relevance: an experience naming the words in its title and more often comes first', async () => {
    const target = world.experiences.find(
      (x) => x.language === 'FR' && indexText(x.title).split(' ').length > 3,
    )!;
    const words = indexText(target.title)
      .split(' ')
      .filter((word) => word.length > 3)
      .slice(0, 3)
      .join(' ');
    for (const running of Object.values(engines)) {
      const qb = running.db.manager.createQueryBuilder(ExperienceEntity, 'x');
      matchExperienceSearch(qb, 'x', words);
      orderBySearchRank(qb, 'x', words);
      const ranked = await qb.getMany();
      expect(ranked.map((x) => x.id).sort()).toEqual(expected(words));
      expect(ranked.length).toBeGreaterThan(0);
      // The best match has at least as many occurrences of the words as the last one.
      const hits = (id: string) => {
        const x = world.experiences.find((e) => e.id === id)!;
        const text = indexText(`${x.title} ${x.summary} ${x.lessons}`).split(' ');
        return words.split(' ').reduce((n, word) => n + text.filter((t) => t.startsWith(word)).length, 0);
      };
      expect(hits(ranked[0].id)).toBeGreaterThanOrEqual(hits(ranked.at(-1)!.id));
    }
  });

  it('keeps the index in step when the text of an experience changes', async () => {
    for (const running of Object.values(engines)) {
      const repository = running.db.getRepository(ExperienceEntity);
      const experience = (await repository.findOneByOrFail({ id: world.experiences[0].id }))!;
      const original = experience.searchText;
      try {
        await repository.update(experience.id, { searchText: indexText('Zyxwvu Quokka à Fès') });
        expect(await searchIds(running, 'zyxwvu quokka')).toEqual([experience.id]);
        await repository.update(experience.id, { searchText: original });
        expect(await searchIds(running, 'zyxwvu')).toEqual([]);
      } finally {
        await repository.update(experience.id, { searchText: original });
      }
    }
  });
});
