"""The spaCy place extractor on its own (no Rasa model needed)."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.components.place_entities import PlaceEntityExtractor


@pytest.fixture(scope="module")
def extractor():
    return PlaceEntityExtractor({"entity": "location"})


def test_a_place_and_its_address_become_one_location(extractor):
    found = extractor.places("我在郑州市金水区花园路街道农业路12号，路灯坏了")
    assert [(e["value"], e["start"], e["end"]) for e in found] == [("郑州市金水区花园路街道农业路12号", 2, 19)]


def test_places_the_training_data_never_mentioned(extractor):
    assert [e["value"] for e in extractor.places("驻马店新蔡县的班车停了")] == ["驻马店新蔡县"]
    assert extractor.places("我们小区东门") == []


def test_it_leaves_a_location_diet_found_alone(extractor):
    m = Message(data={"text": "二七区大学路56号", "entities": [{"entity": "location", "value": "x", "start": 0, "end": 1}]})
    extractor.process([m])
    assert len(m.get("entities")) == 1
    m = Message(data={"text": "洛阳涧西区的公交太少"})
    extractor.process([m])
    assert m.get("entities")[0]["value"] == "洛阳涧西区" and m.get("entities")[0]["extractor"] == "PlaceEntityExtractor"
