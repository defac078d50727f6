import datetime as dt
import json

import pytest

from ecqwriter.analysis.engine import Analyzer, split_paragraph_spans
from ecqwriter.core.frameworks import load_framework

STORY = """In 2023, the Regional Claims Office (RCO) had a backlog of 30,000 claims and the Director asked me to clear it within a year.

The office had 200 employees, a union wary of change, and no data on where claims stalled.

I led a root cause analysis, redesigned the intake process, and negotiated new work rules with the union. I set weekly targets and reviewed them with each manager.

The backlog fell from 30,000 to 4,000 in ten months, and processing time dropped by 60 percent.
"""


@pytest.fixture(scope="module")
def analyzer():
    return Analyzer()


def test_offsets_follow_the_contract(analyzer):
    text = "First para\nsame para\n\n\n  \nSecond ü para\n"
    spans = split_paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["First para\nsame para", "Second ü para"]
    result = analyzer.analyze_text(STORY, "opm-2006", "results-driven", as_of=dt.date(2026, 1, 1))
    data = result.to_json()
    for paragraph in data["paragraphs"]:
        assert STORY[paragraph["start"]:paragraph["end"]].strip() == STORY[paragraph["start"]:paragraph["end"]]
    for competency in data["competencies"]:
        for evidence in competency["evidence"]:
            assert STORY[evidence["start"]:evidence["end"]] == evidence["text"]
    for finding in data["findings"]:
        if finding["start"] is not None:
            assert 0 <= finding["start"] < finding["end"] <= len(STORY)


def test_json_has_every_contract_field(analyzer):
    data = analyzer.analyze_text(STORY, "opm-2006", "results-driven").to_json()
    assert data["schema"] == "ecqwriter.analysis/1"
    assert set(data["stats"]) >= {"words", "sentences", "paragraphs", "est_pages",
                                  "first_person_singular", "first_person_plural", "numbers"}
    assert list(data["ecq_scores"]) == load_framework("opm-2006").ecq_ids
    assert all(0.0 <= v <= 1.0 for v in data["ecq_scores"].values())
    assert data["best_ecq"] == max(data["ecq_scores"], key=data["ecq_scores"].get)
    assert [p["ccar"] for p in data["paragraphs"]] == ["challenge", "context", "action", "result"]
    for p in data["paragraphs"]:
        assert set(p["scores"]) == {"challenge", "context", "action", "result"}
    for f in data["findings"]:
        assert f["severity"] in {"error", "warning", "info"}
    json.dumps(data)


def test_behaviour_is_told_apart_from_a_named_skill(analyzer):
    shown = analyzer.analyze_text("In 2024 I negotiated a cost-sharing agreement with four states.", "opm-2006")
    claimed = analyzer.analyze_text("I have strong negotiation skills and I excel at building consensus.", "opm-2006")
    kinds_shown = {e.kind for c in shown.coverage.competencies.values() for e in c.evidence}
    kinds_claimed = {e.kind for c in claimed.coverage.competencies.values() for e in c.evidence}
    assert "behaviour" in kinds_shown and "claim" not in kinds_shown
    assert kinds_claimed == {"claim"}
    assert any(f.rule == "claim-not-behaviour" for f in claimed.findings)
    negotiating = ("building-coalitions", "influencing-negotiating")
    assert shown.coverage.competencies[negotiating].score > claimed.coverage.competencies[negotiating].score


def test_old_example_is_flagged_against_the_package_date(analyzer):
    text = "In 2012 I led the merger of two offices and cut costs by 15 percent."
    old = analyzer.analyze_text(text, "opm-2006", as_of=dt.date(2026, 1, 1))
    recent = analyzer.analyze_text(text, "opm-2006", as_of=dt.date(2020, 1, 1))
    assert "example-too-old" in {f.rule for f in old.findings}
    assert "example-too-old" not in {f.rule for f in recent.findings}


def test_acronym_defined_before_use_is_fine_and_used_before_is_flagged(analyzer):
    good = analyzer.analyze_text("I briefed the Office of Management and Budget (OMB). OMB agreed.", "opm-2006")
    bad = analyzer.analyze_text("I briefed OMB. Later the Office of Management and Budget (OMB) agreed.", "opm-2006")
    assert "acronym-undefined" not in {f.rule for f in good.findings}
    flagged = [f for f in bad.findings if f.rule == "acronym-undefined"]
    assert len(flagged) == 1 and "spelled out later" in flagged[0].message


