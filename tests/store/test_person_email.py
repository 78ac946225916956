"""People have an optional email: stored, checked, carried by the .pursuit file."""

from __future__ import annotations

import pytest

from pursuit_journey.domain.email_address import clean_email, email_domain
from pursuit_journey.domain.vocabulary import BuyingRole
from pursuit_journey.store.errors import InvalidInput
from pursuit_journey.store.exchange import ExchangeError, dump_document, load_document
from pursuit_journey.store.repository import Store


def test_an_email_is_trimmed_and_a_mailto_prefix_dropped() -> None:
    assert clean_email("  mailto:Anna@Northwind.example ") == "Anna@Northwind.example"
    assert clean_email("") == ""
    assert email_domain("Anna@Northwind.Example") == "northwind.example"


@pytest.mark.parametrize("text", ["anna", "anna@", "@northwind.example", "a b@c.de", "a@localhost"])
def test_what_cannot_be_an_address_is_refused_with_a_message(text: str) -> None:
    with pytest.raises(ValueError, match="is not an email address"):
        clean_email(text)


def test_people_keep_their_email_through_the_store(store: Store) -> None:
    pursuit = store.create_pursuit("Fleet", "Northwind")
    assert pursuit.id is not None
    anna = store.add_person(pursuit.id, "Anna", role=BuyingRole.USER, email=" anna@nw.example")
    assert anna.id is not None
    assert store.people(pursuit.id)[0].email == "anna@nw.example"
    store.update_person(anna.id, email="ANNA@nw.example")
    assert store.people(pursuit.id)[0].email == "ANNA@nw.example"
    with pytest.raises(InvalidInput, match="is not an email address"):
        store.update_person(anna.id, email="not an address")
    assert store.people(pursuit.id)[0].email == "ANNA@nw.example"
    step = store.add_step(pursuit.id, title="Demo")
    assert step.id is not None
    jonas = store.add_attendee(step.id, "Jonas", email="jonas@nw.example")
    assert [p.email for p in store.attendees(step.id)] == ["jonas@nw.example"]
    assert jonas.email == "jonas@nw.example"


def test_the_email_round_trips_through_the_pursuit_file_and_may_be_missing(store: Store) -> None:
    pursuit = store.create_pursuit("Fleet", "Northwind")
    assert pursuit.id is not None
    store.add_person(pursuit.id, "Anna", email="anna@nw.example")
    exported = store.export_pursuit(pursuit.id)
    assert exported["version"] == 1
    assert exported["pursuit"]["people"][0]["email"] == "anna@nw.example"
    store.delete_pursuit(pursuit.id)
    imported = store.import_pursuit(load_document(dump_document(exported)))
    assert store.people(imported.id)[0].email == "anna@nw.example"

    del exported["pursuit"]["people"][0]["email"]  # a file written before emails existed
    store.delete_pursuit(imported.id)
    older = store.import_pursuit(load_document(dump_document(exported)))
    assert store.people(older.id)[0].email == ""

    exported["pursuit"]["people"][0]["email"] = "nobody at all"
    with pytest.raises(ExchangeError, match=r"Person 1.*email"):
        load_document(dump_document(exported))
