// The production web server: the built Next.js app in one process per core, sharing one port
// (node:cluster hands each connection to a process in turn). A Next server renders on one thread,
// so a single process leaves the other cores idle while pages queue. Plain JavaScript so it runs
// on bare node, without the TypeScript loader's hooks in every module load.
// Usage: node scripts/web-server.mjs <project dir> <port>; WEB_CONCURRENCY sets the process count.
import cluster from "node:cluster";
import { createServer } from "node:http";
import os from "node:os";

const [dir = process.cwd(), portArg = process.env.PORT ?? "3000"] = process.argv.slice(2);
const port = Number(portArg);
/** Keep in step with PEER_ADDRESS_HEADER in lib/auth/client-ip.ts. */
const PEER_ADDRESS_HEADER = "x-shujian-peer-address";
const processes = Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism());

if (cluster.isPrimary) {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < processes; i++) fork();
  // A process that dies is replaced while the others keep serving — unless they keep dying
  // (no build, a broken config): then the server stops and the launcher reports it.
  const recentExits = [];
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    recentExits.push(now);
    while (recentExits[0] < now - 60_000) recentExits.shift();
    console.error(`[web] process ${worker.process.pid} exited (${signal ?? code})`);
    if (recentExits.length > 2 * processes) {
      console.error("[web] web server processes keep exiting; stopping");
      process.exit(1);
    }
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    const timer = setTimeout(() => process.exit(0), 10_000);
    cluster.disconnect(() => {
      clearTimeout(timer);
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  // Without the primary there is no one to hand out connections: stop with it.
  process.on("disconnect", () => process.exit(0));
  // An orderly exit (flushes what --cpu-prof and friends collected) rather than death by signal.
  process.on("SIGTERM", () => process.exit(0));
  process.env.NODE_ENV = "production"; // as `next start` sets it, before Next loads
  const { default: next } = await import("next");
  const app = next({ dev: false, dir, port, hostname: "0.0.0.0" });
  const handle = app.getRequestHandler();
  await app.prepare();
  createServer((req, res) => {
    // Route handlers and server actions never see the socket: tell them who is connected, under a
    // name a client cannot set (lib/auth/client-ip.ts decides whether forwarded headers count).
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  }).listen(port);
}
