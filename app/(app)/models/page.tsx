import type { Metadata } from "next";
import { ModuleLanding } from "@/components/shell/module-landing";

export const metadata: Metadata = { title: "监督模型" };

export default function Page() {
  return (
    <ModuleLanding
      permission="models.read"
      title="监督模型"
      description="本院的法律监督模型：规则、版本、运行记录与审核进度。"
      emptyTitle="暂无模型"
      emptyBody="本院尚未建设或复用监督模型。"
    />
  );
}
