from __future__ import annotations

import codecs

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Enough of the file to tell a case package from a file of another kind.
HEAD_BYTES = 1 << 16


def upload_limit() -> int:
    """The largest file the page accepts; bulk migrations use the command line."""
    return int(getattr(settings, "PROCURACY_IMPORT_MAX_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


def _read_head(upload: UploadedFile) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Case package file"),
        help_text=_("JSON Lines (.jsonl, one case per line) or one case (.json), in UTF-8, "
                    "in the case-package format procuracy.case/1."),
        widget=forms.FileInput(attrs={"accept": ".jsonl,.json,application/json,application/jsonl"}),
    )
    update = forms.BooleanField(
        label=_("Update existing cases"),
        help_text=_("Replace the stored cases whose case id appears in the file. Without it, a case id "
                    "that is already stored is an error."),
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = upload_limit()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the page accepts files up to %(limit)s. Split it, or import it "
                  "with the command “procuracy import”."),
                code="too_large", params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
        head = _read_head(upload)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise forms.ValidationError(
                _("The file is in UTF-16, not UTF-8. Save it as UTF-8 and upload it again."), code="encoding")
        if b"\x00" in head:
            raise forms.ValidationError(
                _("This is a binary file (such as a spreadsheet, an archive or a PDF), not a case package. "
                  "Upload the JSON Lines text file."), code="binary")
        start = head[len(codecs.BOM_UTF8):] if head.startswith(codecs.BOM_UTF8) else head
        start = start.lstrip()[:1]
        if not start:
            raise forms.ValidationError(_("The file holds no case."), code="empty")
        if start == b"[":
            raise forms.ValidationError(
                _("The file is a JSON array. A case package file holds one case object per line (JSON Lines), "
                  "or a single case object."), code="format")
        if start != b"{":
            raise forms.ValidationError(
                _("This is not a case package: the file should hold JSON objects, one case per line "
                  "(JSON Lines), or a single case object."), code="format")
        # A file in another encoding is refused here once; a stray bad line further on is a problem
        # of that line in the check, with the rest of the file's problems.
        first_line = head.split(b"\n", 1)[0]
        try:
            # Incremental: a character cut in two at the end of the sample is not an error.
            codecs.getincrementaldecoder("utf-8-sig")().decode(
                first_line, final=len(first_line) < len(head) or len(head) < HEAD_BYTES)
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text (perhaps GBK). Save it as UTF-8 and upload it again."),
                code="encoding") from None
        return upload
