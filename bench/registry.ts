// Every bench group, in run order. Add a group: write bench/groups/<name>.ts and list it here.
import { cluesGroup } from "./groups/clues";
import { importGroup } from "./groups/import";
import { loadGroup } from "./groups/load";
import { modelsGroup } from "./groups/models";
import { previewGroup } from "./groups/preview";
import { rulesGroup } from "./groups/rules";
import { startGroup } from "./groups/start";
import { statsGroup } from "./groups/stats";
import type { BenchGroup } from "./types";

export const BENCH_GROUPS: BenchGroup[] = [startGroup, importGroup, modelsGroup, previewGroup, rulesGroup, cluesGroup, statsGroup, loadGroup];
