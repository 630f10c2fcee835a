import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/**
 * Reads the stack's configuration as the Pulumi CLI would: `Pulumi.yaml` declares each key with a
 * type and default; `Pulumi.<stack>.yaml` overrides them. Values are checked against the declared
 * types so a typo fails here, naming the key, as `pulumi up` would.
 */
export interface DeclaredConfigKey {
  readonly type: "string" | "integer" | "boolean" | "array";
  readonly default?: unknown;
  readonly description?: string;
}

export interface ProjectFile {
  readonly name: string;
  readonly config: Record<string, DeclaredConfigKey>;
}

export interface StackConfig {
  readonly project: string;
  readonly stack: string;
  /** Fully-qualified key (`project:key`, `aws:region`) to value, as Pulumi passes it (strings; JSON for lists). */
  readonly values: Record<string, string>;
}

function readYaml(file: string): unknown {
  try {
    return yaml.load(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

export function readProjectFile(projectDir: string): ProjectFile {
  const file = path.join(projectDir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`No Pulumi.yaml in ${projectDir}`);
  const doc = readYaml(file) as { name?: unknown; config?: Record<string, DeclaredConfigKey> } | null;
  if (!doc || typeof doc.name !== "string") throw new Error(`${file} must set the project name`);
  return { name: doc.name, config: doc.config ?? {} };
}

function qualify(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * The value shapes the Pulumi CLI accepts for a declared type. `pulumi config set key 512` writes
 * the string "512" and `pulumi config set key true` the string "true"; the CLI takes both for an
 * integer or boolean key (and passes every value to the program as a string anyway). A list is a
 * YAML list, as `pulumi config set --path 'key[0]' value` or `--json` writes it; a plain
 * `pulumi config set key '[...]'` stores a string, which the CLI rejects for a list key.
 */
function checkType(key: string, declared: DeclaredConfigKey | undefined, value: unknown): void {
  if (!declared) return;
  const ok =
    declared.type === "string"
      ? typeof value === "string"
      : declared.type === "integer"
        ? Number.isInteger(value) || (typeof value === "string" && /^[-+]?\d+$/.test(value.trim()))
        : declared.type === "boolean"
          ? typeof value === "boolean" || value === "true" || value === "false"
          : Array.isArray(value);
  if (ok) return;
  const name = key.slice(key.indexOf(":") + 1);
  if (declared.type === "array" && typeof value === "string") {
    throw new Error(
      `Config ${key} must be a list (Pulumi.yaml), got the string ${JSON.stringify(value)}: set each item with ` +
        `pulumi config set --path '${name}[0]' <value>, or the whole list with pulumi config set --json ${name} '["a","b"]'`,
    );
  }
  throw new Error(`Config ${key} must be of type ${declared.type} (Pulumi.yaml), got ${JSON.stringify(value)}`);
}

function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export interface LoadOptions {
  /** Plan `secure:` values with this text instead of refusing them (they cannot be decrypted offline). */
  readonly secretPlaceholder?: string;
}

export function loadStackConfig(projectDir: string, stack: string, overrides: Record<string, unknown> = {}, options: LoadOptions = {}): StackConfig {
  const project = readProjectFile(projectDir);
  const values: Record<string, string> = {};
  for (const [key, declared] of Object.entries(project.config)) {
    if (declared.default !== undefined) {
      checkType(key, declared, declared.default);
      values[qualify(project.name, key)] = asConfigString(declared.default);
    }
  }
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) throw new Error(`No stack file ${stackFile} for stack "${stack}"`);
  const stackDoc = (readYaml(stackFile) ?? {}) as { config?: Record<string, unknown> };
  const declaredByQualified = new Map(Object.entries(project.config).map(([k, v]) => [qualify(project.name, k), v]));
  for (const [key, value] of Object.entries({ ...(stackDoc.config ?? {}), ...overrides })) {
    const qualified = qualify(project.name, key);
    if (value !== null && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      if (options.secretPlaceholder === undefined) {
        throw new Error(
          `Config ${qualified} is a secret (secure:): it cannot be decrypted offline. Plan with --secret-placeholder <text> to use a placeholder, or --config ${key}=<value> for a plain value`,
        );
      }
      values[qualified] = options.secretPlaceholder;
      continue;
    }
    if (qualified.startsWith(`${project.name}:`) && !declaredByQualified.has(qualified)) {
      throw new Error(`Config ${qualified} is not declared in Pulumi.yaml (declared: ${[...declaredByQualified.keys()].join(", ")})`);
    }
    checkType(qualified, declaredByQualified.get(qualified), value);
    values[qualified] = asConfigString(value);
  }
  return { project: project.name, stack, values };
}
