import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS, nodeFlags, roleOfEntry, serviceNodeArgs, type ServiceRole } from './launch';

const DIST = path.join(path.sep, 'app', 'dist');
const ROLES: ServiceRole[] = ['gateway', 'subgraph'];

describe('the launch definition', () => {
  it('puts the role’s flags first, then the extra flags, the entry file and the service’s arguments', () => {
    expect(
      serviceNodeArgs('subgraph', {
        args: ['territories'],
        extraFlags: ['--cpu-prof'],
        env: {},
        distRoot: DIST,
      }),
    ).toEqual([
      ...NODE_FLAGS.subgraph,
      '--cpu-prof',
      path.join(DIST, 'subgraphs', 'index.js'),
      'territories',
    ]);
    expect(serviceNodeArgs('gateway', { env: {}, distRoot: DIST })).toEqual([
      ...NODE_FLAGS.gateway,
      path.join(DIST, 'gateway', 'index.js'),
    ]);
  });

  it('leaves to NODE_OPTIONS a flag it already sets, in either spelling, and keeps the others', () => {
    expect(nodeFlags('subgraph', { NODE_OPTIONS: '--enable-source-maps --max_old_space_size=300' })).toEqual(
      NODE_FLAGS.subgraph.filter((flag) => !flag.startsWith('--max-old-space-size=')),
    );
    expect(nodeFlags('gateway', { NODE_OPTIONS: '' })).toEqual(NODE_FLAGS.gateway);
  });

  it('knows the role of the gateway’s and the subgraphs’ entry files, and of no other script', () => {
    expect(roleOfEntry(path.join(DIST, 'gateway', 'index.js'), DIST)).toBe('gateway');
    expect(roleOfEntry(path.join(DIST, 'subgraphs', 'index.js'), DIST)).toBe('subgraph');
    expect(roleOfEntry(path.join(DIST, 'bench', 'baseline', 'index.js'), DIST)).toBeUndefined();
  });

  it.each(ROLES)('gives the %s flags this Node accepts, which size its heap as they say', (role) => {
    const size = (name: string) =>
      Number(NODE_FLAGS[role].find((flag) => flag.startsWith(`--${name}=`))?.split('=')[1]);
    const run = spawnSync(
      process.execPath,
      [...NODE_FLAGS[role], '-p', 'require("v8").getHeapStatistics().heap_size_limit / 2 ** 20'],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
    );
    expect(run.status, run.stderr).toBe(0);
    // The limit is the old generation plus the young one (a few semi-spaces).
    const limit = Number(run.stdout);
    expect(limit).toBeGreaterThanOrEqual(size('max-old-space-size') + 2 * size('max-semi-space-size'));
    expect(limit).toBeLessThanOrEqual(size('max-old-space-size') + 4 * size('max-semi-space-size'));
  });
});
