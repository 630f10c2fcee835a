/**
 * Plain-data access to resource properties, with preview unknowns made explicit.
 *
 * @pulumi/policy hands policies a proxy that throws `UnknownValueError` on the first unknown
 * property it meets; the server then turns the whole policy run into one advisory. For a stack
 * policy that would silently skip every other resource, so checks here read the plain data
 * behind the proxy and decide per value what "unknown" means.
 */
import * as proxyModule from "@pulumi/policy/proxy";

// The proxy module's helpers are marked @internal, so its typings declare none of them.
const proxy = proxyModule as unknown as Record<string, unknown>;

/** The sentinels @pulumi/policy uses for values unknown during preview (taken from the library). */
const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set(
  Object.entries(proxy)
    .filter(([key, value]) => /^unknown[A-Za-z]+Value$/.test(key) && typeof value === "string")
    .map(([, value]) => value),
);

/** The wire value the engine sends for any unknown; what fixtures use to model a preview. */
export const UNKNOWN = proxy.unknownStringValue as string;

export function isUnknown(value: unknown): boolean {
  return UNKNOWN_SENTINELS.has(value);
}

/** Returns the object behind @pulumi/policy's unknown-checking proxy, or the value itself. */
export function plain<T>(value: T): T {
  if (value instanceof Object) {
    const record = value as unknown as Record<string, unknown>;
    if (record[proxy.isSpecialProxy as string] === true) return record[proxy.getSpecialProxyTarget as string] as T;
  }
  return value;
}

export type Props = Record<string, unknown>;

/** Reads a nested property; unknown sentinels are returned as they are (test with isUnknown). */
export function at(props: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = props;
  for (const key of path) {
    if (current === null || current === undefined || isUnknown(current)) return current;
    if (typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}
