/**
 * Waits until `check` holds, polling, and fails with `what` if it never does
 * within `timeoutMs`. For what has no event to wait on (a log line, a container
 * state); never a fixed sleep.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
