/**
 * A model of what the Pulumi CLI writes into `Pulumi.<stack>.yaml`, to test the offline loader on
 * the files operators actually have. `pulumi config set key value` stores a string, whatever it
 * looks like (`lambdaMemoryMb: "512"`, `enableGuardDuty: "true"`); `pulumi config set --path
 * 'key[0]' value` builds a YAML list item by item, parsing items that read as booleans or integers
 * (`--json` writes the same list); `pulumi config set --secret` stores `{ secure: <ciphertext> }`.
 */
export type CliConfig = Record<string, unknown>;

function quoted(text: string): string {
  return JSON.stringify(text);
}

/** A `--path` list item as the CLI stores it: plain YAML, so `true` and `42` read back typed. */
function pathItem(value: unknown): string {
  return String(value);
}

/** The stack file the CLI leaves after one `pulumi config set` per key of `config` (lists with --path). */
export function cliWrittenStackFile(config: CliConfig): string {
  const lines = ["config:"];
  for (const [key, value] of Object.entries(config)) {
    if (Array.isArray(value)) {
      lines.push(value.length === 0 ? `  ${key}: []` : `  ${key}:`, ...value.map((item) => `    - ${pathItem(item)}`));
    } else if (value !== null && typeof value === "object" && "secure" in value) {
      lines.push(`  ${key}:`, `    secure: ${String((value as { secure: unknown }).secure)}`);
    } else {
      lines.push(`  ${key}: ${quoted(String(value))}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
