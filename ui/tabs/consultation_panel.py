"""The consultation quick log (咨询登记) under the walk-in list: a phone or counter enquiry logged in two keystrokes.

While the panel has the focus, a digit 1–9 picks the topic of that number and puts the cursor in the note; Enter
saves (with or without a note). After a save the note clears, the topic and channel stay, and the focus returns
to the topic, so the next call is again a digit and Enter. Each entry carries one request id, kept across retries:
a save whose outcome was unknown (a dropped connection) is not logged twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.clock import local_date
from desktop.db.idempotency import new_request_id
from desktop.db.retry import is_connection_loss
from desktop.errors import DomainError, ValidationError
from desktop.services.consultation import CHANNEL_NAMES, NOTE_LIMIT
from ui.errors import error_text, not_saved_offline, report_bug, retrying_text
from ui.widgets.form import ERROR_STYLE, HINT_STYLE, OK_STYLE, card_frame, keep_height, sentence

if TYPE_CHECKING:
    from desktop.services.consultation import TopicCount
    from ui.context import DeskContext

DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DONE_SHOWN_MS = 4000


class ConsultationPanel(QWidget):
    """Signal `logged(consultation_id)` after each save."""

    logged = Signal(int)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("walkin.consult_panel")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click on the card gives it the keys 1–9
        self._request_id = new_request_id()
        self._saving = False
        self._saving_note = ""
        self._counts_token = 0
        self._build()
        self.refresh()

    def _build(self) -> None:
        from desktop.domain.catalog import load_catalog

        self.channel = QComboBox()
        self.channel.setObjectName("walkin.consult_channel")
        for code, name in CHANNEL_NAMES.items():
            self.channel.addItem(name, code)
        self.topic = QComboBox()
        self.topic.setObjectName("walkin.consult_topic")
        topics = load_catalog().consultation_topics
        self._topic_names = {topic.code: topic.name for topic in topics}
        for number, topic in enumerate(topics, start=1):
            self.topic.addItem(f"{number} {topic.name}" if number <= 9 else topic.name, topic.code)
        self.topic.setPlaceholderText(self.tr("Topic (keys 1–9)"))
        self.topic.setCurrentIndex(-1)  # no topic until one is chosen: a call is never logged under a guess
        self.topic.setMaxVisibleItems(12)
        self.note = QLineEdit()
        self.note.setObjectName("walkin.consult_note")
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText(self.tr("Note (optional) — Enter logs the enquiry"))
        self.note.returnPressed.connect(self.save)
        self.note.textEdited.connect(lambda _t: self._show_error(""))
        self.save_button = QPushButton(self.tr("Log"))
        self.save_button.setObjectName("walkin.consult_save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        for widget in (self.channel, self.topic, self.note):
            keep_height(widget)
        widest = max(self.channel.fontMetrics().horizontalAdvance(name) for name in CHANNEL_NAMES.values())
        self.channel.setMinimumWidth(widest + 56)  # the theme's padding and arrow
        for keyed in (self, self.channel, self.topic, self.save_button):
            keyed.installEventFilter(self)

        title = QLabel(self.tr("Enquiry log"))
        title.setStyleSheet("font-weight: bold;")
        self.done_label = QLabel()
        self.done_label.setObjectName("walkin.consult_done")
        self.done_label.setStyleSheet(OK_STYLE)
        self._done_timer = QTimer(self)
        self._done_timer.setSingleShot(True)
        self._done_timer.setInterval(DONE_SHOWN_MS)
        self._done_timer.timeout.connect(self.done_label.clear)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.done_label)

        fields = QHBoxLayout()
        fields.addWidget(self.channel)
        fields.addWidget(self.topic, 2)
        fields.addWidget(self.note, 3)
        fields.addWidget(self.save_button)

        self.error_label = QLabel()
        self.error_label.setObjectName("walkin.consult_error")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.counts_label = QLabel()
        self.counts_label.setObjectName("walkin.consult_counts")
        self.counts_label.setStyleSheet(HINT_STYLE)
        self.counts_label.setWordWrap(True)

        card = card_frame("walkin.consult_card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(10, 6, 10, 6)
        inner.setSpacing(4)
        inner.addLayout(heading)
        inner.addLayout(fields)
        inner.addWidget(self.error_label)
        inner.addWidget(self.counts_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(card)

    # -- public ------------------------------------------------------------------------------------------
    def focus_topic(self) -> None:
        """Give the panel the keys: a digit picks the topic, Enter logs."""
        self.topic.setFocus()

    def pick_topic(self, number: int) -> bool:
        """Choose the topic numbered `number` (1–9) and put the cursor in the note; False if there is none."""
        if not 1 <= number <= min(9, self.topic.count()):
            return False
        self.topic.setCurrentIndex(number - 1)
        self._show_error("")
        self.note.setFocus()
        return True

    def save(self) -> None:
        """Log the enquiry in the background; a second Enter while it saves does nothing."""
        from desktop.services.consultation import log_consultation

        if self._saving:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        core, actor, code, request_id = self.ctx.core, self.ctx.actor, self.ctx.station.code, self._request_id
        channel, topic, note = (
            str(self.channel.currentData()),
            str(self.topic.currentData() or ""),
            self.note.text(),
        )
        self._saving_note = note
        self.ctx.runner.run_with_retries(  # the request id makes a repeat after a lost answer find the first
            lambda: log_consultation(core, actor, code, request_id, channel=channel, topic=topic, note=note),
            on_retry=lambda attempt, delay: self._show_error(retrying_text(attempt, delay)),
            on_success=self._saved,
            on_failure=self._failed,
            widget=self,
        )

    def refresh(self) -> None:
        """Count today's enquiries again (another desk may have logged some)."""
        from desktop.services.consultation import day_counts

        core, actor, code = self.ctx.core, self.ctx.actor, self.ctx.station.code
        self._counts_token += 1
        token = self._counts_token

        def show(counts: list[TopicCount]) -> None:
            if token == self._counts_token:  # an older count answered late
                self._show_counts(counts)

        def fail(error: BaseException) -> None:
            if token == self._counts_token:
                self._counts_failed(error)

        self.ctx.runner.run(
            lambda: day_counts(core, actor, code, local_date(core.clock())),
            on_success=show,
            on_failure=fail,
            widget=self,
            quiet=True,
        )

    # -- answers -----------------------------------------------------------------------------------------
    def _saved(self, consultation_id: int) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._request_id = new_request_id()  # the next entry is a new enquiry
        if self.note.text() == self._saving_note:  # not what was typed meanwhile for the next one
            self.note.clear()
        self._show_error("")
        topic = self._topic_names.get(str(self.topic.currentData()), "")
        self.done_label.setText(
            self.tr("Logged: {channel} · {topic}").format(channel=self.channel.currentText(), topic=topic)
        )
        self._done_timer.start()
        self._focus_if_here(self.topic)
        self.logged.emit(consultation_id)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if not isinstance(error, DomainError):
            report_bug(error)
            return
        self.done_label.clear()
        # The note and the request id stay for the next try.
        self._show_error(not_saved_offline() if is_connection_loss(error) else error_text(error, saving=True))
        if isinstance(error, ValidationError):
            fields: dict[str, QWidget] = {"channel": self.channel, "topic": self.topic}
            self._focus_if_here(fields.get(error.field, self.note))

    def _show_counts(self, counts: list[TopicCount]) -> None:
        total = sum(c.count for c in counts)
        if not total:
            self.counts_label.setText(self.tr("No enquiries logged today."))
            return
        topics = " · ".join(f"{c.topic_name} {c.count}" for c in counts)
        self.counts_label.setText(
            self.tr("Enquiries today {total}: {topics}").format(total=total, topics=topics)
        )

    def _counts_failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.counts_label.setText(sentence(error.message))
        else:
            report_bug(error)

    def _focus_if_here(self, widget: QWidget) -> None:
        """Move the focus within the panel only: whoever went on to the form meanwhile keeps typing there."""
        focused = QApplication.focusWidget()
        if focused is not None and (focused is self or self.isAncestorOf(focused)):
            widget.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # -- keys --------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Digits and Enter on the panel, its boxes and its button (not in the note: a note may hold numbers)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers == Qt.KeyboardModifier.NoModifier:
                if event.key() in DIGIT_KEYS:
                    self.pick_topic(DIGIT_KEYS[event.key()])
                    return True
                if event.key() in ENTER_KEYS:
                    self.save()
                    return True
        return super().eventFilter(watched, event)
