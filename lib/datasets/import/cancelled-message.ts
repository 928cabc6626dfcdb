/** What a cancelled import says on the page and in the API. */
export function cancelledMessage(by: string | null): string {
  return `已取消：${by ?? "数据管理员"}取消了此次导入，数据保持不变`;
}
