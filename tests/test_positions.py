"""Positions a speaker holds without a verb of saying ("X called for ...", "Y's plan would cap ..."), and the
edges of what was said: invented sentences of the kinds political and business reporting uses."""

from __future__ import annotations

from pathlib import Path

from claimtrack.cues import has_reporting_word
from tests.stories import claim, run


def quote_with(quotes: list[dict], cue: str) -> dict:
    (row,) = [q for q in quotes if q["cue"] == cue]
    return row


# ------------------------------------------------------------------ stance verbs: the object is the position
def test_the_object_of_a_stance_verb_is_what_its_subject_holds(tmp_path: Path):
    text = (
        "Budget\n\n"
        "Governor Ada Lindqvist called for a 12 percent cut in property taxes on Monday.\n\n"
        "She is proposing projects like building 300 new schools and giving cities $4 billion for buses.\n\n"
        "Senator Tomas Ek criticized the plan as a giveaway to developers."
    )
    quotes, claims, _ = run(tmp_path, text)
    assert claim(claims, "12 percent")["expert"] == "Ada Lindqvist"
    assert claim(claims, "300")["expert"] == claim(claims, "$4 billion")["expert"] == "Ada Lindqvist"
    criticized = quote_with(quotes, "criticized")
    assert criticized["text"] == "the plan as a giveaway to developers" and criticized["expert"] == "Tomas Ek"


def test_a_particle_names_the_position_and_a_charge_runs_to_its_complement(tmp_path: Path):
    text = (
        "Court\n\n"
        "Federal prosecutors in April charged two developers, Ann Roe and Bo Lund, with defrauding investors "
        "from at least 74 countries."
    )
    quotes, claims, _ = run(tmp_path, text)
    charged = quote_with(quotes, "charged")
    assert charged["text"].startswith("two developers") and charged["text"].endswith("74 countries")
    assert claim(claims, "at least 74")["source"] == claim(claims, "two")["source"] == "Federal prosecutors"


def test_the_writers_aside_about_the_object_is_not_the_position(tmp_path: Path):
    text = "Health\n\nSenator Ann Markham has questioned the health of Governor Tom Lee, who is 70."
    quotes, claims, _ = run(tmp_path, text)
    questioned = quote_with(quotes, "questioned")
    assert questioned["text"] == "the health of Governor Tom Lee" and questioned["expert"] == "Ann Markham"
    assert claim(claims, "70")["source"] is None and claim(claims, "70")["expert"] is None


def test_a_group_named_after_a_person_is_not_that_person(tmp_path: Path):
    text = "Poll\n\nMarkham aides said 60 percent of voters backed the plan."
    quotes, claims, _ = run(tmp_path, text)
    assert quote_with(quotes, "said")["expert"] != "Markham"
    assert claim(claims, "60 percent")["expert"] != "Markham"


def test_a_lone_pronoun_object_holds_no_position_and_a_thing_does_not_hold_one(tmp_path: Path):
    text = (
        "Race\n\n"
        "The mayor attacked him on Friday.\n\n"
        "The program allows investors to gain residency by investing $500,000."
    )
    quotes, claims, _ = run(tmp_path, text)
    assert not [q for q in quotes if q["cue"] in ("attacked", "allows")]
    assert claim(claims, "$500,000")["source"] is None


def test_a_position_inside_another_of_the_same_speaker_is_one_attribution(tmp_path: Path):
    text = "Inquiry\n\nThe bureau decided not to recommend charges against the two aides."
    quotes, _, _ = run(tmp_path, text)
    assert [q["cue"] for q in quotes] == ["decided"]


def test_a_stance_verb_is_not_a_word_of_reporting():
    assert not has_reporting_word("Crews plan to reopen 12 of them and support the detours.")
    assert has_reporting_word("Crews said 12 of them would reopen.")


# ------------------------------------------------------------------ someone's plan
def test_what_someones_plan_does_is_their_position(tmp_path: Path):
    text = (
        "Taxes\n\n"
        "Mrs. Ingrid Dahl's plan would cap deductions at 28 percent and raise the estate tax.\n\n"
        "Under Mrs. Dahl's plan, savers holding shares for one to two years would pay their income tax rate.\n\n"
        "The experts praised Mrs. Dahl's proposals for small firms, which would let them deduct up to $1 million."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "28 percent")["expert"] == "Ingrid Dahl"
    assert claim(claims, "one to two")["expert"] == "Ingrid Dahl"
    assert claim(claims, "up to $1 million")["expert"] is None  # the writer's aside about what the experts praised


# ------------------------------------------------------------------ edges of what was said
def test_the_addressee_of_tell_is_not_what_was_said(tmp_path: Path):
    text = "Debate\n\nThe candidate told a rally in Ohio that 3,000 jobs would come back."
    quotes, _, _ = run(tmp_path, text)
    assert quote_with(quotes, "told")["text"] == "that 3,000 jobs would come back."


def test_a_link_word_opening_the_sentence_is_the_writers(tmp_path: Path):
    text = "Vote\n\nBut the count, officials said, was fair and complete."
    quotes, _, _ = run(tmp_path, text)
    assert quote_with(quotes, "said")["text"].startswith("the count")


# ------------------------------------------------------------------ who a speaker phrase names
def test_a_dateline_before_the_speaker_is_not_part_of_the_speaker(tmp_path: Path):
    text = (
        "Health care\n\n"
        "DAYTON, Ohio, Oct. 4 (UPI) — Former Governor Lars Berg criticized the insurance law as a broken system "
        "during a campaign stop for his wife Greta Berg."
    )
    quotes, _, entities = run(tmp_path, text)
    criticized = quote_with(quotes, "criticized")
    assert criticized["speaker"] == "Former Governor Lars Berg" and criticized["affiliation"] is None
    (greta,) = [e for e in entities if e["name"] == "Greta Berg"]
    assert greta["role"] == "his wife" and greta["affiliation"] is None


