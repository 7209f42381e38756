"""Word pools and sentence templates of the persona composer (``benchmarks.compose``).

Data only. Names of people, pets and towns are not listed: they are built from the
syllables below, so a composed persona shares no name with a hand-written one. The
common words (jobs, instruments, colours...) are generic; ``tests/benchmarks/
test_compose.py`` checks that none of them appears in the hand-written personas and
conversations, which must stay unseen by anything tuned for them.

Templates are first-person chat sentences. ``{S}`` is the subject of a sentence about
someone else: "My friend Hestor" when the sentence introduces them, "He"/"She"/"It" when
it follows another sentence of the same message. Every phrasing here was checked
offline (``python -m benchmarks.coverage``) to be extracted by the rule extractor; the
ones it misread ("I was born and raised in X", "X's birthday is ...", several pets in one
list) were left out.
"""

from __future__ import annotations

from typing import Final

# Syllables of invented names: onset + vowel, two or three times, then an ending.
ONSETS: Final = ("b", "br", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "pr",
                 "r", "s", "t", "tr", "v", "w", "z", "th", "st", "gr", "qu")
VOWELS: Final = ("a", "e", "i", "o", "u", "ai", "ou", "y")
PERSON_ENDINGS: Final = ("ra", "lin", "dor", "vik", "mel", "sette", "nor", "bryn", "lo",
                         "via", "ric", "dane", "issa", "mund", "wen")
PET_ENDINGS: Final = ("bo", "ble", "kin", "zy", "mo", "dle", "sy", "ffin", "tch", "pip")
PLACE_ENDINGS: Final = ("by", "wick", "mere", "ford", "holt", "stead", "ham", "moor",
                        "brook", "thorpe", "dale", "field")

JOBS: Final = ("cartographer", "beekeeper", "upholsterer", "optician", "architect",
               "stonemason", "glazier", "upholsterer", "translator", "zookeeper",
               "geologist", "blacksmith", "tailor", "bookbinder", "chemist", "archivist",
               "jeweller", "roofer", "cobbler", "potter", "saddler", "acrobat",
               "auctioneer", "butcher", "choreographer", "luthier", "sommelier", "notary",
               "thatcher", "cooper")
INSTRUMENTS: Final = ("oboe", "harp", "banjo", "trombone", "ukulele", "clarinet",
                      "mandolin", "harmonica", "xylophone", "bagpipes", "sitar",
                      "harpsichord", "piccolo", "marimba", "zither")
COLOURS: Final = ("teal", "maroon", "turquoise", "lilac", "crimson", "amber", "indigo",
                  "beige", "magenta", "mauve", "silver", "scarlet", "orange", "purple")
VEHICLES: Final = ("hatchback", "tractor", "scooter", "minibus", "convertible", "jeep",
                   "moped", "roadster", "campervan", "limousine")
PET_COLOURS: Final = ("brown", "cream", "tan", "spotted", "speckled", "striped")
LANGUAGES: Final = ("Icelandic", "Hungarian", "Swahili", "Estonian", "Tagalog", "Welsh",
                    "Basque", "Croatian", "Maltese", "Latvian", "Bengali", "Armenian")
ALLERGIES: Final = ("almonds", "mustard", "penicillin", "sesame", "latex", "wasps")
MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July",
                 "August", "September", "October", "November", "December")
ORDINAL_WORDS: Final = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                        "nineteenth", "twentieth", "twenty-first", "twenty-second",
                        "twenty-third", "twenty-fourth", "twenty-fifth", "twenty-sixth",
                        "twenty-seventh", "twenty-eighth")
# Favourite things: the kind, its pool.
FAVOURITES: Final = {
    "colour": COLOURS[:8],
    "food": ("risotto", "goulash", "moussaka", "dumplings", "falafel", "ratatouille"),
    "season": ("autumn", "winter", "spring", "summer"),
    "fruit": ("mango", "papaya", "lychee", "apricot", "fig", "kiwi"),
    # Not "fencing", "rowing", "curling": the extractor reads "is fencing" as a verb.
    "sport": ("badminton", "archery", "squash", "volleyball", "lacrosse", "netball"),
    "board game": ("backgammon", "draughts", "mahjong", "dominoes", "scrabble"),
}

# Relations of other people: (word, pronoun or "" for either, how many a persona may have).
RELATIONS: Final = (("older sister", "She", 1), ("younger sister", "She", 1),
                    ("older brother", "He", 1), ("younger brother", "He", 1),
                    ("friend", "", 24), ("cousin", "", 12), ("colleague", "", 12),
                    ("neighbour", "", 10), ("aunt", "She", 1), ("uncle", "He", 1),
                    ("niece", "She", 1), ("nephew", "He", 1), ("grandmother", "She", 1),
                    ("grandfather", "He", 1), ("boss", "", 1), ("flatmate", "", 3))
# One pet of each species at most, so "my goat" names one animal.
SPECIES: Final = ("goat", "hamster", "pony", "alpaca", "budgie", "donkey", "iguana",
                  "canary", "hedgehog", "cockatiel")

# The user's own facts: kind -> phrasings; {v} the value (or {first} {last}, {day} {month}).
SELF_TEMPLATES: Final = {
    "name": ("My name is {first} {last}.", "I'm {first} {last}, by the way.",
             "Hi, I'm {first} {last}."),
    "job": ("I work as a {v}.", "I've worked as a {v} for {n} years.", "I'm a {v} by trade."),
    "home": ("I live in {v}.", "These days I live in {v}."),
    "hometown": ("I grew up in {v}.",),
    "birthday": ("My birthday is on the {day} of {month}.", "My birthday is the {day} of {month}."),
    "instrument": ("I play the {v}.", "I play the {v} in a band on weekends."),
    "allergy": ("I'm allergic to {v}.",),
    "vehicle": ("I drive a {colour} {v}.",),
}
FAVOURITE_TEMPLATES: Final = ("My favourite {kind} is {v}.",)
# Someone else's facts: kind -> phrasings with {S} the subject (see the module docstring).
PERSON_TEMPLATES: Final = {
    "home": ("{S} lives in {v}.",),
    "job": ("{S} works as a {v}.", "{S} is a {v}."),
    "age": ("{S} is {v}.", "{S} is {v} years old."),
    "instrument": ("{S} plays the {v}.",),
    "vehicle": ("{S} drives a {colour} {v}.",),
    "language": ("{S} speaks {v}.",),
}
PET_INTROS: Final = ("We have a {species} called {name}.", "I have a {species} named {name}.",
                     "Our {species} is called {name}.")
PET_TEMPLATES: Final = {
    "age": ("{S} is {v} years old.",),
    "colour": ("{S} is {v}.",),
}
# A later night's change of an earlier fact (the new value is {v}, the old one {old}).
CORRECTION_TEMPLATES: Final = {
    "home": ("Oh, my {rel} {name} lives in {v} now, not {old}.",
             "My {rel} {name} moved to {v} last week."),
    "job": ("My {rel} {name} isn't a {old} any more, {pron} works as a {v} now.",),
    "vehicle": ("Actually my {rel} {name} drives a {colour} {v} now.",),
}
