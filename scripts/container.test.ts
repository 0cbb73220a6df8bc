import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../subgraphs/shared/project';
import { NODE_FLAGS } from './launch';

/**
 * The image's ENTRYPOINT and CMD, run as a container runtime runs them (`/bin/sh` from a working directory
 * holding `dist/`), against this source's container.ts and launch.ts compiled into a throw-away `dist/` whose
 * service entry files are stand-ins that report how they were started.
 */

const ROOT = projectRoot();
let app: string;

/** `["a", "b"]` of the Dockerfile's last `<instruction> [...]` line. */
function execForm(dockerfile: string, instruction: 'ENTRYPOINT' | 'CMD'): string[] {
  const lines = dockerfile.split('\n').filter((line) => line.startsWith(`${instruction} `));
  expect(lines.length, `${instruction} in docker/Dockerfile`).toBeGreaterThan(0);
  return JSON.parse(lines[lines.length - 1].slice(instruction.length + 1)) as string[];
}

function compile(source: string, target: string): void {
  const { outputText } = ts.transpileModule(readFileSync(path.join(ROOT, source), 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  mkdirSync(path.dirname(path.join(app, target)), { recursive: true });
  writeFileSync(path.join(app, target), outputText);
}

/** A service entry that prints how its process was started. */
const STAND_IN = `console.log(JSON.stringify({ pid: process.pid, execArgv: process.execArgv, argv: process.argv.slice(1) }));\n`;

beforeAll(() => {
  app = mkdtempSync(path.join(tmpdir(), 'passerelle-image-'));
  compile('scripts/container.ts', 'dist/scripts/container.js');
  compile('scripts/launch.ts', 'dist/scripts/launch.js');
  for (const entry of ['dist/gateway/index.js', 'dist/subgraphs/index.js']) {
    mkdirSync(path.dirname(path.join(app, entry)), { recursive: true });
    writeFileSync(path.join(app, entry), STAND_IN);
  }
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** `docker run <image> [command…]`: the ENTRYPOINT with the command, or the image's CMD without one. */
function runImage(command?: string[]) {
  const dockerfile = readFileSync(path.join(ROOT, 'docker', 'Dockerfile'), 'utf8');
  const [program, ...args] = [
    ...execForm(dockerfile, 'ENTRYPOINT'),
    ...(command ?? execForm(dockerfile, 'CMD')),
  ];
  const child = spawn(program, args, { cwd: app, env: { PATH: process.env.PATH }, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise<{ pid: number; code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ pid: child.pid!, code, stdout, stderr })),
  );
}

describe('the container image', () => {
  it('starts the gateway by default as the container’s own process, with the gateway’s Node flags', async () => {
    const run = await runImage();
    expect(run.code, run.stderr).toBe(0);
    const started = JSON.parse(run.stdout) as { pid: number; execArgv: string[]; argv: string[] };
    // The shell the runtime started became the service (exec): it receives the runtime's signals.
    expect(started.pid).toBe(run.pid);
    expect(started.execArgv).toEqual(NODE_FLAGS.gateway);
    expect(started.argv).toEqual([path.join(app, 'dist', 'gateway', 'index.js')]);
  });

  it('starts a subgraph named by its command with the subgraphs’ Node flags', async () => {
    const run = await runImage(['subgraph', 'territories']);
    expect(run.code, run.stderr).toBe(0);
    const started = JSON.parse(run.stdout) as { pid: number; execArgv: string[]; argv: string[] };
    expect(started.pid).toBe(run.pid);
    expect(started.execArgv).toEqual(NODE_FLAGS.subgraph);
    expect(started.argv).toEqual([path.join(app, 'dist', 'subgraphs', 'index.js'), 'territories']);
  });

  it('exits 2 with the usage, starting nothing, for a command it does not know', async () => {
    for (const command of [['worker'], ['subgraph'], ['gateway', 'extra']]) {
      const run = await runImage(command);
      expect(run.code, command.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/Usage: container.js gateway \| container.js subgraph <name>/);
      expect(run.stdout).toBe('');
    }
  });
});
