"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BurndownPoint } from "@/lib/retirement/burndown";

// Rendered on the server too: the container starts at a fixed size (initialDimension), so the
// first HTML already holds the chart's SVG, and resizes to its box once in the browser.

const SERIES = [
  { key: "service", name: "Service keys", color: "#64748b" },
  { key: "human", name: "Human keys", color: "#6366f1" },
] as const;

const short = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function BurndownChart({ points }: { points: BurndownPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 900, height: 240 }}>
      <AreaChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis
          dataKey="day"
          tickFormatter={short}
          tickLine={false}
          axisLine={false}
          minTickGap={32}
          tick={{ fontSize: 11, fill: "#64748b" }}
        />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={44} tick={{ fontSize: 11, fill: "#64748b" }} />
        <Tooltip
          labelFormatter={(l) => (typeof l === "string" ? short(l) : "")}
          contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
        />
        {SERIES.map((s) => (
          <Area
            key={s.key}
            type="stepAfter"
            dataKey={s.key}
            name={s.name}
            stackId="keys"
            stroke={s.color}
            fill={s.color}
            fillOpacity={0.25}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
