"""Statutory sentencing brackets for the common duty crimes and art. 294, versioned by date.

Covers 贪污 (CL arts. 382-383), 受贿 (385-386, punished under 383), 行贿 (389-390), 挪用公款 (384),
滥用职权 and 玩忽职守 (397) and 组织、领导、参加黑社会性质组织 (294). Each :class:`SentencingRule` is
one version of the law for one charge, in force from ``effective_from`` to ``effective_to``
(inclusive); :func:`assess` picks the version in force on the offence date and reads the bracket
from the amount, the loss, the role and the circumstances.

Sources are cited as ``basis`` strings; the texts are those of ``shared/docs/law-reference.md``
(current Criminal Law, Amendment XII, Interpretation 法释〔2016〕9号, the 2012 dereliction
interpretation). Versions older than the law-reference (the 1997 texts of arts. 383, 390 and 294)
are written from the 1997 Criminal Law as enacted and flagged in their notes.

The notes are :class:`Note` values: English source text and its values, translated into the active
language only when shown. Apart from that translation the module is pure Python: the benchmarks
use it without Django settings, where a note stays in its English source text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext

__all__ = [
    "CHARGES",
    "MITIGATING",
    "ROLES",
    "Assessment",
    "Bracket",
    "FinePolicy",
    "Note",
    "SentencingLawError",
    "SentencingRule",
    "Threshold",
    "UnknownCharge",
    "UnknownCircumstance",
    "UnknownRole",
    "assess",
    "circumstances_for",
    "normalise_charge",
    "rule_for",
    "rules_for",
]

EMBEZZLEMENT = "贪污"
BRIBE_TAKING = "受贿"
BRIBE_GIVING = "行贿"
MISAPPROPRIATION = "挪用公款"
ABUSE_OF_POWER = "滥用职权"
DERELICTION = "玩忽职守"
MAFIA_TYPE_ORGANIZATION = "组织、领导、参加黑社会性质组织"

CHARGES: tuple[str, ...] = (
    EMBEZZLEMENT,
    BRIBE_TAKING,
    BRIBE_GIVING,
    MISAPPROPRIATION,
    ABUSE_OF_POWER,
    DERELICTION,
    MAFIA_TYPE_ORGANIZATION,
)
# The names the judgments corpus and the case registry use for art. 294 and the bare 罪 forms.
_ALIASES: Mapping[str, str] = {
    "组织、领导、参加黑社会性质的组织": MAFIA_TYPE_ORGANIZATION,
    "组织、领导黑社会性质组织": MAFIA_TYPE_ORGANIZATION,
    "组织、领导黑社会性质的组织": MAFIA_TYPE_ORGANIZATION,
    "参加黑社会性质组织": MAFIA_TYPE_ORGANIZATION,
    "黑社会性质组织": MAFIA_TYPE_ORGANIZATION,
}

# Art. 294 roles, from the lightest bracket to the heaviest. Tiers follow severity (member 1,
# active 2, leader 3) so that a higher tier always means a heavier bracket, as for the other charges.
ROLES: tuple[str, ...] = ("member", "active", "leader")
_ROLE_TIER: Mapping[str, int] = {"member": 1, "active": 2, "leader": 3}

MITIGATING: tuple[str, ...] = ("surrender", "confession", "restitution", "guilty_plea", "meritorious_service")

# Interp arts. 1-3: the circumstances that lower the 贪污/受贿 amount thresholds.
_EMBEZZLEMENT_CIRCUMSTANCES = (
    # art. 1 para 2 (一): 救灾、抢险、防汛、优抚、扶贫、移民、救济、防疫、社会捐助等特定款物
    "special_funds",
    "prior_discipline",  # 曾因贪污、受贿、挪用公款受过党纪、行政处分 (二)
    "prior_conviction",  # 曾因故意犯罪受过刑事追究 (三)
    "illegal_use",  # 赃款赃物用于非法活动 (四)
    "refused_disclosure",  # 拒不交待赃款赃物去向或者拒不配合追缴工作，致使无法追缴 (五)
    "bad_impact",  # 造成恶劣影响或者其他严重后果 (六)
)
_BRIBE_TAKING_CIRCUMSTANCES = (
    *_EMBEZZLEMENT_CIRCUMSTANCES[1:],  # art. 1 para 3: items (二)-(六) of para 2
    "repeated_solicitation",  # 多次索贿
    "improper_benefit_loss",  # 为他人谋取不正当利益，致使公共财产、国家和人民利益遭受损失
    "promotion_seeking",  # 为他人谋取职务提拔、调整
)
# Interp art. 7 para 2 items (一)-(五): they lower the 行贿 thresholds in every version.
_BRIBE_GIVING_ITEMS = (
    "multiple_persons",  # 向三人以上行贿 (XII para 2 (一): 多次行贿或者向多人行贿)
    "illegal_gains",  # 将违法所得用于行贿 (XII (七))
    "promotion",  # 通过行贿谋取职务提拔、调整 (XII (四))
    "regulator",  # 向负有食品、药品、安全生产、环境保护等监督管理职责的国家工作人员行贿 (≈ XII (六))
    "judicial_staff",  # 向司法工作人员行贿 (XII (五) also covers supervisory and enforcement staff)
)
# Amendment XII para 2 items with no counterpart in the interpretation: 从重 only, no threshold effect.
_BRIBE_GIVING_XII_ONLY = (
    "state_functionary",  # (二) 国家工作人员行贿
    "key_project",  # (三) 在国家重点工程、重大项目中行贿
    "key_field",  # (六) 在生态环境、财政金融、安全生产、食品药品…教育、医疗等领域行贿
)
_MISAPPROPRIATION_CIRCUMSTANCES = (
    "illegal_activities",  # 进行非法活动 (Interp art. 5)
    "profit_or_unreturned",  # 进行营利活动或者超过三个月未还 (art. 6): the default use
    "special_funds",  # 救灾、抢险、防汛、优抚、扶贫、移民、救济特定款物 (arts. 5-6 (二); CL 384 para 2 从重)
    "not_returned",  # 不退还 (arts. 5-6 (三); CL 384 数额巨大不退还)
)
_DERELICTION_CIRCUMSTANCES = (
    "casualties",  # 死亡1人以上，或者重伤3人以上，或者轻伤9人以上… (渎职解释（一） art. 1 para 1 (一))
    "bad_impact",  # 造成恶劣社会影响 (para 1 (三))
    "mass_casualties",  # 伤亡达到前款第（一）项规定人数3倍以上 (para 2 (一))
    "especially_bad_impact",  # 造成特别恶劣社会影响 (para 2 (四))
    "cover_up",  # 不报、迟报、谎报…致使损失后果持续、扩大或者抢救工作延误 (para 2 (三))
    "personal_gain",  # 徇私舞弊 (CL art. 397 para 2: heavier brackets)
)


def gettext_noop(message: str) -> str:
    """Marks ``message`` for makemessages, which looks for this name.

    Django's own ``gettext_noop`` reads the settings, which the benchmarks do not configure (the
    same reason ``django.conf.global_settings`` defines its own); :class:`Note` translates later.
    """
    return message


@dataclass(frozen=True, slots=True)
class Note(Promise):
    """A note in the active language when shown: a message (English source text) and its values.

    The message is translated by ``str()``, so an assessment made in one request or command reads
    in the language of the page or terminal that shows it. Notes compare and hash by message and
    values, which lets :func:`assess` drop repeated notes without translating anything.
    """

    message: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, message: str, **params: object) -> Note:
        return cls(message, tuple((name, str(value)) for name, value in params.items()))

    def __str__(self) -> str:
        text = gettext(self.message) if settings.configured else self.message
        return text % dict(self.params) if self.params else text


_INTERP = "Interpretation 法释〔2016〕9号"
_DERELICTION_INTERP = "Interpretation on dereliction cases (一) (2012-12-07, in force 2013-01-09)"
_UNVERIFIED_1997 = Note(
    gettext_noop(
        "This version follows the 1997 Criminal Law as enacted, which the project's law-reference does "
        "not quote (it gives the current text only); verify before relying on it."
    )
)


class SentencingLawError(ValueError):
    """Base of the errors raised for a request the law tables cannot answer."""


class UnknownCharge(SentencingLawError):
    def __init__(self, charge: str) -> None:
        self.charge = charge
        super().__init__(f"no sentencing rule for the charge {charge!r}; known charges: {', '.join(CHARGES)}")


class UnknownCircumstance(SentencingLawError):
    def __init__(self, circumstance: str, charge: str, valid: Collection[str]) -> None:
        self.circumstance = circumstance
        self.charge = charge
        self.valid = tuple(sorted(valid))
        super().__init__(
            f"unknown circumstance {circumstance!r} for {charge}; "
            f"valid circumstances: {', '.join(self.valid)}"
        )


class UnknownRole(SentencingLawError):
    def __init__(self, role: str | None) -> None:
        self.role = role
        wanted = ", ".join(ROLES)
        super().__init__(
            f"art. 294 needs a role ({wanted})"
            if role is None
            else f"unknown role {role!r}; valid roles: {wanted}"
        )


# --------------------------------------------------------------------------------------------
# Data structures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinePolicy:
    """The fine that goes with a bracket: from ``minimum`` up to a fixed cap or a multiple of the amount.

    ``confiscation``: the article imposes a fine or confiscation of property (并处罚金或者没收财产);
    :func:`assess` says so in a note beside the fine range.
    """

    minimum: Decimal
    basis: str
    maximum: Decimal | None = None
    multiple: Decimal | None = None
    confiscation: bool = False

    def bounds(self, amount: Decimal | None) -> tuple[Decimal, Decimal | None]:
        if self.maximum is not None:
            return self.minimum, self.maximum
        if self.multiple is None or amount is None:
            return self.minimum, None
        # When twice a small amount is below the floor, the floor is also the cap: the
        # interpretation sets both bounds and gives no rule for the overlap; the lower reading is kept.
        return self.minimum, max(self.minimum, amount * self.multiple)


@dataclass(frozen=True, slots=True)
class Bracket:
    """One penalty bracket of an article. ``months_min`` is 0 where 拘役 (criminal detention) is allowed;
    ``months_max`` is 180 (the 15-year cap of a single fixed term) for open-ended brackets."""

    tier: int
    months_min: int
    months_max: int
    basis: str
    life: bool = False
    death: bool = False
    fine: FinePolicy | None = None
    note: Note | None = None


@dataclass(frozen=True, slots=True)
class Threshold:
    """A condition that puts the offence at least in ``tier``: every given part must hold."""

    tier: int
    basis: str
    amount: Decimal | None = None  # the amount involved must be at least this
    loss: Decimal | None = None  # the loss caused must be at least this
    any_of: frozenset[str] = frozenset()  # at least one of these circumstances
    all_of: frozenset[str] = frozenset()  # every one of these circumstances
    role: str | None = None

    def met(
        self, amount: Decimal | None, loss: Decimal | None, circumstances: frozenset[str], role: str | None
    ) -> bool:
        if self.amount is not None and (amount is None or amount < self.amount):
            return False
        if self.loss is not None and (loss is None or loss < self.loss):
            return False
        if self.any_of and not self.any_of & circumstances:
            return False
        if not self.all_of <= circumstances:
            return False
        return self.role is None or self.role == role


@dataclass(frozen=True, slots=True)
class SentencingRule:
    """One version of the sentencing law for one charge."""

    charge: str
    effective_from: date
    effective_to: date | None
    basis: tuple[str, ...]
    thresholds: tuple[Threshold, ...]
    brackets: tuple[Bracket, ...]
    aggravating: frozenset[str] = frozenset()  # circumstances that weigh against the accused here
    inert: frozenset[str] = frozenset()  # valid names with no statutory effect in this version
    alternative_brackets: Mapping[str, tuple[Bracket, ...]] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def bracket(self, tier: int, circumstances: Collection[str] = ()) -> Bracket | None:
        brackets = self.brackets
        for circumstance, alternative in self.alternative_brackets.items():
            if circumstance in circumstances:
                brackets = alternative
        return next((b for b in brackets if b.tier == tier), None)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The statutory position of one offence: its bracket, range, fine range and legal basis."""

    charge: str
    amount: Decimal | None
    tier: int  # 0: below the threshold for prosecution; 1-3: the article's brackets, lightest first
    months_min: int
    months_max: int
    life: bool
    death: bool
    fine_min: Decimal | None
    fine_max: Decimal | None
    basis: tuple[str, ...]
    mitigating: tuple[str, ...]
    aggravating: tuple[str, ...]
    notes: tuple[Note, ...]
    rule: SentencingRule
    loss: Decimal | None = None
    role: str | None = None


