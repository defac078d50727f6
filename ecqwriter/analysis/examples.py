"""Where each example of a narrative starts: the stage before CCAR labelling.

Real ECQ statements tell two or three examples in one text, and candidates paste them whole.
Decoding such a text as one story turns the second example's challenge into "action" and the
first example's result into "action" too, so the examples are found first and each is
decoded on its own.

A paragraph starts a new example when the example so far is a story of its own (at least
three sentences, one of them reading as an action) and the text turns:

- the paragraph before reads as a result (as a whole, or in its last sentence), and this one opens with a
  sentence that reads as a challenge or context (a new problem, a new setting);
- or this one opens with an explicit turn: a heading ("Example 2: ..."), words such as
  "In another instance" or "A second example", or a new role ("While serving as ...");
  then a weaker lean to set-up is enough, and the paragraph before need not end on a result;
- a new time frame (the opening names a year earlier than the example so far, or well after
  it) lowers the set-up lean needed too.

Each sentence is judged on its own words (``ccar_sequence.lean_probabilities``), since where
it stands in the story is what is being decided. The thresholds were chosen on the
development split, whose second examples all open "In <year>": the explicit turns and the
time-frame rule are there for writers who do not.
"""

from __future__ import annotations

import re

from ecqwriter.analysis import ccar_sequence

# the example so far must be a story: this many sentences, one of them an action
MIN_EXAMPLE_SENTENCES = 3
# the paragraph before the turn reads as a result at least this surely (its last sentence,
# or on average), and the first sentence after it as challenge or context at least this
# surely; chosen leaving one voice out over all nine development voices, three of them by
# writers new to the project (example starts found: precision 0.98, recall 0.91)
RESULT_BEFORE = 0.08
SETUP_AFTER = 0.6
# ...or this surely, after an explicit turn or a new time frame
SETUP_AFTER_SIGNALLED = 0.3
# a year this many years after the example's latest is a new time frame
YEAR_JUMP = 2

_TURN = re.compile(
    r"^\s*(?:(?:In|On)\s+(?:another|a\s+(?:second|third|separate|different|later|more\s+recent))\s+"
    r"(?:instance|example|occasion|case|assignment|role|position|project)"
    r"|(?:Another|A\s+(?:second|third|further))\s+(?:example|instance|illustration|accomplishment|occasion)"
    r"|(?:Second|Third|Finally|Later\s+in\s+my\s+career|More\s+recently|Most\s+recently|Previously|Earlier\s+in\s+my\s+career)\s*,"
    r"|(?:While|When)\s+(?:I\s+)?(?:serving|served|working|worked|assigned)\s+as\b"
    r"|(?:In|During)\s+my\s+(?:current|previous|prior|earlier|former)\s+(?:role|position|assignment|post)\b"
    r"|(?:Example|Accomplishment|Case|Story)\s*(?:\d+|[IVX]+|one|two|three)\b)",
    re.IGNORECASE,
)
# a heading: a short line with no sentence end, such as "Example 2: Restructuring the Field"
_HEADING_MAX_WORDS = 12


def is_heading(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and len(stripped.split()) <= _HEADING_MAX_WORDS and stripped[-1] not in ".!?;,"


def opens_with_turn(text: str) -> bool:
    return bool(_TURN.match(text))


def _tops(signals, model) -> list[str]:
    return [max(p, key=p.get) for p in ccar_sequence.lean_probabilities(signals, model)]


def _new_time_frame(signals, years_so_far: list[int]) -> bool:
    if not signals.sentence_spans or not years_so_far:
        return False
    first_end = signals.sentence_spans[0][1]
    opening = [year for year, span in signals.years if span.start < first_end]
    return bool(opening) and (min(opening) < min(years_so_far) or min(opening) >= max(years_so_far) + YEAR_JUMP)


def find_example_starts(paragraphs: list, model, known_starts: list[int] | None = None) -> list[int]:
    """The paragraph index where each example starts (always 0 first).

    ``paragraphs``: the signals of each paragraph, in order. ``known_starts``: boundaries the
    caller knows (a package's stories); new ones are only found between them."""
    count = len(paragraphs)
    if not count:
        return []
    known = sorted({s for s in (known_starts or []) if 0 <= s < count} | {0})
    starts = list(known)
    for a, b in zip(known, known[1:] + [count]):
        starts.extend(_starts_within(paragraphs, a, b, model))
    return sorted(set(starts))


def _starts_within(paragraphs: list, first: int, end: int, model) -> list[int]:
    found: list[int] = []
    sentences = actions = 0
    years: list[int] = []
    for index in range(first, end):
        signals = paragraphs[index]
        if not signals.sentence_features:
            continue  # an empty paragraph neither starts nor holds an example
        heading = is_heading(signals.text)
        if index > first and sentences >= MIN_EXAMPLE_SENTENCES and actions:
            if _turns_here(paragraphs[index - 1], signals, model, heading, years):
                found.append(index)
                sentences = actions = 0
                years = []
        if heading:
            continue  # a heading belongs to the example it opens and is not a sentence of it
        tops = _tops(signals, model)
        sentences += len(tops)
        actions += tops.count("action")
        years.extend(year for year, _ in signals.years)
    return found


def _turns_here(previous, signals, model, heading: bool, years: list[int]) -> bool:
    if heading:
        return True
    if not previous.sentence_features:
        return False
    opening = ccar_sequence.lean_probabilities(signals, model)[0]
    setup = opening["challenge"] + opening["context"]
    if opens_with_turn(signals.text):
        return setup >= SETUP_AFTER_SIGNALLED or opening["action"] < 0.5
    leans = ccar_sequence.lean_probabilities(previous, model)
    # a results paragraph may close on a remark ("The plan became the agency's standard"):
    # the paragraph as a whole reading as a result counts as much as its last sentence
    before = max(leans[-1]["result"], sum(lean["result"] for lean in leans) / len(leans))
    if before < RESULT_BEFORE:
        return False
    needed = SETUP_AFTER_SIGNALLED if _new_time_frame(signals, years) else SETUP_AFTER
    return setup >= needed
