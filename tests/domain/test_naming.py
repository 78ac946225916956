"""Telling a client's pursuits apart, searching without case or accents, and counts in words."""

from __future__ import annotations

import pytest

from pursuit_journey.domain.naming import distinctive_name, folded
from pursuit_journey.domain.wording import counted, plural


@pytest.mark.parametrize(
    ("name", "client", "shown"),
    [
        ("Globex Energy — adoption routes", "Globex Energy", "adoption routes"),
        ("Globex Energy - adoption routes", "Globex Energy", "adoption routes"),
        ("Globex Energy: adoption routes", "Globex Energy", "adoption routes"),
        ("Globex Energy – phase 2", "Globex Energy", "phase 2"),
        ("Globex Energy | renewal / 2027", "Globex Energy", "renewal / 2027"),
        ("Globex Energy pilot", "Globex Energy", "pilot"),
        ("globex energy — pilot", "Globex Energy", "pilot"),  # case does not matter
        ("Globex  Energy —  pilot ", "Globex Energy", "pilot"),  # nor repeated spaces
    ],
)
def test_a_name_that_begins_with_its_client_shows_the_distinctive_rest(
    name: str, client: str, shown: str
) -> None:
    assert distinctive_name(name, client) == shown


@pytest.mark.parametrize(
    ("name", "client"),
    [
        ("Adoption routes", "Globex Energy"),  # does not begin with the client
        ("Globexa pilot", "Globex"),  # not a whole word
        ("Globex Energy", "Globex Energy"),  # nothing but the client
        ("Globex Energy — ", "Globex Energy"),  # nothing after the separator
        ("Pilot for Globex", "Globex"),  # the client elsewhere in the name
        ("Globex pilot", ""),  # no client
    ],
)
def test_otherwise_the_whole_name_is_kept(name: str, client: str) -> None:
    assert distinctive_name(name, client) == " ".join(name.split())


def test_search_text_is_folded_for_case_and_accents() -> None:
    assert folded("Tomás ÉCOLE Straße") == "tomas ecole strasse"


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 steps"), (1, "1 step"), (2, "2 steps"), (21, "21 steps")],
)
def test_counts_take_the_singular_only_for_one(count: int, text: str) -> None:
    assert counted(count, "step") == text


def test_irregular_plurals_and_the_locale_figure() -> None:
    assert plural(2, "person", "people") == "people"
    assert plural(1, "person", "people") == "person"
    assert counted(1200, "pursuit", number=lambda n: f"{n:,}") == "1,200 pursuits"
