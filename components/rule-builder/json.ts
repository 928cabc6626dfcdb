// The builder's state is the rule JSON itself; blocks read and write it at a path.
import type { Json, JsonObject } from "./types";

export type Path = readonly (string | number)[];

/** ["where", "all", 0, "field"] → "where.all[0].field", as the checker names paths. */
export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

export function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function getIn(value: Json | undefined, path: Path): Json | undefined {
  let at = value;
  for (const p of path) {
    if (typeof p === "number") at = Array.isArray(at) ? at[p] : undefined;
    else at = isObject(at) ? at[p] : undefined;
  }
  return at;
}

/** A copy of `value` with `next` at `path` (undefined removes the key or the list item). */
export function setIn(value: Json | undefined, path: Path, next: Json | undefined): Json {
  if (path.length === 0) return next ?? null;
  const [head, ...rest] = path;
  if (typeof head === "number") {
    const list = Array.isArray(value) ? [...value] : [];
    if (rest.length === 0 && next === undefined) list.splice(head, 1);
    else list[head] = setIn(list[head], rest, next);
    return list;
  }
  const obj: JsonObject = isObject(value) ? { ...value } : {};
  if (rest.length === 0 && next === undefined) delete obj[head];
  else obj[head] = setIn(obj[head], rest, next);
  return obj;
}

/** "j.id_number" → ["j", "id_number"]. */
export function splitRef(ref: Json | undefined): [string, string] | null {
  if (typeof ref !== "string") return null;
  const dot = ref.indexOf(".");
  return dot > 0 ? [ref.slice(0, dot), ref.slice(dot + 1)] : null;
}
