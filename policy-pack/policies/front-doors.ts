/**
 * Public endpoints of services other than Lambda and their transport: API Gateway methods and
 * routes that authorize nobody, identity pools that hand out guest identities, load balancer
 * listeners in clear or below TLS 1.2, CloudFront viewers over HTTP or old TLS, API Gateway
 * domains on TLS 1.0, SNS deliveries over http.
 */
import { resourcePolicy } from "../lib/define";
import { Finding, violation } from "../lib/findings";
import { asArray, at, Res } from "../lib/resources";
import { isUnknown } from "../lib/values";

const known = (value: unknown): boolean => value !== undefined && !isUnknown(value);

export function checkApiAuthorization(resource: Res): Finding[] {
  const p = resource.props;
  if (resource.type === "aws:apigateway/method:Method") {
    const method = at(p, "httpMethod");
    // CORS preflight carries no credentials by design.
    if (method === "OPTIONS" || !known(at(p, "authorization"))) return [];
    if (String(at(p, "authorization")).toUpperCase() === "NONE" && at(p, "apiKeyRequired") !== true) {
      return [
        violation(
          `API Gateway method "${resource.name}" (${String(method)}) has authorization "NONE" and no API key: anyone on the internet can call it. Use AWS_IAM, COGNITO_USER_POOLS or a CUSTOM authorizer.`,
        ),
      ];
    }
    return [];
  }
  const routeKey = at(p, "routeKey");
  const type = at(p, "authorizationType");
  if (isUnknown(type) || (typeof routeKey === "string" && routeKey.startsWith("OPTIONS "))) return [];
  if (type === undefined || String(type).toUpperCase() === "NONE") {
    return [
      violation(
        `API Gateway route "${resource.name}" (${String(routeKey)}) has no authorization: anyone on the internet can call it. Set authorizationType to AWS_IAM, JWT or CUSTOM with an authorizer.`,
      ),
    ];
  }
  return [];
}

export const apiGatewayAuthorization = resourcePolicy({
  name: "api-gateway-authorization",
  description: "API Gateway REST methods and HTTP/WebSocket routes authorize their callers (not NONE without an API key; CORS preflight OPTIONS excepted).",
  fix: "Set authorization (REST) or authorizationType (HTTP API) to AWS_IAM, a Cognito/JWT authorizer or a custom authorizer.",
  enforcementLevel: "mandatory",
  types: ["aws:apigateway/method:Method", "aws:apigatewayv2/route:Route"],
  check: (resource) => checkApiAuthorization(resource),
});

export const cognitoNoGuestIdentities = resourcePolicy({
  name: "cognito-no-unauthenticated-identities",
  description: "Cognito identity pools do not hand AWS credentials to unauthenticated (guest) identities.",
  fix: "Set allowUnauthenticatedIdentities: false, or scope the unauthenticated role to the least it needs.",
  enforcementLevel: "advisory",
  types: ["aws:cognito/identityPool:IdentityPool"],
  check: (pool) =>
    at(pool.props, "allowUnauthenticatedIdentities") === true
      ? [violation(`Cognito identity pool "${pool.name}" allows unauthenticated identities: anyone can get AWS credentials of its unauthenticated role.`)]
      : [],
});

/** ELB security policies that accept TLS below 1.2 (the ELB default ELBSecurityPolicy-2016-08 among them). */
export function elbPolicyAllowsOldTls(policy: string): boolean {
  return !/TLS13|TLS-1-2|FS-1-2|PQ-TLS/i.test(policy);
}

/** CloudFront minimum viewer protocol versions below TLS 1.2. */
const OLD_CLOUDFRONT_TLS = new Set(["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016"]);

