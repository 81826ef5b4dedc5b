"""Time parsing shared by the sandbox endpoints."""

from datetime import datetime, timezone


def parse_time(value):
    """ISO 8601 -> naive UTC datetime, the form moto stores (see moto.core.utils.utcnow)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment
