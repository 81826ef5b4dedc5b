"""SigV4 checks for temporary credentials in moto_server.py.

moto authenticates nothing by default: a request signed with the wrong secret, or carrying the
wrong session token, is answered as if it were right. Tests that claim "the credentials Keyless
vends work" would then pass with broken credentials. So every request signed with temporary
credentials moto issued (AssumeRole, AssumeRoleWithWebIdentity) is checked as AWS would: the
session token must be the one issued, the session must not have expired, and the signature is
recomputed with the issued secret. Unknown temporary keys (ASIA…) are refused, as in AWS.
Long-term IAM user keys are left to moto (rotation tests check them through /_sandbox/iam/check-key).
"""

import hashlib
import hmac
import io
import re
from datetime import datetime, timezone
from urllib.parse import quote, unquote

from moto.sts.models import sts_backends

AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<key>[^/,\s]+)/(?P<scope>[^,\s]+),\s*"
    r"SignedHeaders=(?P<headers>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]+)\s*$"
)
UNSIGNED = ("UNSIGNED-PAYLOAD", "STREAMING-")

# (status, code, message) per protocol, as STS/IAM (query) and JSON services answer them.
ERRORS = {
    "signature": {
        "query": (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
        "json": (400, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
    },
    "token": {
        "query": (403, "InvalidClientTokenId", "The security token included in the request is invalid."),
        "json": (400, "UnrecognizedClientException", "The security token included in the request is invalid."),
    },
    "expired": {
        "query": (400, "ExpiredToken", "The security token included in the request is expired"),
        "json": (400, "ExpiredTokenException", "The security token included in the request is expired"),
    },
}


def find_session(key_id):
    """The AssumedRole moto recorded for this temporary access key id, in any account."""
    for account in list(sts_backends.keys()):
        for backend in list(sts_backends[account].values()):
            role = backend.get_assumed_role_from_access_key(key_id)
            if role is not None:
                return role
    return None


def is_expired(session):
    return session.expiration <= datetime.now(timezone.utc).replace(tzinfo=None)


def read_body(environ):
    """The request body, leaving an unread copy for moto."""
    length = environ.get("CONTENT_LENGTH")
    if length:
        raw = environ["wsgi.input"].read(int(length))
    elif environ.get("wsgi.input_terminated"):
        raw = environ["wsgi.input"].read()
    else:
        raw = b""
    environ["wsgi.input"] = io.BytesIO(raw)
    environ["CONTENT_LENGTH"] = str(len(raw))
    return raw


def header(environ, name):
    key = {"content-type": "CONTENT_TYPE", "content-length": "CONTENT_LENGTH"}.get(name)
    value = environ.get(key or "HTTP_" + name.upper().replace("-", "_"), "")
    return re.sub(r"\s+", " ", str(value).strip())


def encode(text):
    return quote(text, safe="-_.~")


def canonical_query(raw):
    pairs = []
    for part in filter(None, raw.split("&")):
        key, _, value = part.partition("=")
        pairs.append((encode(unquote(key)), encode(unquote(value))))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def expected_signature(environ, secret, scope, signed_headers, body):
    raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI") or quote(environ.get("PATH_INFO", "/"))
    path = raw_uri.split("?", 1)[0] or "/"
    date, region, service = scope.split("/")[:3]
    # Every service but S3 signs the path URI-encoded once more than it is sent.
    canonical_path = path if service == "s3" else quote(path, safe="/-_.~")
    names = signed_headers.split(";")
    payload = header(environ, "x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
    canonical = "\n".join([
        environ.get("REQUEST_METHOD", "GET"),
        canonical_path,
        canonical_query(environ.get("QUERY_STRING", "")),
        "".join(f"{name}:{header(environ, name)}\n" for name in names),
        signed_headers,
        payload,
    ])
    amz_date = header(environ, "x-amz-date")
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def same(a, b):
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))


def check_request(environ):
    """None when moto may answer; else the kind of refusal ("token", "expired", "signature")."""
    match = AUTH_RE.match(environ.get("HTTP_AUTHORIZATION", ""))
    if match is None:
        return None  # unsigned, or another scheme: moto's usual behaviour
    key_id = match.group("key")
    if not key_id.startswith("ASIA"):
        return None  # moto's temporary keys all start ASIA; other keys are not looked up (cheaper)
    session = find_session(key_id)
    if session is None:
        return "token"
    if not same(header(environ, "x-amz-security-token"), session.session_token):
        return "token"
    if is_expired(session):
        return "expired"
    body = read_body(environ)
    declared = header(environ, "x-amz-content-sha256")
    if declared and not declared.startswith(UNSIGNED) and declared != hashlib.sha256(body).hexdigest():
        return "signature"
    if "x-amz-date" not in match.group("headers").split(";"):
        return "signature"
    expected = expected_signature(environ, session.secret_access_key, match.group("scope"), match.group("headers"), body)
    return None if same(expected, match.group("signature")) else "signature"


def refusal(kind, protocol):
    status, code, message = ERRORS[kind]["json" if protocol == "json" else "query"]
    return {"error": code, "message": message, "status": status}
