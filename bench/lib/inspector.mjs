// A minimal DevTools-protocol client for a child started with --inspect: enough to ask V8 for a full
// garbage collection, so that RSS is read at the same point of the GC cycle each time. Needs the global
// WebSocket (Node ≥ 22, or Node 20 with --experimental-websocket, which `npm run bench` passes).

/** Connects to the first target of the inspector listening on 127.0.0.1:`port`. */
export async function connectInspector(port) {
  if (typeof WebSocket !== 'function') throw new Error('no global WebSocket: run with node --experimental-websocket (npm run bench does)');
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot connect to the inspector on port ${port}`));
  });
  let nextId = 0;
  const pending = new Map();
  socket.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    const settle = pending.get(message.id);
    if (!settle) return; // an event, not a reply
    pending.delete(message.id);
    settle(message);
  };
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** Any DevTools-protocol method (e.g. Profiler.takePreciseCoverage), resolving to its result. */
    call,
    /** A full, compacting collection of the whole heap (what `global.gc()` does). */
    collectGarbage: () => call('HeapProfiler.collectGarbage'),
    /** Detaches; the child would otherwise wait for the debugger when told to exit. */
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.onclose = resolve;
        socket.close();
      }),
  };
}
