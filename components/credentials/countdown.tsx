"use client";

import { useEffect, useState } from "react";

function remaining(until: number, now: number): string {
  const s = Math.max(0, Math.floor((until - now) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(sec).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A live "expires in" clock; calls onExpire once when it reaches zero. */
export function Countdown({ expiration, onExpire }: { expiration: string; onExpire?: () => void }) {
  const until = new Date(expiration).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const expired = now >= until;
  useEffect(() => {
    if (expired) onExpire?.();
  }, [expired, onExpire]);
  const warn = until - now < 5 * 60_000;
  return (
    <span
      role="timer"
      aria-live="off"
      className={
        expired ? "font-medium text-red-700" : warn ? "font-medium text-amber-700 tabular-nums" : "font-medium text-slate-900 tabular-nums"
      }
    >
      {expired ? "expired" : remaining(until, now)}
    </span>
  );
}
