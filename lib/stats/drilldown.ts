import { firstDayOfMonth, lastDayOfMonth, type Month } from "../calendar/china-date";

export type Figure = "found" | "triaged" | "confirmed" | "dismissed" | "transferred" | "backlog" | "closed";

/**
 * The clue list behind a figure: the same org subtree, month and dimension as filters. Flows
 * by status link to clues whose status changed that month; found links to clues first seen then.
 */
export function drilldownHref(figure: Figure, month: Month, orgId: string, extra: { model?: string; businessLine?: string } = {}): string {
  const params = new URLSearchParams({ org: orgId });
  const from = firstDayOfMonth(month);
  const to = lastDayOfMonth(month);
  switch (figure) {
    case "found":
      params.set("from", from);
      params.set("to", to);
      break;
    case "backlog":
      params.set("status", "open");
      params.set("to", to);
      break;
    case "triaged":
    case "closed":
      if (figure === "closed") params.set("status", "closed");
      params.set("changedFrom", from);
      params.set("changedTo", to);
      break;
    default:
      params.set("status", figure);
      params.set("changedFrom", from);
      params.set("changedTo", to);
  }
  if (extra.model) params.set("model", extra.model);
  if (extra.businessLine) params.set("businessLine", extra.businessLine);
  return `/clues?${params}`;
}
