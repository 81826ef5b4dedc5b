"""Keyless sandbox AWS: moto's server plus test-only endpoints under /_sandbox/.

moto cannot back-date access keys, fail on purpose, or count calls; tests and benchmarks
need all three. Nor does it authenticate: here, requests signed with temporary credentials are
checked by signature and session token (sandbox_auth.py), and AssumeRoleWithWebIdentity checks
its token against the IdP's keys (sandbox_web_identity.py), as AWS does. Everything else that is
not /_sandbox/ goes to moto unchanged (/moto-api/ too).

  POST   /_sandbox/iam/access-key          set a key's create date / last use
  POST   /_sandbox/iam/users               create users, tags and keys in bulk (sandbox_iam.py)
  POST   /_sandbox/sts/check-credentials   do these temporary credentials exist and match?
  POST   /_sandbox/iam/check-key           is this user access key active, with this secret?
  POST   /_sandbox/sts/session-seconds     short sessions for one role session name (sandbox_sts.py)
  POST   /_sandbox/faults                  answer matching AWS calls with an AWS error
  GET    /_sandbox/faults, DELETE /_sandbox/faults
  POST   /_sandbox/throttle                per-account rate limit, e.g. IAM's (sandbox_faults.Throttle)
  GET    /_sandbox/throttle, DELETE /_sandbox/throttle
  POST   /_sandbox/org/seed                an Organization of N accounts, users and keys (sandbox_org.py)
  GET    /_sandbox/stats,  DELETE /_sandbox/stats
  GET    /_sandbox/secrets                 every secret moto issued (the security suite's leak scan)
  GET    /_sandbox/health                  {"ok", "hubAccount", "restored"}

With --state-file, moto's state survives a restart (sandbox_persist.py; the key on stdin).

Usage: python3 moto_server.py --port 5000 [--hub-account 123456789012] [--state-file F]
                              [--iam-throttle RATE[:BURST]]   (per account, requests/s)
"""

import argparse
import base64
import io
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from urllib.parse import parse_qs

# moto reads MOTO_ACCOUNT_ID on every request and, when set, puts *every* call in that
# account, so credentials from AssumeRole into another account would land in the wrong
# IAM. The hub account is set below by patching the fallback account instead.
HUB_ACCOUNT = os.environ.pop("MOTO_ACCOUNT_ID", None)
sys.dont_write_bytecode = True  # no __pycache__ beside the sources (not git-ignored)

from moto.iam import models as iam_models  # noqa: E402
from moto.iam.models import AccessKeyLastUsed, iam_backends  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from moto.sts.models import sts_backends  # noqa: E402
from werkzeug.serving import run_simple  # noqa: E402
from werkzeug.wrappers import Request, Response  # noqa: E402

from sandbox_auth import check_request, find_session, is_expired, read_body, refusal  # noqa: E402
from sandbox_faults import Faults, Stats, Throttle, fault_response  # noqa: E402
from sandbox_iam import seed_users  # noqa: E402
from sandbox_org import account_of_key, seed_org  # noqa: E402
from sandbox_persist import StateFile  # noqa: E402
from sandbox_sts import set_session_seconds  # noqa: E402
from sandbox_time import parse_time  # noqa: E402
from sandbox_web_identity import TokenRefused, check_web_identity  # noqa: E402

# Every access key moto creates: IAM user keys (seeded, rotated, provisioned) and the keys
# behind temporary credentials (AssumeRole). Kept even after a key is deleted, so the
# security suite can search for every secret the run ever issued (e2e/security/leaks).
ISSUED_KEYS = []
_access_key_init = iam_models.AccessKey.__init__


def _recording_access_key_init(self, *args, **kwargs):
    _access_key_init(self, *args, **kwargs)
    ISSUED_KEYS.append(self)


iam_models.AccessKey.__init__ = _recording_access_key_init

CREDENTIAL_RE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/")


