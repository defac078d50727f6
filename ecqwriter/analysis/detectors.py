"""The checks of a narrative, one small function per family of signals.

Each takes what the engine has worked out (paragraphs with their signals and parts, the
stories and their ECQ probabilities) and yields findings; what a finding says comes from the
rule registry (analysis/rules.py). The thresholds are here, each with its reason.
"""

from __future__ import annotations

from ecqwriter.analysis import ccar
from ecqwriter.analysis.findings import make_finding
from ecqwriter.analysis.lexicon import CompiledLexicon

TOO_OLD_YEARS = 10
READABILITY_GRADE_LIMIT = 16.0
WEAK_COVERAGE = 0.35
# ecq-mismatch only when the model is confident the story shows another ECQ: at 0.85 or more,
# where its answers are right at least nine times in ten out of voice (evaluation/README);
# where it is unsure, an ecq-unsure note names the two likeliest ECQs
MISMATCH_CONFIDENCE = 0.85
MISMATCH_OWN_MAX = 0.1
UNSURE_OWN_MAX = 0.25
# ecq-weak-coverage only when the model also finds this ECQ unlikely (a long statement's
# broad wording thins the pack's evidence; the example-level ecq-unsure covers the doubt)
WEAK_OWN_MAX = 0.1
# a sentence labelled "none" this surely is reported as a statement of belief
PHILOSOPHY_NONE_MIN = 0.5
# ccar-missing-challenge needs every sentence to be unlikely as a challenge, not only the
# decoded labels to lack one (chosen for precision leaving one voice out: at 0.3 it was
# right 2 times in 10 on the voices of writers new to the project, at 0.12 it is right 0.88
# of the time over all nine voices)
CHALLENGE_EVIDENCE_MAX = 0.12
# ...and below this, the challenge is in doubt: an info names what the likeliest sentence reads as
CHALLENGE_EVIDENCE_UNSURE = 0.45
# ccar-missing-part only when the chance that no sentence is the part reaches this (the
# sentences' probabilities multiplied); a part missing from the labels only is in doubt
SURE_ABSENT = 0.5
# shorter than this, a text is a fragment in progress rather than a story to judge
MIN_STORY_WORDS = 15


# how ccar-missing-part names the part a story lacks
PART_WORDS = {"action": "your actions (what you personally did)",
              "result": "the results (what changed, with measures)"}


def _likeliest(framework, ranked: list[str], probabilities: dict[str, float], evidence: dict[str, list[str]]) -> str:
    """"Business Acumen, 48% ("budget", "hiring") or Results Driven, 31%"."""
    parts = []
    for ecq_id in ranked:
        words = evidence.get(ecq_id) or []
        shown = " (" + ", ".join(f"\u201c{w}\u201d" for w in words) + ")" if words else ""
        parts.append(f"{framework.ecq_name(ecq_id)}, {probabilities[ecq_id]:.0%}{shown}")
    return " or ".join(parts)


def _competency_names(framework, ecq_id: str, missing: list[str]) -> str:
    names = [c.name for c in framework.ecq(ecq_id).competencies if c.id in missing]
    return ", ".join(names[:6]) if names else "its competencies"


def _clip(sentence: str, words: int = 8) -> str:
    """The opening words of a sentence (the message adds the ellipsis)."""
    return " ".join(sentence.rstrip(".!?").split()[:words])


def _evidence_words(group, lexicon: CompiledLexicon, ecq_id: str, limit: int = 3) -> list[str]:
    """A few distinct words of the story that are the pack's evidence for ``ecq_id``."""
    found: list[str] = []
    for p in group:
        for hit in p.signals.evidence:
            info = lexicon.terms.get(hit.term)
            if info and any(owner[0] == ecq_id for owner in info.competencies) and hit.text.lower() not in found:
                found.append(hit.text.lower())
                if len(found) == limit:
                    return found
    return found


