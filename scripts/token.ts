import { parseArgs } from 'node:util';
import { createDevToken } from '../gateway/dev-token';
import { parseRole, Role } from '../subgraphs/shared/identity';

const USAGE =
  'Usage: npm run token -- --role <public|territory-officer|network-secretariat|ministry|admin> ' +
  '[--territory <id>]… [--network <id>]… [--subject <sub>] [--hours <n>]\n' +
  'Signs with AUTH_JWT_SECRET, AUTH_ISSUER and AUTH_AUDIENCE when set, else the development defaults.';

/** Prints a development token: `npm run token -- --role territory-officer --territory 03.231.01.0`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      territory: { type: 'string', multiple: true },
      network: { type: 'string', multiple: true },
      subject: { type: 'string' },
      hours: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const role = parseRole(values.role);
  const territories = values.territory ?? [];
  const networks = values.network ?? [];
  const hours = values.hours === undefined ? 8 : Number(values.hours);
  const problems: string[] = [];
  if (values.help) problems.push('');
  if (!role || role === Role.PUBLIC)
    problems.push('--role names a role that acts (a public reader needs no token)');
  if (role === Role.TERRITORY_OFFICER && !territories.length)
    problems.push('a territory officer needs --territory');
  if (role === Role.NETWORK_SECRETARIAT && !networks.length)
    problems.push('a network secretariat needs --network');
  if (!(hours > 0 && hours <= 24 * 30)) problems.push('--hours must be a number from 0 to 720');
  if (problems.length) {
    console.error([...problems.filter(Boolean), USAGE].join('\n'));
    process.exit(2);
  }
  const token = await createDevToken({
    role: role!,
    territories,
    networks,
    subject: values.subject,
    secret: process.env.AUTH_JWT_SECRET || undefined,
    issuer: process.env.AUTH_ISSUER || undefined,
    audience: process.env.AUTH_AUDIENCE || undefined,
    expiresInSeconds: Math.round(hours * 3600),
  });
  console.log(token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
