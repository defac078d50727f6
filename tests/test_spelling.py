import os
import stat

from ecqwriter.core.spelling import SpellChecker, framework_words


def test_typos_are_found_and_federal_words_are_known(tmp_path):
    speller = SpellChecker(tmp_path / "words.txt", extra_words=set(framework_words()))
    text = "I deobligated funds, briefed OMB's staff, and negotiatted the interagency agreemnt on telework."
    assert [w for _, _, w in speller.misspelled(text)] == ["negotiatted", "agreemnt"]
    start, end, word = speller.misspelled(text)[0]
    assert text[start:end] == word
    assert "agreement" in speller.suggestions("agreemnt")


def test_personal_words_persist_user_only(tmp_path):
    path = tmp_path / "data" / "words.txt"
    speller = SpellChecker(path)
    assert speller.misspelled("Zorblax led the team.")
    speller.add_personal("Zorblax")
    assert speller.misspelled("Zorblax led the team.") == []
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert SpellChecker(path).misspelled("zorblax") == []
