import { describe, expect, it } from 'vitest';
import { answerHash, canonicalJson } from './canonical';
import { asciiOnly } from './driver/load';
import { percentile, ratio, roundOrder, summarizeRounds, type RoundResult } from './stats';

const round = (overrides: Partial<RoundResult>): RoundResult => ({
  responses: 0,
  sent: 0,
  seconds: 1,
  latencies: [],
  errors: 0,
  non2xx: 0,
  mismatches: 0,
  ...overrides,
});

describe('the benchmark arithmetic', () => {
  it('takes percentiles by nearest rank, whatever the order of the values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });

  it('gives a ratio only when both figures are numbers and the baseline is not zero', () => {
    expect(ratio(400, 100)).toBe(4);
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(Number.NaN, 3)).toBeNull();
  });

  it('merges rounds into one throughput over the summed time and percentiles over every latency', () => {
    const summary = summarizeRounds([
      round({ responses: 100, sent: 110, seconds: 5, latencies: [10, 20, 30], errors: 1 }),
      round({ responses: 300, sent: 320, seconds: 5, latencies: [40, 50], non2xx: 2, mismatches: 3 }),
    ]);
    expect(summary).toEqual({
      requestsPerSecond: 40,
      p50: 30,
      p99: 50,
      responses: 400,
      errors: 1,
      non2xx: 2,
      mismatches: 3,
      mismatchSample: null,
    });
  });

  it('alternates the engine order from one round to the next', () => {
    expect(roundOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(roundOrder(['a', 'b', 'c'], 1)).toEqual(['c', 'b', 'a']);
    expect(roundOrder(['a', 'b'], 2)).toEqual(['a', 'b']);
  });

  it('hashes equal answers alike whatever their key order, and different answers differently', () => {
    const a = { data: { b: [1, { y: 2, x: null }], a: 'é' } };
    const b = { data: { a: 'é', b: [1, { x: null, y: 2 }] } };
    expect(canonicalJson(a)).toBe('{"data":{"a":"é","b":[1,{"x":null,"y":2}]}}');
    expect(answerHash(a)).toBe(answerHash(b));
    expect(answerHash({ data: { b: [{ x: null, y: 2 }, 1], a: 'é' } })).not.toBe(answerHash(a));
  });

  it('takes an answer whose UTF-8 characters were split between two chunks for the same answer, and a different one for a different answer', () => {
    const bytes = Buffer.from('{"name":"Fès","ar":"فاس"}');
    const split = bytes.indexOf(Buffer.from('è')) + 1;
    const received = bytes.subarray(0, split).toString() + bytes.subarray(split).toString();
    expect(received).not.toBe(bytes.toString());
    expect(asciiOnly(received)).toBe(asciiOnly(bytes.toString()));
    expect(asciiOnly('{"name":"Fez"}')).not.toBe(asciiOnly(bytes.toString()));
  });
});
