import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { PayloadTooLargeError, ValidationError } from "../../errors";

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

/** An upload still arriving; renamed to uploadPath() once complete, so a worker never reads half a file. */
const PARTIAL_SUFFIX = ".part";
/** A partial file this old belongs to an upload whose server died mid-way (a live one keeps writing). */
const STALE_PARTIAL_MS = 24 * 3600 * 1000;

const DEFAULT_MAX_UPLOAD_MB = 2048;

/** The upload limit in MB (MAX_UPLOAD_MB, default 2048). */
export function maxUploadMb(): number {
  const mb = Number(process.env.MAX_UPLOAD_MB ?? DEFAULT_MAX_UPLOAD_MB);
  return Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_UPLOAD_MB;
}

function uploadTooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(`文件超过上传上限 ${maxUploadMb()} MB，未导入任何数据：请拆分为较小的文件分批导入，或请系统管理员调整上限（MAX_UPLOAD_MB）`);
}

function declaredLength(headers: Headers): number | null {
  const value = headers.get("content-length");
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * How much more of an over-limit body is read and thrown away after the 413 is sent: most HTTP
 * clients read the answer only once they have sent their body, so cutting the connection at once
 * would show them a network error instead of the message. Past this, the connection is cut.
 */
const DRAIN_AFTER_REFUSAL_BYTES = 64 * 1024 * 1024;

async function drainThenCancel(body: WebReadableStream<Uint8Array>, maxBytes: number): Promise<void> {
  const reader = body.getReader();
  try {
    for (let drained = 0; drained <= maxBytes; ) {
      const { done, value } = await reader.read();
      if (done) return;
      drained += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drain.
  }
}

/**
 * The body of an upload request, for startImport: refused at once when Content-Length is over the
 * limit, counted while it streams (a chunked body has no Content-Length), and an error — never a
 * short file — when the client goes away before sending all it announced.
 */
export function uploadBody(req: Request): Readable {
  const limit = maxUploadMb() * 1024 * 1024;
  const declared = declaredLength(req.headers);
  if (declared !== null && declared > limit) throw uploadTooLarge();
  const body = req.body as WebReadableStream<Uint8Array> | null;
  if (!body) throw new ValidationError("请求体为空：请上传要导入的 CSV 或 XLSX 文件", [{ path: "file", message: "文件为空" }]);
  const reader = body.getReader();
  // A client that disconnects may leave the body neither ended nor errored; Next aborts the
  // request's signal when the connection closes, and a cancelled read then ends the wait.
  const onAbort = (): void => void reader.cancel().catch(() => {});
  req.signal.addEventListener("abort", onAbort, { once: true });
  async function* counted(): AsyncGenerator<Uint8Array> {
    let received = 0;
    let settled = false;
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch {
          throw uploadInterrupted();
        }
        if (chunk.done) break;
        received += chunk.value.byteLength;
        if (received > limit) {
          settled = true;
          reader.releaseLock();
          void drainThenCancel(body!, DRAIN_AFTER_REFUSAL_BYTES);
          throw uploadTooLarge();
        }
        yield chunk.value;
      }
      if (req.signal.aborted || (declared !== null && received < declared)) throw uploadInterrupted();
      settled = true;
    } finally {
      req.signal.removeEventListener("abort", onAbort);
      // Stopped early for another reason (the disk, the consumer): let go of the client's body.
      if (!settled) void reader.cancel().catch(() => {});
    }
  }
  return Readable.from(counted(), { objectMode: false });
}

function uploadInterrupted(): ValidationError {
  return new ValidationError("上传中断：文件未完整收到，未导入任何数据，请重新上传", [{ path: "file", message: "上传中断" }]);
}

/** Removes partial files left by a server that stopped mid-upload. */
function removeStalePartials(dir: string): void {
  const cutoff = Date.now() - STALE_PARTIAL_MS;
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith(PARTIAL_SUFFIX)) continue;
    const file = path.join(dir, name);
    try {
      if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
    } catch {
      // Another process finished or removed it meanwhile.
    }
  }
}

/**
 * Streams an upload to disk (never whole in memory); answers its size in bytes. Whatever stops it
 * (the client went away, the limit, a full disk) removes the partial file.
 */
export async function saveUpload(importId: string, body: ReadableStream<Uint8Array> | Readable): Promise<number> {
  const dir = uploadDir();
  fs.mkdirSync(dir, { recursive: true });
  removeStalePartials(dir);
  const partial = uploadPath(importId) + PARTIAL_SUFFIX;
  const source = body instanceof Readable ? body : Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  try {
    await pipeline(source, fs.createWriteStream(partial));
    fs.renameSync(partial, uploadPath(importId));
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return fs.statSync(uploadPath(importId)).size;
}

export function removeUpload(importId: string): void {
  fs.rmSync(uploadPath(importId), { force: true });
}
