import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from './helpers/hub';

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
});
