"""The generator: the same instance for a seed, the sizes asked for, valid and skewed."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

import pytest
from click.testing import CliRunner

from cli.main import cli
from scheduler.candidates import session_capacity
from scheduler.check import check
from scheduler.generate import Popularity, generate_instance
from scheduler.instance_io import dump_json, load_instance
from scheduler.model import Instance
from scheduler.plan_model import placement_is_fixed
from scheduler.solve import solve


def first_choices(instance: Instance) -> Counter[str]:
    counts: Counter[str] = Counter({w.id: 0 for w in instance.workshops})
    for r in instance.registrants:
        if r.ranked:
            counts[r.ranked_ids[0]] += 1
    return counts


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not() -> None:
    args = dict(registrants=120, workshops=10, rounds=3, rooms=5, repeats=3)
    first = dump_json(generate_instance(**args, seed=7))
    assert dump_json(generate_instance(**args, seed=7)) == first
    assert dump_json(generate_instance(**args, seed=8)) != first


def test_sizes_are_as_asked_and_every_session_is_pinned_with_fixed_placement() -> None:
    instance = generate_instance(300, 12, 4, 6, repeats=5, fixed_placement=True, seed=1)
    assert (len(instance.registrants), len(instance.workshops), len(instance.rounds),
            len(instance.rooms)) == (300, 12, 4, 6)
    assert sum(len(w.pins) for w in instance.workshops) == 12 + 5
    assert all(w.min_sessions == w.max_sessions == len(w.pins) for w in instance.workshops)
    assert placement_is_fixed(instance)


def test_fixed_placement_seats_everyone_present_with_room_to_spare() -> None:
    instance = generate_instance(1000, 20, 4, 8, repeats=6, fixed_placement=True, seed=2)
    for round_id in instance.round_order:
        seats = sum(
            session_capacity(instance, w.id, pin.room)
            for w in instance.workshops for pin in w.pins if pin.round == round_id
        )
        present = sum(1 for r in instance.registrants
                      if round_id in instance.present_rounds(r))
        assert seats >= 1.1 * present, round_id


def test_a_few_workshops_take_most_first_choices() -> None:
    skewed = first_choices(generate_instance(2000, 20, 4, 8, seed=3, popularity="zipf:1"))
    flat = first_choices(generate_instance(2000, 20, 4, 8, seed=3, popularity="zipf:0"))
    # Zipf 1 over 20 workshops: the favourite gets about 1/H(20) = 28% of first choices.
    assert max(skewed.values()) > 5 * statistics.median(skewed.values())
    assert max(flat.values()) < 2 * statistics.median(flat.values())


def test_mallows_lists_stay_close_to_one_order() -> None:
    instance = generate_instance(500, 15, 3, 6, seed=4, popularity="mallows:0.3")
    tops = Counter(tuple(r.ranked_ids[:2]) for r in instance.registrants)
    assert tops.most_common(1)[0][1] > 0.4 * len(instance.registrants)


def test_per_round_choices_name_workshops_held_in_that_round() -> None:
    instance = generate_instance(200, 12, 3, 6, repeats=2, choices="per-round",
                                 list_length=2, fixed_placement=True, seed=5)
    held = {(w.id, pin.round) for w in instance.workshops for pin in w.pins}
    for r in instance.registrants:
        assert r.ranked is None and r.per_round
        for round_id, choices in r.per_round.items():
            assert 1 <= len(choices) <= 2
            assert all((w, round_id) in held for w in choices), r.id


def test_speakers_audiences_needs_and_sign_ups_look_like_a_real_event() -> None:
    instance = generate_instance(2000, 24, 4, 8, repeats=4, seed=6)
    led = Counter(s for w in instance.workshops for s in w.speakers)
    assert max(led.values()) >= 2
    assert any(s.unavailable for s in instance.speakers)
    assert any(w.audiences for w in instance.workshops)
    with_audience = sum(1 for r in instance.registrants if r.audiences)
    with_needs = sum(1 for r in instance.registrants if r.needs)
    assert 0.5 * 2000 < with_audience < 0.9 * 2000
    assert 0 < with_needs < 0.1 * 2000
    stamps = [r.registered_at for r in instance.registrants]
    assert stamps == sorted(stamps)
    assert max(stamps) - min(stamps) > timedelta(weeks=4)
    assert len({r.capacity for r in instance.rooms}) > 4


def test_long_workshops_last_two_rounds() -> None:
    instance = generate_instance(100, 8, 4, 4, long_workshops=2, seed=7)
    assert sorted(w.duration for w in instance.workshops) == [1] * 6 + [2] * 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(registrants=10, workshops=30, rounds=2, rooms=3, fixed_placement=True),
         "30 workshops need 30 room-rounds but 3 rooms x 2 rounds give 6"),
        (dict(registrants=10, workshops=3, rounds=2, rooms=3, popularity="zipf"),
         "popularity 'zipf': give zipf:S with S >= 0 or mallows:PHI with 0 <= PHI <= 1"),
        (dict(registrants=10, workshops=3, rounds=2, rooms=3, popularity="mallows:2"),
         "popularity 'mallows:2': give zipf:S with S >= 0 or mallows:PHI with 0 <= PHI <= 1"),
        (dict(registrants=10, workshops=3, rounds=2, rooms=3, speakers=1,
              fixed_placement=True),
         "1 speakers cannot lead 3 workshops in 2 rounds; give more speakers"),
    ],
)
def test_impossible_requests_are_refused_with_the_reason(args: dict, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        generate_instance(**args)
    assert str(excinfo.value) == message


def test_popularity_parses_both_forms() -> None:
    assert Popularity.parse("zipf:1.5") == Popularity("zipf", 1.5)
    assert str(Popularity.parse("mallows:0.8")) == "mallows:0.8"


def test_a_generated_fixed_day_solves_to_a_checked_optimum() -> None:
    instance = generate_instance(60, 8, 3, 4, repeats=2, fixed_placement=True, seed=3)
    result = solve(instance, time_limit=10, workers=1)
    assert result.status.value == "OPTIMAL"
    assert check(instance, result.solution) == []
    assert result.objective == 660  # the tiny suite's generated-assign.json


def test_a_generated_joint_day_has_a_checked_plan() -> None:
    instance = generate_instance(40, 6, 3, 3, repeats=1, long_workshops=1, seed=9)
    result = solve(instance, time_limit=5, workers=1)
    assert result.solution is not None
    assert check(instance, result.solution) == []


def test_cli_writes_the_same_file_for_the_same_seed(tmp_path) -> None:
    runner = CliRunner()
    args = ["generate", "--registrants", "50", "--workshops", "6", "--rounds", "2",
            "--rooms", "4", "--fixed-placement", "--seed", "3"]
    first = runner.invoke(cli, [*args, "--out", str(tmp_path / "a.json")])
    second = runner.invoke(cli, [*args, "--out", str(tmp_path / "b.json")])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert len(load_instance(tmp_path / "a.json").registrants) == 50
    assert "50 registrants, 6 workshops (up to 6 sessions), 2 rounds, 4 rooms" in first.output


def test_cli_writes_yaml_for_a_yaml_name(tmp_path) -> None:
    args = ["generate", "--registrants", "20", "--workshops", "4", "--rounds", "2",
            "--rooms", "3", "--seed", "5", "--out"]
    runner = CliRunner()
    assert runner.invoke(cli, [*args, str(tmp_path / "day.json")]).exit_code == 0
    assert runner.invoke(cli, [*args, str(tmp_path / "day.yaml")]).exit_code == 0
    assert not (tmp_path / "day.yaml").read_text(encoding="utf-8").startswith("{")
    assert load_instance(tmp_path / "day.yaml") == load_instance(tmp_path / "day.json")


def test_cli_reports_a_bad_popularity_as_bad_input(tmp_path) -> None:
    result = CliRunner().invoke(cli, [
        "generate", "--registrants", "5", "--workshops", "2", "--rounds", "1", "--rooms", "2",
        "--popularity", "pareto:2", "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "popularity 'pareto:2': give zipf:S" in result.output
    assert not (tmp_path / "x.json").exists()


def test_cli_refuses_a_folder_an_existing_file_and_a_day_too_large(tmp_path) -> None:
    args = ["generate", "--registrants", "5", "--workshops", "2", "--rounds", "1",
            "--rooms", "2", "--out"]
    runner = CliRunner()
    folder = runner.invoke(cli, [*args, str(tmp_path)])
    assert (folder.exit_code, folder.stderr) == (
        2, f"error: {tmp_path} is a folder; name the instance file to write, such as "
           f"{tmp_path / 'instance.json'}\n")
    sheet = runner.invoke(cli, [*args, str(tmp_path / "day.xlsx")])
    assert (sheet.exit_code, sheet.stderr) == (
        2, f"error: {tmp_path / 'day.xlsx'}: an instance is written as JSON or YAML; name "
           f"the file .json, .yaml or .yml, such as {tmp_path / 'day.json'}\n")
    existing = tmp_path / "day.json"
    existing.write_text("{}", encoding="utf-8")
    kept = runner.invoke(cli, [*args, str(existing)])
    assert (kept.exit_code, kept.stderr) == (
        2, f"error: {existing} exists; use --force to replace it\n")
    assert existing.read_text(encoding="utf-8") == "{}"
    assert runner.invoke(cli, [*args, str(existing), "--force"]).exit_code == 0
    huge = runner.invoke(cli, ["generate", "--registrants", "300000", "--workshops", "2",
                               "--rounds", "1", "--rooms", "2", "--out",
                               str(tmp_path / "huge.json")])
    assert huge.exit_code == 2
    assert huge.stderr.startswith("error: these numbers make a day no instance may hold (")
    assert not (tmp_path / "huge.json").exists()