def _listed(words) -> str:
    """“we”, “us” and “our”: each distinct word once, in order of use."""
    seen: list[str] = []
    for word in words:
        if word.lower() not in (w.lower() for w in seen):
            seen.append(word)
    quoted = [f"\u201c{w}\u201d" for w in seen]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _sentence_at(p, start: int) -> str:
    for a, b in p.signals.sentence_spans:
        if a <= start < b:
            return p.signals.text[a:b]
    return p.signals.text


def _at(p, span) -> dict:
    return dict(paragraph=p.index, start=p.start + span.start, end=p.start + span.end, example=p.example)


def _story_place(example, group) -> dict:
    return dict(paragraph=group[0].index, start=group[0].start, end=group[-1].end, example=example.index)


def wording(p):
    """How one paragraph is written: beliefs, "we", buzzwords, claims, passives, long sentences."""
    s = p.signals
    # a sentence the sequence model reads as neither challenge, context, action nor result
    # is a belief or a generalisation ("Every taxpayer dollar matters.")
    matched = [span.start for span in s.philosophy_spans]
    for (a, b), (_, _, part), likely, features in zip(s.sentence_spans, p.parts, p.sentence_probabilities,
                                                      s.sentence_features):
        if (part == "none" and likely["none"] >= PHILOSOPHY_NONE_MIN
                and "measures=0" in features and not any(a <= x < b for x in matched)):
            sentence = s.text[a:b]
            yield make_finding("philosophy-statement", {"words": _clip(sentence)}, anchor=sentence,
                               paragraph=p.index, start=p.start + a, end=p.start + b, example=p.example)
    if s.plural_spans:
        # one problem, one finding: every "we" of the paragraph is listed in it
        yield make_finding("first-person-plural", {"words": _listed(span.text for span in s.plural_spans),
                                                   "count": _times(len(s.plural_spans))},
                           anchor="|".join(f"{span.text}|{span.sentence}" for span in s.plural_spans),
                           **_at(p, s.plural_spans[0]))
    for span in s.philosophy_spans:
        yield make_finding("philosophy-statement", {"words": span.text}, anchor=span.sentence, **_at(p, span))
    for found in s.buzzwords:
        yield make_finding("buzzword", {"words": found.text, "plain": found.plain},
                           anchor=f"{found.text.lower()}|{_sentence_at(p, found.start)}", **_at(p, found))
    for span in s.claim_spans:
        yield make_finding("claim-not-behaviour", {"words": span.text}, anchor=span.sentence, **_at(p, span))
    for span in s.passive_spans:
        yield make_finding("passive-voice", {"words": span.text}, anchor=f"{span.text}|{span.sentence}",
                           **_at(p, span))
    for span in s.long_sentences:
        yield make_finding("long-sentence", {"count": len(span.text.split())}, anchor=span.text, **_at(p, span))


def acronym_base(acronym: str) -> str:
    return acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym


def acronyms(paragraphs):
    """The first use of an acronym must be its definition (order matters across paragraphs)."""
    seen: dict[str, bool] = {}
    defined = {acronym_base(a) for q in paragraphs for a, _, d in q.signals.acronyms if d}
    for p in paragraphs:
        for acronym, span, is_definition in p.signals.acronyms:
            base = acronym_base(acronym)
            if base in seen:
                continue
            seen[base] = is_definition
            if not is_definition:
                later = " It is spelled out later: move that definition here." if base in defined else ""
                yield make_finding("acronym-undefined", {"acronym": acronym, "defined_later": later},
                                   anchor=f"{acronym}|{_sentence_at(p, span.start)}", **_at(p, span))


def several_examples(examples, groups):
    """A story that tells a second example: each is decoded on its own, and the writer is
    offered a split (a statement pasted whole into one story)."""
    for previous, example, group in zip(examples, examples[1:], groups[1:]):
        if example.story == previous.story:
            first = group[0]
            yield make_finding("story-holds-two-examples", {"opening": _clip(first.signals.text)},
                               anchor=first.signals.text[:200], paragraph=first.index, start=first.start,
                               end=first.end, example=example.index)


