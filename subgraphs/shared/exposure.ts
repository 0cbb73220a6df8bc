import { isIP } from 'node:net';

/**
 * Whether binding to `host` keeps a service on this machine: `localhost`, `127.0.0.0/8` or `::1`. A wildcard
 * (`0.0.0.0`, `::`) or any other address opens it to whatever network reaches the machine.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * The refusal of a service bound beyond loopback (`hostVariable` = `host`) while it trusts tokens signed with
 * a secret published in this repository (`secretVariable` unset): anyone on the network could sign one, as an
 * administrator. Undefined when the service stays on this machine or has a secret of its own.
 */
export function publicSecretExposure(options: {
  host: string;
  hostVariable: string;
  secretVariable: string;
  usesPublicSecret: boolean;
}): string | undefined {
  const { host, hostVariable, secretVariable, usesPublicSecret } = options;
  if (!usesPublicSecret || isLoopbackHost(host)) return undefined;
  return (
    `${hostVariable}=${host} opens this service to the network while it accepts tokens signed with the ` +
    `public development secret (anyone could sign one as an administrator): set ${secretVariable} to a ` +
    `secret of your own (32+ characters), or bind to 127.0.0.1`
  );
}
