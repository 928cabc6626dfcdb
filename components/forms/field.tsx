import type { ReactNode } from "react";

/** A labelled form control with its hint, or its error in red once the server has named one. */
export function Field({ label, children, hint, error }: { label: string; children: ReactNode; hint?: string; error?: string }) {
  return (
    <label className="block">
      <span className="mb-1 block text-sm font-medium text-slate-700">{label}</span>
      {children}
      {error ? <span className="mt-1 block text-xs text-red-600">{error}</span> : hint ? <span className="mt-1 block text-xs text-slate-400">{hint}</span> : null}
    </label>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** The options of a select, after a disabled “请选择” prompt. */
export function OptionList({ options }: { options: Option[] }) {
  return (
    <>
      <option value="" disabled>
        请选择
      </option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}
