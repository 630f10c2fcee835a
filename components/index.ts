// Public surface of the component library: `import { SecureBucket } from ".../components"`.
export * from "./alert-severity";
export * from "./alert-topic";
export * from "./arg-checks";
export * from "./encrypted-table";
export * from "./encryption-key";
export * from "./handler-build";
export * from "./image-processor";
export * from "./isolated-network";
export * from "./pipeline-access";
export * from "./pipeline-dashboard";
export * from "./policy-document";
export * from "./reprocess-job-role";
export * from "./secure-bucket";
export * from "./security-baseline";
export * from "./stack-config";
