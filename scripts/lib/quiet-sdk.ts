/**
 * Imported first by every operator tool: the AWS SDK prints an eight-line notice about its future
 * Node.js floor on every run under Node 20, which buries the tool's own output. This is the
 * suppression the SDK documents; it is read when the first client is constructed.
 */
const SDK_NODE_NOTICE = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

process.env[SDK_NODE_NOTICE] = "true";

export {};
