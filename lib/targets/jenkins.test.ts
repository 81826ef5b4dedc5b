import { describe, expect, it } from "vitest";
import { parseTargetSettings } from "./index";
import { AWS_CREDENTIALS_CLASS, credentialXml, parseCredentialXml, storeUrl } from "./jenkins";

const key = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCY<&>EXAMPLEKEY" };

describe("Jenkins credential stores", () => {
  it("addresses the global store, or a folder's own store through its /job/ path", () => {
    expect(storeUrl({ url: "https://ci.example.com" })).toBe("https://ci.example.com/credentials/store/system/domain/_");
    expect(storeUrl({ url: "https://ci.example.com/jenkins", folder: "team a/deploy" })).toBe(
      "https://ci.example.com/jenkins/job/team%20a/job/deploy/credentials/store/folder/domain/_",
    );
  });

  it("takes a folder path and a credential id that stay inside their URL segments", () => {
    const ok = parseTargetSettings("jenkins", { url: "https://ci.example.com/", username: "bot" });
    expect(ok).toEqual({ url: "https://ci.example.com", username: "bot", credentialId: "keyless-aws" });
    expect(() => parseTargetSettings("jenkins", { url: "https://ci.example.com", username: "bot", folder: "a/../b" })).toThrow(/folder/);
    expect(() => parseTargetSettings("jenkins", { url: "https://ci.example.com", username: "bot", folder: "a/b?x" })).toThrow(/folder/);
    expect(() => parseTargetSettings("jenkins", { url: "https://ci.example.com", username: "bot", credentialId: "a/b" })).toThrow(
      /credentialId/,
    );
    expect(() => parseTargetSettings("jenkins", { url: "https://ci.example.com" })).toThrow(/username/);
  });
});

describe("Jenkins credential XML", () => {
  it("writes an AWS credential with both halves escaped, and reads the access key back", () => {
    const xml = credentialXml("keyless-aws", key);
    expect(xml.startsWith(`<${AWS_CREDENTIALS_CLASS}>`)).toBe(true);
    expect(xml).toContain("<secretKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCY&lt;&amp;&gt;EXAMPLEKEY</secretKey>");
    expect(parseCredentialXml(xml)).toEqual({ kind: AWS_CREDENTIALS_CLASS, accessKey: key.accessKeyId, hasSecret: true });
  });

  it("sees a redacted secret as set, an empty one as missing, and another kind as such", () => {
    const redacted = `<?xml version='1.1' encoding='UTF-8'?>\n<${AWS_CREDENTIALS_CLASS} plugin="aws-credentials@1">\n  <accessKey>AKIA1</accessKey>\n  <secretKey>\n    <secret-redacted/>\n  </secretKey>\n</${AWS_CREDENTIALS_CLASS}>`;
    expect(parseCredentialXml(redacted)).toEqual({ kind: AWS_CREDENTIALS_CLASS, accessKey: "AKIA1", hasSecret: true });
    expect(
      parseCredentialXml(`<${AWS_CREDENTIALS_CLASS}><accessKey>AKIA1</accessKey><secretKey></secretKey></${AWS_CREDENTIALS_CLASS}>`)
        .hasSecret,
    ).toBe(false);
    const other = parseCredentialXml(
      "<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl><username>u</username></com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>",
    );
    expect(other).toEqual({
      kind: "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",
      accessKey: null,
      hasSecret: false,
    });
  });
});