# --------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------

_Y = Decimal
_DAY = timedelta(days=1)
_AMENDMENT_IX = date(2015, 11, 1)
_AMENDMENT_XII = date(2024, 3, 1)
_AMENDMENT_VIII = date(2011, 5, 1)
_CL_1997 = date(1997, 10, 1)
_INTERP_2016 = date(2016, 4, 18)
_DERELICTION_2013 = date(2013, 1, 9)


def _corruption_rules(charge: str) -> tuple[SentencingRule, ...]:
    """贪污 and 受贿 share art. 383's brackets (art. 386 sends 受贿 to 383); their lists differ."""
    if charge == EMBEZZLEMENT:
        listed = frozenset(_EMBEZZLEMENT_CIRCUMSTANCES)
        para = "para 2"
        articles: tuple[str, ...] = ("Criminal Law art. 382",)
        old_articles: tuple[str, ...] = ("Criminal Law (1997) art. 382",)
        extra_notes: tuple[Note, ...] = ()
    else:
        listed = frozenset(_BRIBE_TAKING_CIRCUMSTANCES)
        para = "para 3"
        articles = ("Criminal Law art. 385", "Criminal Law art. 386")
        old_articles = ("Criminal Law (1997) art. 385", "Criminal Law (1997) art. 386")
        extra_notes = (Note(gettext_noop("Soliciting a bribe is punished more heavily (art. 386).")),)
    old = SentencingRule(
        charge=charge,
        effective_from=_CL_1997,
        effective_to=_AMENDMENT_IX - _DAY,
        basis=(*old_articles, "Criminal Law (1997) art. 383"),
        thresholds=(
            Threshold(1, "Criminal Law (1997) art. 383(1)(三)", amount=_Y(5_000)),
            Threshold(2, "Criminal Law (1997) art. 383(1)(二)", amount=_Y(50_000)),
            Threshold(3, "Criminal Law (1997) art. 383(1)(一)", amount=_Y(100_000)),
        ),
        brackets=(
            Bracket(
                1,
                12,
                84,
                "Criminal Law (1997) art. 383(1)(三)",
                note=Note(gettext_noop("Serious circumstances: 7 to 10 years.")),
            ),
            Bracket(
                2,
                60,
                180,
                "Criminal Law (1997) art. 383(1)(二)",
                note=Note(
                    gettext_noop(
                        "Especially serious circumstances: life imprisonment, with confiscation of "
                        "property."
                    )
                ),
            ),
            Bracket(
                3,
                120,
                180,
                "Criminal Law (1997) art. 383(1)(一)",
                life=True,
                note=Note(
                    gettext_noop(
                        "Especially serious circumstances: death, with confiscation of property."
                    )
                ),
            ),
        ),
        # The 1997 text has no listed circumstances that move the thresholds.
        inert=listed,
        notes=(
            _UNVERIFIED_1997,
            Note(
                gettext_noop("The 1997 text sets no fine (property may be confiscated), hence no fine range.")
            ),
            Note(
                gettext_noop(
                    "Under 5,000 yuan, relatively serious circumstances allow up to 2 years or criminal "
                    "detention (art. 383(1)(四)); this is not returned as a bracket (conservative reading: "
                    "below the threshold for prosecution)."
                )
            ),
            Note(
                gettext_noop(
                    "CL art. 12 (the earlier law applies unless the later one is lighter): a court deciding "
                    "after 2015-11-01 applies the amended art. 383 with Interpretation 法释〔2016〕9号 where "
                    "that is lighter; compare with an offence date on or after 2015-11-01."
                )
            ),
            *extra_notes,
        ),
    )
    new = SentencingRule(
        charge=charge,
        effective_from=_AMENDMENT_IX,
        effective_to=None,
        basis=(
            *articles,
            "Criminal Law art. 383 (Amendment IX)",
            f"{_INTERP} arts. 1-3",
        ),
        thresholds=(
            Threshold(1, f"{_INTERP} art. 1 para 1", amount=_Y(30_000)),
            Threshold(1, f"{_INTERP} art. 1 {para}", amount=_Y(10_000), any_of=listed),
            Threshold(2, f"{_INTERP} art. 2 para 1", amount=_Y(200_000)),
            Threshold(2, f"{_INTERP} art. 2 {para}", amount=_Y(100_000), any_of=listed),
            Threshold(3, f"{_INTERP} art. 3 para 1", amount=_Y(3_000_000)),
            Threshold(3, f"{_INTERP} art. 3 {para}", amount=_Y(1_500_000), any_of=listed),
        ),
        brackets=(
            Bracket(
                1,
                0,
                36,
                "Criminal Law art. 383(1)(一)",
                fine=FinePolicy(_Y(100_000), f"{_INTERP} art. 19 para 1", maximum=_Y(500_000)),
            ),
            Bracket(
                2,
                36,
                120,
                "Criminal Law art. 383(1)(二)",
                fine=FinePolicy(
                    _Y(200_000),
                    f"{_INTERP} art. 19 para 1",
                    multiple=_Y(2),
                    confiscation=True,
                ),
            ),
            Bracket(
                3,
                120,
                180,
                "Criminal Law art. 383(1)(三)",
                life=True,
                fine=FinePolicy(
                    _Y(500_000),
                    f"{_INTERP} art. 19 para 1",
                    multiple=_Y(2),
                    confiscation=True,
                ),
                note=Note(
                    gettext_noop(
                        "Death only where the amount is especially huge and the loss to the state and the "
                        "people especially heavy (art. 383(1)(三); Interp art. 4); with a suspended death "
                        "sentence the court may order life imprisonment without commutation or parole "
                        "(art. 383(4))."
                    )
                ),
            ),
        ),
        aggravating=listed,
        notes=(
            Note(
                gettext_noop(
                    "Interpretation 法释〔2016〕9号 took effect on 2016-04-18; it interprets art. 383 as "
                    "amended on 2015-11-01 and a judicial interpretation applies for the whole period of the "
                    "law it interprets, so its thresholds are used for offences from 2015-11-01."
                )
            ),
            Note(gettext_noop("Unpunished repeated offences are summed (art. 383(2)).")),
            *extra_notes,
        ),
    )
    return old, new


