import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Uploaded files wait here for the import job. The web server and the workers must share this
 * directory (the same host, or a shared volume).
 */
export function uploadDir(): string {
  return process.env.UPLOAD_DIR ?? path.resolve(process.env.DATA_DIR ?? ".data", "uploads");
}

export function uploadPath(importId: string): string {
  return path.join(uploadDir(), importId);
}

/** Streams an upload to disk (never whole in memory); answers its size in bytes. */
export async function saveUpload(importId: string, body: ReadableStream<Uint8Array> | Readable): Promise<number> {
  fs.mkdirSync(uploadDir(), { recursive: true });
  const target = uploadPath(importId);
  const source = body instanceof Readable ? body : Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
  await pipeline(source, fs.createWriteStream(target));
  return fs.statSync(target).size;
}

export function removeUpload(importId: string): void {
  fs.rmSync(uploadPath(importId), { force: true });
}
