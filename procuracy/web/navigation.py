"""The main menu, by role, with the number of things waiting for the user."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from procuracy.web.permissions import HANDLERS, READERS, SUPERVISORS


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str | Promise
    roles: tuple[str, ...]


MENU = (
    MenuEntry("web:queue", _("My work"), HANDLERS),
    MenuEntry("web:case-list", _("Cases"), READERS),
    MenuEntry("web:approvals", _("Approvals"), SUPERVISORS),
    MenuEntry("web:supervision", _("Supervision"), READERS),
    MenuEntry("reports:dashboard", _("Reports"), READERS),
    MenuEntry("knowledge:search", _("Case database"), READERS),
    MenuEntry("knowledge:sentencing", _("Sentencing"), READERS),
    MenuEntry("interchange:upload", _("Import"), HANDLERS),
)


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    path = request.path
    for entry in MENU:
        if not user.has_role(*entry.roles):
            continue
        url = reverse(entry.url_name)
        current = path.startswith(url) if url != "/" else path == "/"
        items.append({"url": url, "label": entry.label, "current": current})
    return {"navigation": items}
