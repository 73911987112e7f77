"""Space-usage vocabulary: classification of real-world IFC space names (EN/DE/FR/ZH)."""
from __future__ import annotations

import pytest

from bldgagent.errors import InputValueError
from bldgagent.usage import USAGE_CATEGORIES, USAGES, classify_usage, keyword_table, normalise_text, usage_category

# (name as found in a model, expected category). The first block is every distinct IfcSpace name of the
# shared test models (AC20/AC11-FZK-Haus, AC90R1-niedriha, Duplex_A, ExampleHOM, LargeBuilding).
REAL_NAMES = [
    # AC20-FZK-Haus / AC11-FZK-Haus (German single-family house)
    ("Wohnen", "residential_living"),
    ("Küche", "residential_kitchen"),
    ("K\u0075\u0308che", "residential_kitchen"),  # decomposed umlaut as some exporters write it
    ("Bad", "residential_bathroom"),
    ("Schlafzimmer", "residential_bedroom"),
    ("Buero", "office"),
    ("Flur", "circulation"),
    ("Galerie", "residential_living"),
    # AC90R1-niedriha
    ("Technik", "technical"),
    ("Dachboden", "storage"),
    ("Garage", "parking"),
    ("Kochen", "residential_kitchen"),
    ("Gard/Wifa", "circulation"),
    ("HWR", "storage"),
    ("WC", "residential_bathroom"),
    # Duplex_A_20110907
    ("Roof", "outdoor"),
    ("Utility", "storage"),
    ("Bathroom 2", "residential_bathroom"),
    ("Bedroom 1", "residential_bedroom"),
    ("Hallway", "circulation"),
    ("Kitchen", "residential_kitchen"),
    ("Living Room", "residential_living"),
    ("Foyer", "lobby"),
    ("Stair", "circulation"),
    # ExampleHOM (names with numbers glued on, camelCase zone names)
    ("Bath9", "residential_bathroom"),
    ("Corridor8", "circulation"),
    ("Children7", "residential_bedroom"),
    ("Bedroom6", "residential_bedroom"),
    ("WC4", "residential_bathroom"),
    ("Kitchen5", "residential_kitchen"),
    ("Living1", "residential_living"),
    ("Hobby2", "residential_living"),
    ("atticZone", "storage"),
    ("ZoneKitchen5", "residential_kitchen"),
    # German
    ("Wohnzimmer", "residential_living"),
    ("Wohnen/Essen", "residential_living"),
    ("Elternschlafzimmer", "residential_bedroom"),
    ("Kinderzimmer 2", "residential_bedroom"),
    ("Gäste-WC", "residential_bathroom"),
    ("Duschbad", "residential_bathroom"),
    ("Abstellraum", "storage"),
    ("Treppenhaus", "circulation"),
    ("Besprechungsraum", "meeting"),
    ("Großraumbüro", "office"),
    ("Teeküche", "residential_kitchen"),
    ("Heizraum", "technical"),
    ("Tiefgarage", "parking"),
    ("Balkon", "outdoor"),
    ("Klassenzimmer 1.04", "classroom"),
    ("Patientenzimmer", "hospital_ward"),
    # English
    ("Master Bedroom", "residential_bedroom"),
    ("Open Plan Office", "office"),
    ("Meeting Room 3", "meeting"),
    ("Conference", "meeting"),
    ("Store", "storage"),
    ("Plant Room", "technical"),
    ("Lift Lobby", "circulation"),
    ("Reception", "lobby"),
    ("Restaurant", "restaurant"),
    ("Retail Unit 2", "retail"),
    ("Hotel Room 412", "hotel_room"),
    ("Ward B", "hospital_ward"),
    ("Consulting Room", "hospital_treatment"),
    ("Toilets", "toilet"),
    ("Balcony", "outdoor"),
    ("Electrical", "technical"),
    # French
    ("Séjour", "residential_living"),
    ("Chambre 1", "residential_bedroom"),
    ("Salle de bains", "residential_bathroom"),
    ("Cuisine", "residential_kitchen"),
    ("Dégagement", "circulation"),
    ("Bureau 12", "office"),
    ("Salle de réunion", "meeting"),
    ("Salle de classe", "classroom"),
    ("Local technique", "technical"),
    ("Chambre d'hôtel", "hotel_room"),
    # Chinese
    ("卧室", "residential_bedroom"),
    ("主卧室", "residential_bedroom"),
    ("客厅", "residential_living"),
    ("厨房", "residential_kitchen"),
    ("卫生间", "residential_bathroom"),
    ("办公室", "office"),
    ("走廊", "circulation"),
    ("会议室", "meeting"),
    ("教室", "classroom"),
    ("病房", "hospital_ward"),
    ("阳台", "outdoor"),
    ("储藏室", "storage"),
    ("设备机房", "technical"),
    ("地下车库", "parking"),
    ("公共卫生间", "toilet"),
    ("楼梯间", "circulation"),
    ("客房", "hotel_room"),
    ("商铺", "retail"),
    ("书房", "residential_living"),
    ("大堂", "lobby"),
]


def test_at_least_60_real_names():
    assert len(REAL_NAMES) >= 60


