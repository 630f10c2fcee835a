// Misconfigured (class 1): ECR repository policy Principal "*" with ForAnyValue:StringLike aws:PrincipalOrgPaths "o-*/*" — any organization's accounts can pull.
import * as aws from "@pulumi/aws";

const repo = new aws.ecr.Repository("base-images", {});

new aws.ecr.RepositoryPolicy("base-images-policy", {
    repository: repo.name,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "OrgPull",
            Effect: "Allow",
            Principal: "*",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-*/*"] } },
        }],
    }),
});

export const expected = { risky: ["base-images-policy"], level: "mandatory", risk: 1 };
