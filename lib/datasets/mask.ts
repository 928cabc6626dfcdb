import type { PiiKind } from "./definition";

/** How personal data shows in lists: enough to recognise, not enough to misuse. */
export function maskValue(kind: PiiKind, value: string): string {
  const chars = [...value];
  switch (kind) {
    case "id_number":
      return chars.length <= 8 ? "*".repeat(chars.length) : `${chars.slice(0, 4).join("")}${"*".repeat(chars.length - 8)}${chars.slice(-4).join("")}`;
    case "phone":
      return chars.length <= 7 ? "*".repeat(chars.length) : `${chars.slice(0, 3).join("")}****${chars.slice(-4).join("")}`;
    case "name":
      return chars.length <= 1 ? "*" : chars.length === 2 ? `${chars[0]}*` : `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
    case "address":
      return chars.length <= 6 ? `${chars.slice(0, 2).join("")}****` : `${chars.slice(0, 6).join("")}****`;
    case "none":
      return value;
  }
}
