"""Fault injection and call counting for moto_server.py (thread-safe: werkzeug serves
each request on its own thread)."""

import json
import random
import threading
import time
import uuid
from xml.sax.saxutils import escape

from werkzeug.wrappers import Response

# Status codes and messages AWS itself uses for these errors, so SDK retry logic
# (throttling vs. transient 5xx) sees exactly what it would in production.
KNOWN_ERRORS = {
    "Throttling": (400, "Rate exceeded"),
    "ThrottlingException": (400, "Rate exceeded"),
    "RequestLimitExceeded": (400, "Request limit exceeded."),
    "TooManyRequestsException": (400, "Too many requests"),
    "ServiceUnavailable": (503, "Service is unavailable. Please try again later."),
    "ServiceUnavailableException": (503, "Service is unavailable. Please try again later."),
    "InternalError": (500, "We encountered an internal error. Please try again."),
    "InternalFailure": (500, "The request processing has failed because of an unknown error."),
    "InternalServiceError": (500, "An error occurred on the server side."),
}


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._items = []

    def add(self, spec):
        action, error, errors = spec.get("action"), spec.get("error"), spec.get("errors")
        if errors is None and isinstance(error, str) and error:
            errors = [error]
        if not isinstance(action, str) or not action:
            raise ValueError('"action" (an AWS action name or "*") is required')
        if not (isinstance(errors, list) and errors and all(isinstance(e, str) and e for e in errors)):
            raise ValueError('"error" (e.g. "Throttling") or "errors" (a list, one picked at random per call) is required')
        rate = spec.get("rate")
        count = spec.get("count")
        if rate is not None and not (isinstance(rate, (int, float)) and 0 <= rate <= 1):
            raise ValueError('"rate" must be a number from 0 to 1')
        if count is not None and not (isinstance(count, int) and count > 0):
            raise ValueError('"count" must be a positive integer')
        fault = {
            "id": uuid.uuid4().hex[:8],
            "action": action,
            "error": errors[0],
            "errors": errors,
            "status": spec.get("status"),
            "message": spec.get("message"),
            "accountId": spec.get("accountId"),
            "rate": rate,
            # No rate and no count: fail the next call only. A rate alone lasts until cleared.
            "remaining": count if count is not None else (None if rate is not None else 1),
            "injected": 0,
            "injectedByError": {},
        }
        with self._lock:
            self._items.append(fault)
        return self._public(fault)

    @staticmethod
    def _public(fault):
        out = dict(fault)
        out["injectedByError"] = dict(fault["injectedByError"])
        return out

    def take(self, action, account):
        """The error to answer this call with, if any; uses up one of its fault's count."""
        with self._lock:
            for fault in self._items:
                if fault["action"] not in ("*", action):
                    continue
                if fault["accountId"] and fault["accountId"] != account:
                    continue
                if fault["rate"] is not None and random.random() >= fault["rate"]:
                    continue
                error = random.choice(fault["errors"])
                fault["injected"] += 1
                fault["injectedByError"][error] = fault["injectedByError"].get(error, 0) + 1
                if fault["remaining"] is not None:
                    fault["remaining"] -= 1
                    if fault["remaining"] <= 0:
                        self._items.remove(fault)
                status, message = KNOWN_ERRORS.get(error, (400, f"Injected fault: {error}"))
                return {"error": error, "status": int(fault["status"] or status), "message": fault["message"] or message}
        return None

    def list(self):
        with self._lock:
            return [self._public(f) for f in self._items]

    def clear(self):
        with self._lock:
            self._items.clear()


class Throttle:
    """IAM's per-account request rate: a token bucket per account for one service's calls.

    AWS does not publish IAM's rates; they are per account, and clients that burst see
    `Throttling` ("Rate exceeded", HTTP 400) within tens of calls per second. A call over the
    rate is answered so and counted; the client must back off. Off until configured.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._config = None
        self._buckets, self._throttled = {}, {}

    def configure(self, spec):
        service, rate, burst = spec.get("service", "iam"), spec.get("ratePerSecond"), spec.get("burst")
        accounts = spec.get("accounts")
        if not isinstance(service, str) or not service:
            raise ValueError('"service" must be a service name as signed (e.g. "iam")')
        if not (isinstance(rate, (int, float)) and not isinstance(rate, bool) and 0 < rate <= 100_000):
            raise ValueError('"ratePerSecond" must be a number above 0')
        burst = rate if burst is None else burst
        if not (isinstance(burst, (int, float)) and not isinstance(burst, bool) and 1 <= burst <= 1_000_000):
            raise ValueError('"burst" must be a number of at least 1')
        if accounts is not None and not (isinstance(accounts, list) and all(isinstance(a, str) for a in accounts)):
            raise ValueError('"accounts" must be a list of account ids (omit it for every account)')
        with self._lock:
            self._config = {"service": service, "ratePerSecond": rate, "burst": burst,
                            "accounts": set(accounts) if accounts is not None else None}
            self._buckets, self._throttled = {}, {}
        return self.snapshot()

    def clear(self):
        with self._lock:
            self._config, self._buckets, self._throttled = None, {}, {}

    def take(self, service, account):
        """A Throttling error when this account's bucket is empty, else None (and one token used)."""
        config = self._config
        if config is None or service != config["service"]:
            return None
        if config["accounts"] is not None and account not in config["accounts"]:
            return None
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(account, (config["burst"], now))
            tokens = min(config["burst"], tokens + (now - last) * config["ratePerSecond"])
            if tokens >= 1:
                self._buckets[account] = (tokens - 1, now)
                return None
            self._buckets[account] = (tokens, now)
            self._throttled[account] = self._throttled.get(account, 0) + 1
        status, message = KNOWN_ERRORS["Throttling"]
        return {"error": "Throttling", "status": status, "message": message}

    def snapshot(self):
        with self._lock:
            config = self._config
            public = None if config is None else {**config, "accounts": sorted(config["accounts"]) if config["accounts"] is not None else None}
            return {"config": public, "throttled": sum(self._throttled.values()), "byAccount": dict(self._throttled)}


class Stats:
    """AWS calls seen (faulted ones included: the SDK made them), by action and account."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._total, self._actions, self._accounts, self._by_account = 0, {}, {}, {}

    def record(self, action, account):
        with self._lock:
            self._total += 1
            self._actions[action] = self._actions.get(action, 0) + 1
            self._accounts[account] = self._accounts.get(account, 0) + 1
            per = self._by_account.setdefault(account, {})
            per[action] = per.get(action, 0) + 1

    def snapshot(self):
        with self._lock:
            return {
                "total": self._total,
                "actions": dict(self._actions),
                "accounts": dict(self._accounts),
                "byAccount": {a: dict(per) for a, per in self._by_account.items()},
            }


def fault_response(fault, protocol, request_id):
    code, message, status = fault["error"], fault["message"], fault["status"]
    headers = {"x-amzn-RequestId": request_id}
    if protocol == "json":
        # awsJson1_x error shape; the SDK reads the code from the header or __type.
        headers["x-amzn-ErrorType"] = code
        body = json.dumps({"__type": code, "message": message})
        return Response(body, status=status, headers=headers, content_type="application/x-amz-json-1.1")
    kind = "Receiver" if status >= 500 else "Sender"
    body = (
        "<ErrorResponse><Error>"
        f"<Type>{kind}</Type><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
        f"</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    )
    return Response(body, status=status, headers=headers, content_type="text/xml")
