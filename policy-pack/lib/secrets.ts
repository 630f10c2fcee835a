/**
 * One secret detector for every place a program can write configuration in clear: Lambda and
 * container environments, build variables, parameters, state machine definitions, user data.
 *
 * A value is a secret by its shape (an access key id, a private key, a token with a known prefix,
 * a URL with a password), whatever it is called; or by its name (password, token, ...) when the
 * value is a literal that could be one. The name counts by what it names, its last word:
 * DB_PASSWORD and apiToken hold a secret, TOKEN_ISSUER, SECRET_ARN and PASSWORD_MIN_LENGTH hold
 * something about one. A name alone is not a secret: a URL without credentials, an ARN, a
 * parameter path, a number or a reference (`{{resolve:...}}`, `$(...)`, `${VAR}`) holds none.
 */

/** Values shaped like credentials, whatever the variable is called. */
export const SECRET_VALUE_PATTERNS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})/ },
  { what: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: "a Stripe secret key", pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { what: "a Docker Hub token", pattern: /\bdckr_pat_[A-Za-z0-9_-]{20,}/ },
  { what: "a URL with a password", pattern: /:\/\/[^\s:/@]+:[^\s@/]+@/ },
];

export const DEFAULT_SECRET_NAME_PATTERN = "(pass(word|wd)?|secret|token|api_?key|private_?key|credential|access_?key)";

/** A value that names where a secret is, or that cannot be one. */
export function isReference(value: string): boolean {
  const v = value.trim();
  return (
    v === "" ||
    /^arn:/.test(v) ||
    /^\/?[\w.-]+(\/[\w.-]+)+$/.test(v) ||
    /^\{\{resolve:/.test(v) ||
    /^\$[({]?[\w(]/.test(v) ||
    /^(true|false|yes|no|-?\d+(\.\d+)?)$/i.test(v) ||
    (/^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !/:\/\/[^\s:/@]+:[^\s@/]+@/.test(v))
  );
}

/** Whether a name's last word (after the last path segment) is a secret-like word: DB_PASSWORD, apiToken, /app/db/password. */
export function namesASecret(name: string, namePattern: string = DEFAULT_SECRET_NAME_PATTERN): boolean {
  const last = name.split("/").pop() ?? name;
  return new RegExp(`${namePattern}s?$`, "i").test(last);
}

/** What secret a value holds (by shape, or under a secret-like name), or undefined. */
export function secretIn(name: string | undefined, value: string, namePattern: string = DEFAULT_SECRET_NAME_PATTERN): string | undefined {
  const byShape = SECRET_VALUE_PATTERNS.find((p) => p.pattern.test(value));
  if (byShape) return byShape.what;
  if (name !== undefined && namesASecret(name, namePattern) && !isReference(value)) return `a literal value under the secret-like name ${name}`;
  return undefined;
}

/** `NAME=value` assignments in a script (`export NAME=value`, `NAME="value"`), for user data and commands. */
export function assignmentsIn(script: string): { name: string; value: string }[] {
  const found: { name: string; value: string }[] = [];
  for (const match of script.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
    found.push({ name: match[1], value: match[2].trim().replace(/^(["'])(.*)\1$/, "$2") });
  }
  return found;
}

/** The secrets in a script or free text: credential-shaped values anywhere, and secret-named assignments. */
export function secretsInText(text: string, namePattern?: string): string[] {
  const found = SECRET_VALUE_PATTERNS.filter((p) => p.pattern.test(text)).map((p) => p.what);
  for (const { name, value } of assignmentsIn(text)) {
    const what = secretIn(name, value, namePattern);
    if (what && !found.includes(what)) found.push(what);
  }
  return [...new Set(found)];
}

/** Every (key, string value) leaf of parsed JSON, the key being the nearest property name. */
export function stringLeaves(value: unknown, key?: string): { key?: string; value: string }[] {
  if (typeof value === "string") return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((v) => stringLeaves(v, key));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, k));
  return [];
}

/** Text that is base64 of printable text (user data as launch templates take it) decoded; else undefined. */
export function decodedBase64(text: string): string | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, "base64").toString("utf8");
  return /^[\x09\x0a\x0d\x20-\x7e]*$/.test(decoded) ? decoded : undefined;
}
