"""The quantity frame of a figure (claimtrack.frame): measure, subject, place and event, from the parse.

Sentences are written for these tests in the style of wire copy; none comes from an evaluation set.
"""

from __future__ import annotations

from collections import Counter

import pytest

from claimtrack.frame import (
    Frame,
    _anchor,
    _mentions_in_articles,
    add_frames,
    canonical_places,
    frame_of,
    unit_family,
)
from claimtrack.nlp import parser


def frames(sentence: str, figures: list[tuple[str, str | None]], year: int | None = 2024) -> list[Frame]:
    """The frame of each figure (surface, unit) of one sentence, every other figure in view."""
    doc = parser()(sentence)
    spans = [(sentence.find(surface), sentence.find(surface) + len(surface)) for surface, _ in figures]
    anchors = [_anchor(doc, s, e) for s, e in spans]
    return [frame_of(doc, s, e, unit, anchors, year) for (s, e), (_, unit) in zip(spans, figures, strict=True)]


def test_each_figure_takes_the_measure_nearest_it_not_its_neighbours():
    killed, injured = frames(
        "The storm, which hit the coast on Monday, killed at least 41 people and injured 230 others.",
        [("41", "person"), ("230", "person")],
    )
    assert (killed.measure, injured.measure) == ("killed", "injured")
    assert killed.subject == injured.subject == "people"


def test_a_toll_that_rose_is_still_a_toll_and_the_adjacent_word_wins():
    (rose,) = frames("The death toll rose to 312 on Tuesday, officials said.", [("312", None)])
    assert rose.measure == "killed"  # "rose" says the figure moved, not what it counts
    dead, hurt = frames("The blast left 18 people dead and 95 injured.", [("18", "person"), ("95", "person")])
    assert (dead.measure, hurt.measure) == ("killed", "injured")


def test_a_place_in_the_figure_phrase_counts_but_a_scene_setting_clause_does_not():
    provinces = frames(
        "The floods caused 120 deaths in the province of Valdora, 45 in the province of Serrano and 9 in Lusk County.",
        [("120", "person"), ("45", "person"), ("9", "person")],
    )
    assert [f.place for f in provinces] == ["Valdora", "Serrano", "Lusk"]  # "County" folded: one spelling
    assert provinces[0].measure == provinces[1].measure == "killed"  # an item in apposition to the deaths
    (scene,) = frames(
        "The quake, which struck the province of Valdora on Friday, killed 300 people.", [("300", "person")]
    )
    assert scene.place is None  # where the quake struck, not what the toll covers


def test_a_country_is_the_whole_and_a_state_is_a_part():
    (national,) = frames("At least 75 people were killed in Peru, the government said.", [("75", "person")])
    (state,) = frames("Officials in Texas said 12 people had died.", [("12", "person")])
    assert national.place is None
    assert state.place == "Texas"


def test_an_earlier_year_marks_another_event_but_a_date_or_since_does_not():
    (old,) = frames("The 1998 hurricane killed at least 900 people.", [("900", "person")])
    assert old.event == "1998"
    (dated,) = frames("On March 3, 2024, officials said 40 people had died.", [("40", "person")])
    (since,) = frames("It was the deadliest storm since 1998, killing 60 people.", [("60", "person")])
    assert dated.event is None and since.event is None


def test_money_and_percentages_take_business_measures_and_the_company():
    fall, wiped = frames(
        "Shares of Northwind Systems fell 18% on Friday, wiping $9 billion off its market value.",
        [("18%", "percent"), ("$9 billion", "USD")],
    )
    assert fall.measure == "share change" and wiped.measure == "market value lost"
    (cost,) = frames("The airline said the outage cost it $120 million.", [("$120 million", "USD")])
    assert cost.measure == "loss"
    (homes,) = frames("The storm damaged 400 homes.", [("400", "home")])
    assert homes.measure == "damaged" and homes.subject == "home"  # "damage" is a loss only in money


def test_depth_distance_and_magnitude_are_properties_of_the_event():
    magnitude, depth, distance = frames(
        "The magnitude 6.1 quake struck 10 kilometers below the surface, 40 km north of Ardena.",
        [("6.1", None), ("10 kilometers", "kilometer"), ("40 km", "km")],
    )
    assert magnitude.measure == "magnitude" and depth.measure == "depth" and distance.measure == "distance"
    assert unit_family("km") == unit_family("kilometer") == "kilometre"