def _bribe_giving_rules() -> tuple[SentencingRule, ...]:
    items = frozenset(_BRIBE_GIVING_ITEMS)
    thresholds = (
        Threshold(1, f"{_INTERP} art. 7 para 1", amount=_Y(30_000)),
        Threshold(1, f"{_INTERP} art. 7 para 2 (一)-(五)", amount=_Y(10_000), any_of=items),
        Threshold(1, f"{_INTERP} art. 7 para 2 (六)", amount=_Y(10_000), loss=_Y(500_000)),
        Threshold(2, f"{_INTERP} art. 8 para 1 (一)", amount=_Y(1_000_000)),
        Threshold(2, f"{_INTERP} art. 8 para 1 (二)", amount=_Y(500_000), any_of=items),
        # 重大损失 (art. 8 para 2). A loss raises the bracket only once the bribe is itself prosecutable
        # (conservative reading: the interpretation ties losses to a 行贿 that is a crime).
        Threshold(2, f"{_INTERP} art. 8 para 2", amount=_Y(10_000), loss=_Y(1_000_000)),
        Threshold(3, f"{_INTERP} art. 9 para 1 (一)", amount=_Y(5_000_000)),
        Threshold(3, f"{_INTERP} art. 9 para 1 (二)", amount=_Y(2_500_000), any_of=items),
        Threshold(3, f"{_INTERP} art. 9 para 2", amount=_Y(10_000), loss=_Y(5_000_000)),
    )
    xii_only = frozenset(_BRIBE_GIVING_XII_ONLY)

    def fine(confiscation: bool = False) -> FinePolicy:
        return FinePolicy(_Y(100_000), f"{_INTERP} art. 19 para 2", multiple=_Y(2), confiscation=confiscation)

    pre_ix = SentencingRule(
        charge=BRIBE_GIVING,
        effective_from=_CL_1997,
        effective_to=_AMENDMENT_IX - _DAY,
        basis=("Criminal Law (1997) art. 389", "Criminal Law (1997) art. 390", f"{_INTERP} arts. 7-9"),
        thresholds=thresholds,
        brackets=(
            Bracket(1, 0, 60, "Criminal Law (1997) art. 390(1)"),
            Bracket(2, 60, 120, "Criminal Law (1997) art. 390(1)"),
            Bracket(
                3,
                120,
                180,
                "Criminal Law (1997) art. 390(1)",
                life=True,
                note=Note(gettext_noop("Confiscation of property may be added.")),
            ),
        ),
        aggravating=items,
        inert=xii_only,
        notes=(
            _UNVERIFIED_1997,
            Note(gettext_noop("The 1997 text sets no fine, hence no fine range.")),
            Note(
                gettext_noop(
                    "Thresholds: Interpretation 法释〔2016〕9号, which governs cases decided after 2016-04-18; "
                    "the 2012 bribery interpretation used before it is not encoded (not in the "
                    "law-reference)."
                )
            ),
            Note(
                gettext_noop(
                    "Confessing the bribery before prosecution: may be mitigated or exempted from punishment "
                    "(1997 art. 390(2))."
                )
            ),
            Note(
                gettext_noop(
                    "CL art. 12 (the earlier law applies unless the later one is lighter): the 1997 text "
                    "carries no fine, so it usually stays the lighter law."
                )
            ),
        ),
    )
    ix = SentencingRule(
        charge=BRIBE_GIVING,
        effective_from=_AMENDMENT_IX,
        effective_to=_AMENDMENT_XII - _DAY,
        basis=("Criminal Law art. 389", "Criminal Law art. 390 (Amendment IX)", f"{_INTERP} arts. 7-9"),
        thresholds=thresholds,
        brackets=(
            Bracket(1, 0, 60, "Criminal Law art. 390(1) (Amendment IX)", fine=fine()),
            Bracket(2, 60, 120, "Criminal Law art. 390(1) (Amendment IX)", fine=fine()),
            Bracket(
                3,
                120,
                180,
                "Criminal Law art. 390(1) (Amendment IX)",
                life=True,
                fine=fine(confiscation=True),
            ),
        ),
        aggravating=items,
        inert=xii_only,
        notes=(
            Note(
                gettext_noop(
                    "Confessing the bribery before prosecution: may be punished lightly or mitigated; where "
                    "the crime is minor, the confession was key to solving a major case, or there was major "
                    "meritorious service: may be mitigated or exempted from punishment (art. 390(2))."
                )
            ),
        ),
    )
    xii = SentencingRule(
        charge=BRIBE_GIVING,
        effective_from=_AMENDMENT_XII,
        effective_to=None,
        basis=("Criminal Law art. 389", "Criminal Law art. 390 (Amendment XII)", f"{_INTERP} arts. 7-9"),
        thresholds=thresholds,
        brackets=(
            Bracket(1, 0, 36, "Criminal Law art. 390(1) (Amendment XII)", fine=fine()),
            Bracket(2, 36, 120, "Criminal Law art. 390(1) (Amendment XII)", fine=fine()),
            Bracket(
                3,
                120,
                180,
                "Criminal Law art. 390(1) (Amendment XII)",
                life=True,
                fine=fine(confiscation=True),
            ),
        ),
        aggravating=items | xii_only,
        notes=(
            Note(
                gettext_noop(
                    "Unverified: no interpretation after Amendment XII is known to the law-reference; the "
                    "thresholds of Interpretation 法释〔2016〕9号 arts. 7-9 are kept (conservative reading)."
                )
            ),
            Note(
                gettext_noop(
                    "Art. 390(2) (Amendment XII): the listed circumstances are punished more heavily."
                )
            ),
            Note(
                gettext_noop(
                    "Confessing the bribery before prosecution: may be punished lightly or mitigated; where "
                    "the crime is minor, the confession was key to solving a major case, or there was major "
                    "meritorious service: may be mitigated or exempted from punishment (art. 390(3); "
                    "Interp art. 14 still cites the old para 2)."
                )
            ),
        ),
    )
    return pre_ix, ix, xii


