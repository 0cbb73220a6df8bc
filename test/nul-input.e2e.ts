import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from './helpers/hub';
import { officerOf } from './helpers/tokens';

// PostgreSQL cannot compare text holding NUL: before the guard, these were masked internal errors there.
describe('text arguments holding a NUL character', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('are refused with BAD_USER_INPUT, in variables and in the query text alike', async () => {
    const viaVariable = await hub.query('query($id: ID!) { territory(id: $id) { name } }', {
      id: '03\u0000',
    });
    const inline = await hub.query('{ networkByAcronym(acronym: "AIMF\\u0000") { id } }');
    for (const answer of [viaVariable, inline]) {
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/NUL/);
    }
    const fine = await hub.query('{ territory(id: "03") { name } }');
    expect(fine.data.territory.name).toBe('Fès-Meknès');
  });

  it('are refused inside a list argument and a list of an input object, in variables and inline alike', async () => {
    const ids = await hub.query(
      'query($ids: [ID!]) { territories(filter: { ids: $ids }) { nodes { id } } }',
      { ids: ['03', '03.231\u0000'] },
    );
    const inline = await hub.query(
      '{ territories(filter: { ids: ["03", "03.231\\u0000"] }) { nodes { id } } }',
    );
    for (const answer of [ids, inline]) {
      expect(answer.data?.territories ?? null).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/NUL/);
    }
  });

  it('refuse a write whose list of strings or list of objects holds a NUL, and nothing is written', async () => {
    const fes = await officerOf('03.231.01.0');
    const title = `Expérience au texte piégé ${Date.now()}`;
    const input = {
      territoryId: '03.231.01.0',
      title,
      summary: 'Une expérience dont une source porte un caractère NUL.',
      lessonsLearned: 'Aucune: elle ne doit pas être écrite.',
      language: 'FR',
      sources: [
        { url: 'https://example.org/rapport.pdf', title: 'Rapport' },
        { url: 'https://example.org/annexe.pdf', title: 'Annexe\u0000' },
      ],
    };
    const event = {
      kind: 'SEMINAR',
      titles: { fr: title },
      description: 'Un séminaire dont un participant porte un caractère NUL.',
      place: { city: 'Fès', territoryId: '03.231.01.0' },
      organiserIds: ['03.231.01.0'],
      participantNames: ['Montpellier', 'Mont\u0000pellier'],
    };
    const writes = [
      await hub.query(
        'mutation($input: CreateExperienceInput!) { createExperience(input: $input) { id } }',
        { input },
        fes,
      ),
      await hub.query(
        'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
        { input: event },
        fes,
      ),
    ];
    for (const answer of writes) {
      expect(answer.data ?? null, JSON.stringify(answer.data)).toBeNull();
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.errors?.[0]?.message).toMatch(/NUL/);
    }
    const db = hub.subgraphs.events.db;
    const count = async (table: string, column: string) => {
      const p = db.options.type === 'postgres' ? '$1' : '?';
      const [row] = await db.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ${p}`, [title]);
      return Number(row.n);
    };
    expect(await count('experience', 'title')).toBe(0);
    expect(await count('event', 'title_fr')).toBe(0);
  });
});