def json_response(status, body):
    return Response(json.dumps(body, default=str), status=status, mimetype="application/json")


def set_access_key(body):
    account, user_name, key_id = body.get("accountId"), body.get("userName"), body.get("accessKeyId")
    if not (account and user_name and key_id):
        return json_response(400, {"error": "accountId, userName and accessKeyId are required"})
    # `in` does not create the account; iam_backends[...] would, lazily.
    user = iam_backends[account]["global"].users.get(user_name) if account in iam_backends else None
    key = next((k for k in (user.access_keys if user else []) if k.access_key_id == key_id), None)
    if key is None:
        return json_response(404, {"error": f"no key {key_id} for user {user_name} in {account}"})
    if body.get("createDate"):
        key.create_date = parse_time(body["createDate"])
    if "lastUsed" in body:
        used = body["lastUsed"]
        # moto 5.2 keeps last use as an AccessKeyLastUsed(timestamp, service, region) object;
        # GetAccessKeyLastUsed and the credential report both read it.
        key.last_used = (
            AccessKeyLastUsed(timestamp=parse_time(used["date"]), service=used["service"], region=used["region"])
            if used
            else None
        )
    last = key.last_used
    return json_response(200, {
        "accessKeyId": key.access_key_id,
        "createDate": key.create_date.isoformat() + "Z",
        "lastUsed": {"date": last.timestamp.isoformat() + "Z", "service": last.service, "region": last.region}
        if isinstance(last, AccessKeyLastUsed) else None,
    })


def check_credentials(body):
    """Whether these temporary credentials are ones moto issued, unexpired, with this secret and
    session token (the same test the signature check in sandbox_auth.py makes per request)."""
    role = find_session(body.get("accessKeyId"))
    if role is None:
        # Not from AssumeRole* (e.g. GetFederationToken, which moto does not record): cannot tell.
        return json_response(200, {"known": False, "valid": False, "expired": False, "arn": None})
    expired = is_expired(role)
    matches = role.secret_access_key == body.get("secretAccessKey") and role.session_token == body.get("sessionToken")
    return json_response(200, {"known": True, "valid": matches and not expired, "expired": expired, "arn": role.arn})


def check_key(body):
    """Whether an IAM user's access key id + secret would authenticate on real AWS: the key
    exists, is Active, and the secret matches. moto itself never checks signatures (by
    default), so tests that must prove a target holds a *working* key ask here."""
    account, key_id = body.get("accountId"), body.get("accessKeyId")
    if not (account and key_id):
        return json_response(400, {"error": "accountId and accessKeyId are required"})
    users = iam_backends[account]["global"].users if account in iam_backends else {}
    for user in list(users.values()):
        for key in user.access_keys:
            if key.access_key_id == key_id:
                matches = key.secret_access_key == body.get("secretAccessKey")
                return json_response(200, {"known": True, "userName": user.name, "status": key.status,
                                           "secretMatches": matches, "valid": matches and key.status == "Active"})
    return json_response(200, {"known": False, "userName": None, "status": None, "secretMatches": False, "valid": False})


def issued_secrets():
    keys = [{"accessKeyId": k.access_key_id, "secretAccessKey": k.secret_access_key, "userName": k.user_name,
             "accountId": getattr(k, "account_id", None)} for k in list(ISSUED_KEYS)]
    sessions = []
    for account in list(sts_backends.keys()):
        for backend in list(sts_backends[account].values()):
            for role in list(backend.assumed_roles):
                sessions.append({"accessKeyId": role.access_key_id, "secretAccessKey": role.secret_access_key,
                                 "sessionToken": role.session_token, "arn": role.arn})
    return {"accessKeys": keys, "sessions": sessions}


