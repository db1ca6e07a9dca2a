"""Attribution on real phrasings: quotes, reported speech, chains, carried sources, entities."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack import pipeline
from claimtrack.entities import Mention, resolve
from claimtrack.orgnames import organisation_name
from claimtrack.quotemarks import pair_paragraphs, pair_quotes


def run(tmp_path: Path, **files: str) -> tuple[list[dict], list[dict], list[dict]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for name, text in files.items():
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    built = pipeline.build_all(corpus)
    quotes, entities = built.attribution.quotes, built.attribution.entities
    return quotes.to_pylist(), built.claims.to_pylist(), entities.to_pylist()


def claim(claims: list[dict], surface: str) -> dict:
    (row,) = [c for c in claims if c["surface"] == surface]
    return row


# ------------------------------------------------------------------ quotation marks
@pytest.mark.parametrize(
    "text, quoted",
    [
        ('He said "we will win," and left.', ['"we will win,"']),
        ("“A,” he said, “B.”", ["“A,”", "“B.”"]),
        ("«Bonjour», dit-il.", ["«Bonjour»"]),
        ("„Ja“, sagte er.", ["„Ja“"]),
        ("''Tell that to the janitor,'' he said.", ["''Tell that to the janitor,''"]),
        ("the ministers’ plan, a ‘big deal’ for Kazakhstan’s army", ["‘big deal’"]),
    ],
)
def test_every_glyph_style_pairs(text: str, quoted: list[str]):
    assert [text[q.start : q.end] for q in pair_quotes(text) if q.closed] == quoted


@pytest.mark.parametrize("glyph", ['"', "“", "”", "«", "»", "„", "‘", "'", "''"])
def test_an_odd_number_of_marks_never_fails_a_document(tmp_path: Path, glyph: str):
    text = (
        f"Officials said {glyph}the toll rose to 40 people on Monday, the ministry said.\n\n"
        f"Police arrested 12 people{glyph} in Almaty, the police said. {glyph}It is over.\n\n"
        "Nine people remain in hospital, the ministry said."
    )
    quotes, claims, _ = run(tmp_path, odd=text)
    assert claim(claims, "Nine")["source"] == "ministry"
    assert all(text[q["doc_start"] : q["doc_end"]] == q["text"] for q in quotes)


def test_a_quote_running_over_paragraphs_is_one_quote():
    text = "“The first paragraph goes on\n\n“and the second one ends here,” she said."
    split = text.index("\n\n")
    paragraphs = [(0, split), (split + 2, len(text))]
    (quote,) = pair_paragraphs(text, paragraphs)
    assert (quote.start, quote.closed) == (0, True) and text[quote.end - 2 : quote.end] == ",”"


# ------------------------------------------------------------------ reported speech and chains
def test_citing_chain_gives_source_and_via(tmp_path: Path):
    text = (
        "Arrests in Kazakhstan\n\n"
        "Overall, 5135 people have been detained, Kazakh media reported on Sunday, citing the Ministry of Interior. "
        "Accordingly, the ministry estimated the damage at around 175 million euros. "
        "More than 100 shops and banks were looted."
    )
    quotes, claims, _ = run(tmp_path, chain=text)
    detained = claim(claims, "5135")
    assert (detained["source"], detained["via"], detained["attribution_reason"]) == (
        "Ministry of Interior",
        "Kazakh media",
        "citing-chain",
    )
    assert claim(claims, "around 175 million euros")["source"] == "Ministry of Interior"  # "the ministry" resolved
    assert claim(claims, "More than 100")["attribution_reason"] == "carried from previous sentence"
    (chain,) = [q for q in quotes if q["reason"] == "citing-chain"]
    assert chain["via"] == "Kazakh media" and chain["kind"] == "indirect"


def test_according_to_and_said_after_and_dateline_agency(tmp_path: Path):
    text = (
        "Floods hit the region\n\n"
        "ALMATY, Jan 9 (Reuters) - At least 40 people died, according to the Emergency Ministry. "
        "About 300 homes were flooded, said Ivan Petrov, a spokesman for the regional government. "
        "The river rose 2 metres overnight."
    )
    quotes, claims, _ = run(tmp_path, wire=text)
    died = claim(claims, "At least 40")
    assert (died["source"], died["via"], died["attribution_reason"]) == (
        "Emergency Ministry",
        "Reuters",
        "according-to",
    )
    homes = claim(claims, "About 300")
    assert homes["expert"] == "Ivan Petrov" and homes["attribution_reason"] in ("said-after", "said-subject")
    river = claim(claims, "2")
    assert river["source"] is None and river["via"] == "Reuters"  # the wire carries it; nobody is named
    (petrov,) = [q for q in quotes if q["expert"] == "Ivan Petrov"]
    assert petrov["role"] == "spokesman for the regional government"


def test_pronouns_resolve_to_the_last_speaker_inside_the_article_only(tmp_path: Path):
    text = (
        "First story about troops\n\n"
        "MOSCOW, Jan 6 (AP) - Defence analyst Maria Ivanova said the deployment was small. "
        '"It is 2,500 soldiers at most," she said.\n\n'
        "with AFP\n\n"
        "Second story about prices\n\n"
        'PARIS, Jan 7 (AFP) - "Prices rose 5 percent," he said.'
    )
    quotes, claims, _ = run(tmp_path, digest=text)
    assert claim(claims, "2,500")["expert"] == "Maria Ivanova"
    prices = claim(claims, "5 percent")
    assert prices["expert"] is None and prices["source"] is None  # no "he" in the second article to resolve to
    (he,) = [q for q in quotes if q["speaker"] == "he"]
    assert he["expert"] is None and he["kind"] == "direct"


def test_a_description_points_back_to_the_person_just_quoted(tmp_path: Path):
    text = (
        "Analysis\n\n"
        'The alliance is the "guarantee of stability in Central Asia", observes Jane Doerr. '
        '"The organization depends on the capacity of the Russian army to project", '
        "continues this specialist researcher from Eurasia."
    )
    quotes, _, entities = run(tmp_path, analysis=text)
    continued = [q for q in quotes if q["speaker"] and q["speaker"].startswith("this specialist")]
    assert continued and continued[0]["expert"] == "Jane Doerr"
    (person,) = [e for e in entities if e["name"] == "Jane Doerr"]
    assert person["kind"] == "person" and person["role"] == "specialist researcher from Eurasia"


def test_a_quote_inside_a_quote_is_not_a_second_speaker(tmp_path: Path):
    text = (
        'Senate hearing\n\n"I think the plan is wrong, and people say it will cost $5 billion," Senator Ann Lee said.'
    )
    quotes, claims, _ = run(tmp_path, nested=text)
    assert [q["expert"] for q in quotes] == ["Ann Lee"]
    assert claim(claims, "$5 billion")["expert"] == "Ann Lee"


def test_scare_quotes_are_not_attributions(tmp_path: Path):
    text = 'Alliance\n\nThe alliance is a kind of "mini-NATO" under Russian influence with 3,600 troops.'
    quotes, claims, _ = run(tmp_path, scare=text)
    assert quotes == [] and claim(claims, "3,600")["source"] is None


# ------------------------------------------------------------------ entities
def test_aliases_across_languages_acronyms_and_spellings_join():
    mentions = [
        Mention(name, kind)
        for name, kind in [
            ("OTSC", "organisation"),
            ("CSTO", "organisation"),
            ("CPSO", "organisation"),
            ("OVKS", "organisation"),
            ("the Organization of the Collective Safety Treaty", "organisation"),
            ("Collective Security Treaty Organization", "organisation"),
            ("Noursoultan Nazarbayev", "person"),
            ("Nazarbajev", "person"),
            ("Ministry of Interior", "organisation"),
            ("Interior Ministry", "organisation"),
            ("Ministry of Defence", "organisation"),
            ("John Smith", "person"),
            ("John Smyth", "person"),
        ]
    ]
    resolution = resolve(mentions)
    csto = resolution.lookup("OVKS")
    assert csto is not None and csto.name == "Collective Security Treaty Organization"
    assert {
        resolution.canonical(n) for n in ("OTSC", "CSTO", "CPSO", "the Organization of the Collective Safety Treaty")
    } == {"Collective Security Treaty Organization"}
    assert resolution.canonical("Nazarbajev") == "Noursoultan Nazarbayev"
    assert resolution.canonical("Interior Ministry") == resolution.canonical("Ministry of Interior")
    assert resolution.canonical("Ministry of Defence") != resolution.canonical("Ministry of Interior")
    assert resolution.canonical("John Smyth") != resolution.canonical("John Smith")


def test_an_acronym_joins_its_expansion_in_any_word_order():
    resolution = resolve([Mention("HKS", "organisation"), Mention("Kennedy School, Harvard", "organisation")])
    assert resolution.canonical("HKS") == "Kennedy School, Harvard"
    assert (
        resolve([Mention("HKS", "organisation"), Mention("Harvard Law School", "organisation")]).canonical("HKS")
        == "HKS"
    )


def test_a_paragraph_ending_in_a_colon_introduces_the_quote_below(tmp_path: Path):
    text = (
        "BERLIN (Reuters) - The debate over the budget went on for hours.\n\n"
        "The Federal Statistics Office reported:\n\n"
        '"Some 1,200 companies filed for insolvency in March, the highest figure in a decade."\n\n'
        "Nobody in the chamber answered."
    )
    quotes, claims, _ = run(tmp_path, budget=text)
    figure = claim(claims, "Some 1,200")
    assert figure["source"] == "Federal Statistics Office"
    assert figure["attribution_reason"] == "colon-lead-in"
    (lead_in,) = [q for q in quotes if q["reason"] == "colon-lead-in"]
    assert lead_in["text"].startswith("Some 1,200 companies") and lead_in["cue"] == "reported"
    # A colon that introduces a list, not a quote, attributes nothing.
    listed = "The ministry said the plan would cost:\n\n- 40 million euros for roads.\n"
    _, listed_claims, _ = run(tmp_path / "list", plan=listed)
    assert claim(listed_claims, "40 million euros")["attribution_reason"] != "colon-lead-in"


def test_a_possessed_claim_noun_names_its_source(tmp_path: Path):
    text = (
        "The senator's claim that 3,000 jobs were lost in the county was disputed on Monday. "
        "The bank's forecast of 2.5 percent growth was lowered."
    )
    quotes, claims, _ = run(tmp_path, noun=text)
    assert claim(claims, "3,000")["attribution_reason"] == "noun-cue"
    assert claim(claims, "3,000")["source"] == "senator"
    assert claim(claims, "2.5 percent")["attribution_reason"] == "noun-cue"
    # A claim noun without an owner ("the claim that ...") names nobody.
    _, alone, _ = run(tmp_path / "alone", bare="The claim that 3,000 jobs were lost was disputed.")
    assert claim(alone, "3,000")["source"] is None


def test_a_study_found_a_figure_as_its_object(tmp_path: Path):
    text = "A 2014 study by the University of Leeds found 31 cases of fraud among a million ballots."
    _, claims, _ = run(tmp_path, study=text)
    row = claim(claims, "31")
    assert "University of Leeds" in row["source"]
    # A passive finding has no one to name.
    _, plain, _ = run(tmp_path / "plain", plain="In the end 12 windows were found broken in the school.")
    assert claim(plain, "12")["source"] is None


def test_no_sequence_of_marks_breaks_pairing():
    """Every string of up to four characters from the marks, a letter, a full stop and a space pairs
    without raising, and every quote lies inside the text."""
    import itertools

    alphabet = ['"', "“", "”", "«", "»", "„", "‘", "’", "'", "`", "a", ".", " "]
    for size in range(1, 5):
        for chars in itertools.product(alphabet, repeat=size):
            text = "".join(chars)
            for quote in pair_quotes(text):
                assert 0 <= quote.start < quote.end <= len(text), text


@pytest.mark.parametrize(
    "text, quoted",
    [
        # a question read out inside a quote: the inner ” does not end the outer quote
        ('"I read the question: “Do you agree?” Forty-three, yes; forty-four, no." Then', 'no."'),
        ('“He said "yes" to it” and left', "it”"),
        # a closer typed with the opening glyph
        ("“The rate is 51 percent.“", "percent.“"),
    ],
)
def test_nested_and_mistyped_quotes_close_where_the_outer_quote_ends(text: str, quoted: str):
    (quote,) = pair_quotes(text)
    assert quote.closed and quote.start == 0 and text[: quote.end].endswith(quoted)


def test_a_question_before_the_cue_sentence_is_still_the_speakers(tmp_path: Path):
    text = (
        "Rally\n\n“Who would have believed we would have received almost 14 million votes?” Donald Trump said, smiling."
    )
    _, claims, _ = run(tmp_path, rally=text)
    assert claim(claims, "almost 14 million")["expert"] == "Donald Trump"


@pytest.mark.parametrize(
    "sentence, expert, role",
    [
        ("Senate Minority Leader Harry Reid said 10 senators would vote no.", "Harry Reid", "Senate Minority Leader"),
        ("Former Secretary of State Hillary Clinton said 10 senators would vote no.", "Hillary Clinton", None),
        ("Rendell, a Clinton surrogate, said 10 senators would vote no.", "Rendell", "Clinton surrogate"),
        (
            "“We won 10 seats,” said Sean Spicer, chief strategist for the Republican National Committee.",
            "Sean Spicer",  # "Sean" is no nationality word, whatever the tagger thinks of "the Sean delegation"
            "chief strategist for the Republican National Committee",
        ),
        ("Prime Minister Armenian Nikol Pachinian said 10 senators would vote no.", "Nikol Pachinian", None),
    ],
)
def test_titles_go_to_the_role_and_the_apposed_head_speaks(tmp_path: Path, sentence: str, expert: str, role):
    quotes, claims, _ = run(tmp_path, vote=f"Senate vote\n\n{sentence}")
    assert claim(claims, "10")["expert"] == expert
    if role:
        assert quotes[0]["role"] == role


def test_according_to_in_mid_sentence_covers_the_coordinated_clause(tmp_path: Path):
    text = (
        "Taxes\n\nThe top 1 percent paid 25.4 percent of all federal taxes in 2013, according to the "
        "Congressional Budget Office, and the top 10 percent paid 69 percent of all taxes."
    )
    _, claims, _ = run(tmp_path, taxes=text)
    assert claim(claims, "69 percent")["source"] == "Congressional Budget Office"
    # Without the coordination the rest of the sentence is not the office's.
    other = text.replace(", and the top 10 percent paid 69 percent of all taxes", ", while critics saw 69 percent")
    _, apart, _ = run(tmp_path / "apart", taxes=other)
    assert claim(apart, "69 percent")["source"] != "Congressional Budget Office"


def test_subjects_own_the_figures_they_rate_cite_or_want(tmp_path: Path):
    text = (
        "Fact checks\n\nPolitiFact rated 32% of Republican claims as false. "
        "Donald Trump cited his own endorsements from 88 generals and admirals Tuesday. "
        "Hillary Clinton wants to sign up 5 million volunteers."
    )
    _, claims, _ = run(tmp_path, rated=text)
    assert claim(claims, "32%")["source"] == "PolitiFact"
    assert claim(claims, "88")["expert"] == "Donald Trump"
    assert claim(claims, "5 million")["expert"] == "Hillary Clinton"


def test_a_named_subject_before_a_colon_speaks_the_quote_below_without_a_cue_verb(tmp_path: Path):
    text = (
        "Jobs\n\nOn July 6, 2015, Bernie Sanders made the following comment:\n\n"
        "“For young people between 17 and 20, if they happen to be white, the unemployment rate is 33 percent.“\n\n"
        "The plan has three parts:\n\n“Fix the roads in 12 months.”"
    )
    quotes, claims, _ = run(tmp_path, lead=text)
    assert claim(claims, "33 percent")["expert"] == "Bernie Sanders"
    assert [q["kind"] for q in quotes if q["expert"] == "Bernie Sanders"] == ["direct"]
    # "The plan" is nobody: the quote under it stays unattributed.
    assert claim(claims, "12")["expert"] is None and claim(claims, "12")["source"] is None


def test_the_president_is_the_earlier_speaker_with_that_title_not_the_last_one(tmp_path: Path):
    text = (
        "Museum\n\nPresident Obama said the museum opened on Saturday. "
        '"We are proud," said Johnnie Wilson, of Springfield.\n\n'
        "It was, the president said, ''a stone worn down by over a thousand bare feet.''"
    )
    _, claims, _ = run(tmp_path, museum=text)
    assert claim(claims, "over a thousand")["expert"] == "Obama"


def test_a_cue_set_off_by_commas_reports_the_whole_sentence_but_not_a_contrast(tmp_path: Path):
    text = (
        "Bank hearing\n\n"
        "Wells Fargo chief executive John Stumpf testified on Tuesday. "
        "These employees, Stumpf explained earlier in the committee hearing, were well paid, "
        "making between $30,000 and $60,000 a year.\n\n"
        "The middle fifth paid 8.9 percent, the agency said in a June report, "
        "and the bottom fifth paid 0.8 percent.\n\n"
        "The toll rose to 40, officials said, but the police counted 12 dead. "
        "The toll rose to 41, according to officials, but the police counted 13 dead."
    )
    quotes, claims, _ = run(tmp_path, hearing=text)
    wages = claim(claims, "between $30,000 and $60,000")
    assert wages["expert"] == "John Stumpf" and wages["attribution_reason"] == "said-set-off"
    assert claim(claims, "0.8 percent")["source"] == claim(claims, "8.9 percent")["source"] == "agency"
    assert claim(claims, "40")["source"] == "officials" and claim(claims, "12")["source"] == "police"
    assert claim(claims, "41")["source"] == "officials" and claim(claims, "13")["source"] == "police"
    (set_off,) = [q for q in quotes if q["reason"] == "said-set-off"]
    assert set_off["text"].startswith("These employees") and set_off["cue"] == "explained"


def test_an_analysis_signed_near_the_start_is_its_authors(tmp_path: Path):
    text = (
        "Kazakhstan: the great game\n\n"
        "Since January, Kazakhstan is shaken by riots. "
        "Analysis of Philip the Corre, researcher in international relations (Harvard Kennedy School).\n\n"
        "Some 100,000 soldiers are posted along the border. "
        '"The operation is over," said Paul Stronski, citing 3 units.'
    )
    quotes, claims, _ = run(tmp_path, analysis=text)
    (authored,) = [q for q in quotes if q["kind"] == "authored"]
    assert authored["expert"] == "Philip the Corre" and authored["role"] == "researcher in international relations"
    assert authored["affiliation"] == "Harvard Kennedy School" and authored["text"].startswith("Some 100,000")
    assert claim(claims, "Some 100,000")["expert"] == "Philip the Corre"
    assert claim(claims, "3")["expert"] == "Paul Stronski"  # the closer attribution wins


def test_an_analysis_signed_after_long_captions_resumes_between_glued_teasers(tmp_path: Path):
    """A digest as machine translation glues it: captions fill the analysis's first half, then other articles'
    teasers (a headline, its repeat, one paragraph) interrupt it, and it resumes in paragraphs that open in lower
    case. The teasers' own figures and a last article whose only paragraph opens in lower case are not signed."""
    caption = "© AFP Riot police stand in a square of the city on Monday, in a photo taken by a press agency. " * 5
    text = (
        "Point of view. The great game\n\n"
        f"{caption}\n\n"
        "Since January, the country is shaken by riots. "
        "Analysis of Jane Roe, researcher in international relations (Example Institute).\n\n"
        "The country has eighteen million inhabitants and a long border.\n\n"
        "Already more than 5000 arrests for protests\n\n"
        " Already more than 5000 arrests for protests more than 5,000 people have been arrested so far, "
        "the ministry said.\n\n"
        "officially, the president kept control of the council, and some 300 advisers stayed in place.\n\n"
        "Strategic sites are under control after the violence\n\n"
        "Strategic sites are under control after the violence. Almaty, January 9 (Reuters) - 12 sites are "
        "under control, said the office of the presidency.\n\n"
        "with the recovery in brutal hand, some 100,000 soldiers are posted along the border.\n\n"
        "See also\n\n"
        "alliance withdraws its last units\n\n"
        "more than two weeks after the protests, the alliance withdrew 40 units, agencies reported.\n"
    )
    quotes, claims, _ = run(tmp_path, digest=text)
    signed = [q for q in quotes if q["kind"] == "authored"]
    assert {q["expert"] for q in signed} == {"Jane Roe"} and len(signed) == 3
    assert [q["reason"] for q in signed] == ["authored", "authored-resumed", "authored-resumed"]
    assert len({q["article_id"] for q in signed}) == 3  # each piece sits in the article the segmenter gave it
    for surface in ("eighteen million", "some 300", "some 100,000"):
        assert claim(claims, surface)["expert"] == "Jane Roe", surface
    for surface in ("more than 5,000", "12", "40"):
        assert claim(claims, surface)["expert"] != "Jane Roe", surface


