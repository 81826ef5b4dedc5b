import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { decodeCursor, encodeCursor } from "@/lib/inventory/cursor";
import { NEVER_USED_SORT_VALUE, pageWithCursor, sortValue, type KeyItem } from "@/lib/inventory/key-row";

const asOf = new Date("2026-06-01T12:00:00.000Z");
const item = (id: string, extra: Partial<KeyItem> = {}): KeyItem => ({
  accessKeyId: id,
  userName: `user-${id}`,
  accountId: "111111111111",
  accountName: "Sandbox",
  status: "Active",
  createdAt: "2026-01-01T00:00:00.000Z",
  lastUsedAt: null,
  lastUsedService: null,
  lastUsedRegion: null,
  ageDays: 151,
  state: "overdue",
  owner: null,
  team: null,
  integrationId: null,
  deletedAt: null,
  ...extra,
});

describe("cursor", () => {
  it("round-trips the sort, value, key id and the instant of the first page", () => {
    const raw = encodeCursor({ sort: "-age", value: "2026-01-01T00:00:00.000Z", accessKeyId: "AKIA1", asOf });
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(raw, "-age")).toEqual({ sort: "-age", value: "2026-01-01T00:00:00.000Z", accessKeyId: "AKIA1", asOf });
  });

  it("refuses garbage, a cursor of another shape, and a cursor from another sort order", () => {
    expect(() => decodeCursor("%%%", "-age")).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from('{"s":"-age","v":{},"k":"x","t":1}').toString("base64url"), "-age")).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from("[1,2]").toString("base64url"), "-age")).toThrow(ValidationError);
    const other = encodeCursor({ sort: "userName", value: "a", accessKeyId: "AKIA1", asOf });
    expect(() => decodeCursor(other, "-age")).toThrow(/belongs to sort “userName”/);
  });
});

describe("paging", () => {
  const items = ["A", "B", "C"].map((id, i) =>
    item(id, { userName: `u${i}`, lastUsedAt: i === 1 ? "2026-05-01T00:00:00.000Z" : null, state: i === 2 ? "ok" : "overdue" }),
  );

  it("returns no cursor when the extra row is absent, and one after the last row shown otherwise", () => {
    expect(pageWithCursor(items, 3, "-age", asOf)).toEqual({ items, nextCursor: null });
    const page = pageWithCursor(items, 2, "userName", asOf);
    expect(page.items.map((k) => k.accessKeyId)).toEqual(["A", "B"]);
    expect(decodeCursor(page.nextCursor!, "userName")).toMatchObject({ value: "u1", accessKeyId: "B", asOf });
  });

  it("puts in the cursor the value the database sorts by", () => {
    expect(sortValue(items[0]!, "lastUsed")).toBe(NEVER_USED_SORT_VALUE);
    expect(sortValue(items[1]!, "-lastUsed")).toBe("2026-05-01T00:00:00.000Z");
    expect(sortValue(items[0]!, "-state")).toBe(5);
    expect(sortValue(items[2]!, "state")).toBe(1);
    expect(sortValue(items[0]!, "age")).toBe("2026-01-01T00:00:00.000Z");
    expect(sortValue(items[0]!, "accessKeyId")).toBe("A");
  });
});
