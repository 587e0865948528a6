// Who is at the other end: the socket's address, or — when that address is a proxy named in
// configuration (DUBAN_TRUSTED_PROXIES) — the client the proxy says it forwarded for, from
// `Forwarded` (RFC 7239) or `X-Forwarded-For`. From anyone else those headers are ignored: a client
// could otherwise name a fresh address with every request and never be throttled.

import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Addresses and CIDR ranges, e.g. `10.0.0.5, 10.1.0.0/16, fd00::/8`; throws naming an entry that is neither. */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && (!/^\d+$/.test(prefix!) || bits > maxBits))) {
      throw new Error(`a trusted proxy is an IP address or a CIDR range such as 10.0.0.0/8, not ${JSON.stringify(entry)}`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}

/** DUBAN_TRUSTED_PROXIES: comma-separated addresses and CIDR ranges; none when unset. */
export function trustedProxiesFromEnv(value: string | undefined = process.env.DUBAN_TRUSTED_PROXIES): string[] {
  return (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
}

/** An address as one key: IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address it maps. */
function normal(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

/** A forwarded node as an address, without quotes, brackets or port; undefined when it is not one (`unknown`, `_hidden`). */
function nodeAddress(value: string): string | undefined {
  let v = value.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  return isIP(v) ? normal(v) : undefined;
}

/** The `for=` of every element of Forwarded, or X-Forwarded-For's entries, nearest the client first; undefined when neither is sent. */
function forwardedChain(c: Context): (string | undefined)[] | undefined {
  const forwarded = c.req.header('forwarded');
  if (forwarded) {
    return forwarded.split(',').map((element) => {
      const pair = element.split(';').find((p) => p.trim().toLowerCase().startsWith('for='));
      return pair ? nodeAddress(pair.trim().slice(4)) : undefined;
    });
  }
  const xff = c.req.header('x-forwarded-for');
  return xff ? xff.split(',').map(nodeAddress) : undefined;
}

function socketAddress(c: Context): string | undefined {
  try {
    const address = getConnInfo(c).remote.address;
    return address ? normal(address) : undefined;
  } catch {
    return undefined; // in-process requests (tests) have no socket
  }
}

const isTrusted = (trusted: BlockList, address: string) => trusted.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * The client's address: walking from the socket towards the client, every hop that is a trusted
 * proxy hands over to the one it names; the first hop that is not trusted is the client. A chain
 * that runs out or names no address stops at the last trusted proxy. 'unknown' without a socket.
 */
export function clientAddressOf(c: Context, trusted: BlockList | undefined): string {
  let address = socketAddress(c);
  if (address === undefined) return 'unknown';
  if (!trusted || !isTrusted(trusted, address)) return address;
  const chain = forwardedChain(c);
  if (!chain) return address;
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const next = chain[i];
    if (next === undefined) return address;
    address = next;
    if (!isTrusted(trusted, address)) return address;
  }
  return address;
}