def _misappropriation_rules() -> tuple[SentencingRule, ...]:
    illegal = "illegal_activities"
    profit = "profit_or_unreturned"
    special = "special_funds"
    kept = "not_returned"
    art5 = f"{_INTERP} art. 5"
    art6 = f"{_INTERP} art. 6"
    return (
        SentencingRule(
            charge=MISAPPROPRIATION,
            effective_from=_INTERP_2016,
            effective_to=None,
            basis=("Criminal Law art. 384", f"{_INTERP} arts. 5-6"),
            thresholds=(
                Threshold(1, f"{art5} para 1", amount=_Y(30_000), all_of=frozenset({illegal})),
                Threshold(2, f"{art5} (一)", amount=_Y(1_000_000), all_of=frozenset({illegal})),
                Threshold(2, f"{art5} (二)", amount=_Y(500_000), all_of=frozenset({illegal, special})),
                Threshold(2, f"{art5} (三)", amount=_Y(500_000), all_of=frozenset({illegal, kept})),
                Threshold(
                    3,
                    f"{art5} para 1; Criminal Law art. 384(1)",
                    amount=_Y(3_000_000),
                    all_of=frozenset({illegal, kept}),
                ),
                Threshold(1, f"{art6} para 1", amount=_Y(50_000), all_of=frozenset({profit})),
                Threshold(2, f"{art6} (一)", amount=_Y(2_000_000), all_of=frozenset({profit})),
                Threshold(2, f"{art6} (二)", amount=_Y(1_000_000), all_of=frozenset({profit, special})),
                Threshold(2, f"{art6} (三)", amount=_Y(1_000_000), all_of=frozenset({profit, kept})),
                Threshold(
                    3,
                    f"{art6} para 1; Criminal Law art. 384(1)",
                    amount=_Y(5_000_000),
                    all_of=frozenset({profit, kept}),
                ),
            ),
            brackets=(
                Bracket(1, 0, 60, "Criminal Law art. 384(1)"),
                Bracket(2, 60, 180, "Criminal Law art. 384(1) (情节严重)"),
                Bracket(3, 120, 180, "Criminal Law art. 384(1) (数额巨大不退还)", life=True),
            ),
            aggravating=frozenset({special, kept}),
            notes=(
                Note(gettext_noop("Art. 384 sets no fine, hence no fine range.")),
                Note(
                    gettext_noop(
                        "A huge amount that was returned stays in the second bracket; the third needs a huge "
                        "amount that is not returned."
                    )
                ),
                Note(
                    gettext_noop("Relief, disaster or poverty funds are punished more heavily (art. 384(2)).")
                ),
            ),
        ),
    )


