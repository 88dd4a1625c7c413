// Polls until a condition holds (no timing assertion: the bound only turns a hang into a clear failure).

/** Resolves with the first truthy value of `probe`; throws "timed out waiting for <what>" after `ms`. */
export async function until<T>(probe: () => T | Promise<T>, what: string, ms = 15000, stepMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
