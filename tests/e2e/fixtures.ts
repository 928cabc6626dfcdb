import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type APIResponse, type Browser, type BrowserContext, type Download, type Page, type Response } from "@playwright/test";
import JSZip from "jszip";
import { findClearPersonalData } from "../helpers/personal-data";

// Every e2e spec imports `test` and `expect` from here. An automatic fixture reads every response
// the test's pages and request contexts receive (HTML, RSC payloads, JSON, text, CSV, and the
// .xlsx/.docx downloads) and fails the test when one carries a clear 18-digit ID number (with a
// valid check character) or an 11-digit mobile number. Personal data leaves the platform only
// through the audited reveal, and that one response is exempted by name below.

const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|javascript|xml|.*\+xml))/;
const ZIP_TYPES = /officedocument|application\/zip|application\/octet-stream/;

/** The text of a body: as is for text types, every XML/text entry for an Office (zip) file. */
async function bodyTexts(contentType: string, body: Buffer): Promise<string[]> {
  const isZip = body.length > 4 && body[0] === 0x50 && body[1] === 0x4b && body[2] === 0x03 && body[3] === 0x04;
  if (isZip || ZIP_TYPES.test(contentType)) {
    if (!isZip) return [body.toString("utf8")];
    const zip = await JSZip.loadAsync(body);
    const entries = Object.values(zip.files).filter((f) => !f.dir && /\.(xml|rels|txt|csv|json)$/.test(f.name));
    return Promise.all(entries.map((f) => f.async("string")));
  }
  if (TEXT_TYPES.test(contentType) || contentType === "") return [body.toString("utf8")];
  return [];
}

/**
 * The one response allowed to carry a clear value: the server action `revealAction` of
 * app/(app)/clues/actions.ts, which audits and rate-limits each reveal. Server actions are POSTs
 * with a `Next-Action` header naming the action's id; the build's manifest maps ids to exports.
 */
