import type { ReactNode } from "react";
import { Icon } from "./icons";

export function EmptyState({ title, children, icon = "inbox" }: { title: string; children?: ReactNode; icon?: "inbox" | "lock" }) {
  return (
    <div className="flex flex-col items-center justify-center px-6 py-14 text-center" data-testid="empty-state">
      <div className="mb-3 rounded-full bg-slate-100 p-3 text-slate-400">
        <Icon name={icon} className="h-8 w-8" />
      </div>
      <p className="text-base font-medium text-slate-700">{title}</p>
      {children ? <div className="mt-1 max-w-md text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}
