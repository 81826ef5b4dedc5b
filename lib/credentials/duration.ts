// How long a vended session lasts: what the user asked for (or the default), bounded by
// the role's maximum, the organisation's ceiling and AWS's own limits, with the reason
// whenever the result is less than asked.

export const AWS_MIN_SESSION_SECONDS = 900;
export const AWS_MAX_SESSION_SECONDS = 43_200;
/** AWS limits role chaining (a role session assuming another role) to one hour. */
export const ROLE_CHAINING_MAX_SECONDS = 3_600;

export type DurationLimits = {
  roleMaxSeconds: number;
  orgMaxSeconds: number;
  defaultSeconds: number;
  /** True when the server itself runs on a role session (ECS task role, EKS, …). */
  roleChaining: boolean;
};

export type ResolvedDuration = { durationSeconds: number; cappedReason?: string };

export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  if (h && m) return `${h} h ${m} min`;
  if (h) return h === 1 ? "1 hour" : `${h} hours`;
  return `${m} minutes`;
}

export function resolveDuration(requested: number | undefined, limits: DurationLimits): ResolvedDuration {
  const caps: { limit: number; reason: string }[] = [
    { limit: limits.roleMaxSeconds, reason: `This role allows sessions of at most ${formatDuration(limits.roleMaxSeconds)}.` },
    { limit: limits.orgMaxSeconds, reason: `Your organisation allows sessions of at most ${formatDuration(limits.orgMaxSeconds)}.` },
  ];
  if (limits.roleChaining) {
    caps.push({
      limit: ROLE_CHAINING_MAX_SECONDS,
      reason: "Keyless runs on a role session, and AWS limits sessions from role chaining to 1 hour.",
    });
  }
  const want = requested ?? limits.defaultSeconds;
  let durationSeconds = Math.max(AWS_MIN_SESSION_SECONDS, want);
  let cappedReason: string | undefined;
  for (const cap of caps) {
    const limit = Math.max(AWS_MIN_SESSION_SECONDS, cap.limit);
    if (durationSeconds > limit) {
      durationSeconds = limit;
      // Only explain a cap the user would notice: when they asked for more.
      cappedReason = requested !== undefined ? cap.reason : undefined;
    }
  }
  return cappedReason ? { durationSeconds, cappedReason } : { durationSeconds };
}
