import { expect, it } from "vitest";
import { BUILTIN_MODELS } from "@/models/rules";
import { definitionText } from "./definition-text";

it("writes a stored definition's keys in reading order, and the same rule back", () => {
  // As jsonb gives it back: shortest keys first.
  const stored = { clue: { title: "t", dedupKey: ["j.a"] }, from: { as: "j", dataset: "x" }, where: { op: "eq", ref: "j.b", field: "j.a" } };
  const text = definitionText(stored);
  expect(text.indexOf('"from"')).toBeLessThan(text.indexOf('"where"'));
  expect(text.indexOf('"where"')).toBeLessThan(text.indexOf('"clue"'));
  expect(text.indexOf('"dataset"')).toBeLessThan(text.indexOf('"as"'));
  expect(text.indexOf('"field"')).toBeLessThan(text.indexOf('"op"'));
  expect(text.indexOf('"op"')).toBeLessThan(text.indexOf('"ref"'));
  for (const m of BUILTIN_MODELS) expect(JSON.parse(definitionText(m.rule))).toEqual(m.rule);
});
