"""How the sandbox's state file stores moto's IAM backends small and fast (sandbox_persist.py).

- AWS managed policies (about 1,300 in every IAM backend, and moto makes one backend per
  account and partition: aws, aws-cn, aws-us-gov…) are stored by ARN and taken from the fresh
  backend on load, with their attachment counts.
- IAM backends nobody changed are left out; moto makes them again when first used.
- moto parses its 4 MB of policy JSON for every new backend; here it is parsed once.
"""

import json
import pickle

from moto.iam import models as iam_models
from moto.iam.models import AWSManagedPolicy, IAMBackend, iam_backends
from moto.settings import load_iam_aws_managed_policies

# What an IAM backend holds besides AWS's own policies: all empty means nobody changed it.
IAM_CONTENT = ("users", "roles", "groups", "instance_profiles", "open_id_providers", "saml_providers",
               "account_aliases", "access_keys", "inline_policies", "certificates", "virtual_mfa_devices")
_AWS_POLICY_DATA = []


def _aws_policies_parsed_once(self):
    if not load_iam_aws_managed_policies():
        return []
    if not _AWS_POLICY_DATA:
        _AWS_POLICY_DATA.append(json.loads(iam_models.aws_managed_policies_data))
    return [AWSManagedPolicy.from_data(name, self.account_id, self.region_name, d) for name, d in _AWS_POLICY_DATA[0].items()]


IAMBackend._init_aws_policies = _aws_policies_parsed_once


def untouched(backend):
    if not isinstance(backend, IAMBackend):
        return False
    if any(getattr(backend, field, None) for field in IAM_CONTENT) or backend.account_password_policy:
        return False
    return all(isinstance(p, AWSManagedPolicy) and not p.attachment_count for p in backend.managed_policies.values())


class Pickler(pickle.Pickler):
    def persistent_id(self, obj):
        if isinstance(obj, AWSManagedPolicy):
            return ("aws-policy", obj.account_id, obj.partition, obj.arn, obj.attachment_count)
        return None


class Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        kind, account, partition, arn, attachments = pid
        if kind != "aws-policy":
            raise pickle.UnpicklingError(f"unknown persistent id {kind}")
        policy = iam_backends[account][partition].managed_policies[arn]  # the fresh backend's own
        policy.attachment_count = attachments
        return policy
