/** Every policy of the pack, in report order; policy-pack/index.ts and the offline plan share it. */
import type { Policies } from "@pulumi/policy";
import { accessPolicies } from "./access";
import { encryptionPolicies } from "./encryption";
import { exposurePolicies } from "./exposure";
import { freeTierPolicies } from "./free-tier";
import { malwareScanPolicies } from "./malware-scan";
import { observabilityPolicies } from "./observability";
import { privilegeEscalationPolicies } from "./privilege-escalation";
import { servicePrincipalPolicies } from "./service-principals";
import { transportPolicies } from "./transport";

export const PACK_NAME = "secure-image-pipeline";

export const policies: Policies = [
  ...encryptionPolicies,
  ...transportPolicies,
  ...accessPolicies,
  ...exposurePolicies,
  ...servicePrincipalPolicies,
  ...privilegeEscalationPolicies,
  ...freeTierPolicies,
  ...observabilityPolicies,
  ...malwareScanPolicies,
];
