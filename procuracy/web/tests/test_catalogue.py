"""The Simplified Chinese catalogue holds every message of the source, each translated."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR)
CATALOGUE = Path("locale") / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_message_of_the_source_is_translated(tmp_path: Path) -> None:
    # The messages are extracted from a copy of the package, its catalogue merged with them there.
    copy = tmp_path / "procuracy"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns(
        "__pycache__", "*.pyc", "*.mo", "data", "fonts", "vendor", "tests", "migrations"))
    django_admin = Path(sys.executable).with_name("django-admin")
    subprocess.run([str(django_admin), "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete", "-v", "0"],
                   cwd=copy, check=True, capture_output=True)
    merged = copy / CATALOGUE
    missing = []
    for option in ("--untranslated", "--only-fuzzy"):
        listed = subprocess.run(["msgattrib", option, "--no-wrap", str(merged)], check=True, capture_output=True,
                                text=True).stdout
        missing += [line for line in listed.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    assert missing == [], "messages without a Chinese translation: " + "; ".join(missing)
