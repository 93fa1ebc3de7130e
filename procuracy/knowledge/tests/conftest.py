"""The shipped corpus, loaded once per test database and shared by the tests that read it.

Importing 4,140 documents takes seconds, so it is done once, committed, outside the tests'
transactions (``corpus_rows`` runs before ``db`` opens the test's transaction); each test still runs
in its own transaction and leaves the corpus as it found it. A transactional test elsewhere in the
suite flushes the database; the next test that asks for the corpus then loads it again. The audit
rows and the system user that the load creates are removed again, so that other apps' tests, which
count such rows, see nothing of it.

``corpus`` names ``db`` among its arguments rather than asking for it while running: pytest-django
decides from the collected tests alone whether to create the test database, and a run of only tests
that read the corpus would otherwise find none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from procuracy.knowledge.actions import CorpusImportResult

JUDGMENTS = 4088
GUIDING_CASES = 52


@dataclass
class LoadedCorpus:
    result: CorpusImportResult | None  # of the load that put the corpus in this database


_state: dict[str, Any] = {}


def _load() -> CorpusImportResult | None:
    from procuracy.accounts.models import SYSTEM_USERNAME, User, system_user
    from procuracy.core.models import ObjectChange, content_type_for
    from procuracy.core.testing import ensure_reference_data
    from procuracy.knowledge.actions import do_import_corpus
    from procuracy.knowledge.models import CorpusImport, GuidingCase, Judgment, SearchIndex
    from procuracy.knowledge.shipped import SHIPPED_FILES

    ensure_reference_data()
    if (
        Judgment.objects.count() == JUDGMENTS
        and GuidingCase.objects.count() == GUIDING_CASES
        and SearchIndex.objects.exists()
    ):
        return None
    had_system_user = User.objects.filter(username=SYSTEM_USERNAME).exists()
    result = do_import_corpus(SHIPPED_FILES, actor=system_user())
    assert result.ok, [str(p) for p in result.problems]
    records = list(CorpusImport.objects.all())
    if records:
        ObjectChange.objects.filter(
            changed_object_type=content_type_for(records[0]), changed_object_id__in=[str(r.pk) for r in records]
        ).delete()
    CorpusImport.objects.all().delete()
    if not had_system_user:
        User.objects.filter(username=SYSTEM_USERNAME).delete()
    return result


@pytest.fixture
def corpus_rows(django_db_setup: Any, django_db_blocker: Any) -> CorpusImportResult | None:
    """Loads the corpus into the test database, committed, unless it is there already.

    Requested ahead of ``db`` by ``corpus``, so that it runs before the test's transaction opens;
    should a test have opened it first, the load is merely undone with the test.
    """
    with django_db_blocker.unblock():
        result = _load()
    if result is not None:
        _state["result"] = result
    return result


@pytest.fixture
def corpus(corpus_rows: CorpusImportResult | None, db: None) -> LoadedCorpus:
    """The shipped corpus in the database; the test itself runs in a transaction (``db``)."""
    return LoadedCorpus(_state.get("result"))
