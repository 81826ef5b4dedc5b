"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useKeysUrl } from "@/components/keys/url-state";
import { Button } from "@/components/ui/button";

// Cursor paging only knows "next". The cursors that led here are remembered (per filter
// set) so "previous" can go back; a reload keeps the page and offers "first page".
export function Pager({
  nextCursor,
  shown,
  noun = ["key", "keys"],
}: {
  nextCursor: string | null;
  shown: number;
  /** What a row is, singular and plural. */
  noun?: [string, string];
}) {
  const { params, update } = useKeysUrl();
  const cursor = params.get("cursor");
  const filterKey = (() => {
    const p = new URLSearchParams(params.toString());
    p.delete("cursor");
    return p.toString();
  })();
  const [history, setHistory] = useState<(string | null)[]>([]);
  const lastFilters = useRef(filterKey);
  useEffect(() => {
    if (lastFilters.current !== filterKey) {
      lastFilters.current = filterKey;
      setHistory([]);
    }
  }, [filterKey]);

  const previous = history.length ? history[history.length - 1] : undefined;
  return (
    <nav className="mt-3 flex items-center justify-between gap-2 text-sm text-slate-600" aria-label="Pages">
      <span>
        {shown.toLocaleString("en-US")} {shown === 1 ? noun[0] : noun[1]} on this page
      </span>
      <div className="flex gap-2">
        {cursor && previous === undefined ? (
          <Button variant="secondary" size="sm" onClick={() => update({ cursor: null })}>
            <ChevronLeft className="size-3.5" aria-hidden /> First page
          </Button>
        ) : null}
        {previous !== undefined ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              setHistory((h) => h.slice(0, -1));
              update({ cursor: previous });
            }}
          >
            <ChevronLeft className="size-3.5" aria-hidden /> Previous
          </Button>
        ) : null}
        <Button
          variant="secondary"
          size="sm"
          disabled={!nextCursor}
          onClick={() => {
            if (!nextCursor) return;
            setHistory((h) => [...h, cursor]);
            update({ cursor: nextCursor });
          }}
        >
          Next <ChevronRight className="size-3.5" aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
