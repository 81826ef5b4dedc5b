"""An AWS Organization at scale, written straight into moto's backends (imported by moto_server.py).

POST /_sandbox/org/seed builds, in one call and in moto's own process (150,000 API calls
would take an hour): an organisation whose management account is the hub, `accounts` member
accounts (ListAccounts finds them), the inventory role in each (and the organisations role
in the hub), and `users` IAM users holding exactly `keys` access keys (one or two each, as
IAM allows), spread Zipf-like (account i gets a share ∝ 1/i^skew: a few hold most). Keys
have spread ages and, mostly, a last use; each account's credential report is generated, as
a sync on a schedule finds it (AWS keeps one 4 hours). Deterministic for a given `seed`.
The answer lists the users and keys per account, from which benchmarks compute the minimum
number of calls IAM allows.

Also: which account an access key belongs to. moto finds it, on every request, by looking in
every account's IAM in every partition: 17 ms a request at 1,000 accounts, more than the
call itself. Here an index answers (each hit checked against the account's keys, so a
deleted key is not found), and a scan only for a key the index has not seen.
"""

import base64
import gc
import json
import os
import random
import re
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from moto.iam import models as iam_models
from moto.iam.models import AccessKeyLastUsed, iam_backends
from moto.iam.utils import generate_access_key_id_from_account_id
from moto.organizations import utils as org_utils
from moto.organizations.models import FakeAccount, organizations_backends
from moto.utilities.utils import PARTITION_NAMES

LIMITS = {"accounts": 5000, "users": 200_000}
FIRST_MEMBER = 200_000_000_000  # member account ids: 200000000000, 200000000001, …
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})


# Every key moto makes, and every id /_sandbox/iam/users accepts: anything else is in no account.
KEY_ID = re.compile(r"^(AKIA|ASIA)[A-Z0-9]{16}$")
_key_accounts = {}  # access key id → (account id, partition)


def account_of_key(access_key):
    """moto's get_account_id_from, indexed."""
    if not access_key or not KEY_ID.match(access_key):
        return iam_models.DEFAULT_ACCOUNT_ID
    hit = _key_accounts.get(access_key)
    if hit is not None and access_key in iam_backends[hit[0]][hit[1]].access_keys:
        return hit[0]
    for account_id, account in list(iam_backends.items()):
        for partition in PARTITION_NAMES:
            if access_key in account[partition].access_keys:
                _key_accounts[access_key] = (account_id, partition)
                return account_id
    return iam_models.DEFAULT_ACCOUNT_ID


iam_models.get_account_id_from = account_of_key  # moto.core.responses imports it per request


