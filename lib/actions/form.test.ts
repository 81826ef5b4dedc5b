import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkbox, formInput, repeated, settingsInput, splitList, text } from "@/lib/actions/form";
import { ValidationError } from "@/lib/errors";
import { TARGETS } from "@/lib/targets";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("formInput: the one FormData parser of the server actions", () => {
  it("makes repeated keys arrays, leaves blanks out and nests dotted keys", () => {
    const input = formInput(
      form([
        ["id", ""],
        ["name", "  "],
        ["approverGroups", "aws-admins"],
        ["approverGroups", ""],
        ["approverGroups", "sre"],
        ["targetSettings.owner", "acme"],
        ["targetSettings.repo", "api"],
        ["$ACTION_ID_abc", ""],
        ["$ACTION_REF_1", "x"],
      ]),
    );
    expect(input).toEqual({ approverGroups: ["aws-admins", "sre"], targetSettings: { owner: "acme", repo: "api" } });
  });

  it("refuses a NUL character as bad input (PostgreSQL text cannot hold it), not a crash", () => {
    expect(() => formInput(form([["reason", "a\u0000b"]]))).toThrow(ValidationError);
  });

  it("reads nothing from no form", () => {
    expect(formInput(undefined)).toEqual({});
  });
});

describe("the field helpers", () => {
  const schema = z.object({
    name: text(),
    requiresApproval: checkbox(),
    breakGlass: checkbox(),
    groups: repeated(),
    policies: splitList(/[\s,]+/),
  });

  it("read a form as its fields mean", () => {
    const f = form([
      ["requiresApproval", "on"],
      ["groups", "sre"],
      ["policies", "arn:a, arn:b\narn:c"],
    ]);
    expect(schema.parse(formInput(f))).toEqual({
      name: "",
      requiresApproval: true,
      breakGlass: false,
      groups: ["sre"],
      policies: ["arn:a", "arn:b", "arn:c"],
    });
    expect(schema.parse(formInput(form([])))).toMatchObject({ groups: [], policies: [] });
  });

  it("turn a target's checkbox settings into booleans from its connector's schema, and trim the text", () => {
    const gitlab = TARGETS.gitlab.settingsSchema;
    expect(settingsInput({ project: " acme/api ", protected: "on" }, gitlab)).toEqual({ project: "acme/api", protected: true });
    expect(settingsInput({ project: "acme/api" }, gitlab)).toEqual({ project: "acme/api", protected: false });
    expect(settingsInput(undefined, TARGETS.webhook.settingsSchema)).toEqual({});
  });
});
