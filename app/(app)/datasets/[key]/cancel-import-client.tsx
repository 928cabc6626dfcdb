"use client";

import { useActionState, type MouseEvent } from "react";
import { FormMessage } from "@/components/forms/form-message";
import { cancelImportAction } from "./actions";

function confirmCancel(event: MouseEvent<HTMLButtonElement>): void {
  if (!window.confirm("确定取消此次导入吗？已写入的数据将全部撤销，本院现有数据保持不变。")) event.preventDefault();
}

/** 取消导入: for a queued or running import of the user's own org. */
export function CancelImportForm({ id }: { id: string }) {
  const [state, action, pending] = useActionState(cancelImportAction, null);
  return (
    <form action={action} className="flex items-center gap-2" data-testid="cancel-import">
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="btn-secondary px-2 py-0.5 text-xs" disabled={pending || state?.ok === true} onClick={confirmCancel}>
        {state?.ok ? "正在取消…" : "取消导入"}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