def first_person(example, group):
    if sum(p.signals.first_singular for p in group) == 0 and example.words >= 40:
        yield make_finding("no-first-person", anchor=group[0].signals.text[:200], **_story_place(example, group))


def measures(example, group):
    """A story's results need a measure. A story with no result at all is one problem, told by
    ccar_shape (a missing result), never also as a result without a measure."""
    results = [(p, features) for p in group
               for (_, _, part), features in zip(p.parts, p.signals.sentence_features) if part == "result"]
    if results and all("measures=0" in features for _, features in results):
        p = results[0][0]
        yield make_finding("result-without-measure", anchor=p.signals.text[:200], paragraph=p.index,
                           start=p.start, end=p.end, example=example.index)


def dates(example, group, as_of):
    anchor = group[0].signals.text[:200]
    years = [(y, p, span) for p in group for y, span in p.signals.years if y <= as_of.year]
    if years:
        latest, p, span = max(years, key=lambda t: t[0])
        if as_of.year - latest > TOO_OLD_YEARS:
            yield make_finding("example-too-old", {"year": latest, "as_of": as_of.isoformat()},
                               anchor=f"{latest}|{anchor}", paragraph=p.index, start=p.start + span.start,
                               end=p.start + span.end, example=example.index)
    elif example.words >= MIN_STORY_WORDS:
        yield make_finding("example-undated", anchor=anchor, **_story_place(example, group))


def _likeliest_sentence(group, part: str) -> tuple[str, dict[str, float]]:
    """The sentence of a story likeliest to be ``part``, with its probabilities."""
    best, best_text = None, ""
    for p in group:
        for (a, b, _), probabilities in zip(p.parts, p.sentence_probabilities):
            if best is None or probabilities.get(part, 0.0) > best.get(part, 0.0):
                best, best_text = probabilities, p.signals.text[a - p.start:b - p.start]
    return best_text, best or {}


def _reads_as(sentence: str, probabilities: dict[str, float]) -> str:
    """“In 2021 the office...” reads as context (52%) or challenge (31%)."""
    ranked = sorted((k for k in probabilities if k != "none"), key=lambda k: -probabilities[k])[:2]
    return (f"\u201c{_clip(sentence)}...\u201d reads as "
            + " or ".join(f"{part} ({probabilities[part]:.0%})" for part in ranked))


def _unsure(question: str, reading: str, anchor: str, where: dict):
    return make_finding("ccar-unsure", {"question": question, "reading": reading}, anchor=f"unsure|{anchor}", **where)


def ccar_shape(example, group):
    """Missing parts, no challenge, parts out of order, a set-up that crowds out the actions.

    A content warning needs the problem to be likely, not only the decoded labels to show it:
    where the sentences' probabilities leave it in doubt, an info says so instead, naming
    what the doubtful sentence reads as."""
    anchor = group[0].signals.text[:200]
    where = _story_place(example, group)
    structure = example.structure
    absent = structure["absent_probability"]
    sentence_count = sum(len(p.parts) for p in group)
    if sentence_count >= 3 and example.words >= 30:
        for part in structure["missing"]:
            if part == "challenge":
                continue
            if absent[part] >= SURE_ABSENT:
                yield make_finding("ccar-missing-part", {"part": PART_WORDS[part]}, anchor=f"{part}|{anchor}", **where)
            else:
                yield _unsure(f"this example has {PART_WORDS[part]}", _reads_as(*_likeliest_sentence(group, part)),
                              f"{part}|{anchor}", where)
    # judged on the evidence, not the decoded labels: the decoder's start bias can label a
    # first sentence "challenge" that no cue supports
    if sentence_count >= 2 and example.words >= MIN_STORY_WORDS:
        if structure["challenge_evidence"] < CHALLENGE_EVIDENCE_MAX and not structure["challenge_cue"]:
            yield make_finding("ccar-missing-challenge", anchor=f"challenge|{anchor}", **where)
        elif structure["challenge_evidence"] < CHALLENGE_EVIDENCE_UNSURE:
            yield _unsure("this example states its challenge (the problem you faced)",
                          _reads_as(*_likeliest_sentence(group, "challenge")), f"challenge|{anchor}", where)
    for index, problem in structure["order_problems"]:
        p = group[index]
        yield make_finding("ccar-order", {"problem": problem}, anchor=p.signals.text[:200], paragraph=p.index,
                           start=p.start, end=p.end, example=example.index)
    if structure["squeezed"]:
        if structure["expected_setup_share"] > ccar.MAX_SETUP_SHARE or structure["shares"]["action"] < ccar.MIN_ACTION_SHARE / 2:
            yield make_finding("ccar-proportion", {"setup": structure["setup_share"],
                                                   "action": structure["shares"]["action"]}, anchor=anchor, **where)
        else:
            yield _unsure("the set-up crowds out your actions",
                          f"The set-up is {structure['setup_share']:.0%} of the example by its sentences' labels, "
                          f"but {structure['expected_setup_share']:.0%} by how likely each is set-up", anchor, where)