def _claim(claim_id: str, surface: str, start: int, sentence: str, unit: str | None = "person") -> dict:
    return {
        "claim_id": claim_id,
        "article_id": "a1",
        "document": "d.txt",
        "doc_start": start,
        "doc_end": start + len(surface),
        "surface": surface,
        "sentence": sentence,
        "unit": unit,
    }


def test_add_frames_carries_a_list_measure_and_a_conversion_takes_its_figure_frame():
    text = "The floods caused 120 deaths in Valdora, 45 in Serrano. The river rose 20 miles (32 kilometers) north."
    first, second = text.split(". ")
    first += "."
    claims = [
        _claim("c1", "120", text.find("120"), first),
        _claim("c2", "45", text.find("45"), first),
        _claim("c3", "20 miles", text.find("20 miles"), second, "mile"),
        _claim("c4", "32 kilometers", text.find("32 kilometers"), second, "kilometer"),
    ]
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[1]["measure"] == "killed" and claims[1]["place"] == "Serrano"
    assert claims[3]["measure"] == claims[2]["measure"]


@pytest.mark.parametrize(("names", "expected"), [(["Marrakech", "Marrakech", "Marrakesh"], "Marrakech")])
def test_one_spelling_per_place(names, expected):
    claims = [{"place": n} for n in names] + [{"place": "Agadir"}]
    canonical_places(claims)
    assert {c["place"] for c in claims[:-1]} == {expected} and claims[-1]["place"] == "Agadir"


def test_a_figure_stated_twice_in_an_article_takes_the_place_the_other_gives():
    text = "At least 115 people died in Ardena. Officials said the toll of at least 115 could rise."
    first, second = text.split(". ")
    claims = [
        _claim("c1", "At least 115", 0, first + "."),
        _claim("c2", "at least 115", text.find("at least 115"), second),
    ]
    for claim in claims:
        claim.update(value=115.0, low=115.0, high=None)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[0]["measure"] == claims[1]["measure"] == "killed"
    assert claims[0]["place"] == claims[1]["place"] == "Ardena"


def test_a_list_of_areas_is_the_whole_and_each_list_item_takes_its_own_name():
    (listed,) = frames(
        "The storm killed at least 90 people in Alabama, Ohio, Georgia and Kentucky, officials said.",
        [("90", "person")],
    )
    assert listed.place is None  # several states together: the figure covers them all
    items = frames(
        "Ohio has reported 41 deaths, Georgia 33, Kentucky 19 and Alabama two.",
        [("41", "person"), ("33", "person"), ("19", "person"), ("two", "person")],
    )
    assert [f.place for f in items] == ["Ohio", "Georgia", "Kentucky", "Alabama"]  # Georgia beside states is a state
    text = "Ohio has reported 41 deaths, Georgia 33, Kentucky 19 and Alabama two."
    claims = [_claim(f"c{i}", n, text.find(n), text) for i, n in enumerate(["41", "33", "19", "two"])]
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert {c["measure"] for c in claims} == {"killed"}  # each item takes the list's measure
    assert {c["subject"] for c in claims} == {"people"}  # "Alabama two" counts people, not Alabama
    outages = frames(
        "Ohio came first, with about 1,067,000 outages, then Georgia (1,063,000 or so) "
        "and Kentucky (just over 78,000).",
        [("1,067,000", "outage"), ("1,063,000", "outage"), ("78,000", "outage")],
    )
    assert [f.place for f in outages] == ["Ohio", "Georgia", "Kentucky"]
    (city,) = frames("The quake struck 74 km southwest of Agadir, Morocco, on Friday.", [("74 km", "km")])
    assert city.place == "Agadir"  # a city and its country are one place, not a list


def test_interchangeable_nouns_count_one_thing_and_an_actor_makes_it_its_own():
    homes, customers = frames(
        "About 800,000 homes and businesses in Ohio lost power, and 300,000 customers in Ohio remain without power.",
        [("800,000", "home"), ("300,000", "customer")],
    )
    assert homes.subject == customers.subject == "customer"
    (cancellations,) = frames(
        "By evening there were about 1,400 cancellations nationwide.", [("1,400", "cancellation")]
    )
    (airline,) = frames("The meltdown forced United Airlines to cancel around 4,000 flights.", [("4,000", "flight")])
    assert cancellations.measure == airline.measure == "cancelled"
    assert cancellations.subject == "flight" and airline.subject == "United Airlines"
    (machines,) = frames("The faulty update affected 2.1 million computers worldwide.", [("2.1 million", "computer")])
    assert (machines.measure, machines.subject) == ("affected devices", "device")


