"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { STATE_META } from "@/components/keys/state-badge";
import type { KeyState } from "@/lib/inventory/key-age-state";

// Recharts lives only in this file, which the keys page loads lazily (age-chart-lazy.tsx):
// it never reaches the credentials page's bundle.

export type AgeBar = { label: string; counts: Record<KeyState, number> };
const STACK: KeyState[] = ["ok", "due", "overdue", "unused", "inactive"];

export default function AgeChart({ bars }: { bars: AgeBar[] }) {
  const data = bars.map((b) => ({ label: b.label, ...b.counts }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: -20 }} barCategoryGap="18%">
        <CartesianGrid vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 10, fill: "#64748b" }} interval={0} />
        <YAxis allowDecimals={false} tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: "#64748b" }} width={44} />
        <Tooltip
          cursor={{ fill: "#f1f5f9" }}
          labelFormatter={(l) => (typeof l === "string" ? `${l} days old` : "")}
          contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
        />
        {STACK.map((state, i) => (
          <Bar
            key={state}
            dataKey={state}
            name={STATE_META[state].label}
            stackId="age"
            fill={STATE_META[state].color}
            radius={i === STACK.length - 1 ? [3, 3, 0, 0] : 0}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
