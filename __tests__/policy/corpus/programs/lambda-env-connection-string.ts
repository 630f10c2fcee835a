// Connection string with embedded password
import { Expectation, fn } from "../support";

fn("api", { variables: { DATABASE_URL: "postgres://app:s3cr3t@db.internal:5432/app" } });

export const expected: Expectation = { policy: "lambda-environment-no-secrets", level: "mandatory" };