def test_an_increment_is_not_the_count_it_adds_to():
    (more,) = frames("Two more deaths were recorded in Ohio on Sunday.", [("Two", "person")])
    (again,) = frames("The airline scrapped an additional 900 flights on Sunday.", [("900", "flight")])
    assert more.subject == "additional people" and again.subject.startswith("additional")
    _, injured = frames(
        "Police said 12 people were killed and another 40 injured.", [("12", "person"), ("40", "person")]
    )
    assert injured.subject == "people"  # "another" names a second count, not an increment


def test_a_place_written_right_after_the_figure_wins_over_a_long_list_parse():
    text = (
        "The floods caused 90 deaths in the province of Valdora, 40 in the province of Serrano, "
        "12 in the prefecture of Lusk, 7 in the southern Orvel province and 1 death in the province of Tamar."
    )
    claims = [_claim(f"c{i}", n, text.find(n + " "), text) for i, n in enumerate(["90", "40", "12", "7", "1"])]
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert [c["place"] for c in claims] == ["Valdora", "Serrano", "Lusk", "Orvel", "Tamar"]
    (several,) = frames(
        "Officials confirmed 150 deaths across North and South Dakota, Iowa and Nebraska.", [("150", "person")]
    )
    assert several.place is None
    (province,) = frames("Another 980 others died in the southwestern Serrano Province.", [("980", "person")])
    assert province.measure == "killed" and province.place == "Serrano"  # "southwestern" is no distance


def test_an_unnamed_part_of_an_area_is_its_own_place_and_a_speed_is_no_distance():
    missing, dead = frames(
        "More than 600 people are missing in the flooded Ohio county, where 9 people have been confirmed dead.",
        [("600", "person"), ("9", "person")],
    )
    assert missing.place == dead.place == "county in Ohio"  # some county of Ohio: never Ohio's own figure
    (named,) = frames("Some 40 people died in the central Orvel province.", [("40", "person")])
    assert named.place == "Orvel"  # "X province" names the province X
    mph, kmh = frames(
        "The storm came ashore with winds of 120 miles (193 kilometers) per hour.",
        [("120 miles", "mile"), ("193 kilometers", "kilometer")],
    )
    assert mph.measure == kmh.measure == "wind speed"
    (far,) = frames("The epicentre was located 60 kilometers southwest of the city.", [("60", "southwest")])
    assert far.measure == "distance"  # the unit misread, the length word after the figure still says it


def test_an_appositive_restates_its_figure_and_a_list_lends_its_measure_to_its_first_item():
    text = "Ohio officials said the state's death toll had risen to 97, a figure that later climbed to 108."
    claims = [_claim("c1", "97", text.find("97"), text, None), _claim("c2", "108", text.find("108"), text, None)]
    for n, claim in enumerate(claims):
        claim["value"] = float(n)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[1]["measure"] == claims[0]["measure"] == "killed"
    assert claims[1]["place"] == claims[0]["place"] == "Ohio"
    text = "An estimated 120,000 customers in Ohio; 80,000 in Iowa and 7,500 in Utah were without power on Friday."
    claims = [_claim(f"c{i}", n, text.find(n), text, "customer") for i, n in enumerate(["120,000", "80,000", "7,500"])]
    for n, claim in enumerate(claims):
        claim["value"] = float(n)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert [c["measure"] for c in claims] == ["without power"] * 3
    assert [c["place"] for c in claims] == ["Ohio", "Iowa", "Utah"]


def test_a_utility_that_has_the_outages_makes_its_own_count():
    (utility,) = frames(
        "Of the region's utilities, Acme energy currently has the most outages with about 48,000 customers "
        "lacking service in Ohio.",
        [("48,000", "person")],
    )
    assert utility.measure == "without power" and utility.subject == "Acme energy"


