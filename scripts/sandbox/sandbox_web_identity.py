"""AssumeRoleWithWebIdentity checks for moto_server.py, as STS makes them.

moto accepts any string as the web identity token ("header.payload.signature" works). STS
instead finds the IAM OIDC provider for the token's issuer in the role's account, requires the
token's audience among the provider's client ids, verifies the signature with the issuer's
published keys (its JWKS) and refuses an expired token. This module does the same, so a forged,
foreign or expired ID token fails here as it would in AWS. Trust policies stay unevaluated
(moto never evaluates them).
"""

import base64
import json
import threading
import time
from urllib.request import urlopen

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from moto.iam.models import iam_backends

HASHES = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
JWKS_TTL_SECONDS = 60
_jwks_cache = {}
_lock = threading.Lock()


class TokenRefused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code, self.message = code, message


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def decode(token):
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenRefused("InvalidIdentityToken", "Token is not a valid JWT")
    try:
        head, claims = json.loads(b64url(parts[0])), json.loads(b64url(parts[1]))
        signature = b64url(parts[2])
    except ValueError as err:
        raise TokenRefused("InvalidIdentityToken", f"Token is not a valid JWT: {err}") from err
    if not isinstance(head, dict) or not isinstance(claims, dict):
        raise TokenRefused("InvalidIdentityToken", "Token is not a valid JWT")
    return head, claims, signature, f"{parts[0]}.{parts[1]}".encode()


def provider_for(account, issuer):
    url = issuer.split("://", 1)[-1].rstrip("/")
    arn = f"arn:aws:iam::{account}:oidc-provider/{url}"
    providers = iam_backends[account]["global"].open_id_providers if account in iam_backends else {}
    provider = providers.get(arn)
    if provider is None:
        raise TokenRefused("InvalidIdentityToken", f"No OpenIDConnect provider found in your account for {issuer}")
    return provider


def fetch_json(url):
    with urlopen(url, timeout=5) as res:  # noqa: S310 - only issuers registered as IAM OIDC providers
        return json.loads(res.read())


def signing_keys(issuer, refresh=False):
    with _lock:
        cached = _jwks_cache.get(issuer)
    if cached and not refresh and time.monotonic() - cached[0] < JWKS_TTL_SECONDS:
        return cached[1]
    try:
        config = fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
        keys = fetch_json(config["jwks_uri"]).get("keys", [])
    except Exception as err:  # noqa: BLE001 - any failure reaching the IdP is STS's IDPCommunicationError
        raise TokenRefused("IDPCommunicationError", f"Couldn't retrieve verification key from your identity provider: {err}") from err
    with _lock:
        _jwks_cache[issuer] = (time.monotonic(), keys)
    return keys


def verify_signature(issuer, head, signature, signed):
    alg = head.get("alg")
    if alg not in HASHES:
        raise TokenRefused("InvalidIdentityToken", f"Unsupported token signing algorithm {alg}")
    for refresh in (False, True):  # a key id we do not know yet: the IdP may have rotated
        jwk = next((k for k in signing_keys(issuer, refresh) if k.get("kid") == head.get("kid") and k.get("kty") == "RSA"), None)
        if jwk is not None:
            break
    if jwk is None:
        raise TokenRefused("InvalidIdentityToken", "No matching key found in the identity provider's keys")
    public = rsa.RSAPublicNumbers(int.from_bytes(b64url(jwk["e"]), "big"), int.from_bytes(b64url(jwk["n"]), "big")).public_key()
    try:
        public.verify(signature, signed, padding.PKCS1v15(), HASHES[alg]())
    except InvalidSignature as err:
        raise TokenRefused("InvalidIdentityToken", "Token signature is invalid") from err


def check_web_identity(role_arn, token):
    """Raises TokenRefused when STS would refuse this token for this role."""
    head, claims, signature, signed = decode(token or "")
    issuer = claims.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise TokenRefused("InvalidIdentityToken", "Token has no issuer")
    account = (role_arn or "").split(":")[4] if (role_arn or "").count(":") >= 5 else ""
    provider = provider_for(account, issuer)
    audiences = claims.get("aud")
    audiences = [audiences] if isinstance(audiences, str) else audiences if isinstance(audiences, list) else []
    if not set(audiences) & set(provider.client_id_list):
        raise TokenRefused("InvalidIdentityToken", "Incorrect token audience")
    verify_signature(issuer, head, signature, signed)
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)):
        raise TokenRefused("InvalidIdentityToken", "Token has no expiry")
    if time.time() >= exp:
        raise TokenRefused("ExpiredTokenException", f"Token expired: current date/time {int(time.time())} must be before the expiration date/time {int(exp)}")