def _dereliction_rules(charge: str) -> tuple[SentencingRule, ...]:
    article = "Criminal Law art. 397"
    return (
        SentencingRule(
            charge=charge,
            effective_from=_DERELICTION_2013,
            effective_to=None,
            basis=(article, f"{_DERELICTION_INTERP} art. 1"),
            thresholds=(
                Threshold(1, f"{_DERELICTION_INTERP} art. 1 para 1 (二)", loss=_Y(300_000)),
                Threshold(
                    1,
                    f"{_DERELICTION_INTERP} art. 1 para 1 (一), (三)",
                    any_of=frozenset({"casualties", "bad_impact"}),
                ),
                Threshold(2, f"{_DERELICTION_INTERP} art. 1 para 2 (二)", loss=_Y(1_500_000)),
                Threshold(
                    2,
                    f"{_DERELICTION_INTERP} art. 1 para 2 (一), (四)",
                    any_of=frozenset({"mass_casualties", "especially_bad_impact"}),
                ),
                Threshold(
                    2,
                    f"{_DERELICTION_INTERP} art. 1 para 2 (三)",
                    loss=_Y(300_000),
                    all_of=frozenset({"cover_up"}),
                ),
                Threshold(
                    2,
                    f"{_DERELICTION_INTERP} art. 1 para 2 (三)",
                    any_of=frozenset({"casualties", "bad_impact"}),
                    all_of=frozenset({"cover_up"}),
                ),
            ),
            brackets=(
                Bracket(1, 0, 36, f"{article}(1)"),
                Bracket(2, 36, 84, f"{article}(1) (情节特别严重)"),
            ),
            alternative_brackets={
                "personal_gain": (
                    Bracket(1, 0, 60, f"{article}(2) (徇私舞弊)"),
                    Bracket(2, 60, 120, f"{article}(2) (徇私舞弊, 情节特别严重)"),
                ),
            },
            aggravating=frozenset(_DERELICTION_CIRCUMSTANCES),
            notes=(
                Note(gettext_noop("Art. 397 sets no fine, hence no fine range.")),
                Note(
                    gettext_noop(
                        "Where another article of Chapter IX covers the conduct, that article applies (art. "
                        "397; dereliction interpretation art. 2)."
                    )
                ),
            ),
        ),
    )


def _mafia_rules() -> tuple[SentencingRule, ...]:
    def thresholds(basis: str) -> tuple[Threshold, ...]:
        return tuple(Threshold(tier, basis, role=role) for role, tier in _ROLE_TIER.items())

    strict = Note(
        gettext_noop(
            "Leniency for mafia-type and gang crimes is applied strictly (2021 sentencing opinion; that text "
            "is not verified against an official copy)."
        )
    )
    joint = Note(
        gettext_noop(
            "Other crimes committed by the organization's members are punished cumulatively (art. 294(4))."
        )
    )
    return (
        SentencingRule(
            charge=MAFIA_TYPE_ORGANIZATION,
            effective_from=_CL_1997,
            effective_to=_AMENDMENT_VIII - _DAY,
            basis=("Criminal Law (1997) art. 294(1)",),
            thresholds=thresholds("Criminal Law (1997) art. 294(1)"),
            brackets=(
                Bracket(
                    1,
                    0,
                    36,
                    "Criminal Law (1997) art. 294(1) (其他参加)",
                    note=Note(
                        gettext_noop(
                            "Criminal detention, public surveillance or deprivation of political rights also "
                            "possible."
                        )
                    ),
                ),
                Bracket(2, 36, 120, "Criminal Law (1997) art. 294(1) (积极参加)"),
                Bracket(3, 36, 120, "Criminal Law (1997) art. 294(1) (组织、领导)"),
            ),
            notes=(
                _UNVERIFIED_1997,
                Note(
                    gettext_noop("The 1997 text puts organizers, leaders and active members in one bracket.")
                ),
                joint,
                strict,
            ),
        ),
        SentencingRule(
            charge=MAFIA_TYPE_ORGANIZATION,
            effective_from=_AMENDMENT_VIII,
            effective_to=None,
            basis=("Criminal Law art. 294(1) (Amendment VIII)",),
            thresholds=thresholds("Criminal Law art. 294(1) (Amendment VIII)"),
            brackets=(
                Bracket(
                    1,
                    0,
                    36,
                    "Criminal Law art. 294(1) (其他参加)",
                    note=Note(
                        gettext_noop(
                            "Criminal detention, public surveillance or deprivation of political rights also "
                            "possible; a fine may be added."
                        )
                    ),
                ),
                Bracket(
                    2,
                    36,
                    84,
                    "Criminal Law art. 294(1) (积极参加)",
                    note=Note(gettext_noop("A fine or confiscation of property may be added.")),
                ),
                Bracket(
                    3,
                    84,
                    180,
                    "Criminal Law art. 294(1) (组织、领导)",
                    note=Note(gettext_noop("Confiscation of property is mandatory.")),
                ),
            ),
            notes=(
                Note(gettext_noop("No statutory fine range: the article leaves the amount open.")),
                joint,
                strict,
            ),
        ),
    )


_RULES: Mapping[str, tuple[SentencingRule, ...]] = {
    EMBEZZLEMENT: _corruption_rules(EMBEZZLEMENT),
    BRIBE_TAKING: _corruption_rules(BRIBE_TAKING),
    BRIBE_GIVING: _bribe_giving_rules(),
    MISAPPROPRIATION: _misappropriation_rules(),
    ABUSE_OF_POWER: _dereliction_rules(ABUSE_OF_POWER),
    DERELICTION: _dereliction_rules(DERELICTION),
    MAFIA_TYPE_ORGANIZATION: _mafia_rules(),
}

