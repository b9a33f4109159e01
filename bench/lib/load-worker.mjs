// The load generator's own process (forked by load.mjs): runs one autocannon job and sends back its
// summary, so the orchestrator's work never shares an event loop with the client.
import autocannon from 'autocannon';

process.once('message', async (options) => {
  try {
    const instance = fire(options);
    // An `amount` run is cut short after `maxSeconds`; the summary then says how many requests it made.
    const timer = options.amount && options.maxSeconds ? setTimeout(() => instance.stop(), options.maxSeconds * 1000) : undefined;
    const result = await instance;
    clearTimeout(timer);
    process.send({ ok: true, result: summarize(result) });
  } catch (error) {
    process.send({ ok: false, error: error.stack ?? String(error) });
  }
});

function fire({ url, path, keys, connections, durationSeconds, amount, timeoutSeconds }) {
  const requests = keys.map((key) => ({ method: 'GET', path, headers: { 'x-tenant-key': key } }));
  let clientIndex = 0;
  return autocannon({
    url,
    connections,
    pipelining: 1,
    timeout: timeoutSeconds,
    ...(amount ? { amount } : { duration: durationSeconds }),
    requests,
    // Every connection cycles through all tenants, each starting at another one, so at any moment the
    // 64 connections ask for many tenants rather than all for the same.
    setupClient(client) {
      const start = (clientIndex++ * 7) % requests.length;
      client.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
    },
  });
}

function summarize(result) {
  const total = result.requests.total;
  return {
    requests: total,
    durationSeconds: result.duration,
    requestsPerSecond: result.duration > 0 ? total / result.duration : 0,
    // Latencies of 2xx responses only (autocannon's rule), 1 ms resolution.
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
    errors: result.errors,
    timeouts: result.timeouts,
    // autocannon counts the bytes (headers included) of 2xx responses only.
    bytesPer2xx: result['2xx'] > 0 ? Math.round(result.throughput.total / result['2xx']) : 0,
  };
}
