import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { parseInput } from "../validation";
import { ZCreateUserInput } from "./schemas";

const valid = {
  username: "zhang_san",
  name: "张三",
  orgId: "3f2b7a3e-8d2c-4c1e-9a57-1d2f3e4a5b6c",
  roles: ["prosecutor", "prosecutor"],
  password: "Jiancha-River-2026",
};

describe("ZCreateUserInput", () => {
  it("accepts a valid user and de-duplicates roles", () => {
    expect(parseInput(ZCreateUserInput, valid).roles).toEqual(["prosecutor"]);
  });

  it("names each bad field in Chinese", () => {
    try {
      parseInput(ZCreateUserInput, { ...valid, username: "张三丰", roles: [], password: "short" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const issues = (error as ValidationError).issues;
      expect(issues.find((i) => i.path === "username")?.message).toContain("用户名只能包含");
      expect(issues.find((i) => i.path === "roles")?.message).toBe("至少选择一个角色");
      expect(issues.find((i) => i.path === "password")?.message).toBe("密码至少 10 位");
    }
  });

  it("refuses an unknown role", () => {
    expect(() => parseInput(ZCreateUserInput, { ...valid, roles: ["superuser"] })).toThrow("未知角色");
  });
});
