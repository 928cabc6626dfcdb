import type { Metadata } from "next";
import { ModuleLanding } from "@/components/shell/module-landing";

export const metadata: Metadata = { title: "统计分析" };

export default function Page() {
  return (
    <ModuleLanding
      permission="stats.read"
      title="统计分析"
      description="本院及下级院的线索发现、成案率与监督成效。"
      emptyTitle="暂无统计数据"
      emptyBody="本院及下级院尚无线索数据。"
    />
  );
}