def test_dismissed_finding_stays_dismissed_until_its_text_changes(analyzer):
    text = "In 2024 we cut costs by 10 percent.\n\nI led the review."
    first = analyzer.analyze_text(text, "opm-2006")
    plural = next(f for f in first.findings if f.rule == "first-person-plural")
    again = analyzer.analyze_text(text + "\n\nI also briefed Congress in 2024.", "opm-2006",
                                  dismissed={plural.fingerprint})
    assert "first-person-plural" not in {f.rule for f in again.findings}
    assert again.dismissed == 1
    changed = analyzer.analyze_text(text.replace("we cut", "we reduced"), "opm-2006",
                                    dismissed={plural.fingerprint})
    assert "first-person-plural" in {f.rule for f in changed.findings}


def test_errors_cannot_be_dismissed(analyzer):
    long_text = "\n\n".join(["In 2024 I led the program and cut costs by 10 percent. " * 30] * 6)
    result = analyzer.analyze_text(long_text, "opm-2006", "leading-change")
    over = next(f for f in result.findings if f.rule == "narrative-over-length")
    again = analyzer.analyze_text(long_text, "opm-2006", "leading-change", dismissed={over.fingerprint})
    assert "narrative-over-length" in {f.rule for f in again.findings}


def test_paragraph_cache_makes_reanalysis_cheap(analyzer):
    calls = []
    original = analyzer.nlp

    class Counting:
        def __call__(self, text):
            calls.append(text)
            return original(text)

        def pipe(self, texts, **options):
            texts = list(texts)
            calls.extend(texts)
            return original.pipe(texts, **options)

        def __getattr__(self, name):
            return getattr(original, name)

    local = Analyzer()
    local._nlp = Counting()
    local.analyze_text(STORY, "opm-2006")
    first = len(calls)
    edited = STORY.replace("ten months", "nine months")
    local.analyze_text(edited, "opm-2006")
    assert len(calls) - first == 1  # only the edited paragraph went through spaCy


def test_unknown_target_ecq_raises(analyzer):
    with pytest.raises(KeyError):
        analyzer.analyze_text(STORY, "opm-2006", "rule-of-law")


@pytest.mark.parametrize("text", ["", "   \n\n  \n", "\u202e\u05d0\u05d1 I led. \u0301\u0301\u0301", "I" * 5000,
                                  "\x00\x01 I led", "😀 " * 2000])
def test_odd_input_gives_a_result(analyzer, text):
    result = analyzer.analyze_text(text, "opm-2025", "leading-people")
    data = json.loads(json.dumps(result.to_json()))
    assert data["framework"] == "opm-2025" and set(data["ecq_scores"]) == set(load_framework("opm-2025").ecq_ids)
    for paragraph in data["paragraphs"]:
        assert 0 <= paragraph["start"] < paragraph["end"] <= len(text)
    for finding in data["findings"]:
        if finding["start"] is not None:
            assert 0 <= finding["start"] <= finding["end"] <= len(text)
    assert data["stats"]["paragraphs"] == len(data["paragraphs"])


BAD_NARRATIVE = (
    "A true leader must listen before acting. I have always believed that people do their best "
    "work when they are trusted, and leadership is about creating the conditions for that.\n\n"
    "As Director I broke down silos and leveraged synergies across the regional offices. I "
    "thought outside the box and took the program to the next level with a holistic approach.\n\n"
    "As a result the offices work together much better and morale improved across the board."
)


def test_a_bad_narrative_draws_the_findings_a_coach_would_give(analyzer):
    result = analyzer.analyze_text(BAD_NARRATIVE, "opm-2006", "leading-change")
    rules = {f.rule for f in result.findings}
    assert {"philosophy-statement", "buzzword", "result-without-measure", "ccar-missing-challenge"} <= rules
    assert result.paragraphs[0].label != "action"  # beliefs are not actions
    assert {part for _, _, part in result.paragraphs[0].parts} == {"none"}
    buzz = sorted(BAD_NARRATIVE[f.start:f.end].lower() for f in result.findings if f.rule == "buzzword")
    assert buzz == ["broke down silos", "holistic approach", "leveraged synergies",
                    "thought outside the box", "took the program to the next level"]
    message = next(f.message for f in result.findings if f.rule == "buzzword")
    assert "Say it plainly" in message


def test_a_story_with_its_challenge_draws_no_missing_challenge(analyzer):
    result = analyzer.analyze_text(STORY, "opm-2006", "results-driven")
    assert "ccar-missing-challenge" not in {f.rule for f in result.findings}
    context_only = ("As Director I lead 300 staff in four regions with a budget of $40 million.\n\n"
                    "I met every team leader, set weekly goals and reviewed each office's results with them.\n\n"
                    "Processing time fell from 90 to 30 days, and satisfaction rose to 88 percent.")
    result = analyzer.analyze_text(context_only, "opm-2006", "results-driven")
    assert "ccar-missing-challenge" in {f.rule for f in result.findings}


