import pytest


def _by_sentence(res):
    bs = res.by_sentence()
    return {i: {m.actor for m in bs.get(i, [])} for i in range(len(res.sentences))}, bs


@pytest.fixture(scope="module")
def seed_res(resolver, seed_text):
    return resolver.resolve_text(seed_text)


def _speakers(res):
    """Sentence index -> the actors found as its quote or turn speaker."""
    return {i: {m.actor for m in ms if m.via == "speaker"} for i, ms in res.by_sentence().items()}


def _sentence_with(res, needle):
    for i, s in enumerate(res.sentences):
        if needle in s.text:
            return i
    raise AssertionError(needle)


def test_quotes_land_on_their_speakers(seed_res):
    actors, bs = _by_sentence(seed_res)
    kirby = _sentence_with(seed_res, "There is no change to our view")
    assert any(m.actor == "John Kirby" and m.via == "speaker" for m in bs[kirby])
    putin = _sentence_with(seed_res, "are at war with Russia")
    assert any(m.actor == "Vladimir Putin" and m.via == "speaker" for m in bs[putin])
    # the first sentence of Starmer's two-sentence quote names nobody but is his
    starmer = _sentence_with(seed_res, "Ukraine has a right to self defense")
    assert any(m.actor == "Keir Starmer" and m.via == "speaker" for m in bs[starmer])


def test_anonymous_sources_land_on_their_group(seed_res):
    actors, bs = _by_sentence(seed_res)
    assert "British officials" in actors[_sentence_with(seed_res, "A British official speaking")]
    assert "U.S. officials" in actors[_sentence_with(seed_res, "a US official said")]
    assert "U.S. officials" in actors[_sentence_with(seed_res, "the official said of long-range")]
    assert "U.S. officials" in actors[_sentence_with(seed_res, "Biden's top aides")]
    both = actors[_sentence_with(seed_res, "Both U.K. and U.S. officials")]
    assert {"British officials", "U.S. officials"} <= both


def test_byline_names_are_not_actors(seed_res):
    actors, _ = _by_sentence(seed_res)
    assert actors[_sentence_with(seed_res, "contributed to this report")] == set()
    everyone = set().union(*actors.values())
    assert not any("Stoddart" in a or "Gomez" in a for a in everyone)


def test_pronoun_after_quote_resolves_to_previous_speaker(seed_res):
    _, bs = _by_sentence(seed_res)
    i = _sentence_with(seed_res, "If partners support it")
    assert {m.actor for m in bs[i]} >= {"Volodymyr Zelenskyy"}


def test_spelling_variants_map_to_one_actor(resolver):
    res = resolver.resolve_text("Zelensky spoke first. Later Zelenskiy and Volodymyr Zelenskyy spoke again.")
    assert {m.actor for m in res.mentions} == {"Volodymyr Zelenskyy"}


def test_title_resolves_to_introduced_actor(resolver):
    res = resolver.resolve_text("German Chancellor Olaf Scholz met reporters. The chancellor ruled out sending Taurus.")
    _, bs = _by_sentence(res)
    assert any(m.actor == "Olaf Scholz" and m.via == "title" for m in bs[1])


def test_bare_title_resolves_to_the_office_holder_on_the_article_date(resolver):
    text = "Germany's position has not changed. The chancellor ruled out sending Taurus again."
    holders = {d: {m.actor for m in resolver.resolve_text(text, date=d).mentions if m.via == "title"}
               for d in ("2024-03-01", "2025-09-01")}
    assert holders == {"2024-03-01": {"Olaf Scholz"}, "2025-09-01": {"Friedrich Merz"}}
    # without a date (or with one that is not ISO) the title stays unresolved rather than guessed
    assert not any(m.via == "title" for m in resolver.resolve_text(text).mentions)
    assert not any(m.via == "title" for m in resolver.resolve_text(text, date="March 2024").mentions)


def test_office_holder_needs_the_text_to_be_about_the_office_s_country(resolver):
    # a Ukrainian story: "the president" is not the U.S. president of the day
    text = "Ukraine's foreign ministry spoke first. The president then asked allies for the missiles."
    res = resolver.resolve_text(text, date="2024-03-01")
    assert "Joe Biden" not in {m.actor for m in res.mentions}
    briefing = "MR MILLER: I'm not going to get ahead of the President, who has said he is looking at it."
    res = resolver.resolve_text(briefing, date="2024-09-16")
    assert "Joe Biden" in {m.actor for m in res.mentions if m.via == "title"}


