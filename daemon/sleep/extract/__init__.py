"""Extraction: a user's chat messages -> typed facts about them, each with Q/A pairs.

    from daemon.sleep.extract import extract_facts
    from daemon.sleep.types import SourceMessage
    facts = extract_facts([SourceMessage(1, "my sister lives in berlin now")])
    facts[0].record    # FactRecord(key=FactKey('your sister', 'live_in'), value='Berlin', ...)

The parts, in the order a message meets them:

- ``textnorm.own_and_foreign``: the user's own words apart from pasted and quoted text,
  with ``speakers`` for words someone else wrote (at the user's keyboard, or a message
  forwarded "from my sister:", whose news about herself is hers);
- ``terse.in_english``: punctuation dictated as words put as marks (``dictation``); Scots,
  Jamaican patois, Trinidad's, the mid-Pacific's, Acadiana's and Naija English and English
  with español, Hindi, Tagalog, French, Cantonese, Polglish, the Karoo's, the Khaleej's,
  Malti, Deutsch, hangul or Gàidhlig words in it respelt in English, where the user's
  messages show they write so (``scots``, ``patois``, ``trinidad``, ``dakine``,
  ``acadiana``, ``naija``, ``spanglish``, ``hinglish``, ``taglish``, ``quebec``,
  ``cantonese``, ``polglish``, ``karoo``, ``khaleej``, ``malti``, ``deutsch``, ``hangul``,
  ``gaidhlig``); an "Uncle" who is no uncle (``appositions``) and a user who
  speaks of himself by name (``speakers``);
- ``inline``: a slip put right in the same message keeps only the right value ("in
  Narvik. Sorry, I meant Tromso"), and a value taken back in a later message is read in
  the earlier one (also "EDIT: ignore the X part", "(typo: 12 not 21)"); ``lists``: a
  pasted block of context read line by line, what sets the task left out; ``terse`` /
  ``labels``: one-liners and form-like fields written out ("Narvik, born and bred.", "41
  next month.", "Age 56.", "Wife - Mira. Teacher."), with ``fronted`` for facts said in
  the phrase that opens a request ("As a glazier, ...", "With my son turning 10, ...");
- ``normalize``: chat spelling ("im", "dont", "thx", a lowercase "i") -> standard English,
  with ``learner`` for learners' grammar ("my mother she say", "since two years I ..."),
  ``varieties`` for other Englishes ("my good name is", "4 years only"), ``ages`` for
  ages in brackets and lists ("Oskar (9)", "im zuzu, 17"), ``idioms`` for set phrases
  ("passed eight years ago", "called round", "stopped eating pork"), ``passing`` for facts
  said in passing, ``newcomers`` for someone new named after the news ("hired some
  help, a young fella named Oskar") and ``appositions`` for asides that say who someone
  is ("Vera, that's my wife's sister, lives in Narvik");
  ``dates``: relative times ("last year", "on Saturday") -> dates, against the message's
  timestamp; ``spelling``: misspelt everyday words respelt, slips of the thumb ("adn")
  put right;
- ``nlp``: spaCy's small English pipeline (pinned, checked at load) -> a parsed doc, with
  names in all-lowercase chat capitalised;
- ``parse``: the doc -> clauses with a subject, verb group and complements, each marked
  when it is hearsay, a wish, a hypothetical or a question (``mood``); ``mentions``: people named
  in passing ("my nephew Oskar"); ``fragments``: what the tagger misreads, read again
  (a left-out "I", a verb swallowed after a name);
- ``entities`` / ``drafting``: who a clause is about, with pronouns resolved within one
  conversation and a short window of its messages;
- ``rules`` (+ ``rules_people``, ``rules_places``, ``rules_jobs``, ``rules_things``,
  ``rules_generic``): a clause -> drafts of facts, which become typed records
  (:class:`~daemon.sleep.types.FactRecord`);
- ``phrasing`` / ``summaries``: a record -> a short clean statement and its questions;
- ``model``: optional model-based extraction for capable models, validated as records;
- ``pipeline``: :func:`extract_facts`, the one function the sleep cycle calls, reading
  each sentence with the ones before it in its message (``followups``: "there", "Not any
  more.", "Canoe now.").
"""

from .pipeline import extract_facts, merge_identical

__all__ = ["extract_facts", "merge_identical"]
