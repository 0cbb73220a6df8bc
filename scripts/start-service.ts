import { constants } from 'node:os';
import { spawn } from 'node:child_process';
import { parseRole, serviceNodeArgs } from './launch';

/**
 * `node dist/scripts/start-service.js gateway | subgraph <name>` (`npm run start:gateway` /
 * `start:subgraph`): one service, started as `npm start` starts it (the role's Node flags, launch.ts), in a
 * child process that gets this process's SIGINT/SIGTERM; exits as the service does.
 */
const [roleArg, ...args] = process.argv.slice(2);
const role = parseRole(roleArg);
if (!role) {
  console.error('Usage: start-service.js gateway | start-service.js subgraph <name>');
  process.exit(2);
}
const child = spawn(process.execPath, serviceNodeArgs(role, { args, env: process.env }), {
  stdio: 'inherit',
});
const forward = (signal: NodeJS.Signals) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => {
  // Killed by a signal it did not handle: the shell's convention, 128 + the signal's number.
  process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
  process.removeListener('SIGINT', forward);
  process.removeListener('SIGTERM', forward);
});
