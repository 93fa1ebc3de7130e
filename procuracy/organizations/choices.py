from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    SUPREME = 0, _("Supreme People's Procuratorate")
    PROVINCIAL = 1, _("provincial level")
    PREFECTURE = 2, _("prefecture level")
    COUNTY = 3, _("county level")
