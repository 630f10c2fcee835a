// The generated architecture picture in README.md: its markers, and how to cut it out.
export const ARCHITECTURE_DOC = "README.md";
export const BEGIN = "<!-- generated:mermaid:begin (npm run -s plan -- --mermaid --skip-policy) -->";
export const END = "<!-- generated:mermaid:end -->";

/** The text between the markers (a ```mermaid fence with surrounding newlines). */
export function committedBlock(doc: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the document must contain the markers ${BEGIN} and ${END}`);
  return doc.slice(start + BEGIN.length, end);
}

/** A chart as it sits between the markers. */
export function fenced(chart: string): string {
  return `\n\`\`\`mermaid\n${chart}\`\`\`\n`;
}
