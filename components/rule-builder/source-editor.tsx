"use client";

import { useBuilder } from "./context";
import { DatasetPicker } from "./dataset-picker";
import { BlockIssues } from "./issues";
import { isObject } from "./json";
import { INPUT } from "./styles";

/** 数据来源: the dataset each hit is a row of, its short alias and Chinese label. */
export function SourceEditor() {
  const { rule, set } = useBuilder();
  const from = isObject(rule.from) ? rule.from : {};
  return (
    <section className="space-y-1" data-testid="builder-source">
      <h3 className="text-sm font-medium text-slate-700">数据来源</h3>
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <DatasetPicker
          value={typeof from.dataset === "string" ? from.dataset : ""}
          onChange={(key) => set(["from"], { ...from, dataset: key, as: typeof from.as === "string" && from.as ? from.as : "a" })}
          label="数据来源"
        />
        别名
        <input className={`${INPUT} w-16 font-mono`} aria-label="数据来源的别名" value={typeof from.as === "string" ? from.as : ""} onChange={(e) => set(["from", "as"], e.target.value)} />
        标签
        <input className={`${INPUT} w-36`} aria-label="数据来源的标签" placeholder="如：醉驾判决" value={typeof from.label === "string" ? from.label : ""} onChange={(e) => set(["from", "label"], e.target.value || undefined)} />
      </div>
      <BlockIssues path={["from"]} />
    </section>
  );
}
