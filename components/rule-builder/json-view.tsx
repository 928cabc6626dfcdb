"use client";

import { useState } from "react";
import type { Issue, JsonObject } from "./types";
import { INPUT } from "./styles";

/**
 * The same definition as JSON, editable: a change that parses to an object replaces the blocks'
 * state at once; text that does not parse stays here, told where, until it does.
 */
export function JsonView({ rule, onChange, issues }: { rule: JsonObject; onChange(rule: JsonObject): void; issues: readonly Issue[] }) {
  const [text, setText] = useState(() => JSON.stringify(rule, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="space-y-2" data-testid="json-view">
      <textarea
        className={`${INPUT} h-[32rem] w-full font-mono text-xs leading-5`}
        spellCheck={false}
        aria-label="规则定义（JSON）"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            const parsed: unknown = JSON.parse(e.target.value);
            if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("规则应为一个对象 {…}");
            setError(null);
            onChange(parsed as JsonObject);
          } catch (err) {
            setError(err instanceof SyntaxError ? "JSON 格式有误（检查括号、逗号和引号），积木视图仍为上次有效的内容" : String((err as Error).message));
          }
        }}
      />
      {error ? <p className="text-xs text-red-700">{error}</p> : null}
      {issues.length > 0 ? (
        <ul className="space-y-0.5 text-xs text-red-700">
          {issues.map((i, k) => (
            <li key={k}>
              <code className="font-mono">{i.path}</code>：{i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
