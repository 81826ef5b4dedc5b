"""Short STS sessions on request, for tests of what refreshes credentials before they expire.

AWS's shortest session is 15 minutes; a test cannot wait that long. A test names a role session
(the person's email, as Keyless sets RoleSessionName) and a lifetime in seconds; until cleared,
AssumeRole and AssumeRoleWithWebIdentity for that session name issue credentials that expire
after that many seconds, whatever DurationSeconds asked. The credentials really expire:
sandbox_auth.py refuses them afterwards, as AWS would.
"""

from moto.sts import models as sts_models

SESSION_SECONDS = {}  # role session name -> lifetime in seconds


def _shortened(method):
    def call(self, *args, **kwargs):
        seconds = SESSION_SECONDS.get(kwargs.get("role_session_name"))
        if seconds is not None:
            kwargs["duration"] = seconds
        return method(self, *args, **kwargs)

    return call


sts_models.STSBackend.assume_role = _shortened(sts_models.STSBackend.assume_role)
sts_models.STSBackend.assume_role_with_web_identity = _shortened(sts_models.STSBackend.assume_role_with_web_identity)


def set_session_seconds(body):
    """(status, body): {"roleSessionName": "alice@example.com", "seconds": 30}; seconds null clears it."""
    name, seconds = body.get("roleSessionName"), body.get("seconds")
    if not isinstance(name, str) or not name:
        return 400, {"error": "roleSessionName is required"}
    if seconds is None:
        SESSION_SECONDS.pop(name, None)
    elif isinstance(seconds, int) and 5 <= seconds <= 43200:
        SESSION_SECONDS[name] = seconds
    else:
        return 400, {"error": "seconds must be an integer from 5 to 43200, or null"}
    return 200, {"sessionSeconds": dict(SESSION_SECONDS)}
