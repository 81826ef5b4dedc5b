// The failed tests of each phase, read back from the runners' JSON reports, so that the end of
// `npm test`'s output (all a CI log may keep) names what failed, however long the run was.
import { existsSync, readFileSync } from "node:fs";

export type Failure = { file: string; title: string; message: string };

type VitestReport = {
  testResults?: { name: string; message?: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[];
};
type PlaywrightSuite = {
  title: string;
  file?: string;
  specs?: { title: string; ok: boolean; file?: string; tests?: { results?: { error?: { message?: string } }[] }[] }[];
  suites?: PlaywrightSuite[];
};
type PlaywrightReport = { suites?: PlaywrightSuite[]; errors?: { message?: string }[] };

const firstLines = (text: string | undefined, n = 2) =>
  (text ?? "")
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, n)
    .join(" ⏎ ");

export function vitestFailures(reportFile: string, root: string): Failure[] {
  if (!existsSync(reportFile)) return [];
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as VitestReport;
  const failures: Failure[] = [];
  for (const file of report.testResults ?? []) {
    const name = file.name.startsWith(root) ? file.name.slice(root.length + 1) : file.name;
    const failed = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failed) failures.push({ file: name, title: t.fullName, message: firstLines(t.failureMessages?.[0]) });
    // A file that failed outside any test (an import, a hook).
    if (!failed.length && file.message) failures.push({ file: name, title: "(the file)", message: firstLines(file.message) });
  }
  return failures;
}

export function playwrightFailures(reportFile: string): Failure[] {
  if (!existsSync(reportFile)) return [];
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as PlaywrightReport;
  const failures: Failure[] = [];
  const walk = (suite: PlaywrightSuite, path: string[]) => {
    for (const spec of suite.specs ?? []) {
      if (spec.ok) continue;
      const error = spec.tests?.flatMap((t) => t.results ?? []).find((r) => r.error)?.error;
      failures.push({ file: spec.file ?? suite.file ?? "", title: [...path, spec.title].join(" › "), message: firstLines(error?.message) });
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  for (const error of report.errors ?? []) failures.push({ file: "", title: "(the run)", message: firstLines(error.message) });
  return failures;
}

export function printFailures(phase: string, failures: Failure[]): void {
  if (!failures.length) return;
  console.error(`\n✖ ${phase}: ${failures.length} failed`);
  for (const f of failures) console.error(`  ✖ ${f.file} › ${f.title}\n      ${f.message}`);
}
