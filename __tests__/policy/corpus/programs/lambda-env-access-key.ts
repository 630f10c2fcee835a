// Credential-shaped value in an innocuous variable
import { Expectation, fn } from "../support";

fn("api", { variables: { CONFIG: "AKIAIOSFODNN7EXAMPLE" } });

export const expected: Expectation = { policy: "lambda-environment-no-secrets", level: "mandatory" };
