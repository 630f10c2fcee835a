/**
 * Network exposure judged per security group, across every rule that belongs to it: the inline
 * rules of the group and the separate SecurityGroupRule / vpc.SecurityGroupIngressRule resources
 * joined to it. Address ranges count by what they cover together, so CIDR blocks that add up to
 * the whole internet are the internet. The default security group of a VPC carries no rules.
 */
import { stackPolicy } from "../lib/define";
import { Finding, violation } from "../lib/findings";
import { coveredFamilies } from "../lib/cidr";
import { asArray, at, ofType, Res } from "../lib/resources";
import { isUnknown } from "../lib/values";
import { securityGroupNoPublicAdminPorts } from "./exposure";

const GROUP_TYPES = ["aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"];
const DEFAULT_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** One ingress permission and the resource that declares it. */
interface Ingress {
  readonly source: Res;
  readonly from: number;
  readonly to: number;
  readonly allProtocols: boolean;
  readonly protocol: string;
  readonly cidrs: string[];
}

const allTraffic = (protocol: unknown) => protocol === "-1" || protocol === -1 || protocol === "all";

function ingress(source: Res, rule: unknown, protocolKey: string, cidrs: unknown[]): Ingress {
  const protocol = at(rule, protocolKey);
  const all = allTraffic(protocol);
  const from = at(rule, "fromPort");
  const to = at(rule, "toPort");
  return {
    source,
    allProtocols: all,
    protocol: all ? "all" : String(protocol ?? "tcp").toLowerCase(),
    from: all || typeof from !== "number" || from < 0 ? 0 : from,
    to: all || typeof to !== "number" || to < 0 ? 65535 : to,
    cidrs: cidrs.filter((c): c is string => typeof c === "string" && !isUnknown(c)),
  };
}

/** The id a rule resource names its group by, and the ids a group is known by. */
function groupKeyOf(rule: Res, groups: readonly Res[]): string {
  const deps = rule.propertyDependencies?.securityGroupId ?? [];
  const byDependency = groups.find((g) => deps.some((d) => d.urn === g.urn));
  if (byDependency) return byDependency.urn;
  const id = at(rule.props, "securityGroupId");
  const byId = groups.find((g) => typeof id === "string" && at(g.props, "id") === id);
  return byId ? byId.urn : `id:${String(id)}`;
}

/** Every ingress permission of the stack, by the group it belongs to (a group's URN, or the id of a group outside the stack). */
export function ingressByGroup(resources: readonly Res[]): Map<string, Ingress[]> {
  const groups = ofType(resources, GROUP_TYPES);
  const result = new Map<string, Ingress[]>();
  const add = (key: string, entry: Ingress) => result.set(key, [...(result.get(key) ?? []), entry]);
  for (const group of groups) {
    for (const rule of asArray(at(group.props, "ingress"))) {
      add(group.urn, ingress(group, rule, "protocol", [...asArray(at(rule, "cidrBlocks")), ...asArray(at(rule, "ipv6CidrBlocks"))]));
    }
  }
  for (const rule of ofType(resources, [RULE])) {
    if (at(rule.props, "type") !== "ingress") continue;
    add(groupKeyOf(rule, groups), ingress(rule, rule.props, "protocol", [...asArray(at(rule.props, "cidrBlocks")), ...asArray(at(rule.props, "ipv6CidrBlocks"))]));
  }
  for (const rule of ofType(resources, [INGRESS_RULE])) {
    add(groupKeyOf(rule, groups), ingress(rule, rule.props, "ipProtocol", [at(rule.props, "cidrIpv4"), at(rule.props, "cidrIpv6")]));
  }
  return result;
}

interface InternetIngressConfig {
  readonly adminPorts: readonly number[];
}

const covers = (entry: Ingress, port: number) => (entry.allProtocols || entry.protocol === "tcp" || entry.protocol === "6") && entry.from <= port && port <= entry.to;

export function checkInternetIngress(resources: readonly Res[], config: InternetIngressConfig): Finding[] {
  const findings: Finding[] = [];
  const groups = ofType(resources, GROUP_TYPES);
  for (const [key, entries] of ingressByGroup(resources)) {
    const group = groups.find((g) => g.urn === key);
    const groupName = group ? `security group "${group.name}"` : `security group ${key.replace(/^id:/, "")}`;
    for (const port of config.adminPorts) {
      const open = entries.filter((e) => covers(e, port));
      const covered = coveredFamilies(open.flatMap((e) => e.cidrs)).map((family) => (family === "ipv4" ? "all of IPv4" : "all of IPv6"));
      if (covered.length === 0) continue;
      const contributing = open.filter((e) => e.cidrs.length > 0);
      const sources = [...new Map([...(group ? [group] : []), ...contributing.map((e) => e.source)].map((r) => [r.urn, r])).values()];
      const blocks = [...new Set(contributing.flatMap((e) => e.cidrs))];
      for (const source of sources) {
        findings.push(
          violation(
            `${groupName} opens tcp port ${port} to ${covered.join(" and ")} (${blocks.join(", ")}${sources.length > 1 ? `, across ${sources.map((s) => `"${s.name}"`).join(", ")}` : ""}): allow only known address ranges or security groups, or use Session Manager instead of open admin ports.`,
            source.urn,
            `tcp:${port}`,
          ),
        );
      }
    }
  }
  for (const group of ofType(resources, [DEFAULT_GROUP])) {
    const rules = [...asArray(at(group.props, "ingress")), ...asArray(at(group.props, "egress"))];
    if (rules.length > 0) {
      findings.push(
        violation(
          `The default security group "${group.name}" allows traffic (${rules.length} rule${rules.length > 1 ? "s" : ""}): adopt it with no ingress and no egress rules, and give workloads their own groups (CIS AWS Foundations 5.4).`,
          group.urn,
          "default-group-rules",
        ),
      );
    }
  }
  return findings;
}

export const securityGroupInternetIngress = stackPolicy<InternetIngressConfig>({
  name: "ec2-security-group-internet-ingress",
  description:
    "No security group lets the internet reach an admin or database port, judged across all the group's rules (inline, SecurityGroupRule and vpc.SecurityGroupIngressRule resources) by what their CIDR blocks cover together (0.0.0.0/1 + 128.0.0.0/1 is the internet), port ranges and all-protocol rules included; the default security group carries no rules.",
  fix: "Allow admin and database ports only from known ranges or security groups (prefer Session Manager); adopt the default security group with no rules.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { adminPorts: { ...securityGroupNoPublicAdminPorts.configSchema!.properties!.adminPorts } } },
  check: (resources, config) => checkInternetIngress(resources, config),
});

export const networkPolicies = [securityGroupInternetIngress];
