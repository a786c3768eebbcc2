"""Snippets: typed words match as prefixes and stems, concept expansions only whole."""

from strongcities.core.search.snippets import Matcher, snippet

TEXT = (
    "Youth workers answer 18-30 ans; the 30 ans club; radicalised teens; Radicalisation en ligne."
)


def test_typed_words_match_whole_as_prefix_or_stem():
    assert snippet(TEXT, Matcher({"radicalisation"})) == (
        "Youth workers answer 18-30 ans; the 30 ans club; <mark>radicalised</mark> teens; "
        "<mark>Radicalisation</mark> en ligne."
    )
    assert snippet("Mentors and mentoring", Matcher({"mentor"})) == (
        "<mark>Mentors</mark> and <mark>mentoring</mark>"
    )


def test_expansion_phrases_match_only_whole_and_in_sequence():
    matcher = Matcher({"youth"}, {("18", "30", "ans"), ("radicalisation", "en", "ligne")})
    assert snippet(TEXT, matcher) == (
        "<mark>Youth</mark> workers answer <mark>18</mark>-<mark>30</mark> <mark>ans</mark>; "
        "the 30 ans club; radicalised teens; "
        "<mark>Radicalisation</mark> <mark>en</mark> <mark>ligne</mark>."
    )


def test_nothing_to_match_marks_nothing_and_keeps_the_leading_punctuation():
    assert snippet("<b>Plain</b> text", Matcher()) == "&lt;b&gt;Plain&lt;/b&gt; text"
    assert snippet("« Safe streets »", Matcher({"safe"})) == "« <mark>Safe</mark> streets »"