def test_the_sample_analysis_keeps_its_author_across_the_glued_articles(samples_corpus: Path):
    """The bundled digest interleaves an analysis with two wire teasers: its closing paragraph and its troop
    figure are still the author's, and the teasers' arrest figures are not."""
    built = pipeline.build_all(samples_corpus)
    quotes, claims = built.attribution.quotes.to_pylist(), built.claims.to_pylist()
    (closing,) = [q for q in quotes if "a new stone in the United States Garden at the moment" in q["text"]]
    assert closing["kind"] == "authored" and closing["expert"] == "Philip the Corre"
    assert claim(claims, "some 100,000")["expert"] == "Philip the Corre"
    assert claim(claims, "more than 5,000")["expert"] is None
    assert claim(claims, "5135")["source"] == "Ministry of Interior"


def test_a_plain_byline_or_a_late_analysis_word_signs_nothing(tmp_path: Path):
    text = (
        "Prices climb\n\n"
        "By John Smith\n\n"
        "Prices rose 5 percent in May. Analysis of the data shows 7 regions hit. "
        "Analysis of Jane Roe, an economist.\n\n"
        "Rents rose 9 percent."
    )
    quotes, claims, _ = run(tmp_path, byline=text)
    assert not [q for q in quotes if q["kind"] == "authored"]
    assert claim(claims, "5 percent")["expert"] is None and claim(claims, "9 percent")["expert"] is None


