// checkov CKV_AWS_45: secret in Lambda environment (by name)
import { Expectation, fn } from "../support";

fn("api", { variables: { DB_PASSWORD: "hunter2-correct-horse" } });

export const expected: Expectation = { policy: "lambda-environment-no-secrets", level: "mandatory" };
