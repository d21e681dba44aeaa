"""The runnable examples in the docstrings of the light modules really run (no model needed)."""
import doctest
import importlib

import pytest

MODULES = ["stancelib.results", "stancelib.aggregate", "stancelib.report", "stancelib.graphs", "stancelib.charts"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
