"""What each statutory period is called on the pages."""

from django.utils.translation import gettext_lazy as _

DEADLINE_LABELS = {
    "review": _("review for prosecution"),
    "review_extended": _("review for prosecution (extended)"),
    "review_fast_track": _("review for prosecution (fast track)"),
    "supplementary_investigation": _("supplementary investigation"),
    "custody_decision": _("decision on a detained person"),
    "custody_decision_extended": _("decision on a detained person (extended)"),
    "arrest_review": _("review of the arrest request"),
    "recommendation_reply": _("reply to the procuratorial recommendation"),
    "non_prosecution_appeal": _("appeal against non-prosecution"),
}


def deadline_label(rule: str) -> str:
    return str(DEADLINE_LABELS.get(rule, rule))