def test_headline_title_without_article_is_its_subject_only(resolver):
    res = resolver.resolve_text("Polish foreign minister says Europeans would pay for the missiles.")
    assert [(m.actor, m.via) for m in res.mentions] == [("Radosław Sikorski", "title")]
    res = resolver.resolve_text("NATO chief says allies are in close contact.", date="2025-10-10")
    assert "Mark Rutte" in {m.actor for m in res.mentions}
    # not a headline's subject: no title mention without "the"
    res = resolver.resolve_text("Reporters asked whether a Polish foreign minister would ever say so.")
    assert "Radosław Sikorski" not in {m.actor for m in res.mentions}


def test_a_countrys_possessive_title_resolves_to_that_countrys_holder(resolver):
    res = resolver.resolve_text("France's foreign minister said Ukraine could use SCALP missiles in Russia.")
    assert "Jean-Noël Barrot" in {m.actor for m in res.mentions if m.via == "title"}
    # two Ukrainian foreign ministers in the registry: the article's date decides, no date no guess
    text = "Ukraine's foreign minister said the limits cost lives."
    assert "Dmytro Kuleba" in {m.actor for m in resolver.resolve_text(text, date="2024-06-23").mentions}
    assert "Andrii Sybiha" in {m.actor for m in resolver.resolve_text(text, date="2024-11-23").mentions}
    assert not any(m.via == "title" for m in resolver.resolve_text(text).mentions)


def test_registry_offices():
    from stancelib.data import Registry
    reg = Registry.load()
    assert reg.in_office("Keir Starmer", "the prime minister", "2024-11-20")
    assert not reg.in_office("Keir Starmer", "prime minister", "2024-07-04")  # Sunak's last day
    assert reg.in_office("Rishi Sunak", "prime minister", "2024-07-04")
    assert not reg.in_office("Joe Biden", "the president", "2025-01-20")   # the term's end is exclusive
    assert reg.in_office("Donald Trump", "the president", "2025-01-20")


def test_pronoun_without_antecedent_stays_unresolved(resolver):
    res = resolver.resolve_text("He said the missiles would not change anything.")
    assert res.mentions == []


def test_places_are_not_actors_but_acting_countries_are(resolver):
    res = resolver.resolve_text("Britain argued that targets inside Russia were fair game.")
    assert {m.actor for m in res.mentions} == {"United Kingdom"}


def test_unknown_person_gets_fullest_name(resolver):
    res = resolver.resolve_text("Analyst Olena Kovalchuk said the strikes mattered. Kovalchuk added more.")
    assert {m.actor for m in res.mentions if m.via == "ner"} == {"Olena Kovalchuk"}


def test_source_placed_by_preposition_joins_its_group(resolver):
    res = resolver.resolve_text("A senior adviser in President Volodymyr Zelenskyy's office said the limits cost lives.")
    assert "Ukrainian officials" in {m.actor for m in res.mentions}


def test_title_held_by_one_actor_resolves_without_introduction(resolver):
    res = resolver.resolve_text("The Kremlin spokesman called the decision reckless.")
    assert {m.actor for m in res.mentions} == {"Dmitry Peskov"}


def test_unnamed_source_takes_the_article_s_group(resolver):
    text = ("Biden's aides remain skeptical. Two senior defense officials said the targets had moved. "
            "They said the stock was small.")
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert "U.S. officials" in {m.actor for m in by[1]} and "U.S. officials" in {m.actor for m in by[2]}


# --------------------------------------------------------------------------- pronouns, transcripts, groups
def test_pronoun_prefers_main_clause_subject_of_previous_sentence(resolver):
    text = ("Foreign Minister Antonio Tajani wrote that Olaf Scholz had answered in words Vladimir Putin understands. "
            "He added that the limits should stay.")
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert {m.actor for m in by[1] if m.via == "pronoun"} == {"Antonio Tajani"}


def test_pronoun_skips_names_inside_quotes_and_keeps_text_order(resolver):
    text = ('Defence Minister Guido Crosetto spoke first, and he said little. '
            'Foreign Minister Antonio Tajani was blunter. "Joe Biden decides for his own weapons," he said.')
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert {m.actor for m in by[2] if m.via in ("pronoun", "speaker")} == {"Antonio Tajani"}


def test_transcript_turn_runs_on_through_unlabelled_paragraphs(resolver):
    text = ("Press remarks by the High Representative\n"
            "Question: Should the limits go?\n"
            "High Representative Josep Borrell: They should.\n"
            "I have said so many times, and the ministers know it.\n"
            "Question: And the member states?\n"
            "The member states decide for themselves.")
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    k = _sentence_with(res, "I have said so many times")
    assert "Josep Borrell" in {m.actor for m in by[k]}
    # a question ends the turn: the paragraph after it is not Borrell's
    last = _sentence_with(res, "decide for themselves")
    assert "Josep Borrell" not in {m.actor for m in by.get(last, [])}


def test_interview_answers_belong_to_the_interviewee(resolver):
    text = ("Kaja Kallas: 'Russia will not decide for us'\n"
            "Kaja Kallas receives us in Brussels. Kallas spoke for an hour.\n"
            "Q: Should allies lift the limits?\n"
            "A: Yes, and soon. The sooner the better.")
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert "Kaja Kallas" in {m.actor for m in by[_sentence_with(res, "Yes, and soon")]}
    assert "Kaja Kallas" in {m.actor for m in by[_sentence_with(res, "The sooner the better")]}


def test_lowercase_lead_in_is_not_a_speaker_label(resolver):
    from stancelib.actors import ActorResolver
    assert ActorResolver._transcript_label("But I have to be honest: these are national decisions.") is None
    assert ActorResolver._transcript_label("Secretary General Mark Rutte: We agree.") is not None
    assert ActorResolver._transcript_label("Question (news agency): Why?") is not None


def test_officials_placed_by_their_setting_join_its_group(resolver):
    res = resolver.resolve_text("In Moscow, officials said the strikes were a provocation.")
    assert "Russian officials" in {m.actor for m in res.mentions}
    res = resolver.resolve_text("Some officials at the State Department have argued for more latitude.")
    assert "U.S. officials" in {m.actor for m in res.mentions}


def test_workplace_of_officials_is_an_actor(resolver):
    res = resolver.resolve_text("Officials at the Pentagon worry that the stocks are too small.")
    assert {"Pentagon", "U.S. officials"} <= {m.actor for m in res.mentions}


def test_one_of_them_refers_to_the_group_just_named(resolver):
    text = ('Two Ukrainian officials described the talks. "We were told to wait again," one of them said.')
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert "Ukrainian officials" in {m.actor for m in by[1]}


def test_government_named_by_nationality_is_its_country(resolver):
    res = resolver.resolve_text("The British government declined to confirm the strike.")
    assert {m.actor for m in res.mentions} == {"United Kingdom"}


def test_the_ministry_refers_to_the_ministry_just_named(resolver):
    text = ("Russia's Defence Ministry reported the attack on Tuesday. "
            "The ministry said the strike would be answered.")
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert "Russian Defence Ministry" in {m.actor for m in by[1]}


# --------------------------------------------------------------------------- nations, bodies, governments
def test_beneficiary_counts_when_it_acts_not_when_it_is_allowed(resolver):
    res = resolver.resolve_text("Kyiv fired six missiles at an airbase on Tuesday.")
    assert "Ukraine" in {m.actor for m in res.mentions}
    res = resolver.resolve_text("Officials said Ukraine may use the missiles near the border.")
    assert "Ukraine" not in {m.actor for m in res.mentions}
    res = resolver.resolve_text("Ukraine's argument has grown sharper.")
    assert "Ukraine" in {m.actor for m in res.mentions}


def test_a_people_stands_for_its_country(resolver):
    res = resolver.resolve_text("The British and the French have found ways around that, said the analyst.")
    assert {"United Kingdom", "France"} <= {m.actor for m in res.mentions}
    res = resolver.resolve_text("Only because the Americans moved first did anything change.")
    assert "United States" in {m.actor for m in res.mentions}
    res = resolver.resolve_text("The British missiles were fired at a depot.")
    assert "United Kingdom" not in {m.actor for m in res.mentions}


