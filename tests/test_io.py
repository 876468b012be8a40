"""Finding inputs and naming outputs: string operations that must spell paths as pathlib does."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from cleaner.io import discover, output_name


@pytest.mark.parametrize("relative", [
    "kim.txt", "world/kim.txt", "a.b.txt", "README", ".hidden", "trailing.", "../../escape.txt",
    "./here/./x.html", "deep/er/still/story.text", "", "..", "/etc/passwd",
])
@pytest.mark.parametrize("out", ["out", ".", "/tmp/o", "a/b", "/"])
def test_output_names_are_spelled_as_pathlib_would(out: str, relative: str) -> None:
    """Outputs are named with string operations (fast on a large batch), exactly as pathlib names them.

    An absolute input name stays inside the output folder: its root is dropped like "..".
    """
    parts = [part for part in PurePosixPath(relative).parts if part not in ("", ".", "..", "/")]
    expected = (Path(out).joinpath(*parts) if parts else Path(out) / "unnamed").with_suffix(".md")
    assert output_name(out, relative, "md") == str(expected)


def _tree(root: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/z.txt", "sub/deeper/y.txt", "sub/skip.html"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("Text.\n")


def test_discovery_names_inputs_as_a_pathlib_walk_would(tmp_path: Path) -> None:
    """Paths as given (normalized as pathlib normalizes them), names relative to the folder named."""
    root = tmp_path / "in"
    _tree(root)
    inputs, problems = discover([root, Path(f"{tmp_path}/./in/sub/deeper/")], "*.txt")
    assert problems == []
    deeper = str(root / "sub" / "deeper" / "y.txt")  # "./" and the trailing slash normalized away
    assert [(item.path, item.relative) for item in inputs] == [
        (str(root / "a.txt"), "a.txt"), (str(root / "b.txt"), "b.txt"), (str(root / "sub" / "z.txt"), "sub/z.txt"),
        (deeper, "sub/deeper/y.txt"), (deeper, "y.txt")]


def test_discovery_of_the_current_folder_names_files_without_a_dot(tmp_path: Path, monkeypatch) -> None:
    """``cleaner clean .`` records ``a.txt`` as its source, as pathlib spelled it, not ``./a.txt``."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    inputs, _problems = discover([Path(".")], "*.txt")
    assert [(item.path, item.relative) for item in inputs] == [
        ("a.txt", "a.txt"), ("b.txt", "b.txt"), ("sub/z.txt", "sub/z.txt"), ("sub/deeper/y.txt", "sub/deeper/y.txt")]
