/**
 * Polls `read` until `done` holds or the time is up, and returns the last value either way, so the
 * caller's own expectation reports what was seen. Read models and workflows settle asynchronously.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
