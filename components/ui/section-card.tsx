import type { ReactNode } from "react";

/** A titled card: a header line (title, and something on the right), then its body. */
export function SectionCard({ title, children, testId, extra }: { title: string; children: ReactNode; testId?: string; extra?: ReactNode }) {
  return (
    <section className="card" data-testid={testId}>
      <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
        <h2 className="font-medium text-slate-800">{title}</h2>
        {extra}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}
