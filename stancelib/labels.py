"""The label set and the phenomenon tags (see data/README.md for their definitions)."""

LABELS: tuple[str, ...] = ("support", "oppose", "hedge", "none")
STANCE_LABELS: tuple[str, ...] = ("support", "oppose", "hedge")
PHENOMENA: tuple[str, ...] = (
    "negation",             # "has not ruled out", "refused to allow"
    "modality",             # modal verbs and conditionals: "would", "could", "if ... then"
    "speaker_after_quote",  # "'...,' Starmer told reporters"
    "pronoun_or_title",     # the actor is named only as "he", "she", "the chancellor", "the Kremlin spokesman"
    "opposite_stances",     # two actors with opposite stances in one sentence
    "position_change",      # the actor's past and present positions differ
    "irony",                # irony, sarcasm or scare quotes
    "rhetorical_question",  # a question that asserts a position
    "other_topic",          # the actor talks about another policy (aid, sanctions, a peace plan) -> none
    "anonymous_source",     # unnamed officials grouped by affiliation
    "headline",             # a headline or standfirst
)
