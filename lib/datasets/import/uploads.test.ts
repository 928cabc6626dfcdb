import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PayloadTooLargeError, ValidationError } from "../../errors";
import { saveUpload, uploadBody, uploadPath } from "./uploads";

const MB = 1024 * 1024;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shujian-uploads-"));
  process.env.UPLOAD_DIR = dir;
  process.env.MAX_UPLOAD_MB = "2";
});
afterAll(() => {
  delete process.env.MAX_UPLOAD_MB;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A body of `chunks` × 256 KB; then it ends, errors, or hangs (a client that went silent). */
function body(chunks: number, then: "end" | "error" | "hang"): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < chunks) return controller.enqueue(new Uint8Array(256 * 1024));
      if (then === "end") controller.close();
      else if (then === "error") controller.error(new Error("aborted"));
      else return new Promise(() => {});
    },
  });
}

function request(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}, signal?: AbortSignal): Request {
  return new Request("http://localhost/upload", { method: "POST", body: stream, headers, signal, duplex: "half" } as RequestInit);
}

const files = (): string[] => fs.readdirSync(dir);

describe("uploads", () => {
  it("saves a body within the limit whole", async () => {
    expect(await saveUpload("ok", uploadBody(request(body(4, "end"))))).toBe(MB);
    expect(fs.statSync(uploadPath("ok")).size).toBe(MB);
    fs.rmSync(uploadPath("ok"));
  });

  it("refuses a declared Content-Length over MAX_UPLOAD_MB before reading", () => {
    expect(() => uploadBody(request(body(1, "end"), { "content-length": String(3 * MB) }))).toThrow(PayloadTooLargeError);
  });

  it("refuses a body that grows past the limit while streaming, and removes the partial file", async () => {
    await expect(saveUpload("big", uploadBody(request(body(20, "end"))))).rejects.toThrow(PayloadTooLargeError);
    expect(files()).toEqual([]);
  });

  it("a body that errors (client gone) or ends short of its Content-Length is interrupted, never a short file", async () => {
    await expect(saveUpload("cut", uploadBody(request(body(3, "error"))))).rejects.toThrow(ValidationError);
    await expect(saveUpload("short", uploadBody(request(body(3, "end"), { "content-length": String(MB) })))).rejects.toThrow("上传中断");
    expect(files()).toEqual([]);
  });

  it("a body that goes silent ends when the request is aborted", async () => {
    const abort = new AbortController();
    const saving = saveUpload("silent", uploadBody(request(body(2, "hang"), {}, abort.signal)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(files()).toEqual(["silent.part"]);
    abort.abort();
    await expect(saving).rejects.toThrow("上传中断");
    expect(files()).toEqual([]);
  });
});
