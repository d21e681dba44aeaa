from stancelib.text import blocks, split_sentences


def test_sentences_carry_exact_offsets(seed_text):
    sents = split_sentences(seed_text)
    assert len(sents) >= 20
    for s in sents:
        assert seed_text[s.start:s.end] == s.text
        assert s.text == s.text.strip()


def test_newline_is_a_sentence_break():
    text = "Putin warns the West\nThe Kremlin leader spoke on Thursday."
    assert [s.text for s in split_sentences(text)] == ["Putin warns the West", "The Kremlin leader spoke on Thursday."]


def test_stray_closing_quote_stays_with_its_sentence(seed_text):
    texts = [s.text for s in split_sentences(seed_text)]
    assert not any(t in ('"', "\u201d") for t in texts)
    assert any(t.endswith('right now."') for t in texts)


def test_empty_and_whitespace():
    assert split_sentences("") == []
    assert split_sentences("  \n\t ") == []


def test_long_text_is_cut_into_blocks_at_paragraphs():
    para = "Scholz refused to send Taurus missiles to Ukraine. " * 20
    text = "\n".join([para.strip()] * 40)
    bl = blocks(text, max_chars=5000)
    assert len(bl) > 1
    assert "".join(b for _, b in bl) == text
    assert all(text[off:off + len(b)] == b for off, b in bl)
