import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './writes';

describe("an idempotency key's input fingerprint", () => {
  it('is the same for the same input whatever the order of its keys or an undefined field', () => {
    expect(fingerprintOf({ title: 'A', parties: [{ id: 1, role: 'X' }], summary: undefined })).toBe(
      fingerprintOf({ parties: [{ role: 'X', id: 1 }], title: 'A' }),
    );
  });

  it('differs when any value differs, in lists too', () => {
    const base = fingerprintOf({ title: 'A', themes: ['water', 'waste'] });
    expect(fingerprintOf({ title: 'B', themes: ['water', 'waste'] })).not.toBe(base);
    expect(fingerprintOf({ title: 'A', themes: ['waste', 'water'] })).not.toBe(base);
    expect(fingerprintOf({ title: 'A', themes: ['water'] })).not.toBe(base);
  });
});
