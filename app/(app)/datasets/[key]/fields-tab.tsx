import { Badge } from "@/components/ui/badge";
import { FIELD_TYPE_LABELS, PII_LABELS, type DatasetDefinition } from "@/lib/datasets/definition";

export function FieldsTab({ definition }: { definition: DatasetDefinition }) {
  const label = (name: string): string => definition.fields.find((f) => f.name === name)?.label ?? name;
  return (
    <div className="space-y-4">
      <div className="card overflow-x-auto">
        <table className="table" data-testid="fields-table">
          <thead>
            <tr>
              <th>字段名</th>
              <th>中文名称</th>
              <th>类型</th>
              <th>个人信息</th>
              <th>必填</th>
              <th>说明</th>
            </tr>
          </thead>
          <tbody>
            {definition.fields.map((f) => (
              <tr key={f.name}>
                <td className="font-mono text-xs">{f.name}</td>
                <td className="font-medium">{f.label}</td>
                <td>{FIELD_TYPE_LABELS[f.type]}</td>
                <td>{f.pii === "none" ? <span className="text-slate-400">—</span> : <Badge tone="amber">{PII_LABELS[f.pii]}</Badge>}</td>
                <td>{f.required ? <Badge tone="blue">必填</Badge> : <span className="text-slate-400">—</span>}</td>
                <td className="text-xs text-slate-500">{[f.nonNegative ? "不能为负数" : "", f.description ?? ""].filter(Boolean).join("；")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card grid gap-4 p-5 text-sm sm:grid-cols-3">
        <div>
          <div className="text-slate-500">业务主键（判重依据）</div>
          <div className="mt-1 font-medium">{definition.businessKey.map(label).join(" + ")}</div>
        </div>
        <div>
          <div className="text-slate-500">记录日期（判断迟填）</div>
          <div className="mt-1 font-medium">{definition.recordDateField ? `${label(definition.recordDateField)}，超过 ${definition.lateAfterDays} 天视为迟填` : "未设置"}</div>
        </div>
        <div>
          <div className="text-slate-500">索引</div>
          <div className="mt-1 font-medium">{definition.indexes.length ? definition.indexes.map((i) => i.map(label).join("+")).join("；") : "仅业务主键"}</div>
        </div>
      </div>
    </div>
  );
}
