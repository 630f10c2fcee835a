/**
 * Every @pulumi/aws resource that carries a resource-based policy (who else may act on it), and
 * the property its document is in. VPC endpoint policies are left out on purpose: `Principal "*"`
 * there means "anyone already inside this VPC", which is their normal form.
 */
export const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
  "aws:s3/bucket:Bucket": "policy",
  "aws:s3/bucketV2:BucketV2": "policy",
  "aws:s3/bucketPolicy:BucketPolicy": "policy",
  "aws:s3/accessPoint:AccessPoint": "policy",
  "aws:s3control/accessPointPolicy:AccessPointPolicy": "policy",
  "aws:s3control/bucketPolicy:BucketPolicy": "policy",
  "aws:s3control/objectLambdaAccessPointPolicy:ObjectLambdaAccessPointPolicy": "policy",
  "aws:sns/topic:Topic": "policy",
  "aws:sns/topicPolicy:TopicPolicy": "policy",
  "aws:sqs/queue:Queue": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
  "aws:kms/key:Key": "policy",
  "aws:kms/keyPolicy:KeyPolicy": "policy",
  "aws:kms/replicaKey:ReplicaKey": "policy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
  "aws:ecr/registryPolicy:RegistryPolicy": "policy",
  "aws:secretsmanager/secret:Secret": "policy",
  "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
  "aws:apigateway/restApi:RestApi": "policy",
  "aws:apigateway/restApiPolicy:RestApiPolicy": "policy",
  "aws:glacier/vault:Vault": "accessPolicy",
  "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
  "aws:opensearch/domain:Domain": "accessPolicies",
  "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
  "aws:elasticsearch/domain:Domain": "accessPolicies",
  "aws:elasticsearch/domainPolicy:DomainPolicy": "accessPolicies",
  "aws:backup/vaultPolicy:VaultPolicy": "policy",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
  "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy": "accessPolicy",
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "policy",
  "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
  "aws:kinesis/resourcePolicy:ResourcePolicy": "policy",
  "aws:ses/identityPolicy:IdentityPolicy": "policy",
  "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy": "policyDocument",
  "aws:codeartifact/domainPermissionsPolicy:DomainPermissions": "policyDocument",
  "aws:glue/resourcePolicy:ResourcePolicy": "policy",
  "aws:mediastore/containerPolicy:ContainerPolicy": "policy",
  "aws:schemas/registryPolicy:RegistryPolicy": "policy",
  "aws:iam/role:Role": "assumeRolePolicy",
};

export const RESOURCE_POLICY_TYPES: readonly string[] = Object.keys(RESOURCE_POLICY_PROPERTIES);
