import type { Metadata } from "next";
import { ModuleLanding } from "@/components/shell/module-landing";

export const metadata: Metadata = { title: "数据资源" };

export default function Page() {
  return (
    <ModuleLanding
      permission="datasets.read"
      title="数据资源"
      description="法院、公安、监狱及行政机关的数据资源目录、导入记录与数据质量。"
      emptyTitle="暂无数据资源"
      emptyBody="数据管理员登记数据资源并导入数据后，可在这里查看。"
    />
  );
}
