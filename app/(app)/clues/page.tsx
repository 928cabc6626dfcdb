import type { Metadata } from "next";
import { ModuleLanding } from "@/components/shell/module-landing";

export const metadata: Metadata = { title: "线索" };

export default function Page() {
  return (
    <ModuleLanding
      permission="clues.read"
      title="线索"
      description="模型运行发现的监督线索：分派、核查、成案或不成案，并记录监督成效。"
      emptyTitle="暂无线索"
      emptyBody="本院尚无监督线索。监督模型上线并运行后，命中的线索会出现在这里。"
    />
  );
}
