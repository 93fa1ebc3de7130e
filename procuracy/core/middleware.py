from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from procuracy.core.context import action_context


class RequestContextMiddleware:
    """Gives every request an id and the client address for the audit records it causes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with action_context(ip_address=request.META.get("REMOTE_ADDR"), channel="web"):
            return self.get_response(request)
