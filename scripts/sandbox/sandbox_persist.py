"""Keeps the sandbox's AWS state across restarts (the demo and the restart test; ADR 023).

moto holds everything in memory. With --state-file, every backend moto has created (IAM, STS,
Secrets Manager… in every account and region) is pickled to that file and loaded again on the
next start, so a rotation stopped in its grace period finds its keys where it left them.

- Encrypted: the state holds IAM secret keys and session tokens. AES-256-GCM with a key the
  sandbox keeps in its 0600 secrets file, handed over on stdin (never argv or the environment).
  GCM also authenticates, so a file that was tampered with is never unpickled.
- Atomic: written to a temporary file, fsynced, then renamed; 0600.
- When: a change to keys or secrets (the calls a rotation makes) is written before its answer
  leaves, so even a SIGKILL cannot lose a key the worker was told about; any other change
  within WRITE_DELAY_S; and once more on a clean stop.
- Small and fast: IAM's managed policies by reference, untouched backends left out
  (sandbox_persist_iam.py).
"""

import importlib
import os
import pickle
import sys
import tempfile
import threading
import time
from io import BytesIO

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from moto.core.base_backend import BackendDict

from sandbox_persist_iam import Pickler, Unpickler, untouched

MAGIC = b"KLS1"
WRITE_DELAY_S = 1.0  # under load (AssumeRole after AssumeRole) one write a second, not one a call
# Answered only after the state is on disk: a key or secret the caller now relies on.
DURABLE_ACTIONS = {
    "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey", "CreateUser", "DeleteUser",
    "CreateSecret", "PutSecretValue", "UpdateSecret", "DeleteSecret", "RestoreSecret",
}
READ_PREFIXES = ("Get", "List", "Describe", "Generate", "Simulate")
def _live_backend_dicts():
    """Every BackendDict of the moto modules loaded so far, by (module, attribute)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if not (name.startswith("moto.") and name.endswith(".models")):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, BackendDict):
                found.setdefault(id(value), ((name, attr), value))
    return dict(found.values())


class StateFile:
    def __init__(self, path, key):
        self.path, self.aead = path, AESGCM(key)
        self.lock = threading.RLock()  # held by requests that may change state, and by writes
        self.writing = threading.Lock()  # one write at a time: an older snapshot never lands last
        self.dirty = threading.Event()
        self.restored = False

    def snapshot(self):
        state = {
            key: {
                account: {region: b for region, b in regions.items() if not untouched(b)}
                for account, regions in bd.items()
            }
            for key, bd in _live_backend_dicts().items()
        }
        buffer = BytesIO()
        Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump({"backends": state})
        nonce = os.urandom(12)
        return MAGIC + nonce + self.aead.encrypt(nonce, buffer.getvalue(), MAGIC)

    def write(self):
        with self.writing:
            self._write()

    def _write(self):
        with self.lock:
            self.dirty.clear()
            blob = self.snapshot()
        folder = os.path.dirname(self.path)
        fd, tmp = tempfile.mkstemp(prefix=".moto-state-", dir=folder)  # created 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    def load(self):
        """Restores the file's backends; False (and moto starts empty) when there is none."""
        if not os.path.exists(self.path):
            return False
        with open(self.path, "rb") as f:
            blob = f.read()
        if blob[:4] != MAGIC:
            raise ValueError(f"{self.path} is not a sandbox state file")
        plain = self.aead.decrypt(blob[4:16], blob[16:], MAGIC)  # raises on a wrong key or tampering
        data = Unpickler(BytesIO(plain)).load()
        for (module, attr), accounts in data["backends"].items():
            live = getattr(importlib.import_module(module), attr)
            for account, regions in accounts.items():
                for region, backend in regions.items():
                    live[account][region] = backend
        self.restored = True
        return True

    def changed(self, action, method):
        """After a request: write now (durable), soon (other changes) or not at all (reads)."""
        if action in DURABLE_ACTIONS:
            try:
                self.write()
            except Exception as err:  # noqa: BLE001 - the change happened; the writer tries again
                print(f"sandbox state: could not write {self.path}: {err}", file=sys.stderr, flush=True)
                self.dirty.set()
        elif method != "GET" and not (action or "").startswith(READ_PREFIXES):
            self.dirty.set()

    def run_writer(self):
        """Background thread: writes what changed, at most every WRITE_DELAY_S."""
        while True:
            self.dirty.wait()
            time.sleep(WRITE_DELAY_S)
            try:
                self.write()
            except Exception as err:  # noqa: BLE001 - keep serving; the next change tries again
                print(f"sandbox state: could not write {self.path}: {err}", file=sys.stderr, flush=True)
