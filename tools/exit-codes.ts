/** Exit codes every command-line tool of the project uses (docs/operations.md lists them). */
export const EXIT = {
  /** Ran and found nothing wrong: a clean plan, every message replayed, every check passed. */
  ok: 0,
  /** Ran, and something is wrong or left: mandatory violations, messages left, failed checks. */
  findings: 1,
  /** Could not run: a usage error (unknown flag, bad value) or a program, configuration or AWS error. */
  usage: 2,
} as const;