def test_a_country_s_ministry_or_military_speaks_for_its_officials(resolver):
    res = resolver.resolve_text("Ukraine's military said both depots were legitimate targets.")
    assert "Ukrainian officials" in {m.actor for m in res.mentions}
    # a registry body written in another case is that body, not an anonymous group
    res = resolver.resolve_text("Russia's foreign ministry said the strikes were reckless.")
    assert {m.actor for m in res.mentions} >= {"Russian Foreign Ministry"}
    assert "Russian officials" not in {m.actor for m in res.mentions}
    # a named ambassador speaks for himself
    res = resolver.resolve_text("Ukraine's ambassador, Petro Danylenko, said the limits cost lives.")
    assert "Ukrainian officials" not in {m.actor for m in res.mentions}


def test_the_administration_in_other_words(resolver):
    res = resolver.resolve_text("Nobody in his administration would say whether the limits stood.")
    assert "White House" in {m.actor for m in res.mentions}
    res = resolver.resolve_text("The outgoing administration approved the strikes in its last weeks.")
    assert "White House" in {m.actor for m in res.mentions}
    res = resolver.resolve_text("The incoming administration will review the policy.")
    assert "White House" not in {m.actor for m in res.mentions}


def test_unmodified_government_is_the_government_the_text_is_about(resolver):
    text = ("Chancellor Olaf Scholz spoke to reporters. Defence Minister Boris Pistorius agreed. "
            "The government has never explained its refusal.")
    res = resolver.resolve_text(text)
    by = res.by_sentence()
    assert "German government" in {m.actor for m in by[2]}
    res = resolver.resolve_text("Prime Minister Keir Starmer left early. A government source said nothing had changed.")
    by = res.by_sentence()
    assert "British officials" in {m.actor for m in by[1]}


def test_ner_does_not_make_people_of_countries_or_weapons(resolver):
    res = resolver.resolve_text('"Refusing Ukraine the means to defend itself is wrong," the minister said. '
                                "Storm Shadows hit Kursk overnight.")
    assert not any(m.via == "ner" for m in res.mentions)


def test_unnamed_sources_with_no_group_yet_join_the_text_s_country(resolver):
    res = resolver.resolve_text(
        "Keir Starmer met Ukrainian troops in Kent on Monday. Starmer spoke about training. "
        "Officials are adamant that the rules have not changed. "
        "Aides to President Volodymyr Zelenskyy said the request still stood.")
    actors, _ = _by_sentence(res)
    assert "British officials" in actors[_sentence_with(res, "Officials are adamant")]
    aides = actors[_sentence_with(res, "Aides to President")]
    assert "Ukrainian officials" in aides and "British officials" not in aides
    # no country named before them: left alone; someone else's officers: not the text's officials
    res = resolver.resolve_text("Officials said the rules have not changed. Keir Starmer spoke later.")
    assert "British officials" not in _by_sentence(res)[0][0]
    res = resolver.resolve_text("Keir Starmer spoke on Monday. Air force officers said the rules had not changed.")
    assert "British officials" not in _by_sentence(res)[0][1]


def test_his_aides_are_the_officials_of_the_person_last_named(resolver):
    res = resolver.resolve_text("Chancellor Olaf Scholz spoke in Berlin. His aides insist the line has not moved.")
    assert "German officials" in _by_sentence(res)[0][1]


def test_according_to_an_institution_or_country_is_a_source(resolver):
    res = resolver.resolve_text("Deep strikes would be a grave mistake, according to the Kremlin. "
                                "The limits were eased, according to Britain. The missiles flew to Russia.")
    found = {(m.actor, res.text[m.start:m.end]) for m in res.mentions}
    assert ("Kremlin", "the Kremlin") in found and ("United Kingdom", "Britain") in found
    assert not any(a == "Russia" for a, _ in found)  # a destination is a place, not a source


def test_pronoun_reach_skips_sentences_wholly_inside_a_quote(resolver):
    res = resolver.resolve_text(
        '"The limits must go," Keir Starmer told the paper on Monday. "They help nobody." '
        '"They only reassure the aggressor." "It is a mistake to keep them," he said. '
        "He repeated the point later.")
    actors, _ = _by_sentence(res)
    assert "Keir Starmer" in actors[_sentence_with(res, "It is a mistake")]
    assert "Keir Starmer" in actors[_sentence_with(res, "He repeated")]
    # without the quote-only sentences in between, a person three narrative sentences back is out of reach
    res = resolver.resolve_text("Keir Starmer spoke on Monday. The talks ran late. The hall was cold. "
                                "The lights failed. He left early.")
    assert "Keir Starmer" not in _by_sentence(res)[0][_sentence_with(res, "He left")]


