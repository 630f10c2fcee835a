import { ProgramRun, ResourceRecord } from "./run-program";
import type { PolicyDocument } from "../components/policy-document";

/** Small queries over a recorded run, shared by the stack tests and the e2e suite. */
export function ofType(run: ProgramRun, type: string): ResourceRecord[] {
  return run.resources.filter((r) => r.type === type);
}

/** The one resource of `type` (named `name` if given); throws naming what was found otherwise. */
export function single(run: ProgramRun, type: string, name?: string): ResourceRecord {
  const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
  if (found.length !== 1) {
    throw new Error(
      `Expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${ofType(run, type)
        .map((r) => r.name)
        .join(", ")}`,
    );
  }
  return found[0];
}

export function childrenOf(run: ProgramRun, parent: ResourceRecord): ResourceRecord[] {
  return run.resources.filter((r) => r.parent === parent.urn);
}

/** Parses a JSON policy input (`policy`, `assumeRolePolicy`, ...). */
export function policyOf(record: ResourceRecord, field = "policy"): PolicyDocument {
  const value = record.inputs[field];
  if (typeof value !== "string") throw new Error(`${record.type} ${record.name} has no JSON ${field} input`);
  return JSON.parse(value) as PolicyDocument;
}

/** One statement by Sid. */
export function statement(document: PolicyDocument, sid: string): PolicyDocument["Statement"][number] {
  const found = document.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`No statement ${sid}; Sids: ${document.Statement.map((s) => s.Sid).join(", ")}`);
  return found;
}
