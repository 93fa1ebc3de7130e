from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from procuracy.organizations.choices import Level
from procuracy.organizations.codes import SPP_CODE, code_in_scope


class Procuratorate(models.Model):
    """A people's procuratorate, keyed by the administrative-division code of its jurisdiction.

    Codes nest by prefix (XX0000 ⊃ XXXX00 ⊃ XXXXXX), so "this procuratorate and those
    below it" is a range over codes: see `scope_code_range`.
    """

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(pgettext_lazy("organ", "name"), max_length=100)
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
