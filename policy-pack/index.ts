/**
 * The CrossGuard policy pack. Constructing a PolicyPack starts the analyzer's gRPC server, so this
 * file does nothing else: tests and the offline plan import ./policies instead.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies });
