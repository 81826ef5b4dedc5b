// Limits on the public sign-in endpoints, per client address or person, per minute. Generous
// for people, tight for scripts: a device code is 256 random bits and cannot be guessed;
// user codes (≈34.6 bits) can only be tried by a signed-in person, a few a minute.
export const DEVICE_LIMITS = {
  /** New `keyless login` attempts per client address. */
  authorizePerIp: 20,
  /** Calls to the token endpoint (polls and refreshes) per client address. */
  tokenPerIp: 240,
  /** Codes a signed-in person may look up, approve or deny. */
  verifyPerUser: 12,
} as const;

/** How long a code may wait for its person, and the RFC 8628 default polling interval. */
export const DEVICE_CODE_TTL_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval. */
export const SLOW_DOWN_STEP_SECONDS = 5;
/** Polls a little early are forgiven (timers and networks jitter). */
export const POLL_TOLERANCE_MS = 750;
