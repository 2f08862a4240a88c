"""PDF materials of campaigns, kept outside the web root.

A file is accepted when it is at most MAX_BYTES and its content starts as a PDF does
(`%PDF-`): the name and type the browser sends are not trusted. It is written under the
materials folder (CAMPAIGN_MATERIALS_DIR, by default instance/campaign_materials: never under
static/ or templates/) with a random name; the original name is kept only as a cleaned label
to show and to offer on download. Files are only ever served through the campaigns' download
view, which checks who asks.
"""

import os
import re
import secrets
import unicodedata
from pathlib import Path

from flask import current_app

MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
STORED_NAME = re.compile(r"[0-9a-f]{32}\.pdf")
_LABEL_DROP = re.compile(r"[^\w .()\-]+")


class NotAPdf(ValueError):
    """The upload does not start as a PDF does."""


class TooBig(ValueError):
    """The upload is larger than MAX_BYTES."""


def materials_dir() -> Path:
    return Path(current_app.config["CAMPAIGN_MATERIALS_DIR"])


def clean_label(filename: str | None) -> str:
    """The original file name as a label: its last path part, without control characters,
    markup or quotes, at most 120 characters, ending in .pdf ("document.pdf" if nothing is
    left)."""
    name = unicodedata.normalize("NFC", filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = _LABEL_DROP.sub("", name).strip(" .")
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    stem = " ".join(stem.split())[:116].strip(" .")
    return f"{stem or 'document'}.pdf"


def read_upload(stream) -> bytes:
    """The upload's bytes when it is a PDF within the limit; NotAPdf / TooBig otherwise."""
    content = stream.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise TooBig(len(content))
    if not content.startswith(PDF_MAGIC):
        raise NotAPdf()
    return content


def store(content: bytes) -> str:
    """Write `content` under a new random name (never an existing file); returns the name."""
    folder = materials_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    while True:
        name = f"{secrets.token_hex(16)}.pdf"
        try:
            fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # pragma: no cover - 128 random bits
            continue
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        return name


def path_of(stored_name: str) -> Path | None:
    """The stored file's path (None for a name that is not one of ours, or a missing file)."""
    if not STORED_NAME.fullmatch(stored_name or ""):
        return None
    path = materials_dir() / stored_name
    return path if path.is_file() else None


def discard(stored_name: str) -> None:
    path = path_of(stored_name)
    if path is not None:
        path.unlink(missing_ok=True)
