// Misconfigured (class 7): SSM parameter of type String (not SecureString) holding a database password.
import * as aws from "@pulumi/aws";

new aws.ssm.Parameter("db-password-param", {
    name: "/image-app/db/password",
    type: "String",
    value: "Tr0ub4dor&3-horse-Battery",
});

export const expected = { risky: ["db-password-param"], level: "mandatory", risk: 7 };
