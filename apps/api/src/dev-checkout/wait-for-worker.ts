/** How long the simulated pages wait for the worker to act on the event they sent before sending the browser on. */
export const WORKER_WAIT_MS = 3_000;

/**
 * Polls `probe` every 100 ms until it answers something other than undefined, for at most WORKER_WAIT_MS; then
 * undefined. The simulated pages use it so the page the browser lands on usually finds the event applied, as after
 * Stripe, whose webhook tends to arrive before the customer does.
 */
export async function waitForWorker<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + WORKER_WAIT_MS;
  while (Date.now() < deadline) {
    const answer = await probe();
    if (answer !== undefined) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
