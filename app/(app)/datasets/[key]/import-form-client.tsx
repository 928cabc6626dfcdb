"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ProgressBar } from "@/components/ui/progress-bar";

interface UploadState {
  phase: "idle" | "confirm" | "uploading" | "error";
  percent: number;
  error: string | null;
}

/** An upload waiting for the user to confirm that it replaces the org's rows. */
interface PendingUpload {
  file: File;
  query: URLSearchParams;
  form: HTMLFormElement;
}

/**
 * Uploads the file as a raw stream (XHR for upload progress); the import then runs as a job. A
 * replace first asks for confirmation, naming how many of the org's rows it deletes.
 */
export function ImportForm({ datasetKey, datasetName, ownRows }: { datasetKey: string; datasetName: string; ownRows: number }) {
  const router = useRouter();
  const [state, setState] = useState<UploadState>({ phase: "idle", percent: 0, error: null });
  const [pending, setPending] = useState<PendingUpload | null>(null);

  function submit(event: React.FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setState({ phase: "error", percent: 0, error: file instanceof File && file.name ? "所选文件为空（0 字节），请检查后重新选择" : "请选择要导入的 CSV 或 XLSX 文件" });
      return;
    }
    const query = new URLSearchParams({
      filename: file.name,
      mode: String(form.get("mode") ?? "strict"),
      replace: form.get("replace") ? "true" : "false",
      encoding: String(form.get("encoding") ?? "auto"),
      sheet: String(form.get("sheet") ?? ""),
    });
    if (form.get("replace")) {
      setPending({ file, query, form: formElement });
      setState({ phase: "confirm", percent: 0, error: null });
      return;
    }
    upload({ file, query, form: formElement });
  }

  function upload({ file, query, form }: PendingUpload): void {
    setPending(null);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/datasets/${datasetKey}/upload?${query}`);
    xhr.upload.onprogress = (e) => setState({ phase: "uploading", percent: e.lengthComputable ? (100 * e.loaded) / e.total : 0, error: null });
    xhr.onload = () => {
      if (xhr.status === 202) {
        setState({ phase: "idle", percent: 0, error: null });
        form.reset();
        router.refresh();
        return;
      }
      let message = `上传失败（HTTP ${xhr.status}）`;
      try {
        message = (JSON.parse(xhr.responseText) as { error: { message: string } }).error.message;
      } catch {
        /* keep the generic message */
      }
      setState({ phase: "error", percent: 0, error: message });
    };
    xhr.onerror = () => setState({ phase: "error", percent: 0, error: "网络错误，文件未上传" });
    setState({ phase: "uploading", percent: 0, error: null });
    xhr.send(file);
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="import-form">
      <div className="grid gap-4 md:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium text-slate-700">数据文件（CSV 或 XLSX）</span>
          <input name="file" type="file" accept=".csv,.txt,.xlsx" className="input file:mr-3 file:rounded file:border-0 file:bg-brand-50 file:px-3 file:py-1 file:text-brand-700" aria-label="数据文件" />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">文件编码</span>
            <select name="encoding" className="input" defaultValue="auto" aria-label="文件编码">
              <option value="auto">自动识别</option>
              <option value="utf8">UTF-8</option>
              <option value="gb18030">GBK / GB18030</option>
            </select>
          </label>
          <label className="block text-sm">
            <span className="mb-1 block font-medium text-slate-700">工作表（XLSX）</span>
            <input name="sheet" className="input" placeholder="默认第一个" aria-label="工作表" />
          </label>
        </div>
      </div>
      <fieldset className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <legend className="sr-only">导入方式</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="mode" value="strict" defaultChecked className="accent-brand-600" />
          严格模式：有任何错误行则整个文件不导入
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="mode" value="lenient" className="accent-brand-600" />
          宽松模式：导入正确行，报告错误行
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" name="replace" className="accent-brand-600" />
          替换本院现有数据
        </label>
      </fieldset>
      {state.phase === "confirm" && pending ? (
        <div className="rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" role="alertdialog" aria-label="确认替换" data-testid="replace-confirm">
          <p className="font-medium">确认替换本院现有数据？</p>
          <p className="mt-1">
            将删除本院“{datasetName}”现有的 <span className="font-semibold tabular-nums" data-testid="replace-count">{ownRows.toLocaleString("zh-CN")}</span> 行数据，以文件“{pending.file.name}”中的数据代替。导入失败或被取消时，现有数据保持不变。
          </p>
          <div className="mt-3 flex gap-2">
            <button type="button" className="btn-danger" onClick={() => upload(pending)}>
              确认替换（删除 {ownRows.toLocaleString("zh-CN")} 行）
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                setPending(null);
                setState({ phase: "idle", percent: 0, error: null });
              }}
            >
              返回
            </button>
          </div>
        </div>
      ) : null}
      {state.phase === "uploading" ? <ProgressBar percent={state.percent} label={`正在上传 ${state.percent.toFixed(0)}%`} /> : null}
      {state.error ? (
        <p className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="form-error">
          {state.error}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={state.phase === "uploading" || state.phase === "confirm"}>
        开始导入
      </button>
    </form>
  );
}
