import { describe, expect, it } from "vitest";
import { describeAuditDetail } from "./describe";

describe("describeAuditDetail", () => {
  it("labels fields in Chinese and shows changes as before → after", () => {
    expect(describeAuditDetail({ from: "旧院", to: "新院" })).toBe("原名称：旧院；新名称：新院");
    expect(describeAuditDetail({ name: ["张三", "张三丰"] })).toBe("名称：张三 → 张三丰");
    expect(describeAuditDetail({ roles: [["prosecutor"], ["prosecutor", "leader"]] })).toBe("角色：检察官 → 检察官、院领导");
    expect(describeAuditDetail({ roles: ["admin"] })).toBe("角色：系统管理员");
  });

  it("explains failed sign-ins", () => {
    expect(describeAuditDetail({ reason: "rate_limited" })).toBe("原因：失败次数过多被锁定");
  });

  it("is empty without detail", () => {
    expect(describeAuditDetail(null)).toBe("");
  });
});
