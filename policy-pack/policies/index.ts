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
import { auditDeliveryPolicies } from "./audit-delivery";
import { dataEgressPolicies } from "./data-egress";
import { freeTierAllowancePolicies } from "./free-tier-allowances";
import { frontDoorPolicies } from "./front-doors";
import { networkPolicies } from "./network";
import { plaintextSecretPolicies } from "./plaintext-secrets";

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
  ...dataEgressPolicies,
  ...frontDoorPolicies,
  ...plaintextSecretPolicies,
  ...networkPolicies,
  ...auditDeliveryPolicies,
  ...freeTierAllowancePolicies,
];
