/**
 * Runs independent read-only calls and either returns every result or throws one error listing
 * every call that failed, so an operator sees all the permissions or endpoints to fix in one run
 * instead of one per run.
 */

/** Several calls failed; `errors` are the individual failures, in the order the calls were given. */
export class CallsFailed extends Error {
  override readonly name = "CallsFailed";
  constructor(readonly errors: readonly unknown[]) {
    super(`${errors.length} call(s) failed`);
  }
}

export async function settleAll<T extends Record<string, () => Promise<unknown>>>(calls: T): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const names = Object.keys(calls) as (keyof T)[];
  const settled = await Promise.allSettled(names.map((name) => calls[name]()));
  const errors = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  if (errors.length > 0) throw new CallsFailed(errors);
  return Object.fromEntries(names.map((name, i) => [name, (settled[i] as PromiseFulfilledResult<unknown>).value])) as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