def test_a_surname_the_tagger_calls_an_organisation_is_the_person_named_before(tmp_path: Path):
    text = (
        "Troops leave\n\n"
        "Several agencies reported the withdrawal, citing the Head of Mission, Andrej Serdjukov. "
        '"The peacekeeping operation" is now completed, Serdjukov said. About 2,000 troops left.'
    )
    quotes, _, _ = run(tmp_path, mission=text)
    (completed,) = [q for q in quotes if "completed" in q["text"]]
    assert completed["speaker"] == "Serdjukov" and completed["expert"] == "Andrej Serdjukov"
    assert completed["role"] == "Head of Mission"


def test_a_cue_noun_after_a_light_verb_or_a_possessive_names_its_source(tmp_path: Path):
    text = (
        "Bank hearing\n\n"
        "Wells Fargo chief executive John Stumpf testified. "
        "Stumpf tried on Tuesday to make the case that this was a few bad apples among 5,300 workers.\n\n"
        "Stumpf's repeated emphasis that only 1 percent of the sales force was involved angered senators.\n\n"
        "In any case, 40 branches closed. The point is that 30 reopened."
    )
    _, claims, _ = run(tmp_path, hearing=text)
    assert claim(claims, "5,300")["expert"] == "John Stumpf"
    assert claim(claims, "1 percent")["expert"] == "John Stumpf"
    assert claim(claims, "40")["expert"] is None and claim(claims, "30")["expert"] is None