def test_a_person_named_inside_a_relative_clause_is_not_the_speaker(tmp_path: Path):
    text = (
        "Taxes\n\n"
        "A speech Mrs. Karin Holm delivered at Lakeside University in July said that 4 percent growth was possible."
    )
    quotes, _, entities = run(tmp_path, text)
    said = quote_with(quotes, "said")
    assert said["expert"] != "Karin Holm"
    assert all(e["affiliation"] != "Lakeside University" for e in entities if e["name"].endswith("Holm"))


# ------------------------------------------------------------------ confirmations, relays, headings
def test_a_later_confirmation_of_the_fatalities_is_the_source_of_the_earlier_figures(tmp_path: Path):
    text = (
        "Storm toll\n\n"
        "Governor Roy Lund announced on Tuesday that 92 people are still unaccounted for. The death toll from the "
        "storm has reached 95, with fatalities reported across 21 counties. Most of these deaths occurred in "
        "Blount, with 42 reported fatalities.\n"
        "The state Department of Health confirmed the fatalities, which were reported by the Office of the Chief "
        "Medical Examiner. The governor has signed a $273 million relief package."
    )
    quotes, claims, _ = run(tmp_path, text)
    for surface in ("95", "21", "42"):
        assert claim(claims, surface)["source"] == "Department of Health", surface
        assert claim(claims, surface)["attribution_reason"] == "confirmed afterwards"
    assert claim(claims, "92")["expert"] == "Roy Lund"  # it has its own speaker
    assert claim(claims, "$273 million")["source"] is None  # not a fatality, and after the confirmation
    assert not [q for q in quotes if q["cue"] == "reported by"]  # "the fatalities" hold no figure of their own


def test_a_passive_relative_clause_gives_its_agent_the_figure_it_describes(tmp_path: Path):
    text = "Toll\n\nOfficials cited 312 deaths, which were reported by the Office of the Chief Medical Examiner."
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "312")["source"] == "Office of the Chief Medical Examiner"


def test_machine_translated_with_reference_to_names_the_origin_and_the_relay(tmp_path: Path):
    text = (
        "Quake\n\n"
        "Death toll after earthquake in the region rises to 2012 informs Dalpress publication with reference to "
        "data from the Ministry of Internal Affairs."
    )
    _, claims, _ = run(tmp_path, text)
    row = claim(claims, "2012")
    assert row["source"] == "Ministry of Interior" and row["via"] == "Dalpress"  # the canonical name of the alias


def test_a_heading_line_does_not_run_into_the_sentence_after_it(tmp_path: Path):
    text = (
        "Quake\n\n"
        "The bulldozer is now only searching for belongings.\n"
        "How to help the victims of the mountain earthquake\n"
        "The United Nations estimates 300,000 people in the region were affected.\n"
        "The OTSC President, Prime Minister Nikol Arakelyan, said\n"
        "Facebook that the alliance would send 2,500 troops."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "300,000")["source"] == "United Nations"
    assert claim(claims, "2,500")["expert"] == "Nikol Arakelyan"  # a line that stops on its cue runs on


def test_a_country_owning_a_ministry_is_not_the_owner_of_the_count(tmp_path: Path):
    text = "Quake\n\nAccording to data from the Kingdom's Ministry of Health, 2,681 people were injured."
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "2,681")["source"] != "Kingdom"


# ------------------------------------------------------------------ records, participles and passives
def test_a_participle_cue_on_an_issued_record_speaks_for_its_issuer(tmp_path: Path):
    text = (
        "Quake\n\n"
        "The ministry issued a statement saying 40 people had died.\n\n"
        'The Security Council issued a statement calling the test "a clear violation" of five previous resolutions.'
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "40")["source"] == "ministry"
    assert claim(claims, "five")["source"] == "Security Council"


def test_a_passive_participle_gives_its_agent_the_noun_it_modifies_or_its_subject(tmp_path: Path):
    text = (
        "Banks\n\n"
        "Earlier this month, the bank was fined $185 million, including a record $100 million penalty imposed by "
        "the Consumer Protection Bureau, for scamming its customers.\n\n"
        "Of the 10 judges who will hear the case, six were appointed by Democratic presidents."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "$100 million")["source"] == "Consumer Protection Bureau"
    assert claim(claims, "$185 million")["source"] is None  # the fine, not the penalty inside it
    assert claim(claims, "six")["source"] == "Democratic presidents"
    assert claim(claims, "10")["source"] is None


def test_a_record_can_hold_a_position_and_a_forecast_tagged_as_a_verb_is_still_a_forecast(tmp_path: Path):
    text = (
        "Poll\n\n"
        "When the poll asked about all four candidates, the governor led.\n\n"
        "The fund kept its outlook. But on Tuesday, it increased its British growth forecast by 0.1 percentage "
        "points to 1.8 percent."
    )
    _, claims, _ = run(tmp_path, text)
    assert claim(claims, "four")["source"] == "poll"
    assert claim(claims, "1.8 percent")["attribution_reason"] == "noun-cue"


def test_a_position_keeps_its_complements_but_not_the_time_and_place_it_was_taken(tmp_path: Path):
    text = "Forum\n\nSenator Ann Markham offered some pointed advice to the governor during a forum on Monday."
    quotes, _, _ = run(tmp_path, text)
    assert quote_with(quotes, "offered")["text"] == "some pointed advice to the governor"
