"""The curriculum data and its validation: each kind of mistake gives one clear line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from genlab.roadmap.errors import CurriculumError
from genlab.roadmap.loader import load_curriculum

from .conftest import raw_curriculum, write_toml

NON_CODE_MILESTONES = [13, 16, 17, 18, 19, 20, 21, 22, 23]


@pytest.fixture
def packaged():
    return load_curriculum()


def test_packaged_curriculum_has_the_whole_roadmap(packaged):
    assert [p.id for p in packaged.phases] == [1, 2, 3, 4]
    assert [m.id for m in packaged.milestones] == list(range(1, 24))
    assert [len(packaged.milestones_of(p)) for p in (1, 2, 3, 4)] == [5, 6, 6, 6]
    assert len(packaged.topics) == 10
    assert packaged.phase(4).months_to is None  # "24+ months"
    assert packaged.topic("nlp").title == "Natural language processing"
    # Every resource a milestone names exists, and every link says whether it is available.
    for m in packaged.milestones:
        for rid in m.resources:
            assert packaged.resource(rid).url.startswith("https://")
        for link in m.links:
            assert link.status in ("available", "coming")


def test_every_milestone_has_checkable_activities(packaged):
    for m in packaged.milestones:
        assert m.activities, m.id
        for a in m.activities:
            assert len(a.text) > 20 and len(a.done_when) > 5, (m.id, a)
    for mid in NON_CODE_MILESTONES:
        assert len(packaged.milestone(mid).activities) >= 2, mid


def test_every_lab_of_the_roadmap_is_linked_and_available(packaged):
    labs = {(l.name, l.status) for m in packaged.milestones for l in m.links if l.kind == "lab"}
    assert {name for name, status in labs if status == "coming"} == set()
    assert {"vae", "autoencoder", "cvae", "dcgan", "wgan", "wgan-gp", "cgan", "diffusion", "char-rnn",
            "word2vec", "seq2seq", "gpt", "convlstm", "simvp", "svg"} <= {name for name, status in labs if status == "available"}


def test_study_order_puts_prerequisites_first(packaged):
    position = {m.id: i for i, m in enumerate(packaged.ordered())}
    for m in packaged.milestones:
        for p in m.prerequisites:
            assert position[p] < position[m.id]


def _error(tmp_path, mutate) -> str:
    data = raw_curriculum()
    mutate(data)
    path = write_toml(tmp_path / "bad.toml", data)
    with pytest.raises(CurriculumError) as info:
        load_curriculum(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"curriculum {path}: ")
    return message


def test_unknown_prerequisite(tmp_path):
    def mutate(d):
        d["milestones"][6]["prerequisites"].append(99)
    assert _error(tmp_path, mutate).endswith("milestone 7: unknown prerequisite 99")


def test_cycle(tmp_path):
    def mutate(d):
        d["milestones"][0]["prerequisites"] = [5]  # 1 -> 5 -> 4 -> 3 -> 1
    assert _error(tmp_path, mutate).endswith("prerequisites form a cycle: 1 -> 5 -> 4 -> 3 -> 1")


def test_self_prerequisite(tmp_path):
    def mutate(d):
        d["milestones"][1]["prerequisites"] = [2]
    assert "milestone 2: lists itself as a prerequisite" in _error(tmp_path, mutate)


def test_missing_field(tmp_path):
    def mutate(d):
        del d["milestones"][3]["title"]
    message = _error(tmp_path, mutate)
    assert message.endswith("milestone 4: missing field 'title'")


def test_missing_field_in_nested_record(tmp_path):
    def mutate(d):
        del d["milestones"][12]["activities"][1]["done_when"]
    assert "milestone 13, activity #2: missing field 'done_when'" in _error(tmp_path, mutate)


def test_duplicate_milestone_id(tmp_path):
    def mutate(d):
        d["milestones"][8]["id"] = 8
    assert _error(tmp_path, mutate).endswith("duplicate milestone id 8")


def test_duplicate_resource_id(tmp_path):
    def mutate(d):
        d["topics"][1]["resources"][0]["id"] = "python-tutorial"
    assert _error(tmp_path, mutate).endswith("duplicate resource id 'python-tutorial'")


def test_unknown_field_is_an_error_not_ignored(tmp_path):
    def mutate(d):
        d["milestones"][0]["prerequisite"] = [2]
    assert _error(tmp_path, mutate).endswith("milestone 1: unknown field 'prerequisite'")


def test_bad_values(tmp_path):
    def link_status(d):
        d["milestones"][3]["links"][0]["status"] = "soon"
    assert "milestone 4, link #1, status:" in _error(tmp_path, link_status)

    def phase(d):
        d["milestones"][0]["phase"] = 9
    assert _error(tmp_path, phase).endswith("milestone 1: phase 9 does not exist")

    def weight(d):
        d["milestones"][0]["weight"] = 0
    assert "milestone 1, weight:" in _error(tmp_path, weight)

    def resource(d):
        d["milestones"][0]["resources"].append("nowhere")
    assert _error(tmp_path, resource).endswith("milestone 1: unknown resource 'nowhere'")

    def months(d):
        d["phases"][1]["months_to"] = 10
        d["phases"][1]["months_from"] = 2
    assert "phase 2: its month range must end later than phase 1's" in _error(tmp_path, months)


def test_several_problems_are_counted(tmp_path):
    def mutate(d):
        del d["milestones"][0]["title"]
        del d["milestones"][1]["why"]
    assert _error(tmp_path, mutate).endswith("missing field 'title' (and 1 more problem)")


def test_unreadable_files(tmp_path):
    with pytest.raises(CurriculumError, match="does not exist"):
        load_curriculum(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("title = 'x'\n[[phases]\n", encoding="utf-8")
    with pytest.raises(CurriculumError, match=r"invalid TOML: .*line 2"):
        load_curriculum(bad)


def test_cache_is_used_and_invalidated_by_edits(tmp_path):
    data = raw_curriculum()
    path = write_toml(tmp_path / "mine.toml", data)
    first = load_curriculum(path)
    assert load_curriculum(path) == first  # served from the cache
    data["milestones"][2]["prerequisites"] = [77]
    write_toml(path, data)
    with pytest.raises(CurriculumError, match="unknown prerequisite 77"):
        load_curriculum(path)  # an edited file is validated again


def test_cached_load_does_not_import_pydantic(tmp_path):
    code = ("import sys; from genlab.roadmap.loader import load_curriculum; "
            "c = load_curriculum(); print(len(c.milestones), 'pydantic' in sys.modules)")
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.split() for _ in range(2)]
    assert outputs[0] == ["23", "True"]    # first load validates
    assert outputs[1] == ["23", "False"]   # then the validated form is cached
