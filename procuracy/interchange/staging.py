"""Uploaded case-package files waiting for their uploader to confirm the import.

A staged upload is three files in a private directory, all named by a random token: the
uploaded bytes, a small JSON description (owner, original name, SHA-256, the update choice,
when it was staged) and, when the check found problems, the CSV of every problem. Nothing
here is served by the web server; a token is only ever opened for the user who uploaded it,
and every staged file is removed an hour after its upload at the latest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

LIFETIME = dt.timedelta(hours=1)
TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters of this alphabet; anything else never names a file.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
NAME_LENGTH = 200


def staging_dir() -> Path:
    """The private directory of staged uploads (settings.PROCURACY_STAGING_DIR if a deployment sets it)."""
    configured = getattr(settings, "PROCURACY_STAGING_DIR", None)
    if configured:
        path = Path(configured)
    else:
        # One directory per system account: another account cannot have made it first in the shared /tmp.
        account = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
        path = Path(tempfile.gettempdir()) / f"procuracy-uploads{account}"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _make_private(path)
    return path


def _make_private(path: Path) -> None:
    """Whoever could write to the directory could swap an upload's description and import as its owner."""
    info = path.lstat()
    foreign = hasattr(os, "getuid") and info.st_uid != os.getuid()
    if not stat.S_ISDIR(info.st_mode) or foreign:
        raise ImproperlyConfigured(
            f"The upload staging directory {path} must be a directory (not a link) of the account that runs "
            "the application.")
    if stat.S_IMODE(info.st_mode) & 0o077:
        path.chmod(0o700)


def _create_private(path: Path) -> int:
    # O_EXCL: a token names a new file or nothing; 0600: other local accounts cannot read the cases.
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)


@dataclass
class StagedUpload:
    token: str
    owner_id: int
    name: str  # the file name the user uploaded, as problems and the import record show it
    sha256: str
    size: int
    update: bool
    staged_at: dt.datetime
    directory: Path

    @property
    def path(self) -> Path:
        return self.directory / f"{self.token}.upload"

    @property
    def claimed_path(self) -> Path:
        return self.directory / f"{self.token}.importing"

    @property
    def meta_path(self) -> Path:
        return self.directory / f"{self.token}.json"

    @property
    def problems_path(self) -> Path:
        return self.directory / f"{self.token}.problems.csv"

    @property
    def expires_at(self) -> dt.datetime:
        return self.staged_at + LIFETIME

    def expired(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def claim(self) -> bool:
        """Take the upload for importing; False if it is gone or another request took it first.

        A rename is atomic, so a confirmation sent twice imports the file once.
        """
        try:
            self.path.rename(self.claimed_path)
        except OSError:
            return False
        return True

    def digest(self, path: Path | None = None) -> str:
        digest = hashlib.sha256()
        with (path or self.path).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def unchanged(self, path: Path | None = None) -> bool:
        """The staged bytes are still those that were uploaded and checked."""
        try:
            return self.digest(path) == self.sha256
        except OSError:
            return False

    def write_problems(self, rows: Iterable[bytes]) -> None:
        fd = os.open(self.problems_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            for row in rows:
                fh.write(row)

    def discard_upload(self) -> None:
        """Remove the uploaded bytes, keeping the description (and problems) until expiry."""
        self.path.unlink(missing_ok=True)
        self.claimed_path.unlink(missing_ok=True)

    def delete(self) -> None:
        for path in (self.path, self.claimed_path, self.problems_path, self.meta_path):
            path.unlink(missing_ok=True)

    def _meta(self) -> dict[str, Any]:
        return {"owner": self.owner_id, "name": self.name, "sha256": self.sha256, "size": self.size,
                "update": self.update, "staged_at": self.staged_at.isoformat()}


def stage_upload(chunks: Iterable[bytes], *, name: str, owner_id: int, update: bool) -> StagedUpload:
    """Write the uploaded bytes to a new private file and describe them; the digest is taken as they are written."""
    directory = staging_dir()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    staged = StagedUpload(token=token, owner_id=owner_id, name=(Path(name).name or "upload")[:NAME_LENGTH],
                          sha256="", size=0, update=update, staged_at=timezone.now(), directory=directory)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(_create_private(staged.path), "wb") as fh:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                fh.write(chunk)
        staged.sha256, staged.size = digest.hexdigest(), size
        with os.fdopen(_create_private(staged.meta_path), "w", encoding="utf-8") as fh:
            json.dump(staged._meta(), fh)
    except BaseException:
        staged.delete()
        raise
    return staged


def load_staged(token: str, *, owner_id: int) -> StagedUpload | None:
    """The staged upload of this token if it belongs to this user; None otherwise (whoever asks)."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    directory = staging_dir()
    try:
        meta = json.loads((directory / f"{token}.json").read_text(encoding="utf-8"))
        staged = StagedUpload(
            token=token, owner_id=int(meta["owner"]), name=str(meta["name"]), sha256=str(meta["sha256"]),
            size=int(meta["size"]), update=bool(meta["update"]),
            staged_at=dt.datetime.fromisoformat(meta["staged_at"]), directory=directory,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if staged.owner_id != owner_id or timezone.is_naive(staged.staged_at):
        return None
    return staged


def sweep_expired() -> int:
    """Remove every staged file older than the lifetime of an upload; the number removed."""
    directory = staging_dir()
    limit = time.time() - LIFETIME.total_seconds()
    removed = 0
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue  # removed meanwhile by a concurrent request
    return removed
