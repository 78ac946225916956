import pytest

from pursuit_journey.domain.decision_check import MISSING, PROMISE, check_decision


@pytest.mark.parametrize(
    "text",
    [
        "Send the proposal",
        "send proposal by Friday",
        "I will present the roadmap",
        "I'll follow up next week",
        "We'll follow up",
        "we will share the pricing",
        "We are going to demo the integration",
        "Prepare the security documentation",
        "Agree a follow-up",
    ],
)
def test_a_sellers_promise_gets_a_gentle_warning(text: str) -> None:
    assert check_decision(text) == PROMISE


@pytest.mark.parametrize(
    "text",
    [
        "Client agrees to a two-week pilot by 14 March",
        "Marta approves the pilot budget",
        "Tomás chooses the pilot depot",
        "They decide which team runs the pilot by Friday",
        "Procurement starts the security review",
        "Agree the success measure for the pilot",
    ],
)
def test_a_client_decision_passes(text: str) -> None:
    assert check_decision(text) is None


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_decision_is_missing(text: str) -> None:
    assert check_decision(text) == MISSING


def test_words_that_merely_start_like_a_promise_pass() -> None:
    assert check_decision("Sendai office signs the order form") is None
    assert check_decision("Ill-defined scope is narrowed by the client") is None
