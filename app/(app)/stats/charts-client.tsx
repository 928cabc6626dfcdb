"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const BRAND = "#1d4f91";
const GREEN = "#059669";
const GRAY = "#94a3b8";
const RED = "#dc2626";

export interface TrendPoint {
  label: string;
  found: number;
  confirmed: number;
  dismissed: number;
  href: string;
}

/** 12 months of found / confirmed / dismissed; a click opens that month's found clues. */
export function TrendChart({ data }: { data: TrendPoint[] }) {
  const router = useRouter();
  return (
    <ResponsiveContainer width="100%" height={260}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -8 }} onClick={(state) => {
        const index = typeof state?.activeTooltipIndex === "number" ? state.activeTooltipIndex : Number(state?.activeTooltipIndex);
        if (Number.isInteger(index) && data[index]) router.push(data[index].href);
      }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="found" name="发现" stroke={BRAND} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        <Line type="monotone" dataKey="confirmed" name="成案" stroke={GREEN} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        <Line type="monotone" dataKey="dismissed" name="不成案" stroke={GRAY} strokeWidth={1.5} dot={{ r: 2 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export interface BarPoint {
  label: string;
  value: number;
  href: string;
  /** Drawn in red (below the floor). */
  warn?: boolean;
}

/** A horizontal bar chart whose bars open their clue list. */
export function BarsChart({ data, unit, floor, height }: { data: BarPoint[]; unit: "percent" | "count"; floor?: number; height?: number }) {
  const router = useRouter();
  const format = (v: number): string => (unit === "percent" ? `${(v * 100).toFixed(1)}%` : v.toLocaleString("zh-CN"));
  return (
    <ResponsiveContainer width="100%" height={height ?? Math.max(160, data.length * 34 + 40)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={false} />
        <XAxis type="number" tickFormatter={format} tick={{ fontSize: 12 }} domain={unit === "percent" ? [0, 1] : [0, "auto"]} />
        <YAxis type="category" dataKey="label" width={210} tick={{ fontSize: 12 }} tickFormatter={(v: string) => (v.length > 16 ? `${v.slice(0, 15)}…` : v)} />
        <Tooltip formatter={(v) => format(Number(v))} />
        {floor !== undefined ? <ReferenceLine x={floor} stroke={RED} strokeDasharray="4 4" label={{ value: `底线 ${format(floor)}`, position: "top", fill: RED, fontSize: 11 }} /> : null}
        <Bar dataKey="value" name={unit === "percent" ? "成案率" : "数量"} cursor="pointer" isAnimationActive={false} onClick={(_entry, index) => router.push(data[index].href)}>
          {data.map((d) => (
            <Cell key={d.label} fill={d.warn ? RED : BRAND} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