def test_name_in_apposition_to_the_subject_is_the_subject(resolver):
    res = resolver.resolve_text(
        "Olaf Scholz said the line would hold. He added that nothing had changed. "
        "Britain's prime minister, Keir Starmer, said the limits should go. "
        '"Restraint is not being rewarded," he wrote.')
    actors, _ = _by_sentence(res)
    quote = actors[_sentence_with(res, "Restraint is not")]
    assert "Keir Starmer" in quote and "Olaf Scholz" not in quote


def test_description_attributing_a_quote_is_the_person_just_speaking(resolver):
    res = resolver.resolve_text(
        "Olaf Scholz met reporters in Berlin. Robert Fico said on Tuesday that the missiles would prolong the war. "
        '"I am against it," the premier told reporters.')
    quote = _by_sentence(res)[0][_sentence_with(res, "I am against it")]
    assert "Robert Fico" in quote and "Olaf Scholz" not in quote
    # a description followed by its own name, or one that attributes no quote, is left alone
    res = resolver.resolve_text("Robert Fico spoke on Tuesday. The premier said the war would go on.")
    assert "Robert Fico" not in _by_sentence(res)[0][1]


def test_pronoun_prefers_a_person_named_in_its_own_paragraph(resolver):
    res = resolver.resolve_text(
        "Olaf Scholz said the line would hold.\n"
        "The loudest voice came from Carla Menendez-Whitt, a defence analyst. "
        '"The limits make no sense," she said.')
    quote = _by_sentence(res)[0][_sentence_with(res, "The limits make")]
    assert "Carla Menendez-Whitt" in quote and "Olaf Scholz" not in quote


def test_unattributed_quote_after_a_person_subject_is_theirs(resolver):
    text = ('German Chancellor Olaf Scholz has refused to send Taurus.\n"There will be no Taurus," Scholz said.\n'
            'Kiesewetter was scathing. "Everyone in Europe sees the danger. Only the chancellor does not."')
    speakers = _speakers(resolver.resolve_text(text))
    assert speakers[3] == speakers[4] == {"Roderich Kiesewetter"}  # not the earlier quote's Scholz


def test_an_organisation_s_spokesperson_speaks_for_it(resolver):
    actors, _ = _by_sentence(resolver.resolve_text(
        '"We do not comment," a Downing Street spokesperson said. A State Department spokesman declined to '
        'comment. A senior Pentagon official said no.'))
    assert "Downing Street" in actors[0] and "British officials" not in actors[0]
    assert "State Department" in actors[1]
    assert actors[2] == {"U.S. officials"}  # an official, not a spokesperson: the country's officials


def test_a_capital_framing_a_sentence_with_no_actor_stands_for_its_government(resolver):
    actors, _ = _by_sentence(resolver.resolve_text(
        "Biden decided on Sunday. In Moscow, the reaction was immediate. In Moscow, Dmitry Peskov said no. "
        "In Kursk, fighting continued."))
    assert actors[1] == {"Russia"}
    assert actors[2] == {"Dmitry Peskov"}  # the sentence has its own actor
    assert actors[3] == set()              # not a capital of a registry actor


def test_verbatim_record_labels_with_roles_are_turns(resolver):
    text = ("Question time, 9 July 2025\n"
            "Roderich Kiesewetter (CDU/CSU): Mr Chancellor, when will you deliver Taurus?\n"
            "Friedrich Merz, Federal Chancellor: Thank you for the question. We no longer announce deliveries.\n"
            "Michael Gahler, on behalf of the PPE Group. – Madam President, lift the restrictions. Do it now.\n"
            'In Moscow, Kremlin spokesman Dmitry Peskov told reporters: "This is dangerous."')
    res = resolver.resolve_text(text)
    said = {res.sentences[i].text[:20]: a for i, a in _speakers(res).items()}
    assert said["We no longer announc"] == {"Friedrich Merz"}
    assert said["Do it now."] == {"Michael Gahler"}
    assert said['In Moscow, Kremlin s'] == {"Dmitry Peskov"}  # the subject's head, not "Kremlin", nor a label