def test_customers_affected_by_outages_are_without_power_and_a_restated_figure_keeps_its_place():
    (affected,) = frames(
        "Power outages persisted across 10 states, affecting over 3 million customers.",
        [("over 3 million", "customer")],
    )
    assert (affected.measure, affected.subject) == ("without power", "customer")
    text = "At least 92 people are still missing in Ohio. He said the figure of 92 missing people will change."
    first, second = text.split(". ")
    claims = [_claim("c1", "At least 92", 0, first + "."), _claim("c2", "92", text.rfind("92"), second)]
    claims[0].update(value=92.0, low=92.0, high=None)
    claims[1].update(value=92.0, low=92.0, high=92.0)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[1]["place"] == claims[0]["place"] == "Ohio"  # "at least 92" and "92": one figure


def test_market_figures_read_as_share_changes_and_market_value_and_take_the_story_company():
    (fall,) = frames("Since then, the stock has lost 26.48% of its value.", [("26.48%", "percent")])
    (knocked,) = frames("Forecasts saw up to 21% knocked off the company's stock price.", [("up to 21%", "percent")])
    assert fall.measure == knocked.measure == "share change"
    (wiped,) = frames("Its shares fell 15%, wiping $12.5 billion off its market cap.", [("$12.5 billion", "USD")])
    (valued,) = frames("The fall led to a $25 billion loss in market value.", [("$25 billion", "USD")])
    assert wiped.measure == valued.measure == "market value lost"
    (impact,) = frames(
        "Analysts estimate the financial impact on Acme Air could reach $400 million.", [("$400 million", "USD")]
    )
    assert (impact.measure, impact.subject) == ("loss", "Acme Air")
    text = "Shares of Zenvo Holdings fell 9%. Zenvo Holdings lost $2 billion in market value. The stock dropped 15%."
    sentences = [s + "." for s in text.rstrip(".").split(". ")]
    claims = [
        _claim(f"c{i}", surface, text.find(surface), sentences[i], unit)
        for i, (surface, unit) in enumerate([("9%", "percent"), ("$2 billion", "USD"), ("15%", "percent")])
    ]
    for n, claim in enumerate(claims):
        claim["value"] = float(n)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[2]["measure"] == "share change"
    assert claims[2]["subject"] == claims[0]["subject"] == "Zenvo Holdings"  # names no company: the story's


def test_insured_losses_stay_insured_when_the_verb_says_cost():
    (insured,) = frames(
        "Modellers estimate that insured losses from the outage will cost the market between $400m and $1.5bn.",
        [("between $400m and $1.5bn", "USD")],
    )
    assert insured.measure == "insured loss"


def test_local_places_aftershocks_and_spans_of_time_keep_figures_out_of_the_toll():
    (village,) = frames("Rescuers at the village had retrieved 65 bodies from the rubble.", [("65", "person")])
    assert village.place == "village (unnamed)"  # a local count, never the country's toll
    (named,) = frames("In the village of Tafeghaghte, 90 people died.", [("90", "person")])
    assert named.place == "Tafeghaghte"
    (deep,) = frames("The aftershock had a depth of 10 kilometers.", [("10 kilometers", "kilometer")])
    assert (deep.measure, deep.event) == ("depth", "aftershock")
    (figurative,) = frames(
        "Outage aftershocks cause the airline to cancel over 1,000 more flights", [("over 1,000", "flight")]
    )
    assert figurative.event is None  # an outage does not shake: the main event's figure
    (restore,) = frames(
        "Officials said 80,000 dirhams would be used to restore damaged buildings.", [("80,000", "MAD")]
    )
    assert restore.measure != "power restored"  # "restore" with no power in sight, and money is never restored
    now, then = frames(
        "Outages persisted, affecting over 3 million customers, down from the peak of the storm, when 4.7 million "
        "were without power.",
        [("over 3 million", "customer"), ("4.7 million", None)],
    )
    assert now.measure == then.measure == "without power"
    assert now.subject == "customer" and then.subject == "peak customer"  # the high point is its own quantity
    before, after = frames(
        "Outages decreased from a peak of more than 4.5 million reports, "
        "but about 784,000 homes remained without power.",
        [("more than 4.5 million", "report"), ("about 784,000", "home")],
    )
    assert (before.measure, before.subject) == ("without power", "peak customer")
    assert (after.measure, after.subject) == ("without power", "customer")


def test_a_city_and_its_state_are_one_place():
    (city,) = frames("Two people were killed in Dayton, Ohio, on Friday, police said.", [("Two", "person")])
    assert city.place == "Dayton"  # not "a list" of two areas, and never Ohio's toll
    (count,) = frames("More than 83,000 people have registered for assistance.", [("More than 83,000", "person")])
    assert count.measure != "aid"  # people who asked for aid are not aid


