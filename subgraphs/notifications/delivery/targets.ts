import dns from 'node:dns';
import { isIPv4, isIPv6, type LookupFunction } from 'node:net';

/**
 * Where a webhook may not go in production (SSRF): a partner's URL must not make the hub call itself, its
 * network or its cloud's metadata service. A host that is, or resolves to, any address below is refused at
 * registration (BAD_USER_INPUT) and again when a delivery is sent (FAILED, no request made): the
 * connection itself resolves through `guardedLookup`, so a name that changes its address in between (DNS
 * rebinding) is caught too.
 */
export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'metadata' | 'reserved';

/** The ranges that are not `public`, first match wins (the metadata services before their ranges). */
const RANGES: readonly (readonly [prefix: string, bits: number, kind: AddressClass])[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack… instance metadata
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task metadata
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['168.63.129.16', 32, 'metadata'], // Azure wire server
  ['fd00:ec2::254', 128, 'metadata'], // AWS over IPv6
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['169.254.0.0', 16, 'link-local'],
  ['192.0.0.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'], // reserved, broadcast
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'private'], // unique local
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'reserved'], // multicast
];

/** IPv6 ranges that carry an IPv4 address, classified as that address: where it starts, in bytes. */
const EMBEDDING: readonly (readonly [prefix: string, bits: number, at: number])[] = [
  ['::ffff:0:0', 96, 12], // IPv4-mapped
  ['::', 96, 12], // IPv4-compatible (deprecated)
  ['64:ff9b::', 96, 12], // NAT64
  ['2002::', 16, 2], // 6to4
];

/** The 4 or 16 bytes of an address, or null for text that is not one. */
function bytesOf(text: string): number[] | null {
  if (isIPv4(text)) return text.split('.').map(Number);
  const address = text.split('%')[0]; // a zone (`fe80::1%eth0`) says which interface, not where
  if (!isIPv6(address)) return null;
  // A trailing dotted quad (`::ffff:127.0.0.1`) is two groups.
  const hex = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((n) => n.toString(16)).join(':'),
  );
  const [left, right] = hex.split('::');
  const head = left ? left.split(':') : [];
  const tail = right ? right.split(':') : [];
  const groups =
    right === undefined
      ? head
      : [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return groups.flatMap((group) => {
    const n = parseInt(group, 16);
    return [n >> 8, n & 0xff];
  });
}

function within(bytes: number[], prefix: string, bits: number): boolean {
  const start = bytesOf(prefix)!;
  if (start.length !== bytes.length) return false;
  for (let bit = 0; bit < bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((bytes[bit >> 3] & mask) !== (start[bit >> 3] & mask)) return false;
  }
  return true;
}

/** What kind of address `text` is (IPv4, IPv6, IPv4-mapped IPv6…); null when it is not an IP address. */
export function classifyAddress(text: string): AddressClass | null {
  const bytes = bytesOf(text);
  if (!bytes) return null;
  const range = RANGES.find(([prefix, bits]) => within(bytes, prefix, bits));
  if (range) return range[2];
  const embedding = bytes.length === 16 && EMBEDDING.find(([prefix, bits]) => within(bytes, prefix, bits));
  if (embedding) return classifyAddress(bytes.slice(embedding[2], embedding[2] + 4).join('.'));
  return 'public';
}

const NAMES: Record<Exclude<AddressClass, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  'link-local': 'a link-local address',
  unspecified: 'the unspecified address',
  metadata: 'a cloud metadata address',
  reserved: 'a reserved address',
};

/** Why a webhook may not call `address` (of `host`), or null when it may. */
export function internalAddressProblem(host: string, address: string): string | null {
  const kind = classifyAddress(address) ?? 'reserved';
  if (kind === 'public') return null;
  // A name's internal address is not told: the answer would map the hub's network for whoever asks.
  const what = host === address ? `${address} is` : `${host} resolves to`;
  return `${what} ${NAMES[kind]}: a webhook may not reach inside the hub's network`;
}

/** The host of a URL as an address or a name (`[::1]` → `::1`). */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

type Resolve = (host: string) => Promise<{ address: string }[]>;

const resolveAll: Resolve = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

/**
 * Why `url` may not be a webhook in production: its host is, or resolves to (every address), an internal
 * one; or it does not resolve. Null when it may.
 */
export async function webhookTargetProblem(url: URL, resolve: Resolve = resolveAll): Promise<string | null> {
  const host = hostOf(url);
  if (classifyAddress(host)) return internalAddressProblem(host, host);
  let addresses: { address: string }[];
  try {
    addresses = await resolve(host);
  } catch {
    return `${host} does not resolve`;
  }
  for (const { address } of addresses) {
    const problem = internalAddressProblem(host, address);
    if (problem) return problem;
  }
  return addresses.length ? null : `${host} does not resolve`;
}

/** The error a connection fails with when its host resolves to an internal address. */
export class InternalAddressError extends Error {
  readonly code = 'EINTERNALADDRESS';
}

/**
 * `dns.lookup` for the connections of webhook calls in production: every address of the name is checked,
 * and the connection fails with an `InternalAddressError` when one is internal — at connect time, so the
 * address checked is the address connected to.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const problem = addresses
      .map((entry) => internalAddressProblem(hostname, entry.address))
      .find((p) => p !== null);
    if (problem) return callback(new InternalAddressError(problem), '', 0);
    if (!addresses.length) return callback(new Error(`${hostname} does not resolve`), '', 0);
    if (options.all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};
