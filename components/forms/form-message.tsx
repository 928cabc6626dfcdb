import type { FieldIssue } from "@/lib/errors";

/** The result line under a form: the error (with each field's issue) or a success note. */
export function FormMessage({ state }: { state: { ok: boolean; error?: string; issues?: FieldIssue[]; message?: string } | null }) {
  if (!state) return null;
  if (state.ok) {
    return state.message ? (
      <p className="rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="form-success">
        {state.message}
      </p>
    ) : null;
  }
  return (
    <div className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="form-error">
      {state.error}
    </div>
  );
}