def test_a_window_or_a_rate_in_the_figure_phrase_makes_its_own_quantity_and_a_company_owns_its_result():
    total, month = frames(
        "Since then, the stock has lost 26.48% of its value, with broader losses of 41.77% in the previous month.",
        [("26.48%", "percent"), ("41.77%", "percent")],
    )
    assert total.measure == month.measure == "share change"
    assert month.subject == "in previous month" and total.subject != month.subject
    (average,) = frames("The companies averaged $44 million in losses per company.", [("$44 million", "USD")])
    assert average.subject == "per company"
    (own,) = frames("Acme Air Lines reported a financial hit of about $550 million.", [("about $550 million", "USD")])
    assert (own.measure, own.subject) == ("loss", "Acme Air Lines")  # its own result, though it "reported" it


def test_a_title_case_headline_event_is_no_actor_and_a_dotted_country_is_the_whole():
    (headline,) = frames("Maker: Global Zenvo Outage Affects 2.1 Million Computers", [("2.1 Million", "computer")])
    assert headline.subject == "device"  # the outage named in title case is no organisation
    (national,) = frames("U.S. companies face a $5.4 billion loss from last week's outage.", [("$5.4 billion", "USD")])
    assert national.place is None and national.subject != "from last week"  # an event's week, not a window


def test_an_unnamed_county_is_the_one_county_its_document_names_and_a_sum_pointing_back_takes_its_frame():
    text = (
        "More than 600 people are missing in the flooded Ohio county, where 9 people have died, officials said.\n"
        "Lusk County officials gave the toll at a meeting."
    )
    first = text.split("\n")[0]
    claims = [_claim("c1", "More than 600", 0, first), _claim("c2", "9", first.find("9 people"), first)]
    for n, claim in enumerate(claims):
        claim["value"] = float(n)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[0]["place"] == claims[1]["place"] == "Lusk"
    text = (
        "The firm put damage and economic loss at $95 billion. "
        "Three days later it pushed those numbers up to $145 billion."
    )
    first, second = text.split(". ")
    claims = [
        _claim("c1", "$95 billion", text.find("$95"), first + ".", "USD"),
        _claim("c2", "$145 billion", text.find("$145"), second, "USD"),
    ]
    for n, claim in enumerate(claims):
        claim["value"] = float(n)
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[0]["measure"] == "loss" and claims[1]["measure"] == "loss"  # "those numbers": the same loss


def test_a_count_of_areas_covers_no_one_area():
    (states,) = frames(
        "At least 56 people were killed across five states, including 23 in Ohio.", [("five states", "state")]
    )
    assert states.place is None
    _, six = frames(
        "Crews reached those stranded by the storm, which killed at least 139 people in six states.",
        [("at least 139", "person"), ("six states", "state")],
    )
    assert (six.measure, six.subject) == ("killed", "state")  # the states with deaths, though 139 is nearer


def test_a_distance_is_from_its_reference_place_and_a_magnitude_has_no_place():
    km, miles = frames(
        "The quake hit 44 miles (71 kilometres) southwest of Valdora at a depth of 18 kilometers.",
        [("44 miles", "mile"), ("71 kilometres", "kilometre")],
    )
    assert km.measure == miles.measure == "distance" and km.place == miles.place == "Valdora"
    (village,) = frames(
        "In the village of Tamar, some 60 km (40 miles) south of Valdora, rescuers dug.", [("some 60 km", "kilometer")]
    )
    assert (village.subject, village.place) == ("Tamar", "Valdora")  # the village's distance, not the epicentre's
    (magnitude,) = frames(
        "The magnitude 6.8 quake struck last Friday south of the tourist city of Valdora.", [("6.8", "magnitude")]
    )
    assert magnitude.measure == "magnitude" and magnitude.place is None


def test_the_subject_of_coordinated_verbs_does_both():
    cut, held = frames(
        "Acme Air has scratched 5,000 flights since Friday, and delayed another 1,700.",
        [("5,000", "flight"), ("1,700", None)],
    )
    assert (cut.measure, cut.subject) == ("cancelled", "Acme Air")
    assert (held.measure, held.subject) == ("delayed", "Acme Air")