class SandboxApp:
    def __init__(self, state=None):
        self.moto = DomainDispatcherApplication(create_backend_app)
        self.faults = Faults()
        self.stats = Stats()
        self.throttle = Throttle()
        self.state = state  # a StateFile when the state is kept across restarts

    def __call__(self, environ, start_response):
        if self.state is None:
            return self.route(environ, start_response)
        action = describe_request(environ)[0]
        with self.state.lock:  # no snapshot sees a request half done
            response = self.route(environ, start_response)
        self.state.changed(action, environ.get("REQUEST_METHOD"))
        return response

    def route(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_sandbox/"):
            return self.sandbox(Request(environ), path)(environ, start_response)
        if path.startswith("/moto-api") or path == "/favicon.ico":
            return self.moto(environ, start_response)

        action, protocol, service, key_id = describe_request(environ)
        account = account_of(key_id)
        self.stats.record(action or f"{service}:{environ.get('REQUEST_METHOD')}", account)
        refused = self.authenticate(environ, action, protocol)
        if refused is not None:
            return fault_response(refused, protocol, str(uuid.uuid4()))(environ, start_response)
        fault = self.faults.take(action, account) or self.throttle.take(service, account)
        if fault is not None:
            return fault_response(fault, protocol, str(uuid.uuid4()))(environ, start_response)
        return self.moto(environ, start_response)

    def authenticate(self, environ, action, protocol):
        """An AWS error (as a fault) when AWS would refuse the caller, else None."""
        kind = check_request(environ)
        if kind is not None:
            return refusal(kind, protocol)
        if action == "AssumeRoleWithWebIdentity":
            params = parse_qs(environ.get("QUERY_STRING", ""))
            params.update(parse_qs(read_body(environ).decode("utf-8", "replace")))
            try:
                check_web_identity(params.get("RoleArn", [""])[0], params.get("WebIdentityToken", [""])[0])
            except TokenRefused as err:
                return {"error": err.code, "message": err.message, "status": 400}
        return None

    def sandbox(self, request, path):
        route = (request.method, path.rstrip("/"))
        body = request.get_json(silent=True) if request.method == "POST" else None
        body = body if isinstance(body, dict) else {}
        if route == ("GET", "/_sandbox/health"):
            restored = self.state is not None and self.state.restored
            return json_response(200, {"ok": True, "hubAccount": iam_models.DEFAULT_ACCOUNT_ID, "restored": restored})
        if route == ("POST", "/_sandbox/iam/access-key"):
            return set_access_key(body)
        if route == ("POST", "/_sandbox/iam/users"):
            return json_response(*seed_users(body))
        if route == ("POST", "/_sandbox/sts/check-credentials"):
            return check_credentials(body)
        if route == ("POST", "/_sandbox/iam/check-key"):
            return check_key(body)
        if route == ("POST", "/_sandbox/sts/session-seconds"):
            return json_response(*set_session_seconds(body))
        if route == ("POST", "/_sandbox/faults"):
            try:
                return json_response(201, self.faults.add(body))
            except ValueError as err:
                return json_response(400, {"error": str(err)})
        if route == ("GET", "/_sandbox/faults"):
            return json_response(200, {"faults": self.faults.list()})
        if route == ("DELETE", "/_sandbox/faults"):
            self.faults.clear()
            return json_response(200, {"faults": []})
        if route[1] == "/_sandbox/throttle" and request.method in ("GET", "POST", "DELETE"):
            return self.throttle_route(request.method, body)
        if route == ("POST", "/_sandbox/org/seed"):
            return json_response(*seed_org(body, iam_models.DEFAULT_ACCOUNT_ID))
        if route == ("GET", "/_sandbox/secrets"):
            return json_response(200, issued_secrets())
        if route == ("GET", "/_sandbox/stats"):
            return json_response(200, self.stats.snapshot())
        if route == ("DELETE", "/_sandbox/stats"):
            self.stats.reset()
            return json_response(200, self.stats.snapshot())
        return json_response(404, {"error": f"no sandbox route {request.method} {path}"})


    def throttle_route(self, method, body):
        if method == "POST":
            try:
                return json_response(201, self.throttle.configure(body))
            except ValueError as err:
                return json_response(400, {"error": str(err)})
        if method == "DELETE":
            self.throttle.clear()
        return json_response(200, self.throttle.snapshot())


def describe_request(environ):
    """(action, protocol, service, access key id) of an AWS call, without consuming its body."""
    match = CREDENTIAL_RE.search(environ.get("HTTP_AUTHORIZATION", ""))
    key_id, service = (match.group(1), match.group(3)) if match else (None, "unknown")
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:  # JSON protocol (Secrets Manager, Organizations): "secretsmanager.GetSecretValue"
        return target.rsplit(".", 1)[-1], "json", service, key_id
    action = parse_qs(environ.get("QUERY_STRING", "")).get("Action", [None])[0]
    if action is None and environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(raw)  # hand moto an unread body
        action = parse_qs(raw.decode("utf-8", "replace")).get("Action", [None])[0]
    if action is not None:
        return action, "query", service, key_id
    json_body = "json" in environ.get("CONTENT_TYPE", "")
    return None, "json" if json_body else "query", service, key_id


def account_of(key_id):
    # The same mapping moto uses: a key found in some account's IAM (user keys, and the
    # temporary keys AssumeRole creates in the role's account) belongs to that account;
    # anything else falls back to the hub account.
    try:
        return account_of_key(key_id)
    except Exception:  # noqa: BLE001 - never let bookkeeping break a request
        return iam_models.DEFAULT_ACCOUNT_ID


def exit_with_parent(stop):
    """Exit when the process that started us dies (even by SIGKILL), so no orphan holds the port."""
    parent = os.getppid()
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            stop()


def open_state(path):
    """The state file, restored; its key is the first line on stdin (base64, 32 bytes)."""

    key = base64.b64decode(sys.stdin.readline().strip())
    if len(key) != 32:
        raise SystemExit("--state-file needs a 32-byte key (base64) on stdin")
    state = StateFile(path, key)
    started = time.monotonic()
    try:
        if state.load():
            print(f"restored the AWS state from {path} in {time.monotonic() - started:.2f} s", file=sys.stderr, flush=True)
    except Exception as err:  # noqa: BLE001 - wrong key, altered file, another moto version
        # Set aside, not deleted; AWS starts from the seed and rotations under way are failed
        # with a clear message (seed-integrations.ts).
        os.replace(path, f"{path}.unreadable")
        print(f"could not read the AWS state {path} ({err!r}); kept as {path}.unreadable, starting empty",
              file=sys.stderr, flush=True)
    threading.Thread(target=state.run_writer, daemon=True).start()
    return state


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--hub-account", default=HUB_ACCOUNT or iam_models.DEFAULT_ACCOUNT_ID)
    parser.add_argument("--state-file", help="keep moto's state here across restarts (key on stdin)")
    parser.add_argument("--iam-throttle", help="throttle IAM per account: RATE[:BURST] requests/s")
    args = parser.parse_args()
    # Unknown credentials (e.g. AWS_ACCESS_KEY_ID=test) and unsigned calls land here.
    iam_models.DEFAULT_ACCOUNT_ID = args.hub_account
    os.environ.setdefault("MOTO_PORT", str(args.port))  # moto calls itself for some services
    print(f"sandbox moto on http://{args.host}:{args.port} (hub account {args.hub_account})", file=sys.stderr, flush=True)
    state = open_state(args.state_file) if args.state_file else None

    def stop(*_):
        if state is not None:
            state.write()  # a clean stop keeps the last moment too
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=exit_with_parent, args=(stop,), daemon=True).start()
    app = SandboxApp(state)
    if args.iam_throttle:
        rate, _, burst = args.iam_throttle.partition(":")
        app.throttle.configure({"service": "iam", "ratePerSecond": float(rate), "burst": float(burst) if burst else None})
    run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
