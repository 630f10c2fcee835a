// The dev stack at a first preview (the suite: support/first-preview-suite.ts; prod: first-preview-prod.test.ts).
import { firstPreviewSuite } from "./support/first-preview-suite";

firstPreviewSuite("dev");