def spread(total, parts, skew, minimum=1):
    """`total` split over `parts` ∝ 1/(i+1)^skew, at least `minimum` each, summing exactly (largest remainder)."""
    weights = [1 / (i + 1) ** skew for i in range(parts)]
    free = total - minimum * parts
    exact = [free * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(parts), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: free - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


@contextmanager
def _fast_ids():
    """moto draws ids and secrets a character at a time (a third of the seed's time at 100,000
    keys); while seeding, the same formats come from os.urandom in one go."""
    saved = (iam_models.generate_access_key_id_from_account_id, iam_models.random_alphanumeric, iam_models.random_resource_id)

    def key_id(account_id, prefix, total_length=20):
        fixed = generate_access_key_id_from_account_id(account_id, prefix, total_length=len(prefix) + 9)
        return fixed + base64.b32encode(os.urandom(10)).decode()[: total_length - len(fixed)]

    iam_models.generate_access_key_id_from_account_id = key_id
    iam_models.random_alphanumeric = lambda n: base64.b64encode(os.urandom(n)).decode()[:n]
    iam_models.random_resource_id = lambda n=20: base64.b32encode(os.urandom(n)).decode().lower()[:n]
    try:
        yield
    finally:
        iam_models.generate_access_key_id_from_account_id, iam_models.random_alphanumeric, iam_models.random_resource_id = saved


def _params(body):
    def number(name, default, low, high, kind=int):
        value = body.get(name, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not (low <= value <= high) or kind(value) != value:
            raise ValueError(f'"{name}" must be a {kind.__name__} from {low} to {high}')
        return kind(value)

    accounts = number("accounts", 1000, 1, LIMITS["accounts"])
    users = number("users", 50_000, accounts, LIMITS["users"])
    keys = number("keys", 100_000, users, 2 * users)
    skew = number("skew", 1.0, 0, 3, float)
    seed = number("seed", 16, 0, 2**31)
    names = {}
    for field, default in (("inventoryRoleName", "KeylessInventory"), ("organizationsRoleName", "KeylessOrganizations")):
        value = body.get(field, default)
        if not (isinstance(value, str) and 0 < len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum()):
            raise ValueError(f'"{field}" must be an IAM role name')
        names[field] = value
    return accounts, users, keys, skew, seed, names


def _member(org, index, created):
    """A member account with a chosen id (moto would pick a random one) and join time (ListAccounts pages by it)."""
    account_id = str(FIRST_MEMBER + index)
    random_id = org_utils.make_random_account_id
    org_utils.make_random_account_id = lambda: account_id  # FakeAccount creates its access role under this id
    try:
        account = FakeAccount(org, AccountName=f"org-{index + 1:04d}", Email=f"aws+{account_id}@example.com")
    finally:
        org_utils.make_random_account_id = random_id
    account.create_time = created
    return account


def _seed_users(backend, account_index, count, two_keys, rng, now):
    keys = 0
    for u in range(count):
        name = f"svc-{account_index + 1:04d}-{u:05d}"
        user = backend.create_user(region_name="us-east-1", user_name=name, tags=[
            {"Key": "owner", "Value": f"person{rng.randrange(2000)}@example.com"},
            {"Key": "team", "Value": f"team-{rng.randrange(60)}"}])
        user.create_date = now - timedelta(days=rng.randrange(30, 1500))
        for k in range(2 if (account_index, u) in two_keys else 1):
            key = backend.create_access_key(name, status="Inactive" if rng.random() < 0.06 else "Active")
            key.create_date = now - timedelta(days=rng.randrange(0, 900), seconds=k)
            if rng.random() < 0.85:  # most keys were used; some never
                used = now - timedelta(days=rng.randrange(0, 200), minutes=rng.randrange(1440))
                key.last_used = AccessKeyLastUsed(timestamp=used, service=rng.choice(["s3", "sts", "ec2"]), region="eu-west-1")
            keys += 1
    backend.credential_report = True  # generated: GetCredentialReport answers at once
    return keys


def seed_org(body, hub_account):
    """Returns (status, payload)."""
    try:
        accounts, users, keys, skew, seed, names = _params(body)
    except ValueError as err:
        return 400, {"error": str(err)}
    backend = organizations_backends[hub_account]["aws"]
    if backend.org is not None:
        return 409, {"error": "the hub account already has an organization (seed a fresh sandbox)"}
    # Python's collector rescans every object each time the young ones pile up: with 150,000
    # new users and keys that made the seed 10× slower. Off while seeding; then the seed is
    # frozen (never scanned again, as it is never freed), which keeps later requests fast too.
    gc.disable()
    try:
        with _fast_ids():
            return _seed(backend, hub_account, accounts, users, keys, skew, random.Random(seed), names)
    finally:
        gc.freeze()
        gc.enable()


def _seed(backend, hub_account, accounts, users, keys, skew, rng, names):
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    backend.create_organization(region="us-east-1", FeatureSet="ALL")
    # The management account is listed too (and synced): the organisations role, and the
    # inventory role like every member's. Its users are the hub's own (none in a fresh sandbox).
    hub = iam_backends[hub_account]["global"]
    for role, why in ((names["organizationsRoleName"], "Keyless reads the organisation's accounts"),
                      (names["inventoryRoleName"], "Keyless key inventory (read-only)")):
        if role not in {r.name for r in hub.roles.values()}:
            hub.create_role(role_name=role, assume_role_policy_document=TRUST, path="/", permissions_boundary=None,
                            description=why, tags=[], max_session_duration="3600")
    hub.credential_report = True
    per_account = spread(users, accounts, skew)
    two_keys = {(a, u) for a, u in rng.sample([(a, u) for a, n in enumerate(per_account) for u in range(n)], keys - users)}
    summary = []
    joined = now - timedelta(days=365)
    for index, count in enumerate(per_account):
        member = _member(backend.org, index, joined + timedelta(seconds=index))
        backend.accounts.append(member)
        organizations_backends.master_accounts[member.id] = (hub_account, "aws")
        iam = iam_backends[member.id]["global"]
        iam.create_role(role_name=names["inventoryRoleName"], assume_role_policy_document=TRUST, path="/",
                        permissions_boundary=None, description="Keyless key inventory (read-only)", tags=[],
                        max_session_duration="3600")
        made = _seed_users(iam, index, count, two_keys, rng, now)
        summary.append({"accountId": member.id, "users": count, "keys": made})
    summary.insert(0, {"accountId": hub_account, "users": len(hub.users), "keys": sum(len(u.access_keys) for u in hub.users.values())})
    return 201, {"organizationId": backend.org.id, "managementAccount": hub_account, "accounts": summary,
                 "users": sum(a["users"] for a in summary), "keys": sum(a["keys"] for a in summary)}