def test_a_pronoun_takes_the_person_its_own_sentence_names_not_one_inside_the_quote(tmp_path: Path):
    text = (
        "Pills hearing\n\n"
        'David Gorski, a professor of surgery, said the pills were "a fraud." '
        "Democratic Sen. Claire McCaskill (D-Mo.) scolded him: "
        "“The scientific community is against the three products you called ‘miracles,’” she said.\n\n"
        '"Donald Trump is wrong about 5 things," she said.'
    )
    quotes, claims, _ = run(tmp_path, pills=text)
    assert claim(claims, "three")["expert"] == "Claire McCaskill"
    assert claim(claims, "about 5")["expert"] == "Claire McCaskill"  # not Donald Trump, named inside her quote


def test_a_semicolon_before_another_speaker_ends_a_report_but_a_list_does_not(tmp_path: Path):
    text = (
        "Tax plans\n\n"
        "The Tax Policy Center estimates that the plan would raise $1.1 trillion over the next decade; "
        "the Center for Federal Tax Policy at the more conservative Tax Foundation puts the figure at $498 billion.\n\n"
        "The researchers reported that Apple holds $214.9 billion offshore; Nike holds $10.7 billion offshore; "
        "and the report says that 987 firms keep 537 subsidiaries abroad."
    )
    quotes, claims, _ = run(tmp_path, taxes=text)
    assert claim(claims, "$1.1 trillion")["source"] == "Tax Policy Center"
    assert claim(claims, "$498 billion")["source"] == "Center for Federal Tax Policy"  # not "Center"
    assert claim(claims, "$10.7 billion")["source"] == "researchers"
    assert claim(claims, "987")["source"] == "report"  # the nested, closer attribution
    reported = [q for q in quotes if q["cue"] in ("reported", "says")]
    assert len(reported) == 2  # the outer report and the nested one are both attributions


def test_a_name_runs_over_connectors_and_a_participle_speaks_for_the_person_before_it(tmp_path: Path):
    text = (
        "Schools\n\n"
        "More than 100,000 people took part in a walk-in at more than 2,000 schools, "
        "according to the event organizer Alliance to Reclaim Our Schools (AROS).\n\n"
        "The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead, you might ask?”\n\n"
        "Under the plan, taxpayers reporting capital gains held for one to two years would pay more."
    )
    _, claims, _ = run(tmp_path, schools=text)
    assert claim(claims, "More than 100,000")["source"] == "Alliance to Reclaim Our Schools"
    assert claim(claims, "50")["expert"] == "Hillary Clinton"
    assert claim(claims, "one to two")["source"] is None  # "taxpayers reporting capital gains" report nothing


def test_people_the_tagger_calls_organisations_are_people(tmp_path: Path):
    text = (
        "Bank hearing\n\n"
        "Massachusetts Sen. Elizabeth Warren grilled Wells Fargo CEO John Stumpf on Tuesday. "
        "Stumpf said 5,300 employees were fired. Mr. Trump said 12 banks must be broken up.\n\n"
        "Let's say you think a degree will cost $160,000 in 18 years."
    )
    _, claims, entities = run(tmp_path, hearing=text)
    fired = claim(claims, "5,300")
    assert fired["expert"] == "John Stumpf" and fired["source"] is None
    banks = claim(claims, "12")
    assert banks["expert"] == "Trump" and banks["source"] is None  # "Mr." makes him a person, not a source
    assert claim(claims, "$160,000")["source"] is None  # "you" is nobody a reader could check
    assert {e["kind"] for e in entities if e["name"] in ("John Stumpf", "Trump")} == {"person"}


def test_an_acronym_joins_a_name_with_to_and_our():
    resolution = resolve(
        [
            Mention("Alliance to Reclaim Our Schools", "organisation", "a.txt"),
            Mention("AROS", "organisation", "a.txt"),
        ]
    )
    assert resolution.canonical("AROS") == "Alliance to Reclaim Our Schools"


def test_a_named_poll_or_count_is_the_source_of_its_sentence(tmp_path: Path):
    text = (
        "Polls and counts\n\n"
        "In the latest Washington Post/ABC News national poll, conducted in early September, "
        "Clinton led Trump by 5 percentage points.\n\n"
        "In West Virginia alone, 300,000 acres of forest have been damaged by mining, by one estimate.\n\n"
        "By Trump's own admission, his tax returns run to 100 pages. Prices rose 9 percent, by our count.\n\n"
        "The challenge is shown by this finding: ''27 companies reported 16,389 subsidiaries.''\n\n"
        "Hillary Clinton is seizing upon a New York Times report that Trump had a loss of $915 million in 1995. "
        "The bill passed by a margin of 40 votes."
    )
    quotes, claims, _ = run(tmp_path, polls=text)
    poll = claim(claims, "5 percentage points")
    assert poll["source"] == "latest Washington Post/ABC News national poll"
    assert poll["attribution_reason"] == "named-document"
    assert claim(claims, "300,000")["source"] == "one estimate"
    assert claim(claims, "100")["expert"] == "Trump"
    assert claim(claims, "9 percent")["source"] is None  # our own count: the writer's
    assert claim(claims, "$915 million")["source"] == "New York Times"
    assert claim(claims, "40")["source"] is None  # a margin is no source
    assert claim(claims, "16,389")["source"] == "this finding"
    (finding,) = [q for q in quotes if q["reason"] == "by-count" and q["speaker"] == "this finding"]
    assert finding["kind"] == "direct" and finding["text"].startswith("''27")
    (named,) = [q for q in quotes if q["reason"] == "named-document"]
    assert named["cue"] == "In" and named["text"] == "Clinton led Trump by 5 percentage points."


def test_a_spokeswoman_for_someone_is_not_that_someone(tmp_path: Path):
    text = (
        "Campaign news\n\n"
        "A spokeswoman for Hillary Clinton said 40 volunteers came. "
        "The Head of Mission, Andrej Serdjukov, said 42 soldiers left.\n\n"
        "Administration officials said they hoped the move would help a nation of 53 million people. "
        "The campaign says the candidate will announce plans for 30 new offices."
    )
    quotes, claims, entities = run(tmp_path, campaign=text)
    volunteers = claim(claims, "40")
    assert volunteers["expert"] is None and volunteers["source"] == "spokeswoman for Hillary Clinton"
    assert claim(claims, "42")["source"] is None  # "Head of Mission" names no organisation called "Mission"
    assert claim(claims, "53 million")["source"] == "Administration officials"  # not an unresolved "they"
    assert claim(claims, "30")["source"] == "campaign"  # "will announce": nothing said yet
    assert not [q for q in quotes if q["cue"] == "announce"]


