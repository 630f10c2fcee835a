/**
 * Secrets in clear outside Lambda environments: SSM String parameters, container environments of
 * ECS task definitions, state machine definitions, EC2 user data (plain or base64) and CodeBuild
 * PLAINTEXT variables, judged by the shared detector (lib/secrets.ts).
 */
import { resourcePolicy } from "../lib/define";
import { cannotCheck, Finding, violation } from "../lib/findings";
import { asArray, at, Res } from "../lib/resources";
import { decodedBase64, DEFAULT_SECRET_NAME_PATTERN, secretIn, secretsInText, stringLeaves } from "../lib/secrets";
import { isUnknown } from "../lib/values";

interface SecretConfig {
  readonly secretNamePattern: string;
}

const TYPES = {
  parameter: "aws:ssm/parameter:Parameter",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  stateMachine: "aws:sfn/stateMachine:StateMachine",
  instance: "aws:ec2/instance:Instance",
  launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
  buildProject: "aws:codebuild/project:Project",
} as const;

function parsed(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** (where, what) pairs of the secrets a resource holds in clear. */
function secretsOf(resource: Res, namePattern: string): { where: string; what: string }[] | "unknown" {
  const p = resource.props;
  const found: { where: string; what: string }[] = [];
  const judge = (where: string, name: string | undefined, value: unknown) => {
    if (typeof value !== "string" || isUnknown(value)) return;
    const what = secretIn(name, value, namePattern);
    if (what) found.push({ where, what });
  };
  const text = (where: string, value: unknown) => {
    if (typeof value !== "string" || isUnknown(value)) return;
    const plainText = decodedBase64(value) ?? value;
    for (const what of secretsInText(plainText, namePattern)) found.push({ where, what });
  };
  switch (resource.type) {
    case TYPES.parameter: {
      const type = at(p, "type");
      if (isUnknown(type) || isUnknown(at(p, "value"))) return "unknown";
      if (type === "SecureString") return [];
      const name = at(p, "name");
      judge("its value", typeof name === "string" ? name : resource.name, at(p, "value"));
      break;
    }
    case TYPES.taskDefinition: {
      const containers = parsed(at(p, "containerDefinitions"));
      if (isUnknown(containers)) return "unknown";
      for (const container of asArray(containers)) {
        for (const variable of asArray(at(container, "environment")))
          judge(`container environment ${String(at(variable, "name"))}`, String(at(variable, "name")), at(variable, "value"));
        for (const command of [...asArray(at(container, "command")), ...asArray(at(container, "entryPoint"))]) text("the container command", command);
      }
      break;
    }
    case TYPES.stateMachine: {
      const definition = parsed(at(p, "definition"));
      if (isUnknown(definition)) return "unknown";
      for (const leaf of stringLeaves(definition)) judge(`definition field ${leaf.key ?? "(value)"}`, leaf.key, leaf.value);
      break;
    }
    case TYPES.instance:
    case TYPES.launchTemplate:
      text("its user data", at(p, "userData"));
      text("its user data", at(p, "userDataBase64"));
      break;
    case TYPES.buildProject:
      for (const variable of asArray(at(p, "environment", "environmentVariables"))) {
        const type = at(variable, "type") ?? "PLAINTEXT";
        if (type === "PLAINTEXT") judge(`PLAINTEXT build variable ${String(at(variable, "name"))}`, String(at(variable, "name")), at(variable, "value"));
      }
      break;
  }
  return found;
}

export function checkPlaintextSecrets(resource: Res, config: SecretConfig): Finding[] {
  const found = secretsOf(resource, config.secretNamePattern);
  if (found === "unknown") return [cannotCheck(`the configuration of "${resource.name}"`)];
  return [...new Map(found.map((f) => [`${f.where}|${f.what}`, f])).values()].map((f) =>
    violation(
      `"${resource.name}" holds ${f.what} in clear in ${f.where}: anyone who can read its configuration sees it. Keep the secret in Secrets Manager or an SSM SecureString and pass its ARN or name (ECS secrets/valueFrom, CodeBuild SECRETS_MANAGER/PARAMETER_STORE variables, a fetch at boot).`,
      undefined,
      f.where,
    ),
  );
}

export const noPlaintextSecrets = resourcePolicy<SecretConfig>({
  name: "no-plaintext-secrets",
  description:
    "No secret in clear in SSM String parameters, ECS container environments and commands, Step Functions definitions, EC2 and launch-template user data (base64 decoded) or CodeBuild PLAINTEXT variables: judged by value shape (access keys, private keys, tokens, URLs with passwords) and by secret-like names with literal values (a URL, ARN, path, number or reference under such a name is not a secret).",
  fix: "Store the secret in Secrets Manager or an SSM SecureString and pass a reference: ECS `secrets` with valueFrom, CodeBuild SECRETS_MANAGER or PARAMETER_STORE variables, a fetch at boot in user data.",
  enforcementLevel: "mandatory",
  types: Object.values(TYPES),
  configSchema: { properties: { secretNamePattern: { type: "string", default: DEFAULT_SECRET_NAME_PATTERN } } },
  check: (resource, config) => checkPlaintextSecrets(resource, config),
});

export const plaintextSecretPolicies = [noPlaintextSecrets];
