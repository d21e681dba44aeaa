from stancelib.pairs import Pair, make_pairs


def test_marked_replaces_own_and_other_mentions():
    p = Pair("d", 0, 0, 19, "Putin warned Biden.", "Joe Biden", spans=((13, 18),), other_spans=((0, 5),))
    assert p.marked() == "[OTHER] warned [ACTOR]."
    assert p.mark(str.upper, str.lower) == "putin warned BIDEN."


def test_overlapping_mentions_keep_the_first():
    p = Pair("d", 0, 0, 19, "Putin warned Biden.", "Joe Biden", spans=((0, 5),), other_spans=((0, 5),))
    assert p.marked() in ("[ACTOR] warned Biden.", "[OTHER] warned Biden.")


def test_make_pairs_one_per_sentence_and_actor(resolver):
    res = resolver.resolve_text('Scholz refused. "It would escalate," Scholz said. Merz disagreed with Scholz.')
    pairs = make_pairs(res, "doc")
    assert [(p.sentence_index, p.actor) for p in pairs] == [
        (0, "Olaf Scholz"), (1, "Olaf Scholz"), (2, "Friedrich Merz"), (2, "Olaf Scholz")]
    speaker = pairs[1]
    assert speaker.is_speaker and speaker.is_subject and speaker.context == "Scholz refused."
    assert all(res.text[p.start:p.end] == p.sentence for p in pairs)
