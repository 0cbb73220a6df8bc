import { describe, expect, it } from 'vitest';
import { bar, progress, PROGRESS_MIN_ROWS } from './progress';

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { written, isTTY, write: (text: string) => written.push(text) };
};

describe('progress on long files', () => {
  it('draws a bar in place on a terminal', () => {
    const out = stream(true);
    const p = progress(out, 40, 'writing');
    for (let i = 0; i < 40; i += 1) p.tick();
    p.done();
    expect(out.written).toHaveLength(41);
    expect(out.written[19]).toBe(`\r${bar(20, 40, 'writing')}`);
    expect(out.written[39]).toBe(`\r[${'#'.repeat(30)}] 40/40 writing`);
    expect(out.written[40]).toBe('\n');
  });

  it('writes plain lines every tenth of the way elsewhere, and nothing for a short file', () => {
    const out = stream(false);
    const p = progress(out, 100, 'dry run');
    for (let i = 0; i < 100; i += 1) p.tick();
    expect(out.written).toHaveLength(10);
    expect(out.written[0]).toBe('dry run: 10/100 rows\n');
    const short = stream(true);
    const q = progress(short, PROGRESS_MIN_ROWS - 1, 'writing');
    q.tick();
    q.done();
    expect(short.written).toEqual([]);
  });
});