@pytest.mark.parametrize("name, expected", REAL_NAMES)
def test_classify_real_names(name, expected):
    category, matched = classify_usage(name)
    assert category == expected, f"{name!r} -> {category!r}, expected {expected!r}"
    assert matched == name


@pytest.mark.parametrize("name", ["Room", "Space 12", "R301", "", "   ", "Zone A", "1.04"])
def test_unmatched_names_are_unknown(name):
    assert classify_usage(name) == ("unknown", None)


def test_first_matching_text_wins_and_none_is_skipped():
    # Duplex: Name 'B204' (room number), LongName 'Bathroom 2'
    assert classify_usage(None, "B204", "Bathroom 2") == ("residential_bathroom", "Bathroom 2")
    assert classify_usage("Office", "Kitchen") == ("office", "Office")
    assert classify_usage(None, None) == ("unknown", None)


def test_context_remaps_ambiguous_rooms():
    # FZK-Haus has a 'Buero' in a dwelling; a WC in an office block is a public toilet.
    assert classify_usage("Buero", context="residential") == ("residential_living", "Buero")
    assert classify_usage("Foyer", context="residential") == ("circulation", "Foyer")
    assert classify_usage("WC", context="non_residential") == ("toilet", "WC")
    assert classify_usage("卫生间", context="non_residential") == ("toilet", "卫生间")
    assert classify_usage("Kitchen", context="non_residential") == ("residential_kitchen", "Kitchen")
    with pytest.raises(InputValueError, match="context"):
        classify_usage("WC", context="office")


def test_specific_keyword_beats_generic_one():
    # 'living room' (priority 3) before 'room'-less generic ones; 'Waschküche' is a laundry, not a kitchen
    assert classify_usage("Waschküche")[0] == "storage"
    assert classify_usage("Entrance Hall")[0] == "lobby"
    assert classify_usage("Hall")[0] == "circulation"


def test_normalise_text():
    assert normalise_text("Küche_1") == "kuche"
    assert normalise_text("Gäste-WC") == "gaste wc"
    assert normalise_text("卧室2") == "卧室"


def test_keyword_table_covers_categories_and_languages():
    rows = keyword_table()
    cats = {r[1] for r in rows}
    # every category except 'unknown' and the generic 'residential' has keywords
    assert cats == set(USAGES) - {"unknown"}
    from bldgagent._data import read_csv
    frame = read_csv("energy/usage_keywords.csv")
    assert set(frame["language"]) == {"en", "de", "fr", "zh"}
    assert frame["source"].str.len().min() > 0
    assert not frame.duplicated(["keyword"]).any()


def test_usage_category_lookup():
    assert usage_category("office").conditioned is True
    assert usage_category("parking").conditioned is False
    assert USAGE_CATEGORIES["residential_bedroom"].profile_usage == "residential"
    with pytest.raises(InputValueError, match="unknown usage category"):
        usage_category("bedroom")


# Issue 11, item 13: names that came out "unknown" (Revit office: 61 of 99 rooms) or wrong ("Flur" as storage
# in a compound), in the four languages of the table.
ROOM_NAMES_ISSUE_11 = [
    # Revit office (US drawing abbreviations)
    ("MENS RR", "toilet"), ("WOMENS RR", "toilet"), ("MECH RM", "technical"), ("BREAK RM", "restaurant"),
    ("ELEC RM", "technical"), ("JAN CLO", "storage"), ("STOR", "storage"), ("CONF RM", "meeting"),
    ("CORR", "circulation"), ("VEST", "circulation"), ("TELE/DATA", "technical"), ("COPY RM", "office"),
    ("WORK RM", "office"), ("FILE RM", "storage"), ("LOCKER RM", "toilet"), ("LAB", "office"),
    ("EXAM", "hospital_treatment"), ("WAITING", "lobby"), ("ELEV", "circulation"), ("OFF 104", "office"),
    # German
    ("Seminarraum", "classroom"), ("Labor", "office"), ("Flur", "circulation"), ("Kellerflur", "circulation"),
    ("Flurlager", "storage"), ("Putzraum", "storage"), ("Elektroraum", "technical"), ("Umkleide", "toilet"),
    ("Archiv", "storage"), ("Aufzug", "circulation"), ("Pausenraum", "restaurant"),
    # French
    ("Laboratoire", "office"), ("Salle de pause", "restaurant"), ("Vestiaire", "toilet"),
    ("Ascenseur", "circulation"), ("Salle d'attente", "lobby"), ("Local électrique", "technical"),
    # Chinese
    ("男卫", "toilet"), ("女卫", "toilet"), ("实验室", "office"), ("大厅", "lobby"), ("休息室", "restaurant"),
    ("强电间", "technical"), ("弱电间", "technical"), ("档案室", "storage"),
]


@pytest.mark.parametrize("name, expected", ROOM_NAMES_ISSUE_11)
def test_abbreviations_and_compounds(name, expected):
    assert classify_usage(name) == (expected, name)


def test_compound_head_decides():
    """The last keyword in a compound word is its head noun: a Kellerflur is a corridor, a Flurlager a store;
    a Waschküche (laundry) is not a kitchen."""
    assert classify_usage("Kellerflur")[0] == "circulation"
    assert classify_usage("Flurlager")[0] == "storage"
    assert classify_usage("Waschküche")[0] == "storage"
