import { describe, expect, it } from 'vitest';
import { MAX_BATCH_EVENTS, parseBatch } from './ingest.validate';

const good = {
  id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  source: 'partnerships',
  at: '2026-01-01T10:00:00.000Z',
  action: 'signPartnership',
  type: 'Partnership',
  recordId: 'p-1',
  version: 3,
  actor: { subject: 'officer', role: 'TERRITORY_OFFICER', territories: ['03.231.01.0'], networks: [] },
  changes: {},
  facts: { public: true, parties: ['03.231.01.0'], networks: [], title: 'Un accord', demo: false },
};

describe('a batch of events', () => {
  it('is accepted when every event has the fields of the contract', () => {
    expect(parseBatch({ events: [good] })).toEqual({ events: [good] });
    expect(parseBatch({ events: [] })).toEqual({ events: [] });
  });

  it('is refused, naming each bad event, when one lacks a field or has one of the wrong shape', () => {
    const result = parseBatch({
      events: [
        good,
        { ...good, at: 'yesterday' },
        { ...good, actor: { ...good.actor, role: 'KING' } },
        { ...good, type: 'Unicorn' },
        { ...good, type: 'toString' },
      ],
    });
    expect(result).toEqual({
      problems: [
        'events[1]: at must be an ISO timestamp',
        'events[2]: actor must have a subject (or null) and a role',
        'events[3]: type must be an audited type',
        'events[4]: type must be an audited type',
      ],
    });
  });

  it('is refused when it is not { events: [...] } or carries too many events', () => {
    expect(parseBatch([good])).toHaveProperty('problems');
    expect(parseBatch({ events: Array(MAX_BATCH_EVENTS + 1).fill(good) })).toHaveProperty('problems');
  });
});
