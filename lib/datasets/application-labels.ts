// How a person reads who decides a 数据申请 (no database here: pages and forms import it).

/** "江南省人民检察院数据管理员": the org whose data admins decide, and the role. */
export function deciderLabel(orgName: string): string {
  return `${orgName}数据管理员`;
}
