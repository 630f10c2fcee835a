// A program that depends on an invoke the offline mocks do not answer (availability zones):
// the plan must fail once, naming the invoke and the resources it left unregistered.
import * as aws from "@pulumi/aws";

const zones = aws.getAvailabilityZonesOutput({});
new aws.s3.Bucket("zone-bucket", { bucket: zones.names[0] });
new aws.sns.Topic("zone-topic", { name: zones.names[1] });
