"""Who may open which page: a login, then a role; jurisdiction is enforced by the scoped reads.

A user without the role a page needs gets 403; an object outside the user's jurisdiction is a
404 (it does not exist for them), which the scoped querysets and ``access_*`` functions give.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from procuracy.accounts.choices import Role

# Every role may read the cases of its jurisdiction, the reports and the case database.
READERS = (Role.PROSECUTOR, Role.DEPARTMENT_HEAD, Role.STATISTICIAN)
# Those who record procedure and import cases; statisticians never change a case.
HANDLERS = (Role.PROSECUTOR, Role.DEPARTMENT_HEAD)
SUPERVISORS = (Role.DEPARTMENT_HEAD,)

View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


reader_required = role_required(*READERS)
handler_required = role_required(*HANDLERS)
supervisor_required = role_required(*SUPERVISORS)
