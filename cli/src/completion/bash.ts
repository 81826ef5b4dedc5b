import { posixSingle } from "../formats.js";
import { valueOptions, wordsAfter, type CommandWords } from "./spec.js";

// bash: one function reads the line up to the cursor itself (`read -a` honours backslash
// escapes), because COMP_WORDS splits at "=" and ":", which role names and `--opt=value`
// contain. Candidates are trimmed to what readline replaces (the text after the last "=" or
// ":" of the word) and escaped with printf %q, so a role name with spaces or specials
// is inserted as one word.

const words = (list: readonly string[]) => list.map(posixSingle).join(" ");

export function bashScript(spec: CommandWords[]): string {
  const valueCases = valueOptions(spec).map(({ keys, option: o }) => {
    const pattern = keys.map(posixSingle).join("|");
    if (o.values === "roles") return `    ${pattern}) mapfile -t cands < <(keyless __complete roles 2>/dev/null) ;;`;
    if (o.values) return `    ${pattern}) cands=(${words(o.values)}) ;;`;
    return `    ${pattern}) compopt -o default 2>/dev/null; return 0 ;;`;
  });
  const commandCases = spec.map((c) => `        ${posixSingle(c.name)}) cands=(${words(wordsAfter(c))}) ;;`);
  return `# keyless completion for bash. Install: echo 'source <(keyless completion bash)' >> ~/.bashrc
_keyless() {
  local line=\${COMP_LINE:0:COMP_POINT} cur prev opt="" c pre q
  local -a words=() cands=()
  read -a words <<<"$line" || true
  [[ $line =~ (^|[^\\\\])[[:space:]]$ ]] && words+=("")
  (( \${#words[@]} >= 2 )) || return 0
  cur=\${words[\${#words[@]}-1]}
  prev=\${words[\${#words[@]}-2]}
  if [[ $cur == --*=* ]]; then opt=\${cur%%=*}; elif (( \${#words[@]} > 2 )); then opt=$prev; fi
  if (( \${#words[@]} == 2 )); then
    cands=(${words(spec.map((c) => c.name))})
  else
    case "\${words[1]} $opt" in
${valueCases.join("\n")}
    *)
      case "\${words[1]}" in
${commandCases.join("\n")}
      esac
      opt="" ;;
    esac
  fi
  [[ $cur == --*=* && -n $opt ]] || opt=""
  pre=\${cur%"\${cur##*[=:]}"}
  COMPREPLY=()
  for c in "\${cands[@]}"; do
    [[ -n $opt ]] && c="$opt=$c"
    [[ $c == "$cur"* ]] || continue
    printf -v q %q "\${c#"$pre"}"
    COMPREPLY+=("$q")
  done
}
complete -F _keyless keyless
`;
}
