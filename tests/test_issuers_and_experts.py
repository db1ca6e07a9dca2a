"""Who speaks for a cited record, who is an independent specialist, and who only relays: invented wire-style
phrasings of the kinds real reporting uses ("according to a statement from the Ministry", "Modelling firm X
estimates", "X reported ..., according to Y data")."""

from __future__ import annotations

from pathlib import Path

from claimtrack.expertise import describes_specialist, specialist_plural
from claimtrack.issuers import fuller_name
from tests.stories import claim, run


# ------------------------------------------------------------------ records and their issuers
def test_a_record_speaks_for_its_issuer_and_a_citing_chain_makes_a_relay(tmp_path: Path):
    text = (
        "Floods\n\n"
        "The storm left 412 dead and 97 injured, according to an updated report issued on Monday at 9 a.m. "
        "by the Ministry of Civil Protection.\n\n"
        "According to a report by Coastline Press Service citing the Health Ministry, 1,230 people are in hospital."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "412")["source"] == claim(claims, "97")["source"] == "Ministry of Civil Protection"
    relayed = claim(claims, "1,230")
    assert relayed["source"] == "Health Ministry" and relayed["via"] == "Coastline Press Service"


def test_the_statement_and_the_same_source_are_whoever_issued_the_last_one(tmp_path: Path):
    text = (
        "Relief\n\n"
        "The Riverland Ministry of Housing said on Tuesday that 8,000 homes were damaged.\n"
        "Some 5,100 of them were in the northern district, according to a statement from the Ministry.\n"
        "On Wednesday, the regional council announced that families will be given temporary housing.\n"
        "According to the announcement, each family will get 20,000 euros.\n"
        "This covers 3,000 families in the first phase, according to the same source."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "Some 5,100")["source"] == "Riverland Ministry of Housing"  # the fuller name written before
    assert claim(claims, "20,000 euros")["source"] == "regional council"
    assert claim(claims, "3,000")["source"] == "regional council"


def test_an_anonymous_source_or_a_study_finding_is_nobody_named_before(tmp_path: Path):
    text = (
        "Talks\n\n"
        "The Foreign Ministry said 12 diplomats attended on Monday.\n"
        "A source close to the talks said 40 people were hurt."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "40")["source"] == "source close to the talks"


def test_a_bare_capitalised_head_takes_the_fuller_name_written_before():
    before = "(Agency) -- The Eastland Ministry of Interior said Wednesday that 2,000 people died.\n"
    assert fuller_name("Ministry", before) == "Eastland Ministry of Interior"
    assert fuller_name("Ministry", "Nothing named here.") is None
    assert fuller_name("Ministry of Interior", before) is None  # already a full name


# ------------------------------------------------------------------ independent specialists
def test_specialist_words_come_from_the_phrase_or_its_description():
    assert describes_specialist("modelling firm")
    assert describes_specialist("a provider of cloud monitoring, modeling and insurance services")
    assert not describes_specialist("the Interior Ministry")
    assert not describes_specialist("airline")
    assert describes_specialist("cyber-risk specialist")
    assert specialist_plural("Northbank analysts") == ("Northbank analysts", "Northbank")
    assert specialist_plural("The researchers") is None
    assert specialist_plural("Northbank officials") is None


def test_an_analyst_firm_is_the_expert_of_its_figures_and_officials_never_are(tmp_path: Path):
    text = (
        "Storm losses\n\n"
        "Modelling firm Quantar estimates that insured losses will be between $300m and $900m.\n\n"
        "“Losses can reach 180% of premium in more extreme events,” said the catastrophe modelling firm.\n\n"
        "Insured losses will be no more than 10% to 15% of the total, according to Riskline, "
        "a provider of catastrophe modeling and insurance services.\n\n"
        "Riskline put the total at $2.4 billion, it said in a note on Friday.\n\n"
        '"We see a 12% pullback as a buying opportunity," Northbank analysts said in a research note.\n\n'
        "The Interior Ministry said 40 people died."
    )
    _, claims, entities = run(tmp_path, text)
    modelled = claim(claims, "between $300m and $900m")
    assert modelled["expert"] == modelled["source"] == "Quantar"
    assert claim(claims, "180%")["expert"] == "Quantar"  # "the catastrophe modelling firm" is the one named
    assert claim(claims, "10% to 15%")["expert"] == "Riskline"  # described after its name
    pullback = claim(claims, "12%")
    assert pullback["expert"] == "Northbank analysts" and pullback["source"] == "Northbank"
    official = claim(claims, "40")
    assert official["source"] == "Ministry of Interior" and official["expert"] is None
    roles = {e["name"]: e["role"] for e in entities}
    assert "modeling" in roles["Riskline"] and roles.get("Ministry of Interior") is None


