-- An issued session's row records AWS's issue time (the session's aws:TokenIssueTime), which
-- the issuance puts in its audit entry (details.issuedAt = the credentials' Expiration minus
-- their duration), instead of the moment the entry was written. The entry is written after
-- STS answered, so for a request in flight when a revocation happened the two straddle it:
-- STS issued the session before the revocation, its entry came after. A revocation covers
-- sessions issued before its moment, and the re-check after it (lib/lifecycle/revocation-
-- schedule.ts) finds such a session only by the time AWS issued it. A value that is missing,
-- malformed or more than five minutes from the entry's own time is not trusted.
CREATE OR REPLACE FUNCTION keyless_audit_aws_session() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  person_status "PersonStatus";
  issued timestamptz := NEW.at;
  claimed text := NEW.details->>'issuedAt';
BEGIN
  SELECT status INTO person_status FROM users WHERE id = NEW.actor_id;
  IF person_status IS DISTINCT FROM 'active' THEN
    RAISE EXCEPTION 'access for % has ended: no AWS session may be handed out', NEW.actor_email USING ERRCODE = 'KL403';
  END IF;
  -- Nested, not AND: the cast must only run on a value the pattern accepted.
  IF claimed ~ '^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$' THEN
    IF abs(extract(epoch FROM claimed::timestamptz - NEW.at)) <= 300 THEN
      issued := claimed::timestamptz;
    END IF;
  END IF;
  INSERT INTO aws_sessions (user_id, email, role_arn, account_id, access_key_id, kind, via, issued_at, expires_at, audit_event_id)
  VALUES (
    NEW.actor_id,
    coalesce(NEW.actor_email, ''),
    NEW.target_id,
    coalesce(NEW.details->>'accountId', substring(NEW.target_id from 'arn:aws[a-z-]*:iam::([0-9]{12}):')),
    NEW.details->>'temporaryAccessKeyId',
    NEW.action,
    NEW.details->>'via',
    issued,
    issued + make_interval(secs => coalesce((NEW.details->>'durationSeconds')::int, 43200)),
    NEW.id
  );
  RETURN NULL;
END $$;
