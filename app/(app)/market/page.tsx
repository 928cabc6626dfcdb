import type { Metadata } from "next";
import { ModuleLanding } from "@/components/shell/module-landing";

export const metadata: Metadata = { title: "模型超市" };

export default function Page() {
  return (
    <ModuleLanding
      permission="market.read"
      title="模型超市"
      description="各院冠名上架的监督模型，可一键复用到本院数据。"
      emptyTitle="模型超市暂无上架模型"
      emptyBody="模型通过逐级审核并冠名上架后，会在这里展示其复用院数、命中数与成案率。"
    />
  );
}