_CIRCUMSTANCES: Mapping[str, tuple[str, ...]] = {
    EMBEZZLEMENT: _EMBEZZLEMENT_CIRCUMSTANCES,
    BRIBE_TAKING: _BRIBE_TAKING_CIRCUMSTANCES,
    BRIBE_GIVING: (*_BRIBE_GIVING_ITEMS, *_BRIBE_GIVING_XII_ONLY),
    MISAPPROPRIATION: _MISAPPROPRIATION_CIRCUMSTANCES,
    ABUSE_OF_POWER: _DERELICTION_CIRCUMSTANCES,
    DERELICTION: _DERELICTION_CIRCUMSTANCES,
    MAFIA_TYPE_ORGANIZATION: (),
}

_MITIGATION_ARTICLES: Mapping[str, str] = {
    "surrender": "Criminal Law art. 67(1)",
    "confession": "Criminal Law art. 67(3)",
    "meritorious_service": "Criminal Law art. 68",
}
_MITIGATION_NOTES: Mapping[str, Note] = {
    "surrender": Note(
        gettext_noop(
            "Surrender: may be punished lightly or mitigated; exempted from punishment if the crime is minor "
            "(art. 67)."
        )
    ),
    "confession": Note(
        gettext_noop(
            "Confession: may be punished lightly; mitigated if it averted a grave result (art. 67(3))."
        )
    ),
    "meritorious_service": Note(
        gettext_noop(
            "Meritorious service: may be punished lightly or mitigated; major meritorious service: mitigated "
            "or exempted from punishment (art. 68)."
        )
    ),
    "restitution": Note(
        gettext_noop("Restitution of the proceeds: weighs for a lighter sentence within the bracket.")
    ),
    "guilty_plea": Note(
        gettext_noop(
            "Admission of guilt and acceptance of punishment: leniency under CPL arts. 15, 176 and 201."
        )
    ),
}


# --------------------------------------------------------------------------------------------
# Lookups
# --------------------------------------------------------------------------------------------


def normalise_charge(charge: str) -> str:
    """The canonical charge name (trailing 罪 dropped, art. 294 aliases folded), or UnknownCharge."""
    name = charge.strip().removesuffix("罪") if isinstance(charge, str) else ""
    name = _ALIASES.get(name, name)
    if name not in _RULES:
        raise UnknownCharge(charge)
    return name


def rules_for(charge: str) -> tuple[SentencingRule, ...]:
    """Every version of the law for ``charge``, oldest first."""
    return _RULES[normalise_charge(charge)]


def rule_for(charge: str, offence_date: date | None = None) -> SentencingRule:
    """The version in force on ``offence_date``; the current version when no date is given.

    An offence older than the earliest encoded version gets that version (``assess`` says so in its notes).
    """
    rules = rules_for(charge)
    if offence_date is None:
        return rules[-1]
    return next((rule for rule in rules if rule.in_force(offence_date)), rules[0])


def circumstances_for(charge: str) -> tuple[str, ...]:
    """The circumstance names ``assess`` accepts for ``charge``: its own list, then the mitigating ones."""
    return (*_CIRCUMSTANCES[normalise_charge(charge)], *MITIGATING)


# --------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------