def test_a_figure_the_subject_talks_up_or_a_text_reads_is_theirs(tmp_path: Path):
    text = (
        "Debates\n\n"
        "Yet Donald Trump continually brags about his prowess in his 11 primary-season debates.\n\n"
        "“There are still four years to go in the 90’s,” the article read. She read 5 books last year."
    )
    _, claims, _ = run(tmp_path, debates=text)
    assert claim(claims, "11")["expert"] == "Donald Trump"
    assert claim(claims, "four")["source"] == "article"
    assert claim(claims, "5")["source"] is None and claim(claims, "5")["expert"] is None


def test_a_trailing_participle_cue_reports_for_the_sentence_subject(tmp_path: Path):
    text = (
        "Bank hearing\n\n"
        "Stumpf tried on Tuesday to make the case that this was a few bad apples, "
        "explaining the firings amounted to 1 percent of the bank's retail bankers every year.\n\n"
        "The rain fell all day, adding 5 inches to the total."
    )
    quotes, claims, _ = run(tmp_path, hearing=text)
    assert claim(claims, "1 percent")["attribution_reason"] == "said-participle"
    assert claim(claims, "1 percent")["source"] == "Stumpf"
    assert claim(claims, "5")["source"] is None  # rain says nothing


def test_a_clause_is_never_a_speaker(tmp_path: Path):
    text = (
        "Coal\n\n"
        "Acts of protest, Mr. Obama said, are acts of patriotism, whether it was sitting at a lunch counter or "
        "wearing a T-shirt with the words ''I can't breathe,'' as Eric Garner, gasping facedown on a sidewalk in "
        "Staten Island, said before he died.\n\n"
        "Regulators did not consider Mr. Clarke a realistic option, officials said."
    )
    quotes, _, _ = run(tmp_path, coal=text)
    speakers = {q["speaker"] for q in quotes}
    assert "before he died" not in speakers and "officials" in speakers


def test_a_pronoun_skips_a_person_the_article_gives_the_other_gender(tmp_path: Path):
    text = (
        "Clinic\n\n"
        'Ms. Jane Roe, a nurse, said the clinic was full. "We saw 40 patients," said Mr. John Doe. '
        '"And 12 died," she said.\n\n'
        'A spokeswoman, Anna Berg, said 5 offices closed. "Another 7 will open," he said.'
    )
    _, claims, _ = run(tmp_path, clinic=text)
    assert claim(claims, "40")["expert"] == "John Doe"
    assert claim(claims, "12")["expert"] == "Jane Roe"  # not Mr. John Doe, the last one quoted
    assert claim(claims, "7")["expert"] == "John Doe"  # not the spokeswoman


def test_a_name_cue_and_that_report_even_when_the_tagger_misreads_the_verb(tmp_path: Path):
    text = (
        "Foundation\n\n"
        "Donald Trump spoke in Ohio, where Trump met donors. "
        "Trump charges that countries that stand to benefit from the deal donated millions of dollars to the "
        "Clinton Foundation.\n\n"
        "Officials charge that 5 people lied. The bank grew. Then Stumpf said 6 branches closed."
    )
    quotes, claims, _ = run(tmp_path, foundation=text)
    donated = claim(claims, "millions of dollars")
    assert donated["expert"] == "Donald Trump" and donated["attribution_reason"] == "said-that"
    assert claim(claims, "5")["source"] == "Officials"
    assert claim(claims, "6")["expert"] is None  # no "Then Stumpf" is named before


# ------------------------------------------------------------------ the organisation a source phrase names
@pytest.mark.parametrize(
    "speaker, name",
    [
        ("the airline industry flight tracker FlightAware", "FlightAware"),
        ("Modelling firm CyberCube", "CyberCube"),
        ("FlightAware data", "FlightAware"),
        ("MarketWatch's price tracker", "MarketWatch"),
        ("officials in Ohio", "officials in Ohio"),  # a preposition: no description of a name
        ("the U.S. Geological Survey", "the U.S. Geological Survey"),  # "Survey" is the name's own word
        ("official figures", "official figures"),
        ("The study", "The study"),
        ("The latest opinion poll released Friday", "The latest opinion poll released Friday"),
    ],
)
def test_a_source_phrase_keeps_the_organisation_it_names(speaker: str, name: str):
    assert organisation_name(speaker) == name


def test_a_tracker_described_before_its_name_is_one_origin_across_reports(tmp_path: Path):
    _, claims, _ = run(
        tmp_path,
        a="Flights grounded\n\nMore than 1,100 flights were cancelled as of 8 a.m. ET, according to FlightAware data.",
        b=(
            "Delays go on\n\nInitially, 2200 flights had been canceled across the US, as reported by Reuters at about "
            "1:30 p.m. ET., according to the airline industry flight tracker FlightAware. Airports were crowded."
        ),
    )
    assert claim(claims, "More than 1,100")["source"] == claim(claims, "2200")["source"] == "FlightAware"
    assert "1:30 p.m. ET., according to" in claim(claims, "2200")["sentence"]  # ".," ends no sentence


def test_a_quote_that_goes_on_after_its_cue_sentence_is_one_attribution(tmp_path: Path):
    """'"A," said X, who has backed Y, in a statement. "B."': B goes on with X's quote, even when the
    sentence splitter leaves B's opening mark on the sentence before, and even with a position inside the cue
    clause between the two; the whole is one attribution from A to B, as PolNeAR annotates it."""
    text = (
        "Party row\n\n"
        "The committee met on Friday to discuss the vacancy rules for the ticket.\n\n"
        "“Naturally, the other side wants to score points with this, but the record shows that the treasurer "
        "answered every question the auditors asked,” said Rep. Jane Roe, the senior member of the panel, in a "
        "statement. “Nothing will keep them from smearing the candidate before the 12 debates.”\n\n"
        "“Every delegate has to pull together for the ticket now,” said John Doe, who chaired the "
        "committee from 1995 to 1997 and has supported the candidate since 2008. “My hope is that the plan reaches "
        "all 40 delegates by tonight.”"
    )
    quotes, claims, _ = run(tmp_path, row=text)
    roe = [q for q in quotes if q["expert"] == "Jane Roe"]
    assert len(roe) == 1 and roe[0]["text"].startswith("“Naturally") and roe[0]["text"].endswith("12 debates.”")
    doe = [q for q in quotes if q["expert"] == "John Doe" and q["kind"] in ("direct", "mixed")]
    assert len(doe) == 1 and doe[0]["text"].startswith("“Every") and doe[0]["text"].endswith("by tonight.”")
    assert claim(claims, "12")["expert"] == "Jane Roe" and claim(claims, "40")["expert"] == "John Doe"


