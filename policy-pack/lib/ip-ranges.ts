/**
 * Address ranges as sets: whether a list of CIDR blocks, taken together, covers the whole IPv4 or
 * IPv6 internet (`0.0.0.0/1` + `128.0.0.0/1` is as open as `0.0.0.0/0`).
 */

interface Range {
  readonly start: bigint;
  readonly end: bigint;
}

const V4_BITS = 32;
const V6_BITS = 128;

function parseV4(address: string): bigint | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(address: string): bigint | undefined {
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The addresses a CIDR block covers, with its family; undefined for anything that is not a CIDR block. */
export function cidrRange(cidr: string): { family: 4 | 6; range: Range } | undefined {
  const [address, prefixText, ...rest] = cidr.trim().split("/");
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const family = address.includes(":") ? 6 : 4;
  const bits = family === 4 ? V4_BITS : V6_BITS;
  const prefix = Number(prefixText);
  const value = family === 4 ? parseV4(address) : parseV6(address);
  if (value === undefined || prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const start = (value / size) * size;
  return { family, range: { start, end: start + size - 1n } };
}

/** Whether the blocks of one family together cover every address of that family. */
export function coversWholeSpace(cidrs: readonly string[], family: 4 | 6): boolean {
  const last = (1n << BigInt(family === 4 ? V4_BITS : V6_BITS)) - 1n;
  const ranges = cidrs
    .map(cidrRange)
    .filter((r): r is NonNullable<typeof r> => r !== undefined && r.family === family)
    .map((r) => r.range)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let next = 0n;
  for (const r of ranges) {
    if (r.start > next) return false;
    if (r.end + 1n > next) next = r.end + 1n;
    if (next > last) return true;
  }
  return false;
}

/** The families ("IPv4", "IPv6") whose whole address space the blocks cover together. */
export function internetCovered(cidrs: readonly string[]): string[] {
  return [...(coversWholeSpace(cidrs, 4) ? ["all of IPv4"] : []), ...(coversWholeSpace(cidrs, 6) ? ["all of IPv6"] : [])];
}
