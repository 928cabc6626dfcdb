import "server-only";
import { asc, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { datasetImports, datasets, orgs } from "@/db/schema";
import type { Actor } from "../../auth/actor";
import { pathInScope, scopeFor } from "../../auth/policy";
import type { ImportView } from "./commands";
import { importStatusBody, type ImportStatusBody } from "./status";

/** An import ahead in the platform's queue, as a viewer may see it (another org's name only within scope). */
export interface QueueEntry {
  status: "queued" | "running";
  datasetName: string;
  orgName: string | null;
  fileSize: number;
  bytesRead: number;
}

export interface QueuePlace {
  /** 1 = next to start once a worker slot is free. */
  position: number;
  running: number;
  /** Running imports first, then the queued ones before this one, oldest first. */
  ahead: QueueEntry[];
  /** A rough wait from the platform's recent import speed; null before any import finished. */
  estimateSeconds: number | null;
}

const RECENT_IMPORTS = 20;

/** Bytes per second of the last finished imports (one worker slot's speed). */
async function recentBytesPerSecond(): Promise<number | null> {
  const [row] = await getDb().execute<{ rate: number | null }>(sql`
    select sum(bytes_read)::float8 / nullif(sum(extract(epoch from finished_at - started_at)), 0) as rate
    from (select bytes_read, started_at, finished_at from dataset_imports
          where status = 'succeeded' and started_at is not null and finished_at is not null
          order by finished_at desc limit ${RECENT_IMPORTS}) recent`);
  const rate = row?.rate === null || row?.rate === undefined ? null : Number(row.rate);
  return rate && rate > 0 ? rate : null;
}

/** IMPORT_CONCURRENCY: imports one worker process runs side by side (default 2); the wait estimate assumes one worker. */
export function importConcurrency(): number {
  const value = Number(process.env.IMPORT_CONCURRENCY ?? 2);
  return Number.isInteger(value) && value >= 1 ? value : 2;
}

/**
 * Where each of the given queued imports stands in the platform-wide queue: what runs now and what
 * was queued before it, whatever the org (imports share the workers), with org names only inside
 * the viewer's scope.
 */
export async function queuePlaces(actor: Actor, queuedIds: string[]): Promise<Map<string, QueuePlace>> {
  const places = new Map<string, QueuePlace>();
  if (queuedIds.length === 0) return places;
  const scope = scopeFor(actor, "datasets.read");
  const active = await getDb()
    .select({
      id: datasetImports.id,
      status: datasetImports.status,
      createdAt: datasetImports.createdAt,
      fileSize: datasetImports.fileSize,
      bytesRead: datasetImports.bytesRead,
      datasetName: datasets.name,
      orgName: orgs.name,
      orgPath: orgs.path,
    })
    .from(datasetImports)
    .innerJoin(datasets, sql`${datasets.id} = ${datasetImports.datasetId}`)
    .innerJoin(orgs, sql`${orgs.id} = ${datasetImports.orgId}`)
    .where(inArray(datasetImports.status, ["queued", "running"]))
    .orderBy(asc(datasetImports.createdAt));
  const rate = await recentBytesPerSecond();
  const entry = (a: (typeof active)[number]): QueueEntry => ({
    status: a.status as QueueEntry["status"],
    datasetName: a.datasetName,
    orgName: pathInScope(a.orgPath, scope) ? a.orgName : null,
    fileSize: a.fileSize,
    bytesRead: a.bytesRead,
  });
  const running = active.filter((a) => a.status === "running");
  for (const id of queuedIds) {
    const me = active.find((a) => a.id === id && a.status === "queued");
    if (!me) continue;
    const queuedAhead = active.filter((a) => a.status === "queued" && a.createdAt < me.createdAt);
    const ahead = [...running, ...queuedAhead].map(entry);
    const bytesAhead = ahead.reduce((n, a) => n + Math.max(a.fileSize - a.bytesRead, 0), 0);
    places.set(id, {
      position: queuedAhead.length + 1,
      running: running.length,
      ahead,
      estimateSeconds: rate === null ? null : Math.round(bytesAhead / (rate * importConcurrency())),
    });
  }
  return places;
}

/** The status body of one import, with its queue place while queued. */
export async function importStatusWithQueue(actor: Actor, imp: ImportView): Promise<ImportStatusBody> {
  const place = imp.status === "queued" ? (await queuePlaces(actor, [imp.id])).get(imp.id) ?? null : null;
  return importStatusBody(imp, place);
}