def test_the_writers_words_between_the_pieces_of_a_split_quote_are_not_the_speakers(tmp_path: Path):
    """One attribution from A to B, but a figure in the cue clause between them ('Jane Roe, 25, said as hundreds
    marched') is the writer's: the quote row records that gap, and sourcing skips it."""
    text = (
        "March\n\n"
        "Protesters gathered downtown on Sunday.\n\n"
        '"They keep telling us to stay home," Jane Roe, 25, said as she and hundreds of other marchers '
        'crossed the square. "We will keep coming back, not after 40 days of this."\n\n'
        '"We counted 12 buses," said John Smith, "and 30 more are coming."'
    )
    quotes, claims, _ = run(tmp_path, march=text)
    (roe,) = [q for q in quotes if q["expert"] == "Jane Roe"]
    assert roe["text"].startswith('"They keep') and roe["text"].endswith('of this."')
    gap = text[roe["gap_start"] : roe["gap_end"]]
    assert gap.startswith(" Jane Roe, 25, said") and gap.endswith("the square. ")
    assert claim(claims, "40")["expert"] == "Jane Roe"
    assert claim(claims, "25")["expert"] is None and claim(claims, "hundreds of")["expert"] is None
    (smith,) = [q for q in quotes if q["expert"] == "John Smith"]
    assert text[smith["gap_start"] : smith["gap_end"]] == " said John Smith, "
    assert claim(claims, "12")["expert"] == claim(claims, "30")["expert"] == "John Smith"


def test_an_appeal_reports_whom_and_what_and_a_call_keeps_its_verb(tmp_path: Path):
    text = (
        "Budget\n\n"
        "Senator Jane Roe urged Congress to keep the 12 clinics open. "
        "Mayor John Doe called the public to support the 3 shelters. "
        "The city council voted against the $5 million stadium plan on Tuesday.\n"
    )
    quotes, claims, _ = run(tmp_path, budget=text)
    urged = [q for q in quotes if q["expert"] == "Jane Roe"]
    assert [q["text"] for q in urged] == ["Congress to keep the 12 clinics open"]
    called = [q for q in quotes if q["expert"] == "John Doe"]
    assert [q["text"] for q in called] == ["called the public to support the 3 shelters"]
    (vote,) = [q for q in quotes if q["cue"] == "voted"]
    assert vote["text"] == "the $5 million stadium plan" and vote["reason"] == "stance-object"
    assert claim(claims, "$5 million")["source"] == "city council"


def test_a_cue_the_tagger_reads_as_a_participle_on_the_name_before_it_still_speaks(tmp_path: Path):
    """'"...," Jane Roe of Dayton, Ohio, posted on X.': the tagger hangs 'posted' on the name as in
    'figures posted by the county'; right after a closing quote, with no agent, the name is the speaker."""
    text = (
        "Flood\n\n"
        "The river rose overnight and cut off two villages.\n"
        "“It has been almost 30 hours since anyone could reach my brother,” Jane Roe of Dayton, Ohio, posted "
        "on X. Roads remain closed.\n\n"
        "The county posted figures showing 12 homes lost, figures posted by the county on Monday."
    )
    quotes, claims, _ = run(tmp_path, flood=text)
    assert claim(claims, "almost 30")["expert"] == "Jane Roe"
    (roe,) = [q for q in quotes if q["expert"] == "Jane Roe"]
    assert roe["speaker"] == "Jane Roe of Dayton, Ohio" and roe["cue"] == "posted"


def test_a_paragraph_opening_with_a_quote_after_a_named_persons_report_is_theirs(tmp_path: Path):
    text = (
        "Quake\n\n"
        "Further inland, farmer John Doe said he had run out of his barn when the shaking began.\n\n"
        '"Everything moved for about 20 seconds. The cows were screaming and the roof came down."\n\n'
        "Officials said 40 buildings collapsed."
    )
    quotes, claims, _ = run(tmp_path, quake=text)
    assert claim(claims, "about 20")["expert"] == "John Doe"
    assert claim(claims, "40")["source"] == "Officials"


def test_a_record_of_a_described_owner_is_the_owners_named_before(tmp_path: Path):
    """'according to the company's catastrophe model' / 'the ministry's latest report': the owner issued it,
    and 'the company' is the firm named before, as any 'the company' that speaks."""
    text = (
        "Outage losses\n\n"
        "Risk modelling firm Quantar said insured losses from the outage could reach $1.5 billion. "
        "A loss of this size comes once in 6 years, according to the company’s loss model and "
        "claims database.\n\n"
        "The Interior Ministry said 10 people died on Friday. The toll rose to 12, according to the ministry's "
        "latest report."
    )
    quotes, claims, _ = run(tmp_path, losses=text)
    assert claim(claims, "6")["source"] == "Quantar"
    assert claim(claims, "12")["source"] in ("Interior Ministry", "Ministry of Interior")  # one entity
    (model,) = [q for q in quotes if q["speaker"] and "loss model" in q["speaker"]]
    assert model["expert"] == "Quantar" and model["speaker_kind"] == "organisation"


def test_a_report_that_runs_to_the_sentence_end_stops_at_the_speakers_next_act(tmp_path: Path):
    """'X said A and called it B' / 'X said A, though she noted B': A is the report, B another act of the speaker
    (its own attribution); 'but would eventually add $84 billion' is still the report, a prediction."""
    text = (
        "City hall\n\n"
        "Mayor Jane Roe said the bridge would reopen within 3 weeks and called it a priority for the city.\n\n"
        "Senator John Doe said the plan would cost $5 billion, though he noted that the figure could change.\n\n"
        "The Budget Research Institute says the levy would cut receipts at first, "
        "but would eventually add $84 billion over 10 years.\n\n"
        "But Doe said the fight would be much harder — and he noted that any vote would come 2 weeks later."
    )
    quotes, claims, _ = run(tmp_path, hall=text)
    texts = {q["text"] for q in quotes}
    assert "the bridge would reopen within 3 weeks" in texts
    assert "the plan would cost $5 billion" in texts
    assert "that the figure could change." in texts
    assert any(t.startswith("the levy would cut") and t.endswith("over 10 years.") for t in texts)
    assert any(t.startswith("the fight would be much harder") and "noted" not in t for t in texts)
    assert claim(claims, "3")["expert"] == "Jane Roe"
    assert claim(claims, "$84 billion")["source"] == "Budget Research Institute"
    assert claim(claims, "2")["expert"] == "John Doe"


