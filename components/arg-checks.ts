/**
 * Argument validation shared by the components: collect every problem, then throw them together
 * (aws-solutions-constructs' Check*Props style), so a caller fixes all conflicts in one pass.
 */
export class ArgumentConflicts {
  private readonly problems: string[] = [];

  constructor(private readonly component: string) {}

  /** Records `message` when `condition` holds. */
  check(condition: boolean, message: string): this {
    if (condition) this.problems.push(message);
    return this;
  }

  /** Records a problem unless `value` is a whole number in [min, max]. */
  wholeNumber(field: string, value: number | undefined, min: number, max: number): this {
    if (value === undefined) return this;
    return this.check(!Number.isInteger(value) || value < min || value > max, `${field} must be a whole number from ${min} to ${max}, got ${value}`);
  }

  /** `wholeNumber` with the bounds given as one `{ min, max }` value (HANDLER_LIMITS, LAMBDA_LIMITS). */
  within(field: string, value: number | undefined, range: { readonly min: number; readonly max: number }): this {
    return this.wholeNumber(field, value, range.min, range.max);
  }

  /** Records a problem when more than one of the named options is set. */
  atMostOne(options: Record<string, unknown>): this {
    const set = Object.entries(options)
      .filter(([, v]) => v !== undefined && v !== false)
      .map(([k]) => k);
    return this.check(set.length > 1, `${set.join(" and ")} are mutually exclusive: pass only one`);
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new Error(`${this.component}: invalid arguments:\n- ${this.problems.join("\n- ")}`);
  }
}

/** `T` with optional keys possibly absent but never `undefined`, as `definedOnly` returns it. */
export type DefinedOnly<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Removes keys whose value is undefined, so `{ ...defaults, ...args }` keeps the defaults for them. */
export function definedOnly<T extends object>(args: T | undefined): DefinedOnly<T> {
  if (!args) return {} as DefinedOnly<T>;
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as DefinedOnly<T>;
}

/** Physical names (IAM role, Lambda function) are limited to 64 characters. */
export function checkedPhysicalName(kind: string, value: string, max = 64): string {
  if (!/^[A-Za-z0-9_+=,.@-]+$/.test(value) || value.length > max) {
    throw new Error(`${kind} "${value}" must be 1-${max} characters of letters, digits and _+=,.@-`);
  }
  return value;
}
