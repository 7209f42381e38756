"""Closed general-English word lists used by the rule-based fact extractor and the firewall.

    from daemon.sleep.extract.lexicon import FUNCTION_WORDS, IRREGULAR_VERBS, RELATIONS

Everything here is ordinary English vocabulary: function words, auxiliaries,
irregular verbs, kinship and pet nouns, time words, colours, number words. No
list may hold anything learned from a particular user or test persona; the
extractor must keep working for nouns that are not listed (an unknown noun in
"my parakeet's name is X" is still a relation, only phrased generically).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ARTICLES = _words("a an the")
SUBJECT_PRONOUNS = _words("i we he she they it you")
OBJECT_PRONOUNS = _words("me us him her them it you")
POSSESSIVES = _words("my our his her their its your")
FIRST_PERSON = _words("i me my mine myself we us our ours ourselves")

COPULAS = _words("am is are was were be been being")
AUXILIARIES = COPULAS | _words("do does did have has had will would can could shall should")
AUXILIARIES |= _words("may might must")
NEGATIONS = _words("not never no")

PREPOSITIONS = _words(
    "in at on for from to with since during near by about into onto after before "
    "around across through over under behind between among without within outside "
    "inside toward towards until till like of as per via against beside upon"
)
# Prepositions that open a new phrase after a verb's object ("of" binds inside a noun phrase).
PHRASE_PREPOSITIONS = PREPOSITIONS - _words("of as like")
PLACE_PREPOSITIONS = _words("in at near on outside inside around")
SUBORDINATORS = _words("when because while if although though whereas unless once so")
RELATIVES = _words("that which who whom whose where")
CONJUNCTIONS = _words("and but or nor yet so")

# Adverbs that may sit between a subject and its verb ("I mostly write", "I'm originally from").
ADVERBS = _words(
    "also really still just only always often sometimes usually mostly mainly originally "
    "currently now actually absolutely totally recently finally even already generally "
    "basically definitely truly normally typically rarely seldom occasionally never ever "
    "again too either probably certainly especially particularly primarily somewhat quite "
    "very so pretty kind sort almost nearly rather fully officially"
)

QUESTION_WORDS = _words("what which who whom whose where when why how")

# Words with no content of their own: dropped before comparing texts.
FUNCTION_WORDS = (
    ARTICLES | SUBJECT_PRONOUNS | OBJECT_PRONOUNS | POSSESSIVES | FIRST_PERSON | AUXILIARIES
    | NEGATIONS | PREPOSITIONS | SUBORDINATORS | RELATIVES | CONJUNCTIONS | QUESTION_WORDS
    | ADVERBS
    | _words(
        "yours mine hers theirs myself yourself himself herself itself themselves this that "
        "these those there here some any all each every both few many much more most other "
        "another such own same than then s t d ll m re ve n't not doing done got get gets "
        "one ones thing things something anything everything nothing lot lots way people "
        "everyone everybody someone somebody nobody anyone anybody"
    )
)

GREETINGS = _words(
    "hi hey hello hiya yo howdy greetings well so oh ok okay okey yes yeah yep no nope "
    "thanks thank cheers anyway anyways btw also alright right sure hmm um uh please good "
    "morning evening afternoon dear aww aw awww ooh oooh ahh ah wow yay omg ugh oops phew "
    "howya howzit"
)

# Words that make a statement about the moment rather than a lasting fact.
TRANSIENT_WORDS = _words("today tonight tomorrow yesterday")
TRANSIENT_PHRASES = (
    "right now", "at the moment", "this morning", "this afternoon", "this evening",
    "just now", "for now", "another day", "later on", "in a bit", "in a minute",
)

# Verbs whose object is an opinion or a request rather than a fact about the user.
NON_FACT_VERBS = _words(
    "think guess wonder suppose mean believe ask tell say said told asked wondered thought "
    "need help forgot forget remember know knew understand"
)

# base: (past, past participle)
IRREGULAR_VERBS: dict[str, tuple[str, str]] = {
    "be": ("was", "been"), "have": ("had", "had"), "do": ("did", "done"),
    "go": ("went", "gone"), "come": ("came", "come"), "become": ("became", "become"),
    "grow": ("grew", "grown"), "teach": ("taught", "taught"), "buy": ("bought", "bought"),
    "bring": ("brought", "brought"), "think": ("thought", "thought"), "make": ("made", "made"),
    "take": ("took", "taken"), "get": ("got", "gotten"), "give": ("gave", "given"),
    "know": ("knew", "known"), "see": ("saw", "seen"), "find": ("found", "found"),
    "leave": ("left", "left"), "feel": ("felt", "felt"), "keep": ("kept", "kept"),
    "sleep": ("slept", "slept"), "meet": ("met", "met"), "begin": ("began", "begun"),
    "break": ("broke", "broken"), "build": ("built", "built"), "catch": ("caught", "caught"),
    "choose": ("chose", "chosen"), "draw": ("drew", "drawn"), "drink": ("drank", "drunk"),
    "drive": ("drove", "driven"), "eat": ("ate", "eaten"), "fall": ("fell", "fallen"),
    "fly": ("flew", "flown"), "forget": ("forgot", "forgotten"), "hear": ("heard", "heard"),
    "hold": ("held", "held"), "lead": ("led", "led"), "lose": ("lost", "lost"),
    "pay": ("paid", "paid"), "put": ("put", "put"), "read": ("read", "read"),
    "ride": ("rode", "ridden"), "run": ("ran", "run"), "say": ("said", "said"),
    "sell": ("sold", "sold"), "send": ("sent", "sent"), "sing": ("sang", "sung"),
    "sit": ("sat", "sat"), "speak": ("spoke", "spoken"), "spend": ("spent", "spent"),
    "stand": ("stood", "stood"), "swim": ("swam", "swum"), "tell": ("told", "told"),
    "understand": ("understood", "understood"), "wake": ("woke", "woken"),
    "wear": ("wore", "worn"), "win": ("won", "won"), "write": ("wrote", "written"),
    "bite": ("bit", "bitten"), "cut": ("cut", "cut"), "dig": ("dug", "dug"),
    "feed": ("fed", "fed"), "fight": ("fought", "fought"), "hang": ("hung", "hung"),
    "hide": ("hid", "hidden"), "hit": ("hit", "hit"), "hurt": ("hurt", "hurt"),
    "lend": ("lent", "lent"), "let": ("let", "let"), "mean": ("meant", "meant"),
    "quit": ("quit", "quit"), "rise": ("rose", "risen"), "seek": ("sought", "sought"),
    "shake": ("shook", "shaken"), "shoot": ("shot", "shot"), "shut": ("shut", "shut"),
    "sink": ("sank", "sunk"), "steal": ("stole", "stolen"), "stick": ("stuck", "stuck"),
    "throw": ("threw", "thrown"), "learn": ("learned", "learned"), "set": ("set", "set"),
    "dream": ("dreamed", "dreamed"), "lie": ("lay", "lain"), "light": ("lit", "lit"),
    "bear": ("bore", "born"), "forgive": ("forgave", "forgiven"), "freeze": ("froze", "frozen"),
    "ring": ("rang", "rung"), "shine": ("shone", "shone"), "sweep": ("swept", "swept"),
    "swing": ("swung", "swung"), "tear": ("tore", "torn"), "bet": ("bet", "bet"),
    "deal": ("dealt", "dealt"), "cost": ("cost", "cost"), "spin": ("spun", "spun"),
}
IRREGULAR_PAST_FORMS = {"learnt": "learn", "dreamt": "dream", "spelt": "spell", "burnt": "burn"}

# Regular verbs common in talk about oneself (irregular ones above are verbs too).
COMMON_VERBS = _words(
    "live move work love like enjoy want prefer use play study plant start visit call name "
    "need hope plan try cook bake paint walk watch listen travel collect own rent help "
    "volunteer practice practise train dance relocate retire marry date miss hate dislike "
    "adore raise look stay return finish graduate join attend manage design develop program "
    "code fix repair clean care turn coach mix compose tend commute race belong wish earn "
    "save invest support follow suffer struggle worry celebrate share adopt rescue create "
    "perform act direct serve deliver treat install open close photograph blog stream tutor "
    "mentor babysit foster groom emigrate immigrate settle reside originate operate lecture "
    "research specialize specialise focus major intern freelance consult renovate decorate "
    "explore tour produce edit record film"
)

# Relation nouns: gender ("m", "f", "n") and whether the relation is a person.
_PERSON_RELATIONS_M = (
    "son husband boyfriend brother father dad daddy grandfather grandpa granddad grandson "
    "uncle nephew stepson stepfather stepdad fiance boy grandad ex-boyfriend ex-husband "
    "father-in-law brother-in-law son-in-law taid opa oupa nonno abuelo half-brother stepbrother "
    "co-brother cousin-brother papa pawpaw papaw guka pop"
)
_PERSON_RELATIONS_F = (
    "daughter wife girlfriend sister mother mom mum mam mommy mummy grandmother grandma granny "
    "granddaughter aunt niece stepdaughter stepmother stepmom stepmum fiancee girl nan nana "
    "gran ex-girlfriend ex-wife mother-in-law sister-in-law daughter-in-law nain oma ouma nonna "
    "abuela half-sister stepsister co-sister cousin-sister mama mawmaw meemaw mamaw cucu shosho"
)
_PERSON_RELATIONS_N = (
    "child kid baby partner spouse sibling twin parent grandparent grandchild grandkid "
    "cousin friend bestie mate buddy pal boss manager colleague coworker roommate flatmate "
    "housemate neighbor neighbour mentor teacher student classmate teammate landlord landlady "
    "godson goddaughter godchild godfather godmother stepchild fiance ex ex-partner "
    "parent-in-law situationship carer caregiver supervisor trainee helper nanny"
)
_ANIMALS = (
    "dog cat puppy kitten horse pony rabbit bunny hamster guinea parrot bird budgie parakeet fish "
    "turtle tortoise snake lizard ferret goat chicken hen rooster cow pig sheep gerbil "
    "mouse rat hedgehog canary cockatiel gecko iguana lizard dragon donkey duck goose alpaca "
    "llama pet"
)

RELATIONS: dict[str, tuple[str, bool]] = {}
for _gender, _names in (("m", _PERSON_RELATIONS_M), ("f", _PERSON_RELATIONS_F),
                        ("n", _PERSON_RELATIONS_N)):
    for _name in _names.split():
        RELATIONS.setdefault(_name, (_gender, True))
ANIMALS = _words(_ANIMALS)
for _name in ANIMALS:
    RELATIONS.setdefault(_name, ("n", False))

# A relation of a relation that is the user's own: (owner's neutral relation, noun) -> it.
KIN_OF_KIN = {("child", "brother"): "son", ("child", "sister"): "daughter",
              ("sibling", "brother"): "brother", ("sibling", "sister"): "sister",
              ("child", "son"): "grandson", ("child", "daughter"): "granddaughter",
              ("sibling", "son"): "nephew", ("sibling", "daughter"): "niece",
              ("parent", "brother"): "uncle", ("parent", "sister"): "aunt"}
# A spouse's family are in-laws; a boyfriend's mother is not a mother-in-law.
SPOUSES = frozenset(("husband", "wife", "spouse"))
IN_LAWS = {"mum": "mother-in-law", "mom": "mother-in-law", "mother": "mother-in-law",
           "dad": "father-in-law", "father": "father-in-law", "sister": "sister-in-law",
           "brother": "brother-in-law", "parents": "parents-in-law"}
# A neutral relation whose gender is now known: (relation, gender) -> the gendered word.
GENDERED_RELATION = {("child", "f"): "daughter", ("child", "m"): "son",
                     ("grandchild", "f"): "granddaughter", ("grandchild", "m"): "grandson",
                     ("sibling", "f"): "sister", ("sibling", "m"): "brother",
                     ("spouse", "f"): "wife", ("spouse", "m"): "husband"}

# Family words as chat shortens them ("my sis", "the hubby").
CHAT_KIN = {"sis": "sister", "bro": "brother", "hubby": "husband", "gf": "girlfriend",
            "bf": "boyfriend", "bestie": "best friend", "bff": "best friend", "roomie": "roommate"}

# A gendered relation and the neutral one it refines ("granddaughter" refines "grandchild").
NEUTRAL_RELATION = {
    "son": "child", "daughter": "child", "boy": "child", "girl": "child", "kid": "child",
    "grandson": "grandchild", "granddaughter": "grandchild", "grandkid": "grandchild",
    "brother": "sibling", "sister": "sibling", "mother": "parent", "father": "parent",
    "mom": "parent", "mum": "parent", "mam": "parent", "dad": "parent", "wife": "partner",
    "husband": "partner", "girlfriend": "partner", "boyfriend": "partner", "spouse": "partner",
}

# Words that narrow a relation ("my older sister", "the eldest").
RELATION_DESCRIPTORS = _words(
    "older younger oldest youngest eldest elder big little baby twin middle late best "
    "first second third new ex business old junior senior"
)

IRREGULAR_PLURALS = {
    "children": "child", "grandchildren": "grandchild", "people": "person", "men": "man",
    "women": "woman", "mice": "mouse", "geese": "goose", "feet": "foot", "teeth": "tooth",
    "wives": "wife", "knives": "knife", "lives": "life", "kids": "kid", "fish": "fish",
    "sheep": "sheep", "series": "series", "species": "species", "glasses": "glasses",
}

MONTHS = _words(
    "january february march april may june july august september october november december"
)
# Words that make being somewhere a visit, not a home ("here in X on holiday").
VISIT_WORDS = _words("visiting visit holiday holidays vacation trip staying travelling traveling "
                     "conference")
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
# Weekdays cut short in chat ("next thurs", "*wed")
SHORT_WEEKDAYS = {"mon": "Monday", "tue": "Tuesday", "tues": "Tuesday", "wed": "Wednesday",
                  "weds": "Wednesday", "thu": "Thursday", "thur": "Thursday",
                  "thurs": "Thursday", "fri": "Friday", "sat": "Saturday", "sun": "Sunday"}
TIME_NOUNS = MONTHS | WEEKDAYS | _words(
    "morning mornings afternoon afternoons evening evenings night nights weekend weekends "
    "weekday weekdays week weeks month months year years day days summer winter spring "
    "autumn fall season holidays holiday christmas easter birthday noon midnight dawn "
    "lunchtime breakfast dinner decade decades hour hours minute minutes o'clock am pm"
) | frozenset(w + "s" for w in WEEKDAYS)
DURATION_UNITS = _words(
    "year years month months week weeks day days hour hours decade decades minute minutes "
    "yrs yr"
)
MONEY_WORDS = _words(
    "dollars dollar euros euro pounds pound bucks quid yen francs rupees pesos cents "
    "usd eur gbp grand"
)
COLORS = _words(
    "red blue green yellow black white grey gray brown orange purple pink silver golden "
    "beige navy maroon teal turquoise cream tan"
)

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}

# Diets people follow ("I'm pescatarian").
# Breeds said instead of the animal ("our springer spaniel, Zuzu"): longest first, so
# "springer spaniel" wins over "spaniel".
DOG_BREEDS = tuple(sorted((b.replace("-", " ") for b in (
    "spaniel springer-spaniel cocker-spaniel collie border-collie terrier jack-russell "
    "border-terrier labrador retriever golden-retriever greyhound whippet lurcher "
    "poodle cockapoo labradoodle cavapoo beagle dachshund husky pug corgi alsatian "
    "german-shepherd rottweiler schnauzer chihuahua saluki setter sheepdog "
    "staffie dalmatian weimaraner vizsla shih-tzu bichon bulldog mastiff westie yorkie sheltie "
    "pomeranian").split()),
    key=len, reverse=True))
CAT_BREEDS = ("maine coon", "british shorthair", "ragdoll", "sphynx")

DIETS = frozenset("vegetarian vegan pescatarian pescetarian coeliac celiac teetotal halal "
                  "kosher gluten-free dairy-free lactose-intolerant".split())

# Complements of "I'm a ..." that are not occupations.
NON_JOB_NOUNS = _words(
    "fan lover person vegetarian vegan member beginner believer fan fanatic addict nerd "
    "diabetic asthmatic epileptic coeliac celiac "
    "geek big huge night morning owl bird early late type kind sort bit lot citizen "
    "native resident local foodie introvert extrovert optimist pessimist older younger "
    "bigger smaller better taller shorter happier busier faster slower later earlier closer "
    "further stronger weaker richer poorer healthier fitter smarter wiser braver sober clever "
    "eager bitter tender proper slender super over under "
    # adjectives with a job-like ending
    "intolerant tolerant pregnant ignorant brilliant pleasant reluctant relevant hesitant "
    "absent present content confident independent dependent fluent different excellent "
    "silent urgent decent patient impatient permanent vacant expectant perfect correct direct "
    "incorrect indirect imperfect exact strict abstract attractive active positive negative "
    "massive expensive impressive inclusive exclusive sensitive "
    # nouns with a job-like ending that open a new topic ("Different subject.")
    "subject object project answer matter number order letter paper corner weather"
)
# Occupation-like endings of a noun ("librarian", "accountant", "sculptor").
JOB_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "eer", "ier", "yst", "ect", "man",
                "woman", "person", "ive", "ographer", "smith", "wright", "ster")
# Common occupations the endings above miss.
JOB_NOUNS = _words(
    "chef cook vet clerk surgeon midwife nanny coach judge priest vicar medic apprentice "
    "sparky sparkie brickie chippy "
    "paramedic mechanic barista dentist chemist cleaner tutor tailor butcher baker porter "
    "guard soldier sailor chauffeur courier plumber electrician architect "
    "waitress physio secretary")


def is_breed_word(word: str) -> bool:
    """Whether a lowercase word is part of a dog or cat breed ("springer", "russell")."""
    return any(word in breed.split() for breed in (*DOG_BREEDS, *CAT_BREEDS))


def is_job_noun(word: str) -> bool:
    """Whether a lowercase noun names an occupation ("locksmith", "chef", "radiographer")."""
    # (an ending needs a stem before it: "or", "man", "ent" alone are no occupations)
    return word in JOB_NOUNS or len(word) > 4 and word.endswith(JOB_SUFFIXES) \
        and word not in NON_JOB_NOUNS


JOB_ADJECTIVES = _words(
    "retired freelance part-time full-time self-employed professional senior junior "
    "head chief lead former trainee assistant qualified certified licensed registered"
)

# Adjectives that take a complement which names what someone likes ("obsessed with").
INTEREST_ADJECTIVES = _words(
    "obsessed interested passionate crazy mad keen fond into addicted hooked devoted"
)
LIKE_VERBS = _words("love like enjoy adore")
MOTION_VERBS = _words("move come relocate emigrate immigrate go")

# Speaker labels that mark pasted transcript lines not written by the user.
FOREIGN_SPEAKERS = _words("assistant ai bot system chatbot model gpt claude llm")

# What a hobby is, so "What instrument/sport does my son play?" can be asked.
INSTRUMENTS = _words(
    "piano guitar fiddle viola cello tuba trumpet trombone horn flute clarinet oboe "
    "bassoon saxophone sax drums drum harp ukulele banjo accordion harmonica organ keyboard "
    "bagpipes recorder mandolin double-bass")
SPORTS = _words(
    "football soccer rugby tennis badminton squash cricket hockey netball basketball "
    "volleyball baseball swimming running cycling rowing climbing bouldering fencing "
    "boxing judo karate taekwondo gymnastics athletics skiing snowboarding surfing sailing "
    "kayaking triathlon yoga pilates dance ballet wrestling archery")


# Descriptors that rank siblings: "my eldest" and "my youngest" are two people.
RANKS = {"eldest": "first", "oldest": "first", "elder": "first", "older": "first",
         "youngest": "last", "younger": "last", "middle": "middle", "first": "first",
         "second": "second", "third": "third"}


def other_rank(known: list[str], new: list[str]) -> bool:
    """Whether ``new`` ranks someone differently from ``known`` ("youngest" vs "eldest")."""
    had = {RANKS[w.lower()] for w in known if w.lower() in RANKS}
    said = {RANKS[w.lower()] for w in new if w.lower() in RANKS}
    return bool(had and said and not had & said)
