"""The index without a database: BM25 by hand, storage, replication, charge names, circumstances."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from procuracy.knowledge.charges import catalogue
from procuracy.knowledge.circumstances import from_bits, read_circumstances, to_bits
from procuracy.knowledge.fulltext import Filters
from procuracy.knowledge.index import JUDGMENT, CorpusIndex, DocumentInfo, Terms
from procuracy.knowledge.recommend import recommend
from procuracy.knowledge.tokens import tokenize


def _tiny() -> CorpusIndex:
    docs = [
        DocumentInfo("A", JUDGMENT, "duty", ("受贿",), term_months=24, amount=Decimal("50000"), amount_charge="受贿",
                     tier=1, circumstances=("surrender",), digest=1),
        DocumentInfo("B", JUDGMENT, "other", ("盗窃",), term_months=6, digest=2),
        DocumentInfo("C", JUDGMENT, "other", ("盗窃", "抢劫"), life=True, digest=3),
    ]
    terms = [
        Terms.from_counts({"受贿": 2, "工程款": 1}),
        Terms.from_counts({"受贿": 1, "盗窃": 3}),
        Terms.from_counts({"盗窃": 1}),
    ]
    return CorpusIndex.build(docs, terms)


def test_bm25_by_hand() -> None:
    # N = 3, average length 8/3; 受贿 is in 2 documents: idf = ln(1 + 1.5/2.5) = 0.470004.
    # A: tf 2, length 3 → 2·2.2/(2 + 1.2·(0.25 + 0.75·3/(8/3))) = 1.328302 → 0.624307.
    # B: tf 1, length 4 → 2.2/(1 + 1.65) = 0.830189 → 0.390192. C: no 受贿 → 0.
    index = _tiny()
    scores = index.bm25(np.array([index.term_id["受贿"]]))
    assert scores == pytest.approx([0.624307, 0.390192, 0.0], abs=1e-5)
    assert list(CorpusIndex.top(scores, 10)) == [0, 1]
    assert list(CorpusIndex.top(scores, 10, np.array([False, True, True]))) == [1]


def test_top_is_a_prefix_of_any_deeper_top_under_ties() -> None:
    # Ninety documents in six shapes: a query word once, twice or three times, in a short or a long
    # text, so that every score is shared by fifteen documents, spread over the whole index.
    shapes = [{"盗窃": tf, **{f"词{j}": 1 for j in range(extra)}} for tf in (1, 2, 3) for extra in (0, 5)]
    docs = [DocumentInfo(f"D{i}", JUDGMENT, "other", ("盗窃",), digest=i) for i in range(90)]
    index = CorpusIndex.build(docs, [Terms.from_counts(shapes[(i * 7) % 6]) for i in range(90)])
    scores = index.bm25(np.array([index.term_id["盗窃"]]))
    assert len(np.unique(scores)) == 6
    # The whole ranking: score descending, then position ascending.
    everything = np.arange(index.size)
    expected = everything[np.lexsort((everything, -scores))]
    assert list(CorpusIndex.top(scores, 1000)) == list(expected)
    for k in (1, 3, 7, 10, 14, 15, 16, 20, 29, 40, 45):
        assert list(CorpusIndex.top(scores, k)) == list(CorpusIndex.top(scores, 2 * k)[:k]) == list(expected[:k])
    # The same within a filter, and with nothing asked for.
    mask = np.arange(index.size) % 4 != 1
    within = expected[mask[expected]]
    for k in (1, 5, 11, 12, 13, 30):
        assert list(CorpusIndex.top(scores, k, mask)) == list(CorpusIndex.top(scores, 2 * k, mask)[:k])
        assert list(CorpusIndex.top(scores, k, mask)) == list(within[:k])
    assert len(CorpusIndex.top(scores, 0)) == 0


def test_storage_round_trip_and_replication() -> None:
    index = _tiny()
    index.meta["digest"] = "x"
    again = CorpusIndex.from_bytes(index.to_bytes())
    assert again.keys == ["A", "B", "C"] and again.charges_of(2) == ["盗窃", "抢劫"]
    assert again.months_of(0) == 24 and again.months_of(2) is None and bool(again.life[2])
    assert np.array_equal(again.bm25(np.array([0, 1, 2])), index.bm25(np.array([0, 1, 2])))
    big = index.replicated(7)
    assert big.keys == ["A", "B", "C", "A~1", "B~1", "C~1", "A~2"]
    assert big.charges_of(5) == ["盗窃", "抢劫"] and big.months_of(6) == 24
    assert big.terms_of(4).counts.tolist() == index.terms_of(1).counts.tolist()


def test_filters() -> None:
    index = _tiny()
    assert Filters(charges=("盗窃",)).mask(index).tolist() == [False, True, True]
    assert Filters(kind="duty").mask(index).tolist() == [True, False, False]
    # Life imprisonment meets any minimum but no maximum.
    assert Filters(min_months=12).mask(index).tolist() == [True, False, True]
    assert Filters(max_months=12).mask(index).tolist() == [False, True, False]


@pytest.mark.parametrize(("raw", "names", "how"), [
    ("受贿", ("受贿",), "exact"),
    ("受贿罪", ("受贿",), "exact"),
    ("贩卖毒品", ("走私、贩卖、运输、制造毒品",), "part"),
    ("贩卖、运输毒品", ("走私、贩卖、运输、制造毒品",), "part"),
    ("非法持有枪支", ("非法持有、私藏枪支、弹药",), "part"),
    ("非法买卖枪支", ("非法制造、买卖、运输、邮寄、储存枪支、弹药、爆炸物",), "part"),
    ("窝藏", ("窝藏、包庇",), "part"),
    ("贪污、受贿", ("贪污", "受贿"), "several"),
    ("掩饰、隐瞒犯所得、犯所得收益", ("掩饰、隐瞒犯罪所得、犯罪所得收益",), "restored"),
    ("生产、销售假药", ("生产、销售、提供假药",), "historical"),
    ("非法吸收公共存款", ("非法吸收公众存款",), "variant"),
    ("参加黑社会性质组织", ("组织、领导、参加黑社会性质组织",), "part"),
    ("应当判处有期徒刑以上刑罚之", (), "unmapped"),
    ("事实及", (), "unmapped"),
])
def test_charge_labels_map_to_the_catalogue(raw: str, names: tuple[str, ...], how: str) -> None:
    mapping = catalogue().normalise(raw)
    assert (mapping.names, mapping.how) == (names, how)


def test_charges_a_text_names() -> None:
    text = "经审理查明：一、介绍贿赂2011年5月……。（二）尤某寻衅滋事事实……。公诉机关认为其行为构成受贿罪。曾因盗窃罪被判刑。"
    found = catalogue().mentions(text)
    assert found == {"介绍贿赂": 3.0, "寻衅滋事": 3.0, "受贿": 2.0, "盗窃": 1.0}


def test_circumstances_with_negations() -> None:
    text = "被告人主动投案，如实供述罪行，但不构成立功，未退赃。"
    assert read_circumstances(text) == ("surrender", "confession")
    assert read_circumstances("不构成自首，没有坦白情节") == ()
    assert from_bits(to_bits(["restitution", "solicitation"])) == ("restitution", "solicitation")


def test_tokens() -> None:
    words = tokenize("被告人收受工程款人民币53900元，构成受贿罪。QQ")
    assert {"受贿", "受贿罪", "工程款", "收受", "qq"} <= set(words)
    assert "53900" not in words and "的" not in tokenize("他的")


def _references(months: list[int], circumstances: tuple[str, ...] = ()) -> CorpusIndex:
    docs = [
        DocumentInfo(f"R{i}", JUDGMENT, "duty", ("受贿",), term_months=m, amount=Decimal(300000 + i * 1000),
                     amount_charge="受贿", tier=2, circumstances=circumstances, digest=i)
        for i, m in enumerate(months)
    ]
    return CorpusIndex.build(docs, [Terms.from_counts({"受贿": 1}) for _ in docs])


def test_recommendation_by_hand() -> None:
    index = _references([40, 48, 60, 72, 96])
    # Median 60, quartiles 48 and 72; no circumstance on either side: no adjustment.
    result = recommend("受贿", Decimal("500000"), index=index)
    assert (result.months, result.months_low, result.months_high) == (60, 48, 72)
    assert [key for key, _ in result.similar] == ["R4", "R3", "R2", "R1", "R0"]  # nearest amount first
    # 自首 asked, none of the references had it: 20 % off (half of the opinion's 40 %).
    result = recommend("受贿", Decimal("500000"), ["surrender"], index=index)
    assert (result.months, result.months_low, result.months_high) == (48, 38, 58)
    # Every reference surrendered and the request did not: 20 % more.
    index = _references([40, 48, 60, 72, 96], ("surrender",))
    result = recommend("受贿", Decimal("500000"), index=index)
    assert (result.months, result.months_low, result.months_high) == (72, 58, 86)
    # Clamped to the bracket (36-120 months).
    index = _references([30, 30, 30])
    assert recommend("受贿", Decimal("500000"), ["surrender"], index=index).months == 36
    # A judgment is never its own reference.
    assert "R0" not in [k for k, _ in recommend("受贿", Decimal("500000"), index=index, exclude=[0]).similar]
