"use client";

import { createContext, useContext } from "react";
import type { Path } from "./json";
import type { BuilderCatalog, Issue, Json, JsonObject } from "./types";

export interface BuilderApi {
  catalog: BuilderCatalog;
  rule: JsonObject;
  issues: readonly Issue[];
  set(path: Path, value: Json | undefined): void;
}

export const BuilderContext = createContext<BuilderApi | null>(null);

export function useBuilder(): BuilderApi {
  const api = useContext(BuilderContext);
  if (!api) throw new Error("useBuilder outside RuleBuilder");
  return api;
}

/** The names of the parameters the rule declares (any value input that takes a parameter offers them). */
export function useParamNames(): { name: string; label: string }[] {
  const { rule } = useBuilder();
  const params = rule.params;
  if (typeof params !== "object" || params === null || Array.isArray(params)) return [];
  return Object.entries(params).map(([name, decl]) => ({ name, label: typeof decl === "object" && decl && !Array.isArray(decl) && typeof decl.label === "string" ? decl.label : name }));
}
