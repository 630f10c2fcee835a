// The raw-additions variant as a program file, for `npm run plan -- --program <this file>`.
import { rawAdditionsProgram } from "./raw-additions";

export = rawAdditionsProgram();
