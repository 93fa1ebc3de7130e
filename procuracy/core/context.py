"""The request or command a write belongs to, so that audit records can name it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ActionContext:
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    ip_address: str | None = None
    channel: str = "web"


_current: ContextVar[ActionContext | None] = ContextVar("procuracy_action_context", default=None)


def current_context() -> ActionContext:
    return _current.get() or ActionContext(channel="system")


@contextmanager
def action_context(*, ip_address: str | None = None, channel: str = "web") -> Iterator[ActionContext]:
    ctx = ActionContext(ip_address=ip_address, channel=channel)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
