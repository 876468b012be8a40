"""Fuzzing with hypothesis: the whole pipeline and the JSONL reader on arbitrary input.

Bounded in CI; run longer by hand with ``CLEANER_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py``,
or for a fixed time with ``python benchmarks/fuzz.py --minutes 30`` (atheris when installed).
"""

from __future__ import annotations

import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.batch import clean_bytes
from cleaner.config import Config
from cleaner.report import Report
from cleaner.stream import clean_jsonl, clean_plain

EXAMPLES = int(os.environ.get("CLEANER_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=2000))
def test_pipeline_never_raises_on_bytes(data):
    try:
        result = clean(data)
    except ValueError as exc:  # binary input is refused with a reason, never a crash
        assert "binary file" in str(exc)
        return
    assert result.text == "" or result.text.endswith("\n")
    result.to_markdown().encode("utf-8")
    json.loads(result.to_json())


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
LINES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"id": st.text(max_size=10), "text": st.text(max_size=200)}).map(
        lambda v: json.dumps(v).encode()),
)


@FUZZ
@given(st.lists(LINES, max_size=8))
def test_jsonl_reader_never_raises(lines):
    sink = io.StringIO()
    report = Report()
    clean_jsonl(iter(lines), sink, Config(), report)
    written = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert len(written) == report.files
    assert all(isinstance(record["text"], str) for record in written)


#: Bytes that look like scraped text: UTF-8 and cp1252 prose, BOMs, NULs, CRs, escapes.
TEXTISH = st.lists(st.one_of(
    st.text(max_size=30).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    st.text(alphabet="Kim said café “ok” — \n", max_size=40).map(lambda t: t.encode("cp1252", errors="replace")),
    st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\r\n", b"\x1b[31m", b"&amp;", b"\xc3", b"\x83"]),
), max_size=20).map(b"".join)


@FUZZ
@given(TEXTISH, st.sampled_from(["md", "txt", "jsonl"]))
def test_batch_worker_never_raises(data, fmt):
    outcome = clean_bytes(data, "fuzz.txt", "fuzz.txt", Config(format=fmt))
    assert (outcome.rendered is None) != (outcome.error is None)
    if outcome.rendered is not None:
        outcome.rendered.encode("utf-8")
        assert outcome.rendered == "" or outcome.rendered.endswith("\n")


@FUZZ
@given(TEXTISH)
def test_standard_input_never_raises(data):
    sink = io.StringIO()
    report = Report()
    clean_plain(data, sink, Config(), report)
    assert report.files + len(report.failures) == 1
