"""Review comments: anchors through edits, storage, migration, the exchange summary."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecqwriter.core.comments import (
    CommentFilter,
    anchor_text,
    changed_region,
    example_target,
    follow_edit,
    new_comment,
)
from ecqwriter.core.model import Example, Package
from ecqwriter.core.serialize import package_from_dict, package_to_dict
from ecqwriter.storage.exchange import Identity
from ecqwriter.storage.packagefile import PackageFile
from ecqwriter.storage.session import EditingSession
from conftest import build_package_from_sql

TEXT = "In 2021 we reorganised the office. I cut processing time by 20 percent."


def _comment(text=TEXT, word="we reorganised", body="Say I, not we."):
    start = text.index(word)
    return new_comment("example:x", text, start, start + len(word), "Coach", body)


def _edit(comment, old, new):
    follow_edit([comment], old, new)
    return anchor_text(comment, new)


def test_typing_before_inside_and_after_the_commented_words():
    comment = _comment()
    text = TEXT
    new = "Early " + text
    assert _edit(comment, text, new) == "we reorganised"
    text, new = new, new.replace("we reorganised", "we quickly reorganised")
    assert _edit(comment, text, new) == "we quickly reorganised"
    text, new = new, new + " More."
    assert _edit(comment, text, new) == "we quickly reorganised"
    # typing right at either edge of the range stays outside it
    start = new.index("we quickly")
    text, new = new, new[:start] + "X" + new[start:]
    assert _edit(comment, text, new) == "we quickly reorganised"
    end = new.index(" the office")
    text, new = new, new[:end] + "Y" + new[end:]
    assert _edit(comment, text, new) == "we quickly reorganised"


def test_deleting_the_commented_words_keeps_the_comment_at_their_place():
    comment = _comment()
    new = TEXT.replace("we reorganised ", "")
    follow_edit([comment], TEXT, new)
    assert comment.detached and comment.start == new.index("the office")
    assert anchor_text(comment, new) == "we reorganised"  # the quote survives


def test_replacing_the_whole_text_finds_the_commented_words_again():
    comment = _comment(word="20 percent")
    restored = "A new opening paragraph.\n\n" + TEXT.replace("office", "division")
    follow_edit([comment], TEXT, restored)
    assert anchor_text(comment, restored) == "20 percent"


def test_changed_region_is_exact_for_one_edit():
    assert changed_region("abcdef", "abXYef") == (2, 4, 4)
    assert changed_region("aaa", "aaaa") == (3, 3, 4)
    assert changed_region("", "new") == (0, 0, 3)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.integers(0, 60), st.integers(0, 60), st.text(max_size=10),
       st.integers(0, 60), st.integers(0, 60))
def test_anchors_stay_inside_the_text_and_ordered(text, a, b, inserted, cut_a, cut_b):
    comment = new_comment("example:x", text, a, b, "R", "note")
    lo, hi = sorted((min(cut_a, len(text)), min(cut_b, len(text))))
    new = text[:lo] + inserted + text[hi:]
    before_untouched = comment.end <= lo
    old_span = text[comment.start:comment.end]
    follow_edit([comment], text, new)
    assert 0 <= comment.start <= comment.end <= len(new)
    if before_untouched:
        assert new[comment.start:comment.end] == old_span


def test_filter_by_state_and_author():
    comment = _comment()
    comment.reply("Ana", "Fixed.")
    assert CommentFilter("open").matches(comment)
    assert CommentFilter(author="Ana").matches(comment)
    assert not CommentFilter(author="Bob").matches(comment)
    comment.resolve("Coach")
    assert not CommentFilter("open").matches(comment)
    assert CommentFilter("resolved").matches(comment)


def test_a_comment_needs_author_and_text():
    with pytest.raises(ValueError, match="author"):
        new_comment("resume", "text", 0, 1, " ", "body")
    with pytest.raises(ValueError, match="text"):
        new_comment("resume", "text", 0, 1, "me", "  ")


def _package_with_comment(framework):
    package = Package.new("A", framework, "Ana")
    example = Example("Reorg", [TEXT])
    package.narrative("leading-change").examples.append(example)
    comment = _comment()
    comment.target = example_target(example.id)
    comment.reply("Ana", "Changed it.")
    comment.resolve("Coach", when=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc))
    package.comments.append(comment)
    return package, example, comment


def test_comments_survive_save_reopen_and_the_recovery_journal(tmp_path, framework_2006):
    package, example, comment = _package_with_comment(framework_2006)
    path = tmp_path / "c.ecq"
    PackageFile.create(path, package).close()
    with PackageFile.open(path) as opened:
        [loaded] = opened.package.comments
    assert loaded == comment
    assert package_from_dict(package_to_dict(package)).comments == [comment]


def test_migration_from_schema_v2_fixture_adds_comments(tmp_path):
    path = build_package_from_sql(tmp_path / "v2.ecq", "package-schema-v2.sql", 2)
    original = path.read_bytes()
    with PackageFile.open(path) as opened:
        assert opened.migrated_from == 2
        package = opened.package
        assert package.comments == [] and opened.save_log() == []
        assert package.narrative("leading-change").examples[0].paragraphs[1].startswith("I cut")
        assert ("first-person-plural", "ecq:leading-change", "abc123") in package.dismissed
        text = package.narrative("leading-change").examples[0].text
        package.comments.append(new_comment("example:e1", text, 8, 10, "Coach", "I, not we"))
        opened.save(package, identity=Identity("Coach", "reviewer"))
    assert (tmp_path / "v2.ecq.v2.bak").read_bytes() == original
    with PackageFile.open(path) as reopened:
        assert [c.body for c in reopened.package.comments] == ["I, not we"]
        assert [r.author for r in reopened.save_log()] == ["Coach"]


def test_exchange_shows_what_changed_since_each_side_last_saw_it(tmp_path, framework_2006):
    package, example, comment = _package_with_comment(framework_2006)
    package.comments.clear()
    path = tmp_path / "x.ecq"
    PackageFile.create(path, package).close()
    candidate, coach = Identity("Ana", "candidate"), Identity("Coach Lee", "reviewer")

    session = EditingSession.open(path, identity=candidate)
    assert session.exchange().last_seen is None
    session.save()  # Ana sends the file
    assert not session.exchange().anything
    session.close()

    session = EditingSession.open(path, identity=coach)  # the coach reviews
    text = example.text
    session.package.comments.append(new_comment(example_target(example.id), text, 8, 22, coach.name, "Say I."))
    session.changed()
    session.save()
    session.close()

    session = EditingSession.open(path, identity=candidate)  # back to Ana
    summary = session.exchange()
    assert [s.author for s in summary.others] == ["Coach Lee"]
    assert [c.body for c in summary.new_comments] == ["Say I."]
    assert summary.changed_targets == []
    assert "Coach Lee (reviewer)" in summary.describe()
    session.package.narrative("leading-change").examples[0].text = TEXT.replace("we", "I")
    session.changed()
    session.save()
    session.close()

    session = EditingSession.open(path, identity=coach)
    summary = session.exchange()
    assert summary.changed_targets == [example_target(example.id)]
    assert summary.seen[example_target(example.id)].text == TEXT  # what the coach saw: to compare
    assert summary.new_comments == []
    session.close()


def test_save_as_keeps_history_and_comments(tmp_path, framework_2006):
    package, example, comment = _package_with_comment(framework_2006)
    path = tmp_path / "a.ecq"
    PackageFile.create(path, package).close()
    session = EditingSession.open(path, identity=Identity("Ana"))
    session.file.snapshot(example, "sent to coach")
    session.save()
    session.save_as(tmp_path / "b.ecq")
    assert [r.name for r in session.file.revisions(example.id)][-1] == "sent to coach"
    # one row per turn: autosaves by the same person extend their row
    assert [r.author for r in session.file.save_log()] == ["Ana"]
    session.identity = Identity("Coach Lee", "reviewer")
    for _ in range(5):
        session.save()
    session.identity = Identity("Ana")
    session.save()
    assert [r.author for r in session.file.save_log()] == ["Ana", "Coach Lee", "Ana"]
    assert session.package.comments == [comment]
    session.close()


def test_typing_over_the_commented_words_keeps_the_comment_on_the_new_words():
    comment = _comment()
    text = TEXT
    start = text.index("we reorganised")
    typed = ""
    for character in "I reorganised":  # select the words, then type key by key
        new = text[:start] + typed + character + text[start + len(typed) + (14 if not typed else 0):]
        follow_edit([comment], text, new)
        text, typed = new, typed + character
    assert anchor_text(comment, text) == "I reorganised"
    new = text.replace(" the office", " the whole office")  # an edit elsewhere ends the rewrite
    follow_edit([comment], text, new)
    text = new
    end = comment.end
    follow_edit([comment], text, text[:end] + " quickly" + text[end:])
    assert comment.end == end


def test_open_comments_show_in_the_package_check(sample_package):
    from ecqwriter.analysis.package_check import check_package

    example = sample_package.narrative("leading-people").examples[0]
    comment = new_comment(example_target(example.id), example.text, 0, 10, "Coach Lee", "Tighten.")
    sample_package.comments.append(comment)
    findings = [f for f in check_package(sample_package).findings if f.rule == "review-comments-open"]
    assert [(f.where, f.severity) for f in findings] == [("ecq:leading-people/example:1", "info")]
    assert "Coach Lee" in findings[0].message
    comment.resolve("Dana")
    assert not [f for f in check_package(sample_package).findings if f.rule == "review-comments-open"]


def test_replace_all_keeps_a_comment_on_its_own_words():
    text = ("We planned the move. " * 6 + "The audit found 12 gaps in the records. " + "We finished early. " * 6)
    comment = new_comment("x", text, text.index("12 gaps"), text.index("12 gaps") + 7, "R", "Which ones?")
    new = text.replace("We ", "I ")  # one edit over the whole text, around the commented words
    follow_edit([comment], text, new)
    assert anchor_text(comment, new) == "12 gaps"
    # the commented words themselves changed too: the comment follows the words around them
    comment2 = new_comment("x", text, text.index("We finished"), text.index("We finished") + 11, "R", "Early?")
    follow_edit([comment2], text, new)
    assert anchor_text(comment2, new) == "I finished"
