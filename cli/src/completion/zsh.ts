import { posixSingle } from "../formats.js";
import { valueOptions, wordsAfter, type CommandWords } from "./spec.js";

// zsh: compadd quotes what it inserts, so a role name with spaces or specials arrives as
// one word; `compset -P '*='` completes the value of --opt=value. Loads with compinit
// (from fpath as _keyless) or sourced after compinit.

const words = (list: readonly string[]) => list.map(posixSingle).join(" ");

export function zshScript(spec: CommandWords[]): string {
  const valueCases = valueOptions(spec).map(({ keys, option: o }) => {
    const pattern = keys.map(posixSingle).join("|");
    if (o.values === "roles") return `    ${pattern}) cands=(\${(f)"$(keyless __complete roles 2>/dev/null)"}) ;;`;
    if (o.values) return `    ${pattern}) cands=(${words(o.values)}) ;;`;
    return `    ${pattern}) _default; return ;;`;
  });
  const commandCases = spec.map((c) => `        ${posixSingle(c.name)}) cands=(${words(wordsAfter(c))}) ;;`);
  return `#compdef keyless
# keyless completion for zsh. Install: echo 'source <(keyless completion zsh)' >> ~/.zshrc (after compinit)
_keyless() {
  local -a cands
  local cur=\${words[CURRENT]} opt=""
  if (( CURRENT == 2 )); then
    cands=(${words(spec.map((c) => c.name))})
    compadd -a cands
    return
  fi
  if [[ $cur == --*=* ]]; then
    opt=\${cur%%=*}
    compset -P '*='
  else
    opt=\${words[CURRENT-1]}
  fi
  case "\${words[2]} $opt" in
${valueCases.join("\n")}
    *)
      case "\${words[2]}" in
${commandCases.join("\n")}
      esac ;;
  esac
  compadd -a cands
}
if [[ "\${funcstack[1]}" == "_keyless" ]]; then
  _keyless "$@"
else
  compdef _keyless keyless
fi
`;
}
