import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Which addresses a tenant's webhook endpoint may reach (server-side request forgery). `strict` (production):
 * https only, public addresses only. `local` (`npm start`, tests): http too, and loopback, so a receiver on the
 * same machine works; private, link-local and other special ranges stay refused in both.
 */
export type UrlPolicy = 'strict' | 'local';

/** A URL or address an endpoint may not use; the message says why, for the admin. */
export class EndpointUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointUrlError';
  }
}

/** Resolves a host name to every address (the `dns.lookup` shape, so tests can substitute one). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** Never reachable from a webhook: private, shared, link-local (cloud metadata), documentation, multicast, reserved. */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  REFUSED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['64:ff9b::', 96], // NAT64: an IPv4 address in disguise
  ['64:ff9b:1::', 48],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  REFUSED.addSubnet(network, prefix, 'ipv6');
}

/**
 * Why `address` may not be reached under `policy`, or null when it may. An IPv4-mapped IPv6 address
 * (`::ffff:10.0.0.1`) is judged as the IPv4 address it is.
 */
export function refusedAddress(address: string, policy: UrlPolicy): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const mapped = family === 6 ? ipv4Mapped(address) : null;
  if (mapped) return refusedAddress(mapped, policy);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(address, type)) return policy === 'local' ? null : `${address} is a loopback address`;
  if (REFUSED.check(address, type)) return `${address} is a private or reserved address`;
  return null;
}

/** The IPv4 address inside `::ffff:a.b.c.d` (or its hex spelling `::ffff:0a00:0001`), else null. */
function ipv4Mapped(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Checks what can be checked without the network: a URL of the policy's schemes, no credentials, a host.
 * Returns the parsed URL.
 */
export function parseEndpointUrl(raw: string, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EndpointUrlError('is not a URL');
  }
  const schemes = policy === 'strict' ? ['https:'] : ['https:', 'http:'];
  if (!schemes.includes(url.protocol)) throw new EndpointUrlError(policy === 'strict' ? 'must be an https URL' : 'must be an http or https URL');
  if (url.username || url.password) throw new EndpointUrlError('must not contain a user name or password');
  if (!url.hostname) throw new EndpointUrlError('has no host');
  return url;
}

/** The host's addresses, each one allowed by the policy; throws naming the first refused one. */
export async function allowedAddresses(hostname: string, policy: UrlPolicy, resolve: Resolver = systemResolver): Promise<LookupAddress[]> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  let addresses: LookupAddress[];
  if (isIP(bare)) {
    addresses = [{ address: bare, family: isIP(bare) }];
  } else {
    try {
      addresses = await resolve(bare);
    } catch (error) {
      throw new EndpointUrlError(`host ${bare} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (addresses.length === 0) throw new EndpointUrlError(`host ${bare} does not resolve`);
  }
  // Every address, not just the first: a name with one public and one private address could reach either.
  for (const { address } of addresses) {
    const refused = refusedAddress(address, policy);
    if (refused) throw new EndpointUrlError(`host ${bare} resolves to a refused address: ${refused}`);
  }
  return addresses;
}

/** Parses and resolves an endpoint URL, refusing it when the policy forbids it (at registration and at each delivery). */
export async function checkEndpointUrl(raw: string, policy: UrlPolicy, resolve: Resolver = systemResolver): Promise<{ url: URL; addresses: LookupAddress[] }> {
  const url = parseEndpointUrl(raw, policy);
  return { url, addresses: await allowedAddresses(url.hostname, policy, resolve) };
}
