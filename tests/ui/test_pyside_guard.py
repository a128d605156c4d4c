"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every void call, aborting the interpreter after a few
thousand clicks ("Fatal Python error: none_dealloc"); pyproject.toml keeps PySide6 below 6.12. This test fails if an
installed PySide6 leaks None again, long before a desk would crash."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None is immortal from Python 3.12 (PEP 683): its reference count is a constant, nothing to measure",
)
def test_void_calls_do_not_leak_references_to_none(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(5_000):
        label.setText("录霞")
    assert sys.getrefcount(None) >= before - 50
