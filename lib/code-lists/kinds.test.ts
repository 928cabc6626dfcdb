import { describe, expect, it } from "vitest";
import { allowedCodesText, codeLabel, codeProblem, type CodeEntry } from "./kinds";

const entry = (code: string, labelZh: string, active = true): [string, CodeEntry] => [code, { code, labelZh, labelEn: code.toUpperCase(), active, position: 0 }];
const LINES = new Map([entry("criminal", "刑事"), entry("civil", "民事"), entry("old_line", "旧条线", false)]);

describe("codeProblem", () => {
  it("accepts an active code", () => {
    expect(codeProblem("businessLine", "civil", LINES)).toBeNull();
  });

  it("tells a missing, non-text, unknown and disabled value apart, each with the active codes only", () => {
    const allowed = "可选：criminal（刑事）、civil（民事）";
    expect(codeProblem("businessLine", undefined, LINES)).toBe(`请填写业务条线，${allowed}`);
    expect(codeProblem("businessLine", "", LINES)).toBe(`请填写业务条线，${allowed}`);
    expect(codeProblem("businessLine", 3, LINES)).toBe(`业务条线应为代码文本，${allowed}`);
    expect(codeProblem("businessLine", "刑事", LINES)).toBe(`未知的业务条线“刑事”，${allowed}`);
    expect(codeProblem("businessLine", "old_line", LINES)).toBe(`业务条线“old_line”（旧条线）已停用，${allowed}`);
    expect(codeProblem("agency", "x", new Map())).toBe("未知的来源单位“x”，可选：（无可用取值，请联系系统管理员）");
    expect(codeProblem("agency", "法".repeat(5000), new Map())).toBe(`未知的来源单位“${"法".repeat(40)}…”，可选：（无可用取值，请联系系统管理员）`);
  });
});

describe("labels", () => {
  it("shows a stored code's label in the reader's language, a disabled code's too, an unknown code as itself", () => {
    expect(codeLabel(LINES, "criminal")).toBe("刑事");
    expect(codeLabel(LINES, "criminal", "en")).toBe("CRIMINAL");
    expect(codeLabel(LINES, "old_line")).toBe("旧条线");
    expect(codeLabel(LINES, "gone")).toBe("gone");
    expect(allowedCodesText(LINES.values())).toBe("criminal（刑事）、civil（民事）");
  });
});
