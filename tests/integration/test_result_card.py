"""One result card: the results page and the saved, shared and printed reports agree."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.integration.test_questionnaire import THIRD_LINE_NPC, walk
from tests.integration.test_saved_results import PASSCODE, save, share

pytestmark = pytest.mark.django_db

HLX43_URL = "/trials/hlx43-recurrent-metastatic-npc/"


@pytest.fixture(autouse=True)
def fast_passcodes(settings) -> None:
    """Passcode hashing at full strength takes a second per check; the rules are the same."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Cards(HTMLParser):
    """Each result card as normalised markup: tags, attributes and text, whitespace dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[list[str]] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.depth and tag == "li" and ("class", "card result-card") in attrs:
            self.cards.append([])
        if self.cards and (self.depth or (tag == "li" and ("class", "card result-card") in attrs)):
            self.depth += tag == "li"
            self.cards[-1].append(f"<{tag} {sorted(attrs)}>")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.cards[-1].append(f"</{tag}>")
            self.depth -= tag == "li"

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.cards[-1].append(" ".join(data.split()))


def hlx43_card(html: str) -> list[str]:
    parser = Cards()
    parser.feed(html)
    [card] = [card for card in parser.cards if any(HLX43_URL in part for part in card)]
    return card


def comparable(card: list[str]) -> list[str]:
    """The card without what differs by design: heading level, contact button, print opening."""
    text = "\n".join(card).replace("<h4 ", "<h3 ").replace("</h4>", "</h3>")
    lines = text.replace(", ('open', None)", "").splitlines()
    if "<p [('class', 'actions')]>" in lines:
        start = lines.index("<p [('class', 'actions')]>")
        del lines[start : lines.index("</p>", start) + 1]
    return lines


def test_the_same_card_on_results_saved_shared_and_print_pages(client: Client, seeded_catalogue):
    walk(client, THIRD_LINE_NPC)
    results = hlx43_card(client.get("/match/results/").content.decode())
    assert "Contact the study team" in results
    _result, owner = save(client)
    link = share(client, owner)
    doctor = Client()
    doctor.post(link, {"passcode": PASSCODE})
    pages = {
        "saved": client.get(owner).content.decode(),
        "saved print": client.get(owner + "print/").content.decode(),
        "shared": doctor.get(link).content.decode(),
        "shared print": doctor.get(link + "print/").content.decode(),
    }
    for name, page in pages.items():
        card = hlx43_card(page)
        assert "Contact the study team" not in card, name
        assert comparable(card) == comparable(results), name
    assert "<details [('class', 'criteria-details'), ('open', None)]>" in hlx43_card(
        pages["shared print"]
    )
