// Any message a schema does not spell out itself reaches the user in Chinese only: zod's own
// Chinese locale keeps English type names (“期望 string”, “int”) and “(key)”, which never leave here.
import { z } from "zod";
import { describe, expect, it } from "vitest";
import "./validation";

const S = z.object({ limit: z.number().int().min(1).max(500), s: z.string().max(3), e: z.enum(["a", "b"]), r: z.record(z.string().regex(/^[a-z]+$/), z.number()).optional() }).strict();
const messages = (v: unknown) => S.safeParse(v).error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

describe("zod's messages, app-wide", () => {
  it("says bounds, types, choices and missing keys in Chinese", () => {
    expect(messages({ limit: 600, s: "abcd", e: "c" })).toEqual(["limit: 不能大于 500", "s: 文本过长：最多 3 个字符，实为 4 个", "e: 应为以下之一：a、b"]);
    expect(messages({ limit: "x", s: 1, e: "a" })).toEqual(["limit: 应为数字，实际为文本", "s: 应为文本，实际为数字"]);
    expect(messages({ limit: 1.5, e: "a" })).toEqual(["limit: 应为整数，实际为数字", "s: 缺少必填项“s”"]);
    expect(messages({ limit: 1, s: "a", e: "a", x: 1 })).toEqual([": 未知的键 “x”，此处可用：limit、s、e、r"]);
  });

  it("leaves no English in any of them", () => {
    const all = [...messages({ limit: 600, s: "abcd", e: "c", r: { A: 1 } }), ...messages({ limit: "x", s: 1 }), ...messages({ limit: 1.5 }), ...messages(null), ...messages([])];
    expect(all).toContain("r.A: 名称“A”无效：格式不正确");
    // Letters only where the input's own names are quoted (keys, choices) or JSON is named (null).
    for (const m of all) expect(m.split(": ")[1].replace(/“[^”]*”|[a-z]、[a-z]|limit、s、e、r|（null）|（true\/false）/g, ""), m).not.toMatch(/[A-Za-z]/);
  });
});