export function checkTransport(resource: Res): Finding[] {
  const p = resource.props;
  switch (resource.type) {
    case "aws:lb/listener:Listener":
    case "aws:alb/listener:Listener": {
      const protocol = String(at(p, "protocol") ?? "").toUpperCase();
      if (protocol === "HTTP") {
        const actions = asArray(at(p, "defaultActions"));
        const redirectsToHttps = actions.length > 0 && actions.every((a) => at(a, "type") === "redirect" && String(at(a, "redirect", "protocol")).toUpperCase() === "HTTPS");
        const fixed = actions.length > 0 && actions.every((a) => at(a, "type") === "fixed-response");
        return redirectsToHttps || fixed
          ? []
          : [
              violation(
                `Load balancer listener "${resource.name}" serves plain HTTP: redirect it to HTTPS (a redirect default action) and serve traffic on an HTTPS listener.`,
                undefined,
                "http",
              ),
            ];
      }
      if (protocol === "HTTPS" || protocol === "TLS") {
        const policy = at(p, "sslPolicy");
        if (isUnknown(policy)) return [];
        const name = typeof policy === "string" ? policy : "ELBSecurityPolicy-2016-08 (the default)";
        return elbPolicyAllowsOldTls(name)
          ? [
              violation(
                `Load balancer listener "${resource.name}" uses ${name}, which accepts TLS below 1.2: set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 or another TLS 1.2+ policy.`,
                undefined,
                "tls",
              ),
            ]
          : [];
      }
      return [];
    }
    case "aws:apigateway/domainName:DomainName":
    case "aws:apigatewayv2/domainName:DomainName": {
      const policy = at(p, "securityPolicy") ?? at(p, "domainNameConfiguration", "securityPolicy");
      return policy === "TLS_1_0" ? [violation(`API Gateway domain "${resource.name}" accepts TLS 1.0: set securityPolicy to TLS_1_2.`)] : [];
    }
    case "aws:cloudfront/distribution:Distribution": {
      const findings: Finding[] = [];
      const behaviours = [
        { path: "default", behaviour: at(p, "defaultCacheBehavior") },
        ...asArray(at(p, "orderedCacheBehaviors")).map((b) => ({ path: String(at(b, "pathPattern")), behaviour: b })),
      ];
      for (const { path, behaviour } of behaviours) {
        if (at(behaviour, "viewerProtocolPolicy") === "allow-all") {
          findings.push(
            violation(
              `CloudFront distribution "${resource.name}" serves viewers over plain HTTP (${path} behaviour, viewerProtocolPolicy "allow-all"): use "redirect-to-https" or "https-only".`,
              undefined,
              `behaviour:${path}`,
            ),
          );
        }
      }
      const minimum = at(p, "viewerCertificate", "minimumProtocolVersion");
      if (typeof minimum === "string" && OLD_CLOUDFRONT_TLS.has(minimum)) {
        findings.push(
          violation(`CloudFront distribution "${resource.name}" accepts viewers on ${minimum}: set viewerCertificate.minimumProtocolVersion to TLSv1.2_2021.`, undefined, "tls"),
        );
      }
      return findings;
    }
    case "aws:sns/topicSubscription:TopicSubscription":
      return at(p, "protocol") === "http" ? [violation(`SNS subscription "${resource.name}" delivers notifications over plain http: use protocol "https".`)] : [];
    default:
      return [];
  }
}

export const transportTls12 = resourcePolicy({
  name: "transport-tls-1-2",
  description:
    "Front doors and deliveries use TLS 1.2 or later: load balancer listeners (no plain HTTP except a redirect to HTTPS; TLS 1.2+ security policies), CloudFront behaviours (no allow-all) and minimum viewer TLS, API Gateway custom domains (not TLS_1_0), SNS subscriptions (not http).",
  fix: "Redirect HTTP to HTTPS, pick TLS 1.2+ security policies (ELBSecurityPolicy-TLS13-1-2-2021-06, TLSv1.2_2021, TLS_1_2), and subscribe https endpoints.",
  enforcementLevel: "mandatory",
  types: [
    "aws:lb/listener:Listener",
    "aws:alb/listener:Listener",
    "aws:apigateway/domainName:DomainName",
    "aws:apigatewayv2/domainName:DomainName",
    "aws:cloudfront/distribution:Distribution",
    "aws:sns/topicSubscription:TopicSubscription",
  ],
  check: (resource) => checkTransport(resource),
});

export const frontDoorPolicies = [apiGatewayAuthorization, cognitoNoGuestIdentities, transportTls12];
