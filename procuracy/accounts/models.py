from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from procuracy.accounts.choices import Role
from procuracy.organizations.codes import SPP_CODE

SYSTEM_USERNAME = "system"


class ProcuracyUserManager(UserManager["User"]):
    def create_superuser(self, username, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def]
        extra_fields.setdefault("procuratorate_id", SPP_CODE)
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A member of one procuratorate; what they see is that procuratorate and those below it."""

    procuratorate = models.ForeignKey(
        "organizations.Procuratorate", on_delete=models.PROTECT, related_name="users",
        verbose_name=_("procuratorate"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PROSECUTOR, blank=True)

    objects = ProcuracyUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def scope_code(self) -> str:
        return self.procuratorate_id

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role) and (self.role in roles or self.role == Role.ADMINISTRATOR)


def system_user() -> User:
    """The actor of writes made by the system itself (command line without --as, migrations)."""
    user, _created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"procuratorate_id": SPP_CODE, "role": Role.ADMINISTRATOR, "first_name": "系统",
                  "password": make_password(None)},
    )
    return user


class Assignment(models.Model):
    """The prosecutor who handles a case (承办检察官): their work queue is built from these."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="assignment",
                                verbose_name=_("case"))
    handler = models.ForeignKey(User, on_delete=models.PROTECT, related_name="assignments",
                                verbose_name=_("handled by"))
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by"))
    assigned = models.DateTimeField(_("assigned"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.case_id} → {self.handler}"
