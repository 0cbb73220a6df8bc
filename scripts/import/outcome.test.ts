import { describe, expect, it } from 'vitest';
import type { ApiAnswer, GraphQLErrorLike } from './api';
import { KIND_SPECS } from './columns';
import { outcomeOf } from './run';

const spec = KIND_SPECS.memberships;
const row = { row: 3, input: { territoryId: '03.271.01.03', networkId: 'aimf' }, key: 'k', problems: [] };
const refusal = (extensions: GraphQLErrorLike['extensions'], message = 'refused'): ApiAnswer => ({
  status: 200,
  dryRun: true,
  data: { record: null },
  errors: [{ message, extensions }],
});

describe('outcomeOf: "already present" only for the same record', () => {
  it('counts a duplicate or an idempotent replay naming the record as present', () => {
    for (const mark of [{ duplicate: true }, { idempotent: true }]) {
      const answer = refusal({ code: 'CONFLICT', existingId: 'm-1', ...mark });
      expect(outcomeOf(spec, row, answer, 'would-create')).toEqual({
        row: 3,
        status: 'present',
        id: 'm-1',
        problems: [],
      });
    }
  });

  it('counts another record the row collides with (existingId alone) as invalid, with its message', () => {
    const answer = refusal(
      { code: 'CONFLICT', existingId: 'm-1', field: 'input.since' },
      '03.271.01.03 is already a member of aimf on 2015-01-01: membership m-1 runs from 2010-01-01',
    );
    const outcome = outcomeOf(spec, row, answer, 'created');
    expect(outcome.status).toBe('invalid');
    expect(outcome.id).toBeUndefined();
    expect(outcome.problems[0].message).toMatch(/^CONFLICT: .*membership m-1/);
  });
});
