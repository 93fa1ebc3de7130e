from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventType(models.TextChoices):
    ACCEPTED = "accepted", _("accepted for review for prosecution")
    DETAINED = "detained", pgettext_lazy("event", "criminal detention")
    ARREST_REQUESTED = "arrest_requested", _("arrest approval requested")
    ARREST_APPROVED = "arrest_approved", _("arrest approved")
    ARREST_DENIED = "arrest_denied", _("arrest not approved")
    ARREST_DECIDED = "arrest_decided", _("arrest decided")
    BAIL = "bail", _("bail pending trial")
    RESIDENTIAL_SURVEILLANCE = "residential_surveillance", _("residential surveillance")
    REVIEW_EXTENDED = "review_extended", _("review period extended")
    RETURNED = "returned", _("returned for supplementary investigation")
    RESUBMITTED = "resubmitted", _("re-transferred after a return")
    PROSECUTED = "prosecuted", _("public prosecution instituted")
    NOT_PROSECUTED = "not_prosecuted", _("decision not to prosecute")
    CONFISCATION_APPLIED = "confiscation_applied", _("application to confiscate illegal gains")
    CONFISCATION_RULED = "confiscation_ruled", _("ruling on confiscation")
    JUDGMENT = "judgment", _("first-instance judgment")
    PROTESTED = "protested", _("protest against a judgment")


# Events that may precede the day the procuratorate received the case (case-package.md).
MAY_PRECEDE_RECEIPT = frozenset(
    {
        EventType.ARREST_REQUESTED,
        EventType.ARREST_APPROVED,
        EventType.ARREST_DENIED,
        EventType.ARREST_DECIDED,
        EventType.DETAINED,
        EventType.BAIL,
        EventType.RESIDENTIAL_SURVEILLANCE,
    }
)


class NonProsecutionKind(models.TextChoices):
    STATUTORY = "statutory", _("statutory non-prosecution")
    DISCRETIONARY = "discretionary", _("discretionary non-prosecution")
    EVIDENTIARY = "evidentiary", _("non-prosecution for insufficient evidence")


class SentenceKind(models.TextChoices):
    FIXED_TERM = "fixed_term", _("fixed-term imprisonment")
    CRIMINAL_DETENTION = "criminal_detention", pgettext_lazy("sentence", "criminal detention")
    PUBLIC_SURVEILLANCE = "public_surveillance", _("public surveillance")
    LIFE = "life", _("life imprisonment")
    DEATH_SUSPENDED = "death_suspended", _("death with reprieve")
    DEATH = "death", _("death")
    EXEMPTED = "exempted", _("exempted from punishment")
    ACQUITTED = "acquitted", _("acquitted")


class Stage(models.TextChoices):
    RECEIVED = "received", _("received")
    UNDER_REVIEW = "under_review", _("under review for prosecution")
    RETURNED = "returned", _("out for supplementary investigation")
    PROSECUTED = "prosecuted", _("prosecuted")
    NOT_PROSECUTED = "not_prosecuted", _("not prosecuted")
    JUDGED = "judged", _("judged")
    CONFISCATION = "confiscation", _("confiscation proceedings")


OPEN_STAGES = (Stage.RECEIVED, Stage.UNDER_REVIEW, Stage.RETURNED)


class ApprovalKind(models.TextChoices):
    NON_PROSECUTION = "non_prosecution", _("non-prosecution of a case transferred by a supervisory commission")
    MERITORIOUS = "meritorious", _("non-prosecution for major meritorious service")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")
