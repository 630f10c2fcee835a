/**
 * The dev stack with its components' secure options overridden through stack config, within the
 * ranges the components accept: each override must surface as a policy violation.
 */
export const INSECURE_CONFIG = {
  lambdaMemoryMb: 1024,
  lambdaTimeoutSeconds: 300,
  lambdaReservedConcurrency: 5,
  lambdaArchitecture: "x86_64",
  objectExpirationDays: 90,
  logRetentionDays: 400,
  pointInTimeRecovery: false,
  vpcIsolation: true,
};
