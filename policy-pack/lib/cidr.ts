/**
 * IP address ranges as sets: parses IPv4 and IPv6 CIDRs (or single addresses, as IAM's
 * `IpAddress` operator accepts them) and tells whether a union of ranges covers a whole address
 * family. Two halves of the address space (`0.0.0.0/1` + `128.0.0.0/1`) are the internet as
 * surely as `0.0.0.0/0`.
 */

export type Family = "ipv4" | "ipv6";

export interface Range {
  readonly family: Family;
  readonly first: bigint;
  readonly last: bigint;
}

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

function ipv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || (text.match(/::/g) ?? []).length > 1) return undefined;
  let groups: string[];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let body = text;
  if (tail) {
    const v4 = ipv4(tail[2]);
    if (v4 === undefined) return undefined;
    body = `${tail[1]}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  if (body.includes("::")) {
    const [head, rest] = body.split("::");
    const h = head === "" ? [] : head.split(":");
    const r = rest === "" ? [] : rest.split(":");
    if (h.length + r.length > 7) return undefined;
    groups = [...h, ...Array<string>(8 - h.length - r.length).fill("0"), ...r];
  } else {
    groups = body.split(":");
  }
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parses `a.b.c.d/n`, `a:b::/n` or a single address; undefined when it is neither. */
export function parseCidr(text: string): Range | undefined {
  const [address, prefixText, ...extra] = text.trim().split("/");
  if (extra.length > 0) return undefined;
  const family: Family = address.includes(":") ? "ipv6" : "ipv4";
  const value = family === "ipv4" ? ipv4(address) : ipv6(address);
  if (value === undefined) return undefined;
  const bits = BITS[family];
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n };
}

/** Whether the ranges of one family, together, cover every address of that family. */
export function coversFamily(ranges: readonly Range[], family: Family): boolean {
  const sorted = ranges.filter((r) => r.family === family).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const range of sorted) {
    if (range.first > next) return false;
    if (range.last + 1n > next) next = range.last + 1n;
  }
  return next === 1n << BigInt(BITS[family]);
}

/** The address families whose whole space a list of CIDRs covers (invalid entries are ignored). */
export function coveredFamilies(cidrs: readonly string[]): Family[] {
  const ranges = cidrs.map(parseCidr).filter((r): r is Range => r !== undefined);
  return (["ipv4", "ipv6"] as const).filter((family) => coversFamily(ranges, family));
}
