// The prod stack at a first preview (the suite: support/first-preview-suite.ts).
import { firstPreviewSuite } from "./support/first-preview-suite";

firstPreviewSuite("prod");