def test_the_story_company_is_the_one_named_throughout_its_article_and_never_its_rival_or_its_modeller():
    text = (
        "Zenvo Airlines (NYSE: ZVA) said the outage hurt. For Zenvo Airlines it meant 900 flight cancellations, "
        "the company said. ZVA shares slid. Zenvo Airlines flights resumed. Zenvo Airlines staff worked late. "
        '"This cost us $300 million," he said.'
    )
    cost, cancelled = text.index("$300 million"), text.index("900")
    claims = [
        _claim("c0", "900", cancelled, text[text.index("For") : text.index("said.") + 5], "cancellation"),
        _claim("c1", "$300 million", cost, text[text.rindex(". ", 0, cost) + 2 :], "USD"),
    ]
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert (claims[1]["measure"], claims[1]["subject"]) == ("loss", "Zenvo Airlines")
    counted = _mentions_in_articles(claims, {"d.txt": text}, {"a1": Counter({"ZVA": 1, "Zenvo Airlines": 1})})
    assert counted["a1"] == Counter({"Zenvo Airlines": 3})  # twice between its figures, and its ticker once
    shared = (
        "Fortune 500 firms face $5 billion in losses from the Kelso Systems outage, Modelix said. "
        "Kelso Systems shipped the update. Modelix insures downtime. Modelix models losses."
    )
    claims = [_claim("c2", "$5 billion", shared.index("$5 billion"), shared.split(". ")[0] + ".", "USD")]
    claims[0]["source"] = "Modelix"
    add_frames(claims, {"d.txt": shared}, {"a1": 2024})
    assert claims[0]["subject"] is None  # two firms named as often: the story is about neither


def test_the_airline_that_did_what_a_figure_counts_is_the_one_named_just_before():
    text = (
        "Northwind Airlines was the slowest carrier to recover. On Friday, the airline experienced over 2,200 flight "
        "cancellations, contributing to a total of more than 6,000 cancellations."
    )
    sentence = text[text.index("On Friday") :]
    claims = [
        _claim("c1", "over 2,200", text.index("over 2,200"), sentence, "flight"),
        _claim("c2", "more than 6,000", text.index("more than 6,000"), sentence, "flight"),
    ]
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert [c["subject"] for c in claims] == ["Northwind Airlines", "Northwind Airlines"]  # the participle's too
    alone = "On Friday, the airline experienced over 2,200 flight cancellations."
    claims = [_claim("c3", "over 2,200", alone.index("over 2,200"), alone, "flight")]
    add_frames(claims, {"d.txt": alone}, {"a1": 2024})
    assert claims[0]["subject"] is None  # no airline named before: unresolved, never "the airline"


def test_a_contrasted_count_is_the_same_company_in_another_place():
    sentence = (
        "Gridco currently has the most outages with around 486,000 customers lacking service in Ohio, "
        "while 335,000 in Indiana remain without power."
    )
    claims = [
        _claim("c1", "around 486,000", sentence.index("around 486,000"), sentence, "customer"),
        _claim("c2", "335,000", sentence.index("335,000"), sentence, "customer"),
    ]
    add_frames(claims, {"d.txt": sentence}, {"a1": 2024})
    assert [(c["subject"], c["place"]) for c in claims] == [("Gridco", "Ohio"), ("Gridco", "Indiana")]


def test_respectively_pairs_each_figure_with_its_name():
    sentence = "Most deaths were in Lusk County, followed by Marlow and Denby, with 11 and 7 deaths, respectively."
    claims = [_claim(f"c{n}", figure, sentence.index(figure), sentence) for n, figure in enumerate(["11", "7"])]
    add_frames(claims, {"d.txt": sentence}, {"a1": 2024})
    assert [c["place"] for c in claims] == ["Marlow", "Denby"]  # not the whole toll


def test_a_utility_restoring_power_is_the_count_s_company_even_when_its_name_holds_a_measure_word():
    (restored,) = frames(
        "Georgia Power restored power to over 740,000 customers, it said.", [("over 740,000", "customer")]
    )
    assert (restored.measure, restored.subject) == ("power restored", "Georgia Power")
    (said,) = frames(
        "Duke Energy said in a statement that it has restored power to more than 1.1 million customers.",
        [("more than 1.1 million", "customer")],
    )
    assert said.subject == "Duke Energy"  # "it" is the company that says so
    (headline,) = frames("Global Software Outage Affects 8.5 Million Computers", [("8.5 Million", "computer")])
    assert headline.subject != "Global Software Outage"  # a title-case headline's outage is no company


