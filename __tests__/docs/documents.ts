// The project's documentation files, as the doc tests read them.
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

/** README.md, SECURITY.md, every docs/*.md and the decision records beside the code. */
export function documentFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  return ["README.md", "SECURITY.md", ...docs, "handlers/image/jpeg/README.md"].filter((f) => fs.existsSync(path.join(ROOT, f)));
}

export const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");

/** The text outside fenced code blocks (links and headings there are not Markdown). */
export function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

export function anchorsOf(markdown: string): Set<string> {
  return new Set([...prose(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
}
