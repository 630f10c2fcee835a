// checkov CKV_AWS_21: data bucket without versioning
import { bucket, Expectation, requiredAlarms } from "../support";

bucket("data", { versioning: false });
requiredAlarms();

export const expected: Expectation = { policy: "s3-data-bucket-versioning", level: "advisory" };
