/**
 * How to run the worker process with node directly (one PID). lib/ files import "server-only",
 * which resolves to its empty module only under the react-server condition, as in Next's server.
 */
export const WORKER_NODE_ARGS = ["--conditions=react-server", "--import", "tsx", "workers/index.ts"];
