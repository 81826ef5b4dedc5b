import { describe, expect, it } from "vitest";
import { decodePolicyDocument } from "@/lib/aws/iam-policies";

describe("decodePolicyDocument", () => {
  it("decodes IAM's URL-encoded documents and leaves JSON as it is", () => {
    const json = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a b/*"}]}';
    expect(decodePolicyDocument(encodeURIComponent(json))).toBe(json);
    expect(decodePolicyDocument(json)).toBe(json);
    expect(decodePolicyDocument(`\n  ${json}`)).toBe(`\n  ${json}`);
  });
});
