import { psSingle } from "../formats.js";
import { valueOptions, wordsAfter, type CommandWords } from "./spec.js";

// PowerShell: a native argument completer. A candidate with spaces or characters
// PowerShell treats specially is inserted in single quotes (quotes doubled), so a role
// name arrives as one argument.

const list = (items: readonly string[]) => `@(${items.map(psSingle).join(", ")})`;

export function powershellScript(spec: CommandWords[]): string {
  const commands = spec.map((c) => `    ${psSingle(c.name)} = ${list(wordsAfter(c))}`);
  const values = valueOptions(spec).flatMap(({ keys, option: o }) => {
    const value = o.values === "roles" ? psSingle("@roles") : o.values ? list(o.values) : psSingle("@any");
    return keys.map((key) => `    ${psSingle(key)} = ${value}`);
  });
  const summaries = spec.map((c) => `    ${psSingle(c.name)} = ${psSingle(c.summary || c.name)}`);
  return `# keyless completion for PowerShell. Install: keyless completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName keyless -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $commands = @{
${commands.join("\n")}
  }
  $values = @{
${values.join("\n")}
  }
  $summaries = @{
${summaries.join("\n")}
  }
  $before = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.ToString() })
  $candidates = @()
  if ($before.Count -le 1) {
    $candidates = @($commands.Keys | Sort-Object)
  } else {
    $key = "$($before[1]) $($before[-1])"
    if ($values.ContainsKey($key)) {
      $v = $values[$key]
      if ($v -eq '@any') { return }
      if ($v -eq '@roles') { $candidates = @(keyless __complete roles 2>$null) } else { $candidates = @($v) }
    } elseif ($commands.ContainsKey($before[1])) {
      $candidates = @($commands[$before[1]])
    }
  }
  $typed = $wordToComplete.Trim([char]39, [char]34)
  foreach ($c in $candidates) {
    if (-not $c -or -not $c.StartsWith($typed, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
    $text = if ($c -match '[\\s''"\`$;,(){}@&|<>#]') { "'" + ($c -replace "'", "''") + "'" } else { $c }
    $tip = if ($before.Count -le 1) { $summaries[$c] } else { $c }
    [System.Management.Automation.CompletionResult]::new($text, $c, 'ParameterValue', $tip)
  }
}
`;
}