def test_a_relative_pronoun_speaks_for_its_named_antecedent_and_its_clause_ends_the_report(tmp_path: Path):
    """'The health ministry, which said 40 people died, ...' / 'Jane Roe, who has argued that 12 states ...': the
    speaker as written stays the pronoun, its name is the antecedent's; 'a critic who ...' names nobody."""
    text = (
        "Storm\n\n"
        "The health ministry, which said 40 people died on Friday, gave no new toll on Saturday. "
        "Senator Jane Roe, who has argued that 12 states are in play, spoke on Monday. "
        "A critic who said 7 bridges were unsafe was not named.\n"
    )
    quotes, claims, _ = run(tmp_path, storm=text)
    ministry = claim(claims, "40")
    assert ministry["source"] == "health ministry" and ministry["said_by"] == "health ministry"
    assert claim(claims, "12")["expert"] == "Jane Roe"
    assert claim(claims, "7")["expert"] is None
    (which,) = [q for q in quotes if q["speaker"] == "which"]
    assert which["text"] == "40 people died on Friday"


def test_a_quotes_opening_mark_starts_the_next_sentence():
    from claimtrack.nlp import sentence_spans

    text = "“We answered every question,” said Jane Roe at a briefing. “Nothing more is owed.” Then she left."
    sentences = [text[s:e].strip() for s, e in sentence_spans(text)]
    assert sentences[0].endswith("at a briefing.") and sentences[1].startswith("“Nothing more")


def test_the_cue_verbs_own_words_between_two_pieces_and_a_misread_first_word_of_the_speaker(tmp_path: Path):
    """'"A," she told the host, "B."' is one attribution; in '"A," Dayton fire Chief Maria Lopez said' the
    tagger may read 'Dayton' as a verb, but a capitalised word right after the closing mark is the speaker's."""
    text = (
        "Shooting\n\n"
        "“You have my word on this: we will find whoever set these fires,” Dayton fire Chief Maria "
        "Lopez said Tuesday. “I want to tell our city of 400,000 people: we will find them.”\n\n"
        "“Now that the campaign is finally over,” she told the host, “it was exhausting to "
        "work for 8 years for him.”"
    )
    quotes, claims, _ = run(tmp_path, shooting=text)
    (chief,) = [q for q in quotes if q["cue"] == "said"]
    assert chief["speaker"] == "Dayton fire Chief Maria Lopez" and chief["expert"] == "Maria Lopez"
    assert chief["text"].startswith("“You have") and chief["text"].endswith("find them.”")
    (host,) = [q for q in quotes if q["cue"] == "told"]
    assert host["text"].startswith("“Now that") and host["text"].endswith("for him.”") and host["kind"] == "direct"
    assert text[host["gap_start"] : host["gap_end"]] == " she told the host, "
    assert claim(claims, "400,000")["expert"] == "Maria Lopez"


def test_a_long_postposed_speaker_after_a_quote_whose_will_the_tagger_gives_the_cue():
    """'"..., it will at some point," said Jane Roe, an engineer who is co-director of ...': the description after
    the name may be long; and when the tagger hangs the quote's 'it' and 'will' on 'said' (as it does on some real
    sentences; the parse is built here as the tagger gave it), the cue still reports, and the speaker is the
    words after it, not the quote's 'it'."""
    from spacy.tokens import Doc

    from claimtrack import attribution
    from claimtrack.attribution_core import Sentence
    from claimtrack.nlp import parser

    # the tagger's parse, one token each: word, head, dependency, tag, part of speech, space after (_) or not (-)
    parse = """
        " 8 punct `` PUNCT - | Soon 5 advmod RB ADV - | , 5 punct , PUNCT _ | it 8 nsubj PRP PRON _
        will 8 aux MD AUX _ | run 8 ccomp VB VERB - | , 8 punct , PUNCT - | " 8 punct '' PUNCT _
        said 8 ROOT VBD VERB _ | Jane 10 compound NNP PROPN _ | Roe 8 nsubj NNP PROPN -
        , 10 punct , PUNCT _ | an 13 det DT DET _ | engineer 10 appos NN NOUN _ | who 15 nsubj WP PRON _
        is 13 relcl VBZ AUX _ | co 18 compound NN NOUN - | - 18 punct HYPH PUNCT -
        director 15 attr NN NOUN _ | of 18 prep IN ADP _ | the 23 det DT DET _
        Reactor 23 compound NNP PROPN _ | Safety 23 compound NNP PROPN _ | Program 19 pobj NNP PROPN _
        at 18 prep IN ADP _ | the 27 det DT DET _ | Example 27 compound NNP PROPN _
        Institute 24 pobj NNP PROPN _ | for 27 prep IN ADP _ | Energy 30 compound NNP PROPN _
        Studies 28 pobj NNPS PROPN - | . 8 punct . PUNCT -
    """
    tokens = [row.split() for line in parse.split("\n") for row in line.split(" | ") if row.strip()]
    words = [t[0] for t in tokens]
    lemmas = ["say" if w == "said" else w.lower() for w in words]
    doc = Doc(
        parser().vocab,
        words=words,
        spaces=[t[5] == "_" for t in tokens],
        heads=[int(t[1]) for t in tokens],
        deps=[t[2] for t in tokens],
        tags=[t[3] for t in tokens],
        pos=[t[4] for t in tokens],
        lemmas=lemmas,
    )
    text = doc.text
    found = attribution.find_in_sentence(Sentence(0, len(text), text, 0, doc), [], text)
    (said,) = [a for a in found if a.cue and text[a.cue[0] : a.cue[1]] == "said"]
    assert said.speaker.name == "Jane Roe" and "Soon, it will run" in text[said.start : said.end]
    assert said.speaker.text.endswith("Institute for Energy Studies")  # 21 words: the description is long
