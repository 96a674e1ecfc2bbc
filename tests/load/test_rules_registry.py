"""The cross-file rules are a registry: one function per rule id, documented from its docstring."""

from __future__ import annotations

import ast
import inspect
import re

from conftest import REPO
from sbaudit.load.rules import registered, rules_markdown


def test_docs_list_every_rule_as_its_docstring_says() -> None:
    text = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- rules: begin -->\n(.*?)<!-- rules: end -->", text, re.S)
    assert found is not None
    assert found.group(1) == rules_markdown()


def test_each_rule_reports_only_under_its_own_id() -> None:
    ids = [rule.id for rule in registered()]
    assert len(ids) == len(set(ids))
    for rule in registered():
        assert rule.doc, f"{rule.id} has no docstring"
        tree = ast.parse(inspect.getsource(rule.check).lstrip())
        named = {
            node.args[-1].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "problem"
            and isinstance(node.args[-1], ast.Constant)
        }
        assert named <= {rule.id}, f"{rule.id} also reports {named - {rule.id}}"