def ecq_fit(framework, lexicon: CompiledLexicon, target_ecq: str, example, group):
    """A story that reads as another ECQ: a mismatch when the model is confident, else a note
    naming the two likeliest with their evidence."""
    if example.words < 80:
        return
    anchor = group[0].signals.text[:200]
    story = example.ecq_probabilities
    best = example.best_ecq
    own = story.get(target_ecq, 0.0)
    if best == target_ecq:
        return
    if story[best] >= MISMATCH_CONFIDENCE and own <= MISMATCH_OWN_MAX:
        yield make_finding("ecq-mismatch", {"filed": framework.ecq_name(target_ecq), "best": framework.ecq_name(best),
                                            "confidence": story[best]},
                           anchor=f"{target_ecq}|{best}|{anchor}", **_story_place(example, group))
    elif own < UNSURE_OWN_MAX:
        ranked = sorted(story, key=story.get, reverse=True)[:2]
        evidence = {e: _evidence_words(group, lexicon, e) for e in ranked}
        yield make_finding("ecq-unsure", {"filed": framework.ecq_name(target_ecq),
                                          "likeliest": _likeliest(framework, ranked, story, evidence)},
                           anchor=f"{target_ecq}|unsure|{anchor}", **_story_place(example, group))


def coverage(framework, target_ecq: str, measured, probabilities: dict[str, float], stats: dict):
    if stats["words"] < 150:
        return
    # thin pack evidence alone is not enough: a narrative the model reads as this ECQ uses
    # words the pack does not list, and is not weak
    if measured.ecq_scores.get(target_ecq, 0.0) < WEAK_COVERAGE and probabilities.get(target_ecq, 0.0) < WEAK_OWN_MAX:
        missing = measured.missing(framework, target_ecq)
        yield make_finding("ecq-weak-coverage", {"ecq": framework.ecq_name(target_ecq),
                                                 "missing": _competency_names(framework, target_ecq, missing)},
                           anchor=f"{target_ecq}|weak", paragraph=None, start=None, end=None)


def length(framework, target_ecq: str, stats: dict):
    # a format whose application holds no ECQ narratives gives them no pages (stories only)
    if framework.length.pages_per_ecq and stats["est_pages"] > framework.length.pages_per_ecq:
        severity = None if framework.length.narratives_required else "warning"
        yield make_finding("narrative-over-length", {"pages": stats["est_pages"], "limit": framework.length.pages_per_ecq},
                           anchor=f"{target_ecq}|length", severity=severity)


def readability(paragraphs, stats: dict):
    words, sentences = stats["words"], max(stats["sentences"], 1)
    if words >= 100:
        syllables = sum(p.signals.syllables for p in paragraphs)
        grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
        if grade > READABILITY_GRADE_LIMIT:
            yield make_finding("readability", {"grade": grade}, anchor="readability")
