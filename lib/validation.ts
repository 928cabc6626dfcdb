import type { z } from "zod";
import { ValidationError, type FieldIssue } from "./errors";

/** Parses input with a zod schema, turning failures into a ValidationError whose issues name the field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(根)",
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("；");
  throw new ValidationError(`输入有误：${summary}`, issues);
}
