"""Source texts: a phrase is found where it stands whatever the whitespace (the map from the
squashed text back to the text holds across chunk boundaries), and a text over the size cap is
refused without being read whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sbaudit.load import sources
from sbaudit.load.sources import FileText, SourceError, read_source


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\t\u00a0", max_size=80), st.integers(min_value=1, max_value=9))
def test_every_character_of_the_squashed_text_maps_back_to_where_it_stands(text: str, chunk: int) -> None:
    old = sources._CHUNK
    sources._CHUNK = chunk  # small chunks: many boundaries, some inside whitespace runs
    try:
        found = FileText.of("t", text)
        kept = [index for index, ch in enumerate(text) if not ch.isspace()]
        assert found.squashed == "".join(text[index] for index in kept)
        assert [found.offset(position) for position in range(len(kept))] == kept
    finally:
        sources._CHUNK = old


def test_a_phrase_is_found_across_line_breaks_and_run_together_words() -> None:
    found = FileText.of("t", "The bridge\n  opened on\t10 August 2011.\n\nIt wasthe first.")
    assert found.find("bridge opened on 10 august") == [(4, 32)]
    assert found.find("was the first", exact=True) == [(43, 55)]


def test_a_text_over_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(SourceError, match="big.txt is larger than the 1 MiB a source text may have"):
        read_source(path)
    path.write_bytes(b"x" * (1024 * 1024))
    assert len(read_source(path)) == 1024 * 1024
