/**
 * EventBridge event-pattern matching, enough to ask "could this rule match that event?": exact
 * values, lists, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` (value,
 * list or matcher), `exists`, nested objects and `$or`. A field the candidate event does not
 * model (a key ARN, a request parameter) could hold anything, so it counts as matching: the
 * question is whether the rule is *meant* for such events, not whether one given event fires it.
 */

export type EventFields = { readonly [field: string]: string | EventFields };

function wildcard(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    "s",
  );
  return regex.test(value);
}

/** One matcher of a field's list against a string value; an unrecognised matcher could match. */
function matcherMatches(matcher: unknown, value: string): boolean {
  if (typeof matcher === "string") return matcher === value;
  if (matcher === null || typeof matcher !== "object" || Array.isArray(matcher)) return false;
  const [kind, operand] = Object.entries(matcher as Record<string, unknown>)[0] ?? [];
  switch (kind) {
    case "prefix":
      return typeof operand === "string"
        ? value.startsWith(operand)
        : isObject(operand) && typeof operand["equals-ignore-case"] === "string" && value.toLowerCase().startsWith(operand["equals-ignore-case"].toLowerCase());
    case "suffix":
      return typeof operand === "string"
        ? value.endsWith(operand)
        : isObject(operand) && typeof operand["equals-ignore-case"] === "string" && value.toLowerCase().endsWith(operand["equals-ignore-case"].toLowerCase());
    case "equals-ignore-case":
      return typeof operand === "string" && operand.toLowerCase() === value.toLowerCase();
    case "wildcard":
      return typeof operand === "string" && wildcard(operand, value);
    case "exists":
      return operand === true;
    case "anything-but":
      if (typeof operand === "string") return operand !== value;
      if (Array.isArray(operand)) return !operand.includes(value);
      if (isObject(operand)) {
        const inner = Object.entries(operand)[0];
        if (!inner) return true;
        const [innerKind, innerOperand] = inner;
        const operands = Array.isArray(innerOperand) ? innerOperand : [innerOperand];
        return !operands.some((o) => matcherMatches({ [innerKind]: o }, value));
      }
      return true;
    case "numeric":
    case "cidr":
      return false;
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Whether `pattern` (parsed JSON) could match an event with these fields. */
export function patternMatches(pattern: unknown, event: EventFields): boolean {
  if (!isObject(pattern)) return false;
  return Object.entries(pattern).every(([field, expected]) => {
    if (field === "$or") return Array.isArray(expected) && expected.some((branch) => patternMatches(branch, event));
    const actual = event[field];
    if (actual === undefined) return true;
    if (Array.isArray(expected)) return typeof actual === "string" && expected.some((matcher) => matcherMatches(matcher, actual));
    if (isObject(expected)) return typeof actual !== "string" && patternMatches(expected, actual);
    return false;
  });
}
