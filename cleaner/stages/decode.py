"""decode: bytes to text, never a crash on bad bytes.

UTF-8 first (with or without BOM), UTF-16/32 by BOM or by the shape of their
NUL bytes; any byte that is not valid UTF-8 is read as Windows-1252 (Latin-1
where 1252 leaves a hole). That covers legacy files and files whose lines were
saved in different encodings alike, byte by byte and deterministically, where a
statistical detector would guess differently on short texts.

It must never guess a binary file into text: NUL bytes outside UTF-16/32, or
control bytes on more than a tenth of the sample, make it raise
:class:`BinaryInput` so the batch reports that file and moves on.
"""

from __future__ import annotations

import codecs

import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252"

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
ERROR_HANDLER = "cleaner-legacy-bytes"
SAMPLE = 4096
CONTROL_BYTES = bytes(sorted(set(range(0, 9)) | (set(range(14, 32)) - {27})))


class BinaryInput(ValueError):
    """The input is not text (an image, an archive, a binary renamed .txt)."""


def _legacy_bytes(error: UnicodeError) -> tuple[str, int]:
    """Read the undecodable bytes as Windows-1252, the common legacy news encoding."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("sloppy-windows-1252"), error.end


codecs.register_error(ERROR_HANDLER, _legacy_bytes)


def _utf16_without_bom(sample: bytes) -> str | None:
    """Spot BOM-less UTF-16 by NULs in every other byte of mostly-ASCII text."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; return the text and the encoding that was used.

    Example: ``decode(b"caf\\xe9 \\x93quoted\\x94")`` gives
    ``("café “quoted”", "utf-8+cp1252")``.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    sample = data[:SAMPLE]
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample)
        if encoding is None:
            raise BinaryInput("binary file (NUL bytes), not text")
        return data.decode(encoding, errors="replace"), encoding
    if sample and len(sample) - len(sample.translate(None, CONTROL_BYTES)) > len(sample) / 10:
        raise BinaryInput("binary file (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("utf-8", errors=ERROR_HANDLER), "utf-8+cp1252"
