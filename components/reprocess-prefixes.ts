/** Where reprocess jobs keep their files in the images bucket (no Pulumi here: the command imports it). */
export const REPROCESS_JOB_DEFAULTS = {
  manifestPrefix: "batch-operations/manifests/",
  reportPrefix: "batch-operations/reports/",
} as const;