def _money(value: Decimal | int | None, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        # Floats cannot hold yuan and fen exactly; strings should be parsed by the caller.
        raise TypeError(f"{what} must be a Decimal (or int) number of yuan, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{what} must be a non-negative number of yuan, not {value}")
    return amount


_Item = TypeVar("_Item", str, Note)


def _dedupe(items: list[_Item]) -> tuple[_Item, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def assess(
    charge: str,
    amount: Decimal | None,
    circumstances: Collection[str] = (),
    offence_date: date | None = None,
    role: str | None = None,
    loss: Decimal | None = None,
) -> Assessment:
    """The statutory bracket, range, fine range and legal basis for one offence.

    ``amount`` is the sum involved (bribe, embezzled or misappropriated funds) in yuan; ``loss`` the loss
    caused (art. 397, and 行贿's 重大损失); ``role`` the part in a mafia-type organization (art. 294:
    ``leader``, ``active``, ``member``). ``circumstances`` are names from :func:`circumstances_for`;
    any listed aggravating circumstance lowers the thresholds as the interpretation says. Mitigating
    circumstances never change the bracket (they act within or below it, as the notes explain).

    Raises UnknownCharge, UnknownCircumstance (naming the valid ones) or UnknownRole.
    """
    name = normalise_charge(charge)
    valid = circumstances_for(name)
    given = list(dict.fromkeys(circumstances))
    for circumstance in given:
        if circumstance not in valid:
            raise UnknownCircumstance(circumstance, name, valid)
    if role is not None and role not in _ROLE_TIER:
        raise UnknownRole(role)
    if name == MAFIA_TYPE_ORGANIZATION and role is None:
        raise UnknownRole(None)
    amount = _money(amount, "amount")
    loss = _money(loss, "loss")

    rule = rule_for(name, offence_date)
    notes: list[Note] = []
    if offence_date is not None and not rule.in_force(offence_date):
        notes.append(
            Note.of(
                gettext_noop(
                    "The offence date %(date)s precedes the earliest encoded rule (%(start)s); that rule is "
                    "used. Judicial interpretations govern the cases pending when they take effect, and the "
                    "earlier thresholds were lower (harsher)."
                ),
                date=offence_date.isoformat(),
                start=rule.effective_from.isoformat(),
            )
        )
    effective = frozenset(given)
    if name == MISAPPROPRIATION:
        modes = effective & {"illegal_activities", "profit_or_unreturned"}
        if len(modes) == 2:
            raise SentencingLawError(
                "挪用公款: give either illegal_activities or profit_or_unreturned, not both"
            )
        if not modes:
            effective |= {"profit_or_unreturned"}
            notes.append(
                Note(
                    gettext_noop(
                        "Use of the funds not given: profit-making or unreturned for over 3 months assumed."
                    )
                )
            )
    if name != MAFIA_TYPE_ORGANIZATION and role is not None:
        notes.append(
            Note.of(gettext_noop("The role “%(role)s” only matters for art. 294 and was ignored."), role=role)
        )
    if name == MAFIA_TYPE_ORGANIZATION and amount is not None:
        notes.append(
            Note(
                gettext_noop(
                    "Art. 294 brackets depend on the role, not on an amount; the amount was ignored."
                )
            )
        )

    met = [t for t in rule.thresholds if t.met(amount, loss, effective, role)]
    tier = max((t.tier for t in met), default=0)
    bracket = rule.bracket(tier, effective) if tier else None

    basis = list(rule.basis)
    basis += [t.basis for t in met if t.tier == tier]
    if bracket is not None:
        basis.append(bracket.basis)

    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    if bracket is not None and bracket.fine is not None:
        fine_min, fine_max = bracket.fine.bounds(amount)
        basis.append(bracket.fine.basis)
        if bracket.fine.confiscation:
            notes.append(
                Note.of(
                    gettext_noop("Fine: %(min)s yuan up to twice the amount, or confiscation of property."),
                    min=_yuan(fine_min),
                )
                if fine_max is None
                else Note.of(
                    gettext_noop("Fine: %(min)s to %(max)s yuan, or confiscation of property."),
                    min=_yuan(fine_min),
                    max=_yuan(fine_max),
                )
            )
        if (
            bracket.fine.multiple is not None
            and amount is not None
            and amount * bracket.fine.multiple < fine_min
        ):
            notes.append(
                Note.of(
                    gettext_noop(
                        "Twice the amount (%(twice)s yuan) is below the statutory floor; the floor of "
                        "%(floor)s yuan is given as both bounds."
                    ),
                    twice=_yuan(amount * bracket.fine.multiple),
                    floor=_yuan(fine_min),
                )
            )

    if tier == 0:
        if name in (ABUSE_OF_POWER, DERELICTION):
            notes.append(
                Note(gettext_noop("Below the threshold of serious loss: not a crime under art. 397."))
            )
        elif amount is None and name != MAFIA_TYPE_ORGANIZATION:
            notes.append(Note(gettext_noop("No amount given: the bracket cannot be read from the amount.")))
        else:
            notes.append(Note(gettext_noop("Below the threshold for prosecution.")))
    if bracket is not None and bracket.note is not None:
        notes.append(bracket.note)

    aggravating = [c for c in given if c in rule.aggravating]
    inert = [c for c in given if c in rule.inert]
    if inert:
        notes.append(
            Note.of(
                gettext_noop(
                    "No statutory effect in the version in force on the offence date: %(circumstances)s."
                ),
                circumstances=", ".join(inert),
            )
        )
    mitigating = [c for c in MITIGATING if c in given]
    basis += [_MITIGATION_ARTICLES[c] for c in mitigating if c in _MITIGATION_ARTICLES]
    notes += [_MITIGATION_NOTES[c] for c in mitigating]
    notes += _special_mitigation(name, rule, tier, amount, frozenset(mitigating))
    notes += list(rule.notes)

    return Assessment(
        charge=name,
        amount=amount,
        tier=tier,
        months_min=bracket.months_min if bracket else 0,
        months_max=bracket.months_max if bracket else 0,
        life=bracket.life if bracket else False,
        death=bracket.death if bracket else False,
        fine_min=fine_min,
        fine_max=fine_max,
        basis=_dedupe(basis),
        mitigating=tuple(mitigating),
        aggravating=tuple(aggravating),
        notes=_dedupe(notes),
        rule=rule,
        loss=loss,
        role=role,
    )


def _yuan(value: Decimal) -> str:
    """An amount as the notes show it: thousands separated, fen only when there are any."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _special_mitigation(
    charge: str, rule: SentencingRule, tier: int, amount: Decimal | None, mitigating: frozenset[str]
) -> list[Note]:
    """Charge-specific leniency that depends on the bracket."""
    if not tier or not mitigating & {"confession", "restitution", "surrender"}:
        return []
    if charge in (EMBEZZLEMENT, BRIBE_TAKING):
        if rule.effective_to is not None:  # the 1997 text
            if amount is not None and amount < 10_000 and "restitution" in mitigating:
                return [
                    Note(
                        gettext_noop(
                            "5,000 to 10,000 yuan with remorse and restitution: may be mitigated or exempted "
                            "from punishment, with administrative sanctions (1997 art. 383(1)(三))."
                        )
                    )
                ]
            return []
        if tier == 1:
            return [
                Note(
                    gettext_noop(
                        "Confession, remorse and restitution before prosecution that avoid or reduce the "
                        "harm: may be punished lightly, mitigated or exempted from punishment (art. 383(3))."
                    )
                )
            ]
        return [
            Note(
                gettext_noop(
                    "Confession, remorse and restitution before prosecution that avoid or reduce the harm: "
                    "may only be punished lightly in this bracket (art. 383(3))."
                )
            )
        ]
    if charge == MISAPPROPRIATION and "restitution" in mitigating:
        return [
            Note(
                gettext_noop(
                    "Principal returned before the case came to light: may be punished lightly or exempted "
                    "from punishment (1998 SPC interpretation on misappropriation of public funds, art. 2)."
                )
            )
        ]
    return []
