"""The dataset cache: a hit equals a fresh load; any changed byte is a miss; a bad cache is ignored."""

from __future__ import annotations

from pathlib import Path

from sbaudit import cache
from sbaudit.dataset import load_dataset


def test_hit_equals_fresh_load(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    monkeypatch.chdir(root)
    fresh = load_dataset(root, use_cache=False)
    first = load_dataset(root, use_cache=True)
    assert list(cache.cache_dir().glob("*.pickle"))
    second = load_dataset(root, use_cache=True)
    assert fresh == first == second


def test_changed_byte_is_a_miss(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    monkeypatch.chdir(root)
    assert load_dataset(root, use_cache=True).items[0].title == "Build the bridge"
    item = root / "plan/demo/demo-01.yaml"
    item.write_text(item.read_text().replace("Build the bridge", "Build the tunnel"))
    assert load_dataset(root, use_cache=True).items[0].title == "Build the tunnel"


def test_problems_come_back_from_the_cache_too(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root({"plan/demo/demo-02.yaml": "id: demo-02\nfoo: [\n"})
    monkeypatch.chdir(root)
    first = [p.format() for p in load_dataset(root, use_cache=True).problems]
    assert first and first == [p.format() for p in load_dataset(root, use_cache=True).problems]


def test_corrupt_cache_is_ignored(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    monkeypatch.chdir(root)
    load_dataset(root, use_cache=True)
    for path in cache.cache_dir().glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    assert load_dataset(root, use_cache=True) == load_dataset(root, use_cache=False)


def test_env_switch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SBAUDIT_NO_CACHE", "1")
    assert not cache.enabled()
    monkeypatch.setenv("SBAUDIT_NO_CACHE", "0")
    assert cache.enabled()


def test_only_changed_files_are_read_again(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sbaudit.dataset as dataset_module

    root: Path = make_root({"plan/demo/demo-02.yaml": "id: demo-02\nprogram: demo\ntitle: Two\ntext: Two.\n"
                            "introduced: p1\nhistory: []\n"})
    monkeypatch.chdir(root)
    monkeypatch.setenv("SBAUDIT_CACHE_DIR", str(root.parent / "own-cache"))
    loaded: list[str] = []
    original = dataset_module._load_file

    def counting(path, raw, report_file, context=None):  # type: ignore[no-untyped-def]
        loaded.append(path.name)
        return original(path, raw, report_file, context)

    monkeypatch.setattr(dataset_module, "_load_file", counting)
    first = load_dataset(root, use_cache=True)
    assert sorted(loaded) == ["demo-01.yaml", "demo-02.yaml", "p1.yaml", "s1.yaml", "s2.yaml"]
    loaded.clear()
    item = root / "plan/demo/demo-02.yaml"
    item.write_text(item.read_text().replace("title: Two", "title: Second"))
    second = load_dataset(root, use_cache=True)
    assert loaded == ["demo-02.yaml"]
    assert [i.title for i in second.items] == ["Build the bridge", "Second"]
    assert second == load_dataset(root, use_cache=False)
    assert first != second


def test_old_datasets_are_pruned(make_root, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root: Path = make_root()
    monkeypatch.chdir(root)
    monkeypatch.setenv("SBAUDIT_CACHE_DIR", str(root.parent / "own-cache"))
    item = root / "plan/demo/demo-01.yaml"
    text = item.read_text()
    for n in range(cache.KEEP + 4):
        item.write_text(text.replace("title: Build the bridge", f"title: Build bridge {n}"))
        load_dataset(root, use_cache=True)
    names = [p.name for p in cache.cache_dir().glob("*.pickle")]
    assert len([n for n in names if not n.startswith("files-")]) == cache.KEEP
    assert len([n for n in names if n.startswith("files-")]) == 1
