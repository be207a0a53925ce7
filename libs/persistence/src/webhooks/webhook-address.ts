import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Where a webhook may not go: loopback, link-local, private, carrier-grade NAT, unspecified and multicast. */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3],
] as const) BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96]] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** True when an address is one a webhook must not reach (an IPv4-mapped IPv6 address is judged as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL as written (brackets of an IPv6 literal removed), lower-case. */
export function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  return allowed.includes(host.toLowerCase());
}

/**
 * Why a URL may not be a webhook target, or null. IP literals and `localhost` are judged as written; names are
 * resolved and every address must be public. A name that does not resolve now is not refused here: delivery
 * resolves and checks again (and only ever connects to an address it checked).
 */
export async function refusedTarget(url: string, allowed: readonly string[]): Promise<string | null> {
  const host = hostOf(url);
  if (isAllowedHost(host, allowed)) return null;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'points to this machine (loopback)';
  if (isIP(host)) return isBlockedAddress(host) ? `${host} is a loopback, link-local or private address` : null;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    return null;
  }
  const bad = addresses.find((a) => isBlockedAddress(a.address));
  return bad ? `${host} resolves to ${bad.address}, a loopback, link-local or private address` : null;
}
