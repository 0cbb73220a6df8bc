import { parseRole, serviceNodeArgs } from './launch';

/**
 * The container's command: `gateway` (default) or `subgraph <name>`, so one image serves every service of
 * the hub (docker/compose.yaml). It prints the arguments of `node` that start that service as `npm start`
 * starts it (launch.ts: the role's Node flags, the entry file); the image's entry point, a shell, then
 * `exec`s `node` with them, so the service itself is the container's main process (it gets the runtime's
 * SIGTERM) and no second Node process stays beside it. Heap flags cannot be given to a process already
 * running, hence the two steps.
 */
const [roleArg = 'gateway', ...args] = process.argv.slice(2);
const role = parseRole(roleArg);
// A subgraph's name is checked by the subgraph itself, which answers a wrong one with its usage (exit 2).
if (!role || (role === 'gateway' ? args.length > 0 : args.length !== 1)) {
  console.error('Usage: container.js gateway | container.js subgraph <name>');
  process.exit(2);
}
// One argument per line; none holds white space (flags, /app/dist/… paths, a subgraph's name).
console.log(serviceNodeArgs(role, { args, env: process.env }).join('\n'));
