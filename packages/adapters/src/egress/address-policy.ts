/**
 * Which IP addresses an outbound request may reach. Everything that is not a public
 * unicast address is refused: loopback, RFC 1918 private space, link-local (the cloud
 * metadata address 169.254.169.254 among them), CGNAT, multicast, unspecified, reserved
 * and documentation ranges, and IPv6 forms that embed one of those IPv4 addresses
 * (`::ffff:169.254.169.254`, NAT64, 6to4). The check runs on resolved addresses, never on
 * host names, so a DNS name pointing inside is caught too (CVE-2026-2393).
 */
import { BlockList, isIP } from 'node:net';

/** Why an address is refused; `undefined` from `classifyAddress` means allowed. */
export type BlockedReason =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

const V4_RANGES: ReadonlyArray<[string, number, BlockedReason]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: ReadonlyArray<[string, number, BlockedReason]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  // IPv4-compatible (deprecated) addresses: nothing legitimate lives here.
  ['::', 96, 'reserved'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link_local'],
  ['fec0::', 10, 'reserved'],
  ['ff00::', 8, 'multicast'],
];

function buildLists(): Map<BlockedReason, { v4: BlockList; v6: BlockList }> {
  const lists = new Map<BlockedReason, { v4: BlockList; v6: BlockList }>();
  const listFor = (reason: BlockedReason) => {
    let entry = lists.get(reason);
    if (entry === undefined) {
      entry = { v4: new BlockList(), v6: new BlockList() };
      lists.set(reason, entry);
    }
    return entry;
  };
  for (const [network, prefix, reason] of V4_RANGES) {
    listFor(reason).v4.addSubnet(network, prefix, 'ipv4');
  }
  for (const [network, prefix, reason] of V6_RANGES) {
    listFor(reason).v6.addSubnet(network, prefix, 'ipv6');
  }
  return lists;
}

const LISTS = buildLists();

/** The 16 bytes of an IPv6 address in any textual form (`::ffff:1.2.3.4` included). */
function ipv6Bytes(address: string): Uint8Array | undefined {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted?.[1] !== undefined) {
    const octets = dotted[1].split('.').map(Number);
    const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
    text =
      text.slice(0, -dotted[1].length) +
      `${hex(octets[0] ?? 0, octets[1] ?? 0)}:${hex(octets[2] ?? 0, octets[3] ?? 0)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' || halves[0] === undefined ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? (halves[1] ?? '').split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  for (const [i, group] of groups.entries()) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  }
  return bytes;
}

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one that a connection
 * would reach: IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`).
 */
function embeddedIpv4(bytes: Uint8Array): string | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const v4 = (offset: number) => Array.from(bytes.slice(offset, offset + 4)).join('.');
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    if (zeros(4, 12)) return v4(12);
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2);
  return undefined;
}

function classifyV4(address: string): BlockedReason | undefined {
  for (const [reason, lists] of LISTS) {
    if (lists.v4.check(address, 'ipv4')) return reason;
  }
  if (address === '255.255.255.255') return 'reserved';
  return undefined;
}

/**
 * Classifies one IP address (as text). Returns why it is refused, or `undefined` for a
 * public unicast address. Anything that is not an IP address is `invalid`.
 */
export function classifyAddress(address: string): BlockedReason | undefined {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return classifyV4(address);
  if (family !== 6) return 'invalid';
  const bytes = ipv6Bytes(address);
  if (bytes === undefined) return 'invalid';
  const mapped = embeddedIpv4(bytes);
  if (mapped !== undefined) return classifyV4(mapped) ?? undefined;
  const bare = address.replace(/%.*$/, '');
  for (const [reason, lists] of LISTS) {
    if (lists.v6.check(bare, 'ipv6')) return reason;
  }
  return undefined;
}
