"use client";

import { X } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The filter bars' last button: empties the search box and drops every filter from the URL. */
export function ClearFilters({ disabled, onClear }: { disabled: boolean; onClear: () => void }) {
  return (
    <Button variant="ghost" disabled={disabled} onClick={onClear}>
      <X className="size-4" aria-hidden /> Clear
    </Button>
  );
}
