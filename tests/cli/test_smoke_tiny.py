from pathlib import Path

from conftest import WriteRoot
from sbaudit.load.data_root import load_dataset


def test_tiny_root_is_clean(make_root: WriteRoot) -> None:
    root: Path = make_root()
    dataset = load_dataset(root)
    assert [p.format() for p in dataset.problems] == []
    assert [r.id for r in dataset.reports] == ["p1", "s1", "s2"]
    assert [i.id for i in dataset.items] == ["demo-01"]
