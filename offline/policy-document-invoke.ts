/**
 * `aws:iam/getPolicyDocument` answered offline the way the provider builds the document: Version
 * (default 2012-10-17) and Id; each statement's Sid, Effect (default Allow), Action/NotAction,
 * Resource/NotResource, Principal/NotPrincipal grouped by type and Condition grouped by test;
 * a single value is written as a string, as the provider writes it. Statements of
 * sourcePolicyDocuments come first, the args' statements replace those with the same Sid, and
 * statements of overridePolicyDocuments replace (or are appended) last.
 */
type Args = Record<string, unknown>;
type Json = Record<string, unknown>;

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const single = (values: unknown[]): unknown => (values.length === 1 ? values[0] : values);

function principals(value: unknown): unknown {
  const groups = list(value) as { type?: string; identifiers?: unknown }[];
  if (groups.length === 1 && groups[0].type === "*") return "*";
  const result: Record<string, unknown[]> = {};
  for (const g of groups) result[String(g.type)] = [...(result[String(g.type)] ?? []), ...list(g.identifiers)];
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, single(v)]));
}

function conditions(value: unknown): Json {
  const result: Record<string, Record<string, unknown>> = {};
  for (const c of list(value) as { test: string; variable: string; values?: unknown }[]) {
    result[c.test] = { ...(result[c.test] ?? {}), [c.variable]: single(list(c.values)) };
  }
  return result;
}

export function statementOf(args: Args): Json {
  const out: Json = {};
  if (args.sid) out.Sid = args.sid;
  out.Effect = args.effect ?? "Allow";
  const fields: [string, string][] = [
    ["actions", "Action"],
    ["notActions", "NotAction"],
    ["resources", "Resource"],
    ["notResources", "NotResource"],
  ];
  for (const [from, to] of fields) if (list(args[from]).length > 0) out[to] = single(list(args[from]));
  if (list(args.principals).length > 0) out.Principal = principals(args.principals);
  if (list(args.notPrincipals).length > 0) out.NotPrincipal = principals(args.notPrincipals);
  if (list(args.conditions).length > 0) out.Condition = conditions(args.conditions);
  return out;
}

function merge(base: Json[], overrides: Json[]): Json[] {
  const result = [...base];
  for (const statement of overrides) {
    const at = statement.Sid ? result.findIndex((s) => s.Sid === statement.Sid) : -1;
    if (at >= 0) result[at] = statement;
    else result.push(statement);
  }
  return result;
}

function statementsIn(documents: unknown): Json[] {
  return list(documents).flatMap((d) => list((JSON.parse(String(d)) as Json).Statement) as Json[]);
}

export function policyDocumentOf(args: Args): { json: string; minifiedJson: string; id: string } {
  const own = list(args.statements).map((s) => statementOf(s as Args));
  const statements = merge(merge(statementsIn(args.sourcePolicyDocuments), own), statementsIn(args.overridePolicyDocuments));
  const document: Json = { Version: args.version ?? "2012-10-17" };
  if (args.policyId) document.Id = args.policyId;
  document.Statement = statements;
  const minifiedJson = JSON.stringify(document);
  return { json: JSON.stringify(document, null, 2), minifiedJson, id: String(Math.abs([...minifiedJson].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))) };
}
