"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { copyModelAction, editModelAction, restoreVersionAction } from "../actions";

type Action = typeof editModelAction;

function ModelButton({ action: serverAction, modelId, version, label, pendingLabel, className, testId }: { action: Action; modelId: string; version?: number; label: string; pendingLabel: string; className: string; testId: string }) {
  const [state, action, pending] = useActionState(serverAction, null);
  return (
    <form action={action} className="flex flex-col items-end gap-1">
      <input type="hidden" name="modelId" value={modelId} />
      {version ? <input type="hidden" name="version" value={version} /> : null}
      <button type="submit" className={className} disabled={pending} data-testid={testId}>
        {pending ? pendingLabel : label}
      </button>
      <div className="max-w-md">
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** 编辑规则: continues the open draft or makes the next one from the newest version. */
export function EditModelButton({ modelId, hasDraft }: { modelId: string; hasDraft: boolean }) {
  return <ModelButton action={editModelAction} modelId={modelId} label={hasDraft ? "继续编辑草稿" : "编辑规则（新建草稿）"} pendingLabel="打开中…" className="btn-primary" testId="edit-model" />;
}

export function CopyModelButton({ modelId }: { modelId: string }) {
  return <ModelButton action={copyModelAction} modelId={modelId} label="复制为新模型" pendingLabel="复制中…" className="btn-secondary" testId="copy-model" />;
}

export function RestoreVersionButton({ modelId, version }: { modelId: string; version: number }) {
  return <ModelButton action={restoreVersionAction} modelId={modelId} version={version} label="恢复为新草稿" pendingLabel="恢复中…" className="btn-link text-xs" testId="restore-version" />;
}
