import { describe, expect, it } from "vitest";
import { CLUE_STATUSES, type ClueStatus } from "@/db/schema";
import { CLUE_ACTIONS } from "./labels";
import { nextStatus } from "./state-machine";

// The whole table, written out: a change to the machine must change this too.
const ALLOWED: Record<string, Partial<Record<ClueStatus, ClueStatus>>> = {
  assign: { new: "assigned", assigned: "assigned" },
  verify: { assigned: "verifying" },
  confirm: { verifying: "confirmed" },
  dismiss: { verifying: "dismissed" },
  transfer: { assigned: "transferred", verifying: "transferred" },
  reopen: { confirmed: "verifying", dismissed: "verifying", transferred: "verifying" },
};

describe("clue state machine", () => {
  for (const action of CLUE_ACTIONS.filter((a) => a !== "comment")) {
    for (const from of CLUE_STATUSES) {
      const expected = ALLOWED[action][from] ?? null;
      it(`${action} from ${from} → ${expected ?? "refused"}`, () => {
        expect(nextStatus(action, from, true)).toBe(expected);
      });
    }
  }
  it("reopening a clue nobody was assigned returns it to 待分派", () => {
    expect(nextStatus("reopen", "dismissed", false)).toBe("new");
  });
  it("a comment never changes the status", () => {
    for (const s of CLUE_STATUSES) expect(nextStatus("comment", s, false)).toBe(s);
  });
});
