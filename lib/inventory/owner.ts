// Who owns an IAM user (and so its keys) and which team it belongs to, from its tags.
// Tag keys are configurable and matched case-insensitively, the first configured key
// present wins. Owners are emails compared lower-cased (engineers see keys they own).

export function tagValue(tags: Record<string, string>, keys: readonly string[]): string | null {
  const byLower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  for (const key of keys) {
    const v = byLower.get(key.toLowerCase())?.trim();
    if (v) return v;
  }
  return null;
}

export function ownerAndTeam(tags: Record<string, string>, ownerKeys: readonly string[], teamKeys: readonly string[]) {
  return { owner: tagValue(tags, ownerKeys)?.toLowerCase() ?? null, team: tagValue(tags, teamKeys) };
}
