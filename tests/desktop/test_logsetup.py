"""Personal data never reaches the log file: messages, arguments and tracebacks are masked."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.logsetup import configure_logging


def test_log_file_masks_id_and_phone_numbers(tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "microstation.log"
    configure_logging(log_file)
    log = logging.getLogger("test.masking")
    log.info("申请人 %s 电话 %s", "440803196001010019", "13812345678")
    try:
        raise ValueError("bad id 440803196001010019")
    except ValueError:
        log.exception("failed for 138 1234 5678")
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text(encoding="utf-8")
    assert "440803********0019" in written
    assert "440803196001010019" not in written
    assert "13812345678" not in written
    assert "1234 5678" not in written
    assert "ValueError" in written  # the traceback itself is kept
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "microstation", False)]:
        root.removeHandler(handler)
        handler.close()
    logging.captureWarnings(False)
