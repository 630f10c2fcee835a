// `npm run build:handler`: transpile handlers/ into .build/handler/ (what the Lambda archive carries).
import { buildHandler } from "../components/handler-build";

try {
  const build = buildHandler();
  console.log(`Built ${build.files.length} files into ${build.outDir} (entry ${build.entryFile})`);
} catch (error) {
  console.error(`build:handler failed: ${(error as Error).message}`);
  process.exit(1);
}
