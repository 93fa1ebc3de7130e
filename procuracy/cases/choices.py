"""Closed vocabularies of the case package (procuracy.case/1), with their Chinese terms."""

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    SUPERVISORY_COMMISSION = "supervisory_commission", _("transferred by a supervisory commission")
    PUBLIC_SECURITY = "public_security", _("transferred by a public security organ")
    PROCURATORATE = "procuratorate", _("investigated by the procuratorate")
    OTHER = "other", _("other source")


class GangNature(models.TextChoices):
    MAFIA_TYPE = "mafia_type", _("mafia-type organization")
    EVIL_FORCE_GROUP = "evil_force_group", _("evil-force criminal group")
    EVIL_FORCE = "evil_force", _("evil force")


class FieldCode(models.TextChoices):
    PROJECT_CONSTRUCTION = "project_construction", _("project construction")
    LAND_ACQUISITION = "land_acquisition", _("land acquisition and demolition")
    PEOPLE_BENEFIT_FUNDS = "people_benefit_funds", _("funds for the people's benefit")
    SPECIAL_SUBSIDIES = "special_subsidies", _("special subsidies")
    FINANCE = "finance", _("finance")
    STATE_OWNED_ENTERPRISE = "state_owned_enterprise", _("state-owned enterprises")
    ENERGY = "energy", _("energy")
    MEDICINE = "medicine", _("medicine")
    INFRASTRUCTURE = "infrastructure", _("infrastructure")
    INFORMATION_NETWORK = "information_network", _("information networks")
    NATURAL_RESOURCES = "natural_resources", _("natural resources")
    TRANSPORTATION = "transportation", _("transportation")
    ENGINEERING_CONSTRUCTION = "engineering_construction", _("engineering construction (anti-gang key industry)")
    EDUCATION = "education", _("education")
    HEALTHCARE = "healthcare", _("healthcare")
    POVERTY_ALLEVIATION = "poverty_alleviation", _("poverty alleviation")
    ECOLOGY_ENVIRONMENT = "ecology_environment", _("ecology and environment")
    FOOD_DRUG = "food_drug", _("food and drugs")
    SOCIAL_SECURITY = "social_security", _("social security")
    JUDICIAL = "judicial", _("politics and law")
    OTHER = "other", _("other field")


# Each field's bit in the set of a case's fields that its events carry (procedure.Event.fields),
# in the order of FieldCode: a new field is added at the end, so that stored sets keep their meaning.
FIELD_BITS = {code: 1 << i for i, code in enumerate(FieldCode.values)}


def fields_mask(codes: Iterable[str]) -> int:
    mask = 0
    for code in codes:
        mask |= FIELD_BITS[code]
    return mask


def fields_in(mask: int) -> list[str]:
    return [code for code, bit in FIELD_BITS.items() if mask & bit]


# The four key industries of the anti-gang campaign (四大行业).
FOUR_INDUSTRIES = (
    FieldCode.INFORMATION_NETWORK,
    FieldCode.NATURAL_RESOURCES,
    FieldCode.TRANSPORTATION,
    FieldCode.ENGINEERING_CONSTRUCTION,
)


class Rank(models.TextChoices):
    PROVINCIAL_MINISTERIAL = "provincial_ministerial", _("provincial or ministerial level")
    DEPARTMENT_BUREAU = "department_bureau", _("department or bureau level")
    COUNTY_DIVISION = "county_division", _("county or division level")
    TOWNSHIP_SECTION = "township_section", _("township or section level")
    BELOW_TOWNSHIP = "below_township", _("clerk or below")
    GRASSROOTS = "grassroots", _("grassroots autonomous organization staff")
    SOE_MANAGER = "soe_manager", _("state-owned enterprise manager")
    NON_OFFICIAL = "non_official", _("not a public official")


TOWNSHIP_AND_BELOW = (Rank.TOWNSHIP_SECTION, Rank.BELOW_TOWNSHIP, Rank.GRASSROOTS)


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class PersonStatus(models.TextChoices):
    PRESENT = "present", _("present")
    FLED = "fled", _("fled")
    ABROAD = "abroad", _("fled abroad")
    DECEASED = "deceased", _("deceased")


ABSENT_STATUSES = (PersonStatus.FLED, PersonStatus.ABROAD, PersonStatus.DECEASED)


class Relation(models.TextChoices):
    PROTECTIVE_UMBRELLA = "protective_umbrella", _("protective umbrella of")
    SPLIT_FROM = "split_from", _("split from")
    RELATED = "related", _("related to")


class ChargeCategory(models.TextChoices):
    CORRUPTION_BRIBERY = "corruption_bribery", _("corruption and bribery")
    MALFEASANCE = "malfeasance", _("malfeasance")
    RIGHTS_INFRINGEMENT = "rights_infringement", _("infringement of citizens' rights")
    ORGANIZED_CRIME = "organized_crime", _("organized crime")
    OTHER = "other", _("other")