def test_every_sentence_has_a_part_and_the_paragraph_its_dominant_one(analyzer):
    data = analyzer.analyze_text(STORY, "opm-2006", "results-driven").to_json()
    for paragraph in data["paragraphs"]:
        parts = paragraph["parts"]
        assert parts and all(p["ccar"] in {"challenge", "context", "action", "result", "none"} for p in parts)
        assert paragraph["start"] <= parts[0]["start"] and parts[-1]["end"] <= paragraph["end"]
        assert paragraph["ccar"] in {"challenge", "context", "action", "result", "mixed"}
    assert abs(sum(data["ecq_probabilities"].values()) - 1.0) < 0.01
    assert data["best_ecq_confidence"] == data["ecq_probabilities"][data["best_ecq"]]
    assert data["best_ecq"] == max(data["ecq_scores"], key=data["ecq_scores"].get)


def test_mismatch_only_when_confident_else_the_two_likeliest_are_named(analyzer):
    coalition = ("In 2023 three states and two tribes disputed how to share water during droughts.\n\n"
                 "The parties had sued each other for years and the governors distrusted federal officials.\n\n"
                 "I met each governor's adviser, shared our river models with every party, and negotiated "
                 "a drought plan that cut each party's share by the same percentage. I briefed the "
                 "congressional delegations together and set up a joint working group of state, tribal and "
                 "federal staff that met every month to plan water releases.\n\n"
                 "All five parties signed the plan in 2024 and two lawsuits were withdrawn.")
    result = analyzer.analyze_text(coalition, "opm-2006", "leading-people")
    rules = {f.rule for f in result.findings}
    assert result.best_ecq == "building-coalitions" and result.best_ecq_confidence >= 0.75
    assert "ecq-mismatch" in rules
    assert "ecq-mismatch" not in {f.rule for f in analyzer.analyze_text(
        coalition, "opm-2006", "building-coalitions").findings}


def test_overlapping_findings_of_one_rule_are_merged(analyzer):
    text = "In 2023 I was being unfairly pressured by the board to cut the program. I refused."
    result = analyzer.analyze_text(text, "opm-2006", "leading-change")
    passives = [f for f in result.findings if f.rule == "passive-voice"]
    assert len(passives) == 1 and text[passives[0].start:passives[0].end] == "was being unfairly pressured"


def test_buzzwords_are_data_with_a_plain_alternative_each():
    import tomllib

    from ecqwriter.analysis.buzzwords import find_buzzwords
    from ecqwriter.core.resources import resource_path

    table = tomllib.loads(resource_path("lexicon", "buzzwords.toml").read_text(encoding="utf-8"))
    assert len(table["buzzword"]) >= 20 and all(entry["plain"].strip() for entry in table["buzzword"])
    assert find_buzzwords("We filled only mission-critical vacancies over a 10 Gbit bandwidth link.") == []
    assert [b.text for b in find_buzzwords("A Paradigm Shift, truly.")] == ["Paradigm Shift"]


def test_every_buzzword_variant_is_found_in_a_sentence(analyzer):
    """The quick pre-checks (key words, anchors) never hide a listed phrase."""
    import tomllib

    from ecqwriter.core.resources import resource_path

    table = tomllib.loads(resource_path("lexicon", "buzzwords.toml").read_text(encoding="utf-8"))
    for entry in table["buzzword"]:
        for variant in entry["phrase"].split("|"):
            text = f"In 2024 I {variant} across the office, and costs fell by 10 percent."
            found = [text[f.start:f.end].lower() for f in analyzer.analyze_text(text, "opm-2006").findings
                     if f.rule == "buzzword"]
            assert variant.lower() in found, variant


def test_sentence_patterns_hold_their_word_hints():
    """Every match of a sentence pattern holds a word flagged with the pattern's hint: a
    sentence without one is never searched (analysis/word_facts.py)."""
    from ecqwriter.analysis import sentence_cues, signals, word_facts
    from ecqwriter.analysis.engine import Analyzer
    from evaluation.corpus import load_corpus

    nlp = Analyzer().nlp
    checks = ((signals.PHILOSOPHY, word_facts.PHILOSOPHY_HINT), (signals.CLAIM, word_facts.CLAIM_HINT),
              (sentence_cues.BELIEF, word_facts.BELIEF_HINT), (sentence_cues.RESULT_PHRASE, word_facts.RESULT_HINT))
    matched = 0
    for example in load_corpus(split="all"):
        for paragraph in example.paragraphs:
            doc = nlp(paragraph)
            for pattern, hint in checks:
                for match in pattern.finditer(paragraph):
                    matched += 1
                    inside = [t for t in doc if t.idx < match.end() and t.idx + len(t.text) > match.start()]
                    flags = [word_facts.facts_of(doc.vocab, t.orth, t.lemma).flags for t in inside]
                    assert any(f & hint for f in flags), (pattern.pattern[:30], match.group(0))
    assert matched > 100




