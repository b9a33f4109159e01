// Helpers of the storm scripts (booking-storm.mjs, multi-process.mjs): bounded concurrency, shuffling, checks.

/** Runs `task(item, index)` over `items` with at most `limit` in flight; results in the items' order. */
export async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Fisher–Yates, in place: deliveries arrive out of order, as Stripe's do. */
export function shuffle(array) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

/** The JSON of a `{ status, json }` response, or a thrown error naming what was expected. */
export function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}
