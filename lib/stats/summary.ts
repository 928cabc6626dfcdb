import { OUTCOME_KIND_LABELS } from "../clues/labels";
import { CONVERSION_FLOOR, type Dashboard } from "./dashboard";
import { formatPercent } from "../format";
import { monthLabel } from "./period";


function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? "与上月持平" : "上月为零";
  const d = (current - previous) / previous;
  if (Math.abs(d) < 0.0005) return "与上月持平";
  return `环比${d > 0 ? "增长" : "下降"}${(Math.abs(d) * 100).toFixed(1)}%`;
}

function yuan(amount: number): string {
  return amount >= 10_000 ? `${(amount / 10_000).toFixed(2)}万元` : `${amount.toLocaleString("zh-CN")}元`;
}

/** The briefing's opening paragraph, written from the figures (an official briefing's register). */
export function briefingSummary(d: Dashboard): string {
  const c = d.current;
  const parts = [
    `${monthLabel(d.month)}，${d.org.name}${d.orgs.length > 1 ? "及下级院" : ""}运用大数据法律监督模型共发现监督线索${c.found}条，${change(c.found, d.previous.found)}`,
    c.received > 0 ? `接收移送线索${c.received}条` : null,
    `分派核查${c.triaged}条`,
    `成案${c.confirmed}条、不成案${c.dismissed}条${c.transferred > 0 ? `、移送${c.transferred}条` : ""}，成案率${formatPercent(c.conversion)}${c.conversion === null ? "" : c.conversion >= CONVERSION_FLOOR ? `，高于${formatPercent(CONVERSION_FLOOR)}的工作底线` : `，低于${formatPercent(CONVERSION_FLOOR)}的工作底线`}`,
  ].filter(Boolean);
  const outcomes = d.outcomes.filter((o) => o.kind !== "recovery").map((o) => `${OUTCOME_KIND_LABELS[o.kind]}${o.count}件`);
  const tail = [
    outcomes.length > 0 ? `取得监督成效：${outcomes.join("、")}` : null,
    c.recovered > 0 ? `挽回经济损失${yuan(c.recovered)}` : null,
    `截至月末，尚有${c.backlog}条线索待办结${c.backlogMedianDays === null ? "" : `，积压时长中位数${c.backlogMedianDays}天`}`,
  ].filter(Boolean);
  return `${parts.join("；")}。${tail.join("；")}。`;
}

/** The closing paragraph: who is below the floor, or that everyone is above it. */
export function floorSentence(d: Dashboard): string {
  if (d.belowFloor.length === 0) {
    return d.orgs.some((o) => !o.self && o.conversion !== null) ? `本月各下级院成案率均达到${formatPercent(CONVERSION_FLOOR)}以上。` : "本月下级院暂无办结线索，无法计算成案率。";
  }
  const names = d.belowFloor.map((o) => `${o.name}（${formatPercent(o.conversion)}）`).join("、");
  return `成案率低于${formatPercent(CONVERSION_FLOOR)}底线的单位：${names}。请上述单位认真分析线索核查不成案的原因，加强与数据提供单位的沟通，提高线索质量和办理质效。`;
}
