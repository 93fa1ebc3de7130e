from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from procuracy.organizations.choices import Level

SPP_CODE = "SPP"


class Procuratorate(models.Model):
    """A people's procuratorate, keyed by the administrative-division code of its jurisdiction.

    Codes nest by prefix (XX0000 ⊃ XXXX00 ⊃ XXXXXX), so "this procuratorate and those
    below it" is a range over codes: see `scope_code_range`.
    """

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_name = models.CharField(_("division"), max_length=50, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procuratorate")
        verbose_name_plural = _("procuratorates")

    def __str__(self) -> str:
        return self.name

    @property
    def is_supreme(self) -> bool:
        return self.code == SPP_CODE

    def contains(self, code: str) -> bool:
        return code_in_scope(code, self.code)


def scope_prefix(scope_code: str) -> str:
    """The code prefix shared by a procuratorate and every procuratorate below it."""
    if scope_code == SPP_CODE:
        return ""
    if scope_code.endswith("0000"):
        return scope_code[:2]
    if scope_code.endswith("00"):
        return scope_code[:4]
    return scope_code


def code_in_scope(code: str, scope_code: str) -> bool:
    if scope_code == SPP_CODE:
        return True
    if code == SPP_CODE:
        return False
    return code.startswith(scope_prefix(scope_code))


def scope_code_range(scope_code: str) -> tuple[str, str] | None:
    """[low, high) bounds of the codes in a scope, usable with an index; None means all."""
    prefix = scope_prefix(scope_code)
    if not prefix:
        return None
    if len(prefix) == 6:
        return prefix, prefix + "\x00"
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def parent_code_of(code: str, existing: set[str] | frozenset[str]) -> str | None:
    """The parent by the rule of the case-package spec: county → prefecture if it exists, else province."""
    if code == SPP_CODE:
        return None
    if code.endswith("0000"):
        return SPP_CODE
    province = code[:2] + "0000"
    if code.endswith("00"):
        return province
    prefecture = code[:4] + "00"
    return prefecture if prefecture in existing else province
