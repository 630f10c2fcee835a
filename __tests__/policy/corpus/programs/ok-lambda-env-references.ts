// Lambda env holds a secret's ARN and a parameter name, not the secret
import { Expectation, fn, requiredAlarms } from "../support";

fn("api", {
  variables: { DB_PASSWORD_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", API_TOKEN_PARAMETER: "/app/prod/api-token", LOG_LEVEL: "info" },
});
requiredAlarms();

export const expected: Expectation = { clean: "lambda-environment-no-secrets" };
