"use client";

import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useLayoutEffect, useRef, useState } from "react";
import { RowContent, rowKey, type RoleRowsProps } from "@/components/credentials/role-rows";

// The roles, grouped by account, windowed: only the rows near the viewport are in the DOM, so
// a person with 500 roles gets a page as light as one with five. Loaded only for long lists
// (role-picker.tsx), so people with a few roles do not download the windowing code. The server renders the first
// screenful (initialRect), the browser measures real heights as rows appear (a row grows when
// its credentials are shown). Tab order follows the rows; focusing one scrolls it into view,
// which renders the next (overscan), so the keyboard walks the whole list.

export function GroupedRoles(props: RoleRowsProps) {
  const { rows } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  // Where the list starts on the page: what is above it (favourites, alerts) may grow or shrink.
  useLayoutEffect(() => {
    const measure = () => setScrollMargin((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => (rows[i]?.kind === "account" ? 44 : 86),
    getItemKey: (i) => rowKey(rows[i]!),
    overscan: 6,
    scrollMargin,
    initialRect: { width: 1024, height: 800 },
  });
  return (
    <div ref={listRef} role="list" aria-label="Your roles" className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((item) => {
        return (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            role="listitem"
            className="absolute top-0 left-0 w-full"
            style={{ transform: `translateY(${item.start - scrollMargin}px)` }}
          >
            <RowContent {...props} index={item.index} />
          </div>
        );
      })}
    </div>
  );
}
