"""IAM additions for the Keyless sandbox (imported by moto_server.py).

1. POST /_sandbox/iam/users: create IAM users with tags and access keys in one call, with
   chosen key ids, statuses, creation dates and last use. The demo seed uses it (stable key
   ids across restarts) and the benchmark (5,000 users in a second instead of minutes of
   API calls). Users that exist are left alone, so it is idempotent.
2. The credential report's last-used region and service: real IAM fills them, moto writes
   "not_supported"; patched to report what moto knows, like AWS.
3. GetAccountAuthorizationDetails in pages: IAM answers at most MaxItems (≤ 1,000) users a
   call, moto all at once, which made a big account's listing one call instead of many.
"""

from moto.core.responses import ActionResult
from moto.iam import models as iam_models
from moto.iam.models import AccessKeyLastUsed, iam_backends
from moto.iam.responses import IamResponse

from sandbox_time import parse_time

KEY_ID_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def _valid_key_id(key_id):
    return isinstance(key_id, str) and len(key_id) == 20 and key_id.startswith("AKIA") and set(key_id[4:]) <= KEY_ID_CHARS


def seed_users(body):
    """Returns (status, payload)."""
    account, users = body.get("accountId"), body.get("users")
    if not (isinstance(account, str) and account.isdigit() and len(account) == 12 and isinstance(users, list)):
        return 400, {"error": "accountId (12 digits) and users (a list) are required"}
    backend = iam_backends[account]["global"]
    created = skipped = keys = 0
    for spec in users:
        name = spec.get("userName")
        if not isinstance(name, str) or not name:
            return 400, {"error": "every user needs a userName"}
        if name in backend.users:
            skipped += 1
            continue
        tags = [{"Key": k, "Value": v} for k, v in (spec.get("tags") or {}).items()]
        user = backend.create_user(region_name="us-east-1", user_name=name, path=spec.get("path") or "/", tags=tags)
        if spec.get("createDate"):
            user.create_date = parse_time(spec["createDate"])
        for key_spec in spec.get("keys") or []:
            key = backend.create_access_key(name, status=key_spec.get("status") or "Active")
            wanted = key_spec.get("accessKeyId")
            if wanted:
                if not _valid_key_id(wanted) or wanted in backend.access_keys:
                    return 400, {"error": f"accessKeyId {wanted!r} is not a free AKIA + 16 base32 characters id"}
                del backend.access_keys[key.access_key_id]
                key.access_key_id = wanted
                backend.access_keys[wanted] = key
            if key_spec.get("createDate"):
                key.create_date = parse_time(key_spec["createDate"])
            used = key_spec.get("lastUsed")
            if used:
                key.last_used = AccessKeyLastUsed(timestamp=parse_time(used["date"]), service=used["service"], region=used["region"])
            keys += 1
        created += 1
    return 200, {"created": created, "skipped": skipped, "keys": keys}


_original_to_csv = iam_models.User.to_csv


def _to_csv_with_last_use(self):
    fields = _original_to_csv(self).rstrip("\n").split(",")
    # Columns 11/12 and 16/17 are access_key_N_last_used_region / _service. User names may
    # hold commas, so count from the end (22 columns in all).
    offset = len(fields) - 22
    for n, key in enumerate(self.access_keys[:2]):
        used = key.last_used
        region_at = 11 + offset + 5 * n
        if isinstance(used, AccessKeyLastUsed):
            fields[region_at], fields[region_at + 1] = used.region, used.service
        else:
            fields[region_at], fields[region_at + 1] = "N/A", "N/A"
    return ",".join(fields) + "\n"


iam_models.User.to_csv = _to_csv_with_last_use


_original_authorization_details = IamResponse.get_account_authorization_details


def _paged_authorization_details(self):
    """Users only (the inventory's Filter=["User"]) with MaxItems: paged as IAM does; else moto's answer."""
    max_items = self._get_int_param("MaxItems")
    if self._get_param("Filter", []) != ["User"] or not max_items:
        return _original_authorization_details(self)
    users = list(self.backend.users.values())
    marker = self._get_param("Marker")
    start = int(marker) if marker and marker.isdigit() else 0
    page = users[start : start + min(max_items, 1000)]
    more = start + len(page) < len(users)
    result = {"UserDetailList": page, "GroupDetailList": [], "RoleDetailList": [], "Policies": [], "IsTruncated": more}
    if more:
        result["Marker"] = str(start + len(page))
    return ActionResult(result)


IamResponse.get_account_authorization_details = _paged_authorization_details
