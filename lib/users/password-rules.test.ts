import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { ZCreateUserInput, ZResetPasswordInput } from "./schemas";

const base = { username: "zhangsan", name: "张三", orgId: "3f2b7a3e-8d2c-4c1e-9a57-1d2f3e4a5b6c", roles: ["prosecutor"] };

function passwordIssue(password: string, username = base.username): string | undefined {
  try {
    parseInput(ZCreateUserInput, { ...base, username, password });
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.issues.find((i) => i.path === "password")?.message;
  }
}

// The ten weak passwords of issue #12 item 11 (the first six were accepted before), with the rule each breaks.
const WEAK: [password: string, reason: RegExp][] = [
  ["password1", /至少 10 位/],
  ["qwerty12", /至少 10 位/],
  ["zhangsan2024", /不能包含用户名/],
  ["ZhangSan_2026!", /不能包含用户名/],
  ["aaaaaaa1", /至少 10 位/],
  ["password123", /过于常见/],
  ["1qaz2wsx3edc", /过于常见/],
  ["aaaaaaaaaa1", /过于常见/],
  ["1234567890", /过于常见/],
  ["iloveyou12", /过于常见/],
];

const GOOD = ["Jiancha-River-2026", "xk29fq7mzp", "Shujian2026!", "correct horse battery", "Lj东城2026检察"];

describe("password policy (creation)", () => {
  it.each(WEAK)("refuses %s", (password, reason) => {
    expect(passwordIssue(password)).toMatch(reason);
  });

  it.each(GOOD)("accepts %s", (password) => {
    expect(passwordIssue(password)).toBeUndefined();
  });

  it("names the password problem even when another field is wrong too", () => {
    try {
      parseInput(ZCreateUserInput, { ...base, name: "", password: "zhangsan-river-2026" });
      expect.unreachable();
    } catch (error) {
      const issues = (error as ValidationError).issues;
      expect(issues.find((i) => i.path === "name")?.message).toBe("请输入姓名");
      expect(issues.find((i) => i.path === "password")?.message).toBe("密码不能包含用户名");
    }
  });
});

describe("password policy (reset)", () => {
  const id = "3f2b7a3e-8d2c-4c1e-9a57-1d2f3e4a5b6c";
  it("refuses short and common passwords", () => {
    expect(() => parseInput(ZResetPasswordInput, { id, password: "qwerty12" })).toThrow("密码至少 10 位");
    expect(() => parseInput(ZResetPasswordInput, { id, password: "password123" })).toThrow("过于常见");
  });
  it("accepts a strong one", () => {
    expect(parseInput(ZResetPasswordInput, { id, password: "Jiancha-River-2026" }).password).toBe("Jiancha-River-2026");
  });
});