# ------------------------------------------------------------------ the press relays, the origin is the source
def test_the_press_that_reports_an_origin_is_its_relay(tmp_path: Path):
    text = (
        "Flights\n\n"
        "The Daily Courier reported more than 900 flights were cancelled as of 9 a.m., according to Skyline data.\n\n"
        "By noon, 1,800 flights had been canceled, as reported by Reuters, according to the flight tracker Skyline.\n\n"
        "The minister said 40 people died, according to Reuters.\n\n"
        "The toll climbed to 2,122, state TV reported."
    )
    _, claims, _ = run(tmp_path, text)
    morning = claim(claims, "more than 900")
    assert (morning["source"], morning["via"]) == ("Skyline", "Daily Courier")
    noon = claim(claims, "1,800")
    assert (noon["source"], noon["via"]) == ("Skyline", "Reuters")
    died = claim(claims, "40")
    assert (died["source"], died["via"]) == ("minister", "Reuters")
    assert claim(claims, "2,122")["source"] == "state TV"  # "state" is no postposed "states"


def test_money_handed_over_or_things_found_are_no_report(tmp_path: Path):
    text = (
        "Aid\n\n"
        "Ms Verlaine said Eastland has released $5.4 million to help charities.\n\n"
        "Survivors struggled to find food and water on Sunday as the death toll of more than 2,100 rose further, "
        "Reuters reported.\n\n"
        "A 2019 study found 31 incidents."
    )
    _, claims, _ = run(tmp_path, text)
    aid = claim(claims, "$5.4 million")
    assert aid["expert"] == "Verlaine" and aid["source"] != "Eastland"
    assert claim(claims, "more than 2,100")["source"] == "Reuters"
    assert claim(claims, "31")["source"] == "2019 study"


# ------------------------------------------------------------------ the closest attribution that covers a figure
def test_a_passive_agent_gives_its_own_clause_ahead_of_the_main_speaker(tmp_path: Path):
    text = (
        "Detentions\n\n"
        "The Northern Lawyers' Association (NLA) said 460 people were detained, "
        "far more than the 312 reported by the Interior Ministry.\n\n"
        "Two people died in Ash County, according to local officials, "
        "and two more deaths in Elm County were confirmed by Gov. Dana Whitfield."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "460")["source"] == "Northern Lawyers' Association"  # the name, not "Association"
    assert claim(claims, "312")["source"] == "Ministry of Interior"
    assert claim(claims, "Two")["source"] == "local officials"
    assert claim(claims, "two")["expert"] == "Dana Whitfield"


def test_a_quote_after_a_short_time_or_place_is_still_the_speakers(tmp_path: Path):
    text = (
        "Missing\n\n"
        "Governor Alvarez stated during a briefing, “We formed a task force where needed… "
        "as of today, the number of unaccounted for people is 92.”\n\n"
        "Harbor Power meanwhile restored power to over 740,000 customers, it said in its update on Sunday."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "92")["expert"] == "Alvarez"
    assert claim(claims, "over 740,000")["source"] == "Harbor Power"  # "it" is the clause's own subject


def test_a_descriptor_with_and_before_a_name_is_no_part_of_it(tmp_path: Path):
    text = (
        "Estimates\n\n"
        "Modeling and insurance services firm Veridex estimated insurers will pick up "
        "between $540 million and $1.08 billion."
    )
    _, claims, _ = run(tmp_path, text)
    estimate = claim(claims, "between $540 million and $1.08 billion")
    assert estimate["source"] == estimate["expert"] == "Veridex"


def test_data_a_place_shows_runs_on_from_the_relayed_origin_before_it(tmp_path: Path):
    text = (
        "Outages\n\n"
        "A look at the GridWatch map reveals that the region was dark on Friday, leaving millions of customers "
        "without power, reports Reuters. Ohio showed the most customers out as of 10 a.m., "
        "with the map logging more than 1,380,000 outages. Indiana came next, with about 1,067,000 outages."
    )
    _, claims, _ = run(tmp_path, text)
    for surface in ("millions of", "more than 1,380,000", "about 1,067,000"):
        row = claim(claims, surface)
        assert "GridWatch map" in row["source"] and row["via"] == "Reuters", surface


def test_an_estimate_revised_by_its_owner_is_the_owners(tmp_path: Path):
    text = (
        "Outlook\n\n"
        "The IMF said growth would slow. It edged up its forecast for those countries by 0.1 percentage points "
        "to 4.2 percent.\n\n"
        "Riskline raised its estimate of insured losses to $1.5 billion on Tuesday.\n\n"
        "That was enough to hold the IMF's estimate of global growth steady at 3.1 percent this year."
    )
    _, claims, _ = run(tmp_path, text)
    imf = "International Monetary Fund"  # the curated alias group
    assert claim(claims, "4.2 percent")["source"] == claim(claims, "3.1 percent")["source"] == imf
    assert claim(claims, "$1.5 billion")["source"] == "Riskline"


def test_each_place_in_a_gapped_list_reports_its_own_figure(tmp_path: Path):
    text = "Storm toll\n\nIn addition, Texas has reported 41 fatalities, Alabama 33 and Louisiana two."
    _, claims, _ = run(tmp_path, text)
    assert [claim(claims, s)["source"] for s in ("41", "33", "two")] == ["Texas", "Alabama", "Louisiana"]


