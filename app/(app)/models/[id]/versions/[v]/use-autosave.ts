"use client";

import { useEffect, useRef, useState } from "react";
import type { Issue, JsonObject } from "@/components/rule-builder/types";
import { autosaveDraftAction } from "../../../builder-actions";

const AUTOSAVE_MS = 2000;

/**
 * Drafts autosave: two seconds after the last edit, a rule the checker passes is saved (a rule
 * with problems waits until they are fixed — the saved draft always runs). Answers what the
 * status line shows.
 */
export function useAutosave(modelId: string, version: number, initial: string, rule: JsonObject | null, issues: readonly Issue[] | null, onSaved: (text: string) => void): string | null {
  const [status, setStatus] = useState<string | null>(null);
  const saved = useRef<string>(initial);
  useEffect(() => {
    if (!rule || !issues || issues.length > 0) return;
    const text = JSON.stringify(rule);
    if (text === saved.current) return;
    const timer = setTimeout(() => {
      setStatus("自动保存中…");
      void autosaveDraftAction(modelId, version, rule).then((r) => {
        if (r.ok) {
          saved.current = text;
          setStatus(`已自动保存（${new Date().toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" })}）`);
          onSaved(text);
        } else setStatus(`自动保存未成功：${r.error}`);
      });
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [modelId, version, rule, issues, onSaved]);
  return status;
}
