/** A determinate progress bar (0–100), or an animated stripe while the total is unknown. */
export function ProgressBar({ percent, label }: { percent: number | null; label?: string }) {
  const value = percent === null ? null : Math.max(0, Math.min(100, percent));
  return (
    <div className="w-full" data-testid="progress">
      <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={value ?? undefined}>
        <div className={`h-full rounded-full bg-brand-500 transition-all ${value === null ? "w-1/3 animate-pulse" : ""}`} style={value === null ? undefined : { width: `${value}%` }} />
      </div>
      {label ? <div className="mt-1 text-xs text-slate-500">{label}</div> : null}
    </div>
  );
}