def test_a_page_cut_above_its_speaker_and_a_credit_line(tmp_path: Path):
    text = (
        "“This cost us half a billion dollars,” he said, including lost revenue and tens of millions of dollars "
        "a day in compensation to customers.\n\n"
        "Credit: Jane Roe/Daily Courier Credit: Jane Roe/Daily Courier\n\n"
        "“We have no choice,” Hartley said.\n\n"
        "As per the Royal office, the program covers the six affected regions."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "half a billion dollars")["expert"] == "Hartley"  # the first man quoted after "he"
    assert claim(claims, "tens of millions of dollars")["expert"] == "Hartley"  # ", including ..." is his
    assert claim(claims, "six")["source"] == "Royal office"


# ------------------------------------------------------------------ French lines
def test_french_lines_get_their_own_cues_and_never_an_english_rule(tmp_path: Path):
    text = (
        "Manifestations\n\n"
        "Le bilan s'élève à 164 morts, a annoncé le ministère de la Santé dimanche.\n\n"
        "Selon le ministère de l'Intérieur, plus de 5 000 personnes ont été arrêtées.\n\n"
        "L'opposition affirme que 300 personnes ont été tuées.\n\n"
        "Quelque 40 blessés sont hospitalisés, selon l'AFP.\n\n"
        "Au moins 12 maisons ont été détruites dans le village."
    )
    quotes, claims, _ = run(tmp_path, text)
    assert claim(claims, "164")["source"] == "ministère de la Santé"  # "dimanche" is no part of it
    assert claim(claims, "plus de 5 000")["source"] == "ministère de l'Intérieur"
    assert claim(claims, "300")["source"] == "opposition"
    assert claim(claims, "Quelque 40")["source"] == "AFP"
    assert claim(claims, "Au moins 12")["source"] is None  # no cue: stays unattributed
    assert {q["reason"] for q in quotes} == {"said-after", "according-to", "said-that"}


def test_a_quote_that_goes_on_right_after_its_cue_is_one_attribution(tmp_path: Path):
    text = (
        "Briefing\n\n"
        "“We are proud of the 40 rescuers,” Shah told reporters. “It seems 12 of them stayed all night.”\n\n"
        "“We lost 40 homes,” the mayor said at a briefing Monday, “and 12 more are damaged.”"
    )
    quotes, claims, _ = run(tmp_path, text)
    joined = [q for q in quotes if q["text"].startswith("“We are proud")]
    assert len(joined) == 1 and joined[0]["text"].endswith("stayed all night.”")
    assert [c["expert"] for c in claims if c["surface"] in ("40", "12")][:2] == ["Shah", "Shah"]
    mayor = [q for q in quotes if q["text"].startswith("“We lost")]
    assert len(mayor) == 1 and mayor[0]["text"].endswith("damaged.”")  # past "at a briefing Monday"


def test_a_revised_figure_is_the_revisers_and_a_specialist_described_once_is_one_everywhere(tmp_path: Path):
    text = (
        "Storm cost\n\n"
        "For the second time, Stormcast has increased its estimate of the total damage.\n"
        "Now, the weather forecasting firm has put a price tag of between $225 billion and $250 billion on losses.\n"
        "Three days later, Stormcast pushed those numbers up further—to $145 billion to $160 billion.\n\n"
        "Officials raised the number of deaths to 40. The number of injured rose to 12."
    )
    _, claims, entities = run(tmp_path, text)
    pushed = claim(claims, "$145 billion to $160 billion")
    assert pushed["source"] == pushed["expert"] == "Stormcast"  # "the weather forecasting firm" is Stormcast
    assert claim(claims, "40")["source"] == "Officials"
    assert claim(claims, "12")["source"] is None  # a count that rose is nobody's revision
    assert {e["name"]: e["role"] for e in entities}["Stormcast"] == "weather forecasting firm"


def test_the_owner_of_the_map_that_shows_the_figures_is_their_source(tmp_path: Path):
    text = 'Flights\n\nBy 5 p.m., those numbers on SkyTrack\'s "Delay Map" had dropped to about 1400 cancellations.'
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "about 1400")["source"] == "SkyTrack"


def test_a_mistagged_postposed_cue_still_speaks_when_no_verb_follows(tmp_path: Path):
    text = (
        "Intervention\n\n"
        "The mission lets the alliance act without appearing directly, remark jean ardoin. "
        '"Sending 2,000 soldiers is a way to stay masked," says the Director General of the Coastal Foundation '
        "for strategic studies (CFSS).\n\n"
        "The toll climbed to 2,122, state TV reported."
    )
    quotes, claims, _ = run(tmp_path, text)
    (masked,) = [q for q in quotes if "masked" in q["text"]]
    assert masked["expert"] == "jean ardoin"  # "the Director General ..." points back to the one just quoted
    assert claim(claims, "2,122")["source"] == "state TV"
