"""One type for places in a package: the JSON keeps its `where` strings, people read words."""

import json

import pytest

from conftest import run_cli
from ecqwriter.core.frameworks import load_framework
from ecqwriter.core.location import Location
from ecqwriter.core.samples import load_sample
from ecqwriter.storage.packagefile import PackageFile


@pytest.mark.parametrize("where", ["resume", "justification", "idp", "cdp", "package",
                                   "ecq:leading-change", "ecq:leading-people/example:2"])
def test_where_strings_round_trip(where):
    assert str(Location.parse(where)) == where


def test_labels_name_the_place_in_words():
    framework = load_framework("opm-2006")
    assert Location.ecq("leading-people", 1, 2).label(framework) == "Leading People, example 1, paragraph 2"
    assert Location.ecq("leading-people", 1).label(framework, short=True) == "Leading People #1"
    assert Location.parse("idp").label(framework) == "Development plan"
    assert Location.parse("ecq:no-such").label(framework) == "unknown ECQ 'no-such'"


def test_check_names_places_in_words_and_json_keeps_where(tmp_path):
    package = load_sample("sample-opm-2006")
    path = tmp_path / "p.ecq"
    PackageFile.create(path, package, lock=False).close()
    text = run_cli("check", path)
    findings = [line for line in text.stdout.splitlines() if line.lstrip().startswith("[")]
    assert findings and not any("] ecq:" in line for line in findings)
    assert any(", example 1, paragraph " in line for line in findings)
    data = json.loads(run_cli("check", path, "--json").stdout)
    wheres = {f["where"] for f in data[0]["findings"]}
    assert wheres and all(w in ("resume", "package", "idp", "cdp", "justification") or w.startswith("ecq:")
                          for w in wheres)
    assert any("/example:" in w for w in wheres)


def test_joined_narrative_offsets_point_at_each_example():
    from ecqwriter.core.model import Example, Narrative

    narrative = Narrative("leading-change", [Example("a", ["One.", "Two."]), Example("empty", []),
                                             Example("b", ["Three.\nstill three", "Four."])])
    joined = narrative.joined()
    assert [e.title for e in joined.examples] == ["a", "b"]  # empty examples are not part of it
    for example, start, first_paragraph in zip(joined.examples, joined.char_starts, joined.paragraph_starts):
        assert joined.text[start:start + len(example.text)] == example.text
    assert joined.paragraph_starts == [0, 2]