def test_his_state_is_the_area_the_sentence_named_before_it():
    sentence = "Ohio Governor Jane Roe told a briefing in his state, where she said the number of dead has risen to 33."
    claims = [_claim("c1", "33", sentence.index("33"), sentence)]
    add_frames(claims, {"d.txt": sentence}, {"a1": 2024})
    assert (claims[0]["measure"], claims[0]["place"]) == ("killed", "Ohio")
    two = "Ohio and Iowa officials met in their state, where 12 people have died."
    claims = [_claim("c2", "12", two.index("12"), two)]
    add_frames(claims, {"d.txt": two}, {"a1": 2024})
    assert claims[0]["place"] is None  # two areas named: which one is not said


def test_a_headline_figure_takes_the_frame_of_the_body_figure_it_compresses():
    headline = "Modelix pegs global outage loss at $1.5bn"
    body = "Modelix estimates that insured losses from the outage will cost the market between $400m and $1.5bn."
    text = f"{headline}\n\n{body}"
    claims = [
        {**_claim("h", "$1.5bn", text.index("$1.5bn"), headline, "USD"), "value": 1.5e9, "block_kind": "headline"},
        {
            **_claim("b", "between $400m and $1.5bn", text.index("between"), body, "USD"),
            **{"value": None, "low": 4e8, "high": 1.5e9, "block_kind": "body"},
        },
    ]
    add_frames(claims, {"d.txt": text}, {"a1": 2024})
    assert claims[0]["measure"] == claims[1]["measure"] == "insured loss"  # the body's narrower measure
    assert claims[0]["subject"] == claims[1]["subject"]


def test_a_share_written_after_a_place_s_count_is_that_place_s_share():
    sentence = "There have been 118 deaths in Ohio, accounting for nearly half of the total 243 killed across states."
    figures = [("118", "person"), ("nearly half", "percent"), ("243", "person")]
    claims = [
        {**_claim(f"c{n}", f, sentence.index(f), sentence, unit), "value": value}
        for n, ((f, unit), value) in enumerate(zip(figures, [118.0, 50.0, 243.0], strict=True))
    ]
    add_frames(claims, {"d.txt": sentence}, {"a1": 2024})
    assert [c["place"] for c in claims] == ["Ohio", "Ohio", None]  # the total stays the whole


def test_a_pre_market_move_and_an_additional_sum_are_figures_of_their_own():
    (early,) = frames(
        "With losses of 1.44% in the pre-market, traders wonder how low the stock can go.", [("1.44%", "percent")]
    )
    assert (early.measure, early.subject) == ("share change", "in pre-market")  # not the fall since the event
    (extra,) = frames(
        "The outage forced the airline to cancel flights, resulting in an additional $170 million in expenses.",
        [("$170 million", "USD")],
    )
    assert (extra.measure, extra.subject) == ("loss", "additional")  # an increment, not the whole cost; no people


def test_a_figure_takes_the_measure_of_the_noun_it_is_of():
    (offset,) = frames("The airline noted a slight offset of $50 million in fuel bills.", [("$50 million", "USD")])
    assert offset.measure == "saving"  # an offset, not the bills
    (cost,) = frames("The storm left a cost of $2 billion in repairs.", [("$2 billion", "USD")])
    assert cost.measure == "loss"


def test_more_than_another_group_is_no_increment_and_an_or_appositive_is_skipped_for_the_place():
    dead, hurt = frames(
        "The quake has killed more than 1,300 people and injured hundreds more, officials said.",
        [("more than 1,300", "person"), ("hundreds", "person")],
    )
    assert (hurt.measure, hurt.subject) == ("injured", "people")  # more than the dead, not additional injured
    (later,) = frames("The airline cancelled 1,250 more flights on Sunday.", [("1,250", "flight")])
    assert later.subject.startswith("additional")
    (share,) = frames(
        "As many as 1,684, or more than half of the deaths, were located in the Valdora province.",
        [("As many as 1,684", "person")],
    )
    assert share.place == "Valdora"


def test_a_person_s_own_holding_is_theirs_but_a_speaker_is_no_subject():
    (stake,) = frames(
        "Founder George Kurtz' stock in the company lost $634 million in value.", [("$634 million", "USD")]
    )
    assert stake.subject == "George Kurtz"
    (said,) = frames("Jane Roe said the company lost $2 billion.", [("$2 billion", "USD")])
    assert said.subject != "Jane Roe"
