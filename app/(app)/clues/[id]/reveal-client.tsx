"use client";

import { useState, useTransition } from "react";
import { revealAction } from "../actions";

/** A masked value with a 查看 button: the clear value comes from the server, which audits it. */
export function RevealValue({ clueId, field, masked }: { clueId: number; field: string; masked: string }) {
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const reveal = (): void =>
    startTransition(async () => {
      const result = await revealAction(clueId, field);
      if (result.ok) setValue(result.data);
      else setError(result.error);
    });
  return (
    <span className="inline-flex flex-wrap items-center gap-2" data-testid={`reveal-${field}`}>
      <span className="font-mono">{value ?? masked}</span>
      {value === null ? (
        <button type="button" onClick={reveal} disabled={pending} className="btn-link text-xs" title="查看完整信息（将记入审计日志）">
          {pending ? "…" : "查看"}
        </button>
      ) : (
        <span className="text-xs text-amber-700">已记录查看</span>
      )}
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
