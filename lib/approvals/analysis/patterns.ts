// IAM's wildcard patterns, as pure functions. A policy Resource is a glob (`*` any run of
// characters, `?` one); a resource type's ARN format has variables (`${BucketName}`). Both
// become token lists, and the questions the analysis asks are answered on those:
//   overlaps   — can this Resource name any resource of this type? (applicability)
//   isWideFor  — does it name every resource of this type in the account? (wildcards)
//   covers     — does a Deny's Resource include everything an Allow's does? (kept conservative)

const LIT = 0;
const ONE = 1;
const STAR = 2;
type Token = { t: typeof LIT; c: string } | { t: typeof ONE } | { t: typeof STAR; noColon: boolean };

const ANY: Token = { t: STAR, noColon: false };
const FIELD: Token = { t: STAR, noColon: true };
const ARN_FIELDS = new Set(["Partition", "Region", "Account"]);

/** A policy pattern. Policy variables (`${aws:username}`) could be anything: a wildcard. */
export function policyTokens(pattern: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i);
      if (end > 0) {
        const name = pattern.slice(i + 2, end);
        // ${*}, ${?} and ${$} are IAM's escapes for the literal characters.
        if (name === "*" || name === "?" || name === "$") out.push({ t: LIT, c: name });
        else out.push(ANY);
        i = end;
        continue;
      }
    }
    out.push(c === "*" ? ANY : c === "?" ? { t: ONE } : { t: LIT, c });
  }
  return out;
}

/** A resource type's ARN format: partition, region and account never contain ":". */
export function templateTokens(template: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < template.length; i++) {
    if (template[i] === "$" && template[i + 1] === "{") {
      const end = template.indexOf("}", i);
      out.push(ARN_FIELDS.has(template.slice(i + 2, end)) ? FIELD : ANY);
      i = end;
    } else out.push({ t: LIT, c: template[i]! });
  }
  return out;
}

const literalTokens = (s: string): Token[] => [...s].map((c) => ({ t: LIT, c }));

function compatible(x: Token, y: Token): boolean {
  if (x.t === LIT && y.t === LIT) return x.c === y.c;
  if (x.t === LIT && y.t === STAR) return !(y.noColon && x.c === ":");
  if (y.t === LIT && x.t === STAR) return !(x.noColon && y.c === ":");
  return true;
}

/** Whether some string matches both patterns (a search over the product of their automata). */
export function tokensOverlap(a: Token[], b: Token[]): boolean {
  const width = b.length + 1;
  const seen = new Set<number>();
  const stack = [0];
  while (stack.length > 0) {
    const state = stack.pop()!;
    if (seen.has(state)) continue;
    seen.add(state);
    const i = Math.floor(state / width);
    const j = state % width;
    if (i === a.length && j === b.length) return true;
    const x = a[i];
    const y = b[j];
    if (x?.t === STAR) stack.push((i + 1) * width + j);
    if (y?.t === STAR) stack.push(i * width + j + 1);
    if (x && y && compatible(x, y)) {
      const ni = x.t === STAR ? i : i + 1;
      const nj = y.t === STAR ? j : j + 1;
      if (ni !== i || nj !== j) stack.push(ni * width + nj);
    }
  }
  return false;
}

/** IAM's Resource matching: case-sensitive, `*` and `?` wildcards. */
export function globMatch(pattern: string, value: string): boolean {
  return tokensOverlap(policyTokens(pattern), literalTokens(value));
}

export function overlaps(pattern: string, template: string): boolean {
  return pattern === "*" || tokensOverlap(policyTokens(pattern), templateTokens(template));
}

export type ArnParts = { partition: string; service: string; region: string; account: string; resource: string };

/** The fields of an ARN or ARN pattern; missing fields are "" (e.g. "arn:*"). */
export function arnParts(arn: string): ArnParts | null {
  if (!arn.startsWith("arn:")) return null;
  const [, partition = "", service = "", region = "", account = "", ...rest] = arn.split(":");
  return { partition, service, region, account, resource: rest.join(":") };
}

const concrete = (field: string | undefined) => Boolean(field) && !/[*?$]/.test(field!);

/**
 * Whether `pattern` names every resource of this ARN format in the account: it must match
 * the format filled in with unrelated sample names. Region and account count as given when
 * the pattern fixes them (every table in one region of one account is still every table).
 */
export function isWideFor(pattern: string, template: string, accountId: string): boolean {
  if (pattern === "*") return true;
  const parts = arnParts(pattern);
  const fill = (sample: string) =>
    template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name === "Partition") return concrete(parts?.partition) ? parts!.partition : "aws";
      if (name === "Region") return concrete(parts?.region) ? parts!.region : "us-east-1";
      if (name === "Account") return concrete(parts?.account) ? parts!.account : accountId;
      return sample;
    });
  return globMatch(pattern, fill("k7z")) && globMatch(pattern, fill("Q-9/x.y_2"));
}

/** Whether every resource `inner` names is also named by `outer`. Conservative: may say no when yes. */
export function covers(outer: string, inner: string): boolean {
  if (outer === "*" || outer === inner) return true;
  if (outer.includes("${")) return false;
  const firstWildcard = outer.search(/[*?]/);
  return firstWildcard === outer.length - 1 && outer.endsWith("*") && inner.startsWith(outer.slice(0, -1));
}

/** A case-insensitive matcher for an action pattern ("s3:Get*", "iam:*Policy*", "*"). */
export function actionMatcher(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "i");
}