def test_dashed_interview_answers_belong_to_the_interviewee(resolver):
    text = ("Deputy Foreign Minister Sergei Ryabkov spoke to our correspondent.\n"
            "- Was the doctrine revised because of the debate in Washington?\n"
            "- I would not reduce it to one episode. Work on it began long before.\n"
            "- Could that trigger a nuclear response?\n"
            "- I will not go into hypothetical scenarios.")
    res = resolver.resolve_text(text)
    spk = {i for i, ms in res.by_sentence().items() if any(m.actor == "Sergei Ryabkov" and m.via == "speaker" for m in ms)}
    answers = {i for i, s in enumerate(res.sentences) if "reduce" in s.text or "long before" in s.text
               or "hypothetical" in s.text}
    questions = {i for i, s in enumerate(res.sentences) if s.text.rstrip().endswith("?")}
    assert answers <= spk and not (questions & spk)


def test_bare_generic_title_needs_an_introduction(resolver):
    actors, _ = _by_sentence(resolver.resolve_text('"It must stop," the ambassador of Germany said.'))
    assert "Oleksii Makeiev" not in actors[0]


def _actors_with(res, frag):
    """The actors of the sentence containing ``frag``."""
    return {m.actor for m in res.by_sentence().get(_sentence_with(res, frag), [])}


def test_a_title_as_transcript_label_holds_for_its_turn(resolver):
    text = ("Press gaggle by President Trump aboard Air Force One.\n"
            "Q: Will you send the Tomahawks? THE PRESIDENT: We had a good call. I might have to speak to Russia "
            "about it. Q: So is that a yes? THE PRESIDENT: It's not a yes. We'll see what happens.")
    res = resolver.resolve_text(text)
    for frag in ("I might have to speak", "We'll see what happens"):
        assert "Donald Trump" in _actors_with(res, frag), frag
    # the question between the turns is nobody's
    assert "Donald Trump" not in _actors_with(res, "So is that a yes")


def test_a_capitalised_transcript_name_is_the_registry_person(resolver):
    text = ("Briefing by Ukrainian Foreign Ministry spokesperson Heorhii Tykhyi, Kyiv, 29 May 2025.\n"
            "HEORHII TYKHYI:\nGood afternoon, colleagues, let me begin with the visit. We welcome the decision. "
            "Berlin was right to lift the limits.")
    res = resolver.resolve_text(text)
    assert all(a == a.title() or not a.isupper() for a in res.actors), res.actors
    assert "HEORHII TYKHYI" not in res.actors
    k = _sentence_with(res, "Berlin was right")
    assert "Heorhii Tykhyi" in {m.actor for m in res.by_sentence()[k]}


def test_dashed_q_and_a_marks_are_turns(resolver):
    text = ("Foreign ministry press briefing by spokesman Christophe Lemoine, Paris.\n"
            "Q - Have the missiles been fired into Russia? A - We do not communicate on operational use. "
            "That discretion is deliberate.\nQ - And Berlin? A - Each country decides for itself.")
    res = resolver.resolve_text(text)
    for frag in ("We do not communicate", "That discretion", "Each country decides"):
        assert "Christophe Lemoine" in _actors_with(res, frag), frag
    assert "Christophe Lemoine" not in _actors_with(res, "Have the missiles")


def test_actors_named_together_are_the_referents_of_a_plural_subject(resolver):
    res = resolver.resolve_text(
        "Emmanuel Macron and Keir Starmer met in Paris on Friday. They urged Washington to let Ukraine fire "
        "long-range missiles into Russia. Scholz and Biden spoke later. The two leaders agreed to wait. "
        "Biden said Scholz was right. They were not alone. Rutte and Tusk met. The answers vary, and they "
        "are vague.")
    assert {"Emmanuel Macron", "Keir Starmer"} <= _actors_with(res, "They urged")
    assert {"Olaf Scholz", "Joe Biden"} <= _actors_with(res, "The two leaders")
    # two subjects of different clauses are not a pair that "they" can point back to
    assert _actors_with(res, "They were not alone") == set()
    # a nearer plural subject in the same sentence is what "they" points to
    assert _actors_with(res, "The answers vary") == set()
    # a verbless subheading naming two actors is an antecedent too
    res = resolver.resolve_text("Britain and France\n\nBoth governments allow Ukraine to use Storm Shadow in Russia.")
    assert {"United Kingdom", "France"} <= _actors_with(res, "Both governments")
