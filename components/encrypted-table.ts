import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, definedOnly } from "./arg-checks";
import { DYNAMODB_LIMITS } from "./aws-limits";

export interface EncryptedTableArgs {
  /** Partition key attribute (type S). Default `pk`: the handler writes `pk`/`sk` records. */
  readonly hashKey?: string;
  /** Sort key attribute (type S). Default `sk`. */
  readonly rangeKey?: string;
  /** Attribute holding the expiry epoch seconds; DynamoDB deletes expired items. Default `expiresAt`. */
  readonly ttlAttribute?: string;
  /** Continuous backups for 35 days (security policy 2.1). Default true. */
  readonly pointInTimeRecovery?: boolean;
  /** Refuse `DeleteTable` until switched off. Default false so dev stacks can be destroyed. */
  readonly deletionProtection?: boolean;
  /**
   * CMK for server-side encryption. Default: none, i.e. the AWS-managed `aws/dynamodb` key, as the
   * security policy 3.1 specifies for DynamoDB.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Provisioned read capacity units, 1-40000. Default 5 (free tier: 25 in total; the policy pack's
   * `dynamodb-free-tier-capacity` holds a stack to that unless its config says otherwise).
   */
  readonly readCapacity?: number;
  /**
   * Provisioned write capacity units, 1-40000. Default 5: the handler writes 3 items per upload,
   * so 5 units carry about 1.7 uploads a second (free tier: 25 in total, as above).
   */
  readonly writeCapacity?: number;
}

export const ENCRYPTED_TABLE_DEFAULTS = {
  hashKey: "pk",
  rangeKey: "sk",
  ttlAttribute: "expiresAt",
  pointInTimeRecovery: true,
  deletionProtection: false,
  readCapacity: 5,
  writeCapacity: 5,
} as const;

/** DynamoDB table with encryption, point-in-time recovery and TTL, inside the free tier. */
export class EncryptedTable extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: EncryptedTableArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const s = { ...ENCRYPTED_TABLE_DEFAULTS, ...definedOnly(args) };
    new ArgumentConflicts("EncryptedTable")
      .within("readCapacity", s.readCapacity, DYNAMODB_LIMITS.capacityUnits)
      .within("writeCapacity", s.writeCapacity, DYNAMODB_LIMITS.capacityUnits)
      .check(s.hashKey === s.rangeKey, `hashKey and rangeKey must differ, both are "${s.hashKey}"`)
      .check(s.ttlAttribute === s.hashKey || s.ttlAttribute === s.rangeKey, `ttlAttribute "${s.ttlAttribute}" must not be a key attribute`)
      .throwIfAny();
    super("secure-image-pipeline:data:EncryptedTable", name, {}, opts);

    this.table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        billingMode: "PROVISIONED",
        readCapacity: s.readCapacity,
        writeCapacity: s.writeCapacity,
        hashKey: s.hashKey,
        rangeKey: s.rangeKey,
        attributes: [
          { name: s.hashKey, type: "S" },
          { name: s.rangeKey, type: "S" },
        ],
        ttl: { attributeName: s.ttlAttribute, enabled: true },
        pointInTimeRecovery: { enabled: s.pointInTimeRecovery },
        serverSideEncryption: s.kmsKeyArn === undefined ? { enabled: true } : { enabled: true, kmsKeyArn: s.kmsKeyArn },
        deletionProtectionEnabled: s.deletionProtection,
      },
      { parent: this },
    );
    this.name = this.table.name;
    this.arn = this.table.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }
}