def test_sentences_are_those_of_spacys_sentencizer():
    """The token pass finds sentences by the sentencizer's rule, in place of running it: on
    every corpus paragraph (and on awkward punctuation) they are the same sentences."""
    import spacy

    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.core.frameworks import load_framework
    from evaluation.corpus import load_corpus

    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    analyzer = Analyzer()
    framework = load_framework("opm-2006")
    texts = sorted({p for e in load_corpus(split="all") for p in e.paragraphs}) + [
        "Done.  Next one!! \"Quoted.\" Then (aside.) end", "...", "No end", ". Starts with a stop.",
        "Cut costs by 5%. Saved $2 million... Really? Yes.\n\nNew line.",
    ]
    for text, signals in zip(texts, analyzer.paragraphs(framework, texts)):
        expected = []
        for sentence in reference(text).sents:
            words = [t for t in sentence if not t.is_space] or [sentence[0]]
            expected.append((sentence[0].idx, words[-1].idx + len(words[-1].text)))
        assert signals.sentence_spans == expected, text


def test_a_statements_role_summary_is_not_its_first_examples_set_up():
    """A role summary introduces the statement: it does not squeeze the first example's
    actions (ccar-proportion). The same words inside a lone story still count as set-up."""
    from ecqwriter.analysis.engine import Analyzer

    summary = ("As the Director of Field Operations for a federal benefits agency since 2018, I lead 640 "
               "employees in four processing centers and eleven supervisors, and I manage an annual budget "
               "of $58 million for claims processing, training and the systems that support them.")
    first = ("In 2019 the Tulsa center had the highest turnover in the agency, with 28 percent of new "
             "examiners leaving in their first year and caseloads 40 percent above the standard. New hires "
             "spent six weeks in a classroom and were then left to learn alone while supervisors had no time "
             "to coach them.")
    action = ("I replaced the classroom course with a twelve-week program that mixed training with real "
              "claims under a mentor. I chose 30 experienced examiners as mentors and cut their caseloads so "
              "they had time to coach. I met each new class on its first day and again at the end of its "
              "program to hear what was not working, and I changed the program twice on what they told me. "
              "First-year turnover fell to 11 percent by 2021.")
    second = ("In 2021 two shifts in Phoenix disputed the hardest claims. I changed the routing rules and set "
              "up a joint review team. Complaints ended within two months and quality rose to 95 percent.")
    analyzer = Analyzer()
    statement = analyzer.analyze_text("\n\n".join([summary, first, action, second]), "opm-2006", "leading-people",
                                      example_starts=[0, 3])
    assert statement.examples[0].structure["setup_share"] < 0.5
    assert "ccar-proportion" not in {f.rule for f in statement.findings}
    lone = analyzer.analyze_text("\n\n".join([summary, first, action]), "opm-2006", "leading-people")
    assert lone.examples[0].structure["setup_share"] > 0.5
    assert "ccar-proportion" in {f.rule for f in lone.findings}


def test_paragraphs_read_in_one_batch_have_the_signals_they_have_alone():
    """A package's paragraphs are read as one spaCy doc (signals.batch_signals); each must
    get exactly the signals it gets from its own doc."""
    import dataclasses

    from ecqwriter.analysis.engine import Analyzer
    from ecqwriter.analysis.signals import batch_signals, batchable, paragraph_signals
    from ecqwriter.core.frameworks import load_framework
    from evaluation.corpus import load_corpus

    analyzer = Analyzer()
    framework = load_framework("opm-2025")
    lexicon = analyzer.lexicon(framework)
    texts = sorted({p for e in load_corpus(split="all") for p in e.paragraphs})[:400] + [
        "Cut costs by 5%.  Then (again) more… “Quoted.”", "One\nline\tbreak.", "x"]
    assert all(batchable(t) for t in texts)
    together = batch_signals(analyzer.nlp, lexicon, texts)
    for text, signals in zip(texts, together):
        alone = paragraph_signals(analyzer.nlp(text), lexicon, text=text)
        assert dataclasses.asdict(signals) == dataclasses.asdict(alone), text
    assert not batchable(" leading space") and not batchable("trailing space ") and not batchable("")


def test_the_cycle_collector_is_paused_only_while_analysing():
    import gc

    from ecqwriter.core.gc_pause import collection_paused

    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    try:
        with collection_paused():
            raise ValueError("an analysis that fails")
    except ValueError:
        pass
    assert gc.isenabled()
