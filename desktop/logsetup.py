"""Logging to a rotating file in the log folder; every line passes a filter that masks ID and phone numbers."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desktop.domain.identity import mask_text_for_log

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


class MaskPersonalData(logging.Filter):
    """Rewrites the finished message (args and traceback included) so no ID or mobile number reaches the file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text_for_log(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text_for_log(record.stack_info)
        record.msg, record.args = mask_text_for_log(message), None
        return True


def configure_logging(log_file: Path, *, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(MaskPersonalData())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "microstation", False)]:
        root.removeHandler(old)
        old.close()
    handler.microstation = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