function auditedRevealActionIds(): Set<string> {
  const file = path.join(process.cwd(), ".next/server/server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { node: Record<string, { exportedName?: string; filename?: string }> };
  const ids = Object.entries(manifest.node)
    .filter(([, a]) => a.exportedName === "revealAction" && (a.filename ?? "").includes("clues/actions"))
    .map(([id]) => id);
  if (ids.length === 0) throw new Error(`fixtures.ts: revealAction not found in ${file}; the audited-reveal exemption would be lost`);
  return new Set(ids);
}

let revealIds: Set<string> | null = null;
function isAuditedReveal(res: Response): boolean {
  const actionId = res.request().headers()["next-action"];
  if (!actionId) return false;
  revealIds ??= auditedRevealActionIds();
  return revealIds.has(actionId);
}

/** Collects what one test's traffic leaked; `check` fails the test with every finding. */
class LeakScanner {
  readonly findings: string[] = [];
  private readonly pending = new Set<Promise<void>>();

  /** Runs a scan in the background; a failure of the scanner itself fails the test too. */
  private track(work: () => Promise<void>): void {
    const p = work()
      .catch((e: unknown) => void this.findings.push(`扫描出错：${String(e)}`))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async scan(where: string, contentType: string, body: Buffer): Promise<void> {
    for (const text of await bodyTexts(contentType, body)) {
      for (const hit of findClearPersonalData(text)) this.findings.push(`${where}: ${hit}`);
    }
  }

  onPageResponse(res: Response, context: BrowserContext): void {
    const url = new URL(res.url());
    if (url.pathname.startsWith("/_next/static/")) return;
    this.track(async () => {
      if (isAuditedReveal(res)) return;
      const where = `${res.request().method()} ${url.pathname}${url.search} (${res.status()})`;
      let body: Buffer;
      try {
        body = await res.body();
      } catch {
        // Chromium keeps no body for some responses (a prefetch the router dropped, a streamed RSC
        // payload): fetch the same GET again with the page's cookies and router headers, and scan that.
        await this.replay(res, context);
        return;
      }
      await this.scan(where, res.headers()["content-type"] ?? "", body);
    });
  }

  private async replay(res: Response, context: BrowserContext): Promise<void> {
    const request = res.request();
    const attachment = /attachment/i.test(res.headers()["content-disposition"] ?? "");
    // Downloads are scanned from their file; redirects have no body; a POST must not run twice.
    if (request.method() !== "GET" || attachment || (res.status() >= 300 && res.status() < 400)) return;
    // A page or context the test already closed has nothing left to ask: skip.
    const sent = await request.allHeaders().catch(() => null);
    if (!sent) return;
    const headers = Object.fromEntries(Object.entries(sent).filter(([name]) => /^(rsc|next-|accept$)/i.test(name)));
    // context.request is hooked: the answer is scanned there.
    await context.request.fetch(res.url(), { method: "GET", headers, maxRedirects: 0, timeout: 10_000 }).catch(() => undefined);
  }

  onDownload = (download: Download): void => {
    this.track(async () => {
      const file = await download.path();
      await this.scan(`下载 ${download.suggestedFilename()} (${download.url()})`, "", fs.readFileSync(file));
    });
  };

  async onApiResponse(method: string, res: APIResponse): Promise<void> {
    const url = new URL(res.url());
    await this.scan(`${method} ${url.pathname}${url.search} (${res.status()})`, res.headers()["content-type"] ?? "", await res.body());
  }

  hookPage = (page: Page): void => {
    page.on("download", this.onDownload);
  };

  hookContext(context: BrowserContext): void {
    context.on("response", (res) => this.onPageResponse(res, context));
    context.on("page", this.hookPage);
    for (const page of context.pages()) this.hookPage(page);
    this.hookRequest(context.request);
  }

  /**
   * Wraps `fetch` of an API context (there is no response event to listen to); `get`, `post` and
   * the others go through it.
   */
  hookRequest(request: APIRequestContext): void {
    const fetch = request.fetch.bind(request);
    request.fetch = async (...args: Parameters<APIRequestContext["fetch"]>): Promise<APIResponse> => {
      const res = await fetch(...args);
      const [target, options] = args;
      const method = options?.method ?? (typeof target === "string" ? "GET" : target.method());
      await this.onApiResponse(method.toUpperCase(), res).catch((e: unknown) => {
        // A disposed response has no body left to read; anything else is a scanner bug.
        if (!String(e).includes("disposed")) throw e;
      });
      return res;
    };
  }

  /** Contexts the test opens itself (`browser.newContext()`, `browser.newPage()`) are watched too. */
  hookBrowser(browser: Browser): () => void {
    const newContext = browser.newContext.bind(browser);
    const newPage = browser.newPage.bind(browser);
    browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
      const context = await newContext(...args);
      this.hookContext(context);
      return context;
    };
    browser.newPage = async (...args: Parameters<Browser["newPage"]>) => {
      const page = await newPage(...args);
      this.hookContext(page.context());
      return page;
    };
    return () => {
      browser.newContext = newContext;
      browser.newPage = newPage;
    };
  }

  /**
   * Waits for every scan under way (bodies still arriving), at most `limitMs`: a response that never
   * ends (a stream the test left open) must not hold the test; it is abandoned unscanned.
   */
  async settle(limitMs = 10_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline - Date.now())));
      await Promise.race([Promise.all([...this.pending]), timeout]);
      clearTimeout(timer);
    }
  }

  /** The findings so far, then forgets them: for the scanner's own tests, which leak on purpose. */
  async takeFindings(): Promise<string[]> {
    await this.settle();
    return this.findings.splice(0);
  }
}

export const test = base.extend<{ leakScanner: LeakScanner; personalDataScan: void }>({
  leakScanner: async ({}, use) => {
    await use(new LeakScanner());
  },
  request: async ({ request, leakScanner }, use) => {
    leakScanner.hookRequest(request);
    await use(request);
  },
  personalDataScan: [
    // Depends on `page` so it is torn down first: bodies still arriving are read before the page closes.
    async ({ context, page: _page, browser, leakScanner }, use) => {
      leakScanner.hookContext(context);
      const unhook = leakScanner.hookBrowser(browser);
      await use();
      unhook();
      await leakScanner.settle();
      expect(leakScanner.findings, "明文身份证号或手机号离开了平台（只有经审计的查看可以显示明文）").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect, findClearPersonalData };
