"""Rehearsal mode: a structured interview to practise aloud.

Five questions, one per ECQ, each with a visible timer of about 9 minutes inside a 45-minute
session. Only the outline cards are shown, never the full stories: the candidate tells the
story, not reads it. After each answer the candidate ticks the CCAR checklist; every answer is
kept in the package's practice log. The clock is injected so that tests can move time.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ecqwriter.core.interview import (
    ANSWER_SECONDS, QUESTIONS_PER_SESSION, SELF_CHECKS, SESSION_SECONDS, SUPPLEMENTAL_ANSWER_SECONDS,
    SUPPLEMENTAL_SECONDS, EcqCards, general_follow_ups, practice_entry, practice_note,
)


def _clock_text(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _outline_html(ecq: EcqCards) -> str:
    import html

    if not ecq.cards:
        return "<p>No story under this ECQ yet: answer from memory, then write the story.</p>"
    parts = []
    for card in ecq.cards:
        figures = f"<br><b>Figures:</b> {html.escape(' · '.join(card.figures))}" if card.figures else ""
        parts.append(f"<h3>{html.escape(card.story)}</h3><p><b>Challenge:</b> {html.escape(card.challenge)}<br>"
                     f"<b>Action:</b> {html.escape(card.action)}<br><b>Result:</b> {html.escape(card.result)}"
                     f"{figures}</p>")
    return "".join(parts)


class RehearsalDialog(QDialog):
    def __init__(self, plan: list[EcqCards], on_answer: Callable[[dict], None], parent=None,
                 clock: Callable[[], float] = time.monotonic):
        super().__init__(parent)
        self.setWindowTitle("Rehearse the structured interview")
        self.setAccessibleName("Rehearsal mode")
        self.clock = clock
        self.on_answer = on_answer
        # one question per ECQ, in the framework's order (the session has five)
        self.rounds = [(ecq, ecq.practice[0] if ecq.practice else f"Tell us about a time you showed {ecq.ecq_name}.")
                       for ecq in plan][:QUESTIONS_PER_SESSION]
        self.plan = plan
        self.index = 0
        self.round_name = "main"
        self.answer_limit, self.session_limit = ANSWER_SECONDS, SESSION_SECONDS
        self.session_started = clock()
        self.answer_started = clock()
        layout = QVBoxLayout(self)
        self.supplemental = QCheckBox("After the five questions, a supplemental round: up to 20 minutes of "
                                      "follow-up questions")
        self.supplemental.setAccessibleName("Add the supplemental round")
        layout.addWidget(self.supplemental)
        self.progress = QLabel()
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setAccessibleName("Question")
        self.timer_label = QLabel()
        self.timer_label.setAccessibleName("Time left for this answer")
        font = self.timer_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.timer_label.setFont(font)  # read at a glance while speaking
        self.session_label = QLabel()
        self.session_label.setAccessibleName("Time left in the session")
        timers = QHBoxLayout()
        timers.addWidget(self.timer_label)
        timers.addStretch(1)
        timers.addWidget(self.session_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.question)
        layout.addLayout(timers)
        self.pages = QStackedWidget()
        self.outline = QTextBrowser()
        self.outline.setAccessibleName("Outline of your stories")
        self.pages.addWidget(self.outline)
        rating = QWidget()
        rating_layout = QVBoxLayout(rating)
        rating_layout.addWidget(QLabel("How did that answer go? Tick what you did:"))
        self.checks = {}
        for key, text in SELF_CHECKS:
            box = QCheckBox(text)
            box.setAccessibleName(text)
            rating_layout.addWidget(box)
            self.checks[key] = box
        rating_layout.addStretch(1)
        self.pages.addWidget(rating)
        layout.addWidget(self.pages, 1)
        note = QLabel(f"Practice questions are {practice_note()}.")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.done_button = QPushButton("I have answered")
        self.done_button.clicked.connect(self.answered)
        self.next_button = QPushButton("Next question")
        self.next_button.clicked.connect(self.next_question)
        close = QPushButton("End the session")
        close.clicked.connect(self.accept)
        for button in (self.done_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start(1000)
        self.resize(760, 560)
        self._show_question()

    @property
    def answer_left(self) -> float:
        return self.answer_limit - (self.clock() - self.answer_started)

    @property
    def session_left(self) -> float:
        return self.session_limit - (self.clock() - self.session_started)

    def tick(self) -> None:
        if self.pages.currentIndex() == 0:
            left = self.answer_left
            self.timer_label.setText(f"{_clock_text(left)} left for this answer" if left >= 0
                                     else f"{_clock_text(-left)} over the time for this answer")
        self.session_label.setText(f"Session: {_clock_text(self.session_left)} left")

    def _show_question(self) -> None:
        ecq, question = self.rounds[self.index]
        kind = "Supplemental question" if self.round_name == "supplemental" else "Question"
        self.progress.setText(f"{kind} {self.index + 1} of {len(self.rounds)}: {ecq.ecq_name}")
        self.question.setText(f"<b>{question}</b>")
        self.outline.setHtml(_outline_html(ecq))
        self.pages.setCurrentIndex(0)
        for box in self.checks.values():
            box.setChecked(False)
        self.answer_started = self.clock()
        self.done_button.setEnabled(True)
        self.next_button.setEnabled(False)
        self.tick()

    def answered(self) -> None:
        self.answer_seconds = self.clock() - self.answer_started
        self.checks["time"].setChecked(self.answer_seconds <= self.answer_limit)
        self.pages.setCurrentIndex(1)
        self.done_button.setEnabled(False)
        self.next_button.setEnabled(True)
        last = self.index + 1 >= len(self.rounds)
        more = self.round_name == "main" and self.supplemental.isChecked()
        self.next_button.setText("Next question" if not last else "Start the supplemental round" if more else "Finish")

    def next_question(self) -> None:
        ecq, question = self.rounds[self.index]
        when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        self.on_answer(practice_entry(when, ecq.ecq_id, question, self.answer_seconds,
                                      {key: box.isChecked() for key, box in self.checks.items()}, self.round_name))
        self.index += 1
        if self.index >= len(self.rounds):
            if self.round_name == "main" and self.supplemental.isChecked() and self.plan:
                self._start_supplemental()
                return
            self.ticker.stop()
            self.accept()
            return
        self._show_question()

    def _start_supplemental(self) -> None:
        """Follow-up questions on the stories just told, against a 20-minute clock."""
        self.round_name = "supplemental"
        self.supplemental.setEnabled(False)
        questions = general_follow_ups()
        self.rounds = [(self.plan[i % len(self.plan)], question) for i, question in enumerate(questions)]
        self.index = 0
        self.answer_limit, self.session_limit = SUPPLEMENTAL_ANSWER_SECONDS, SUPPLEMENTAL_SECONDS
        self.session_started = self.clock()
        self._show_question()
