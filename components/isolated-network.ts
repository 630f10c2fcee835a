import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { ArgumentConflicts, definedOnly } from "./arg-checks";
import { awsContext } from "./aws-context";

export interface IsolatedNetworkArgs {
  /** VPC CIDR. Default `10.20.0.0/16`. */
  readonly cidrBlock?: string;
  /** Availability zones (one isolated subnet each). Default 2. */
  readonly availabilityZones?: number;
  /**
   * Interface endpoint for SNS, so the handler can publish without internet access. About
   * $7/month per AZ, hence a flag. Default true (the handler cannot notify without it).
   */
  readonly snsEndpoint?: boolean;
}

/**
 * Optional VPC isolation (security policy 3.3): isolated subnets only, no NAT gateway, gateway
 * endpoints for S3 and DynamoDB (free), and a security group allowing only HTTPS out.
 */
export class IsolatedNetwork extends pulumi.ComponentResource {
  readonly vpc: awsx.ec2.Vpc;
  readonly subnetIds: pulumi.Output<string[]>;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: IsolatedNetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    const s = { cidrBlock: "10.20.0.0/16", availabilityZones: 2, snsEndpoint: true, ...definedOnly(args) };
    new ArgumentConflicts("IsolatedNetwork")
      .check(!/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/.test(s.cidrBlock), `cidrBlock must be an IPv4 CIDR from /16 to /24, got "${s.cidrBlock}"`)
      .wholeNumber("availabilityZones", s.availabilityZones, 1, 3)
      .throwIfAny();
    super("secure-image-pipeline:network:IsolatedNetwork", name, {}, opts);
    const child = { parent: this };
    const ctx = awsContext(this);

    this.vpc = new awsx.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: s.cidrBlock,
        numberOfAvailabilityZones: s.availabilityZones,
        natGateways: { strategy: awsx.ec2.NatGatewayStrategy.None },
        subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
        subnetSpecs: [{ type: awsx.ec2.SubnetType.Isolated, name: "lambda" }],
        enableDnsHostnames: true,
        enableDnsSupport: true,
      },
      child,
    );
    this.subnetIds = this.vpc.isolatedSubnetIds;
    const routeTableIds = aws.ec2.getRouteTablesOutput({ vpcId: this.vpc.vpcId }, child).ids;
    const gateways = ["s3", "dynamodb"].map(
      (service) =>
        new aws.ec2.VpcEndpoint(
          `${name}-${service}-endpoint`,
          { vpcId: this.vpc.vpcId, serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.${service}`, vpcEndpointType: "Gateway", routeTableIds },
          child,
        ),
    );
    const group = new aws.ec2.SecurityGroup(
      `${name}-lambda-sg`,
      {
        vpcId: this.vpc.vpcId,
        description: "Image processor: HTTPS out to VPC endpoints only",
        egress: [
          { description: "HTTPS to S3 and DynamoDB gateway endpoints", protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: gateways.map((g) => g.prefixListId) },
          { description: "HTTPS to interface endpoints in the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [s.cidrBlock] },
        ],
      },
      child,
    );
    if (s.snsEndpoint) {
      const endpointGroup = new aws.ec2.SecurityGroup(
        `${name}-endpoint-sg`,
        {
          vpcId: this.vpc.vpcId,
          description: "SNS interface endpoint: HTTPS from the image processor",
          ingress: [{ description: "HTTPS from the Lambda", protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [group.id] }],
        },
        child,
      );
      new aws.ec2.VpcEndpoint(
        `${name}-sns-endpoint`,
        {
          vpcId: this.vpc.vpcId,
          serviceName: pulumi.interpolate`com.amazonaws.${ctx.region}.sns`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: this.subnetIds,
          securityGroupIds: [endpointGroup.id],
        },
        child,
      );
    }
    this.securityGroupId = group.id;
    this.registerOutputs({ vpcId: this.vpc.vpcId, subnetIds: this.subnetIds, securityGroupId: this.securityGroupId });
  }
}
