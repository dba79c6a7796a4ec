"""Match the visit's documentation against code descriptions ("a more specific code exists").

Deliberately simple: the words that tell a sibling code apart from the unspecified one
(``right`` in "Otitis media, unspecified, right ear" versus "..., unspecified ear") must all
appear in the documentation. Abbreviations coders meet in notes are mapped to the words.
"""

from __future__ import annotations

import re

#: Documentation abbreviations -> the word used in ICD-10-CM descriptions.
SYNONYMS: dict[str, str] = {
    "rt": "right", "lt": "left", "bilat": "bilateral", "both": "bilateral",
    "bil": "bilateral", "ant": "anterior", "chr": "chronic", "init": "initial",
    "subseq": "subsequent", "sequelae": "sequela",
}
#: Words that carry no distinction between siblings.
STOP_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "due", "for", "from", "in", "is", "of", "on", "or",
    "other", "the", "to", "unspecified", "specified", "site", "type", "nos", "nec", "not",
    "elsewhere", "classified", "with", "without", "encounter", "part",
})
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> set[str]:
    """Lower-case words of ``text`` with abbreviations expanded."""
    return {SYNONYMS.get(w, w) for w in _WORD.findall((text or "").lower())}


def distinguishing(description: str, base: str) -> set[str]:
    """Words of ``description`` that ``base`` lacks, without stop words."""
    return words(description) - words(base) - STOP_WORDS


def more_specific(documentation: str, description: str,
                  siblings: tuple[tuple[str, str], ...]) -> list[str]:
    """Sibling codes the documentation points to, best first.

    Args:
        documentation: the visit's documentation text.
        description: description of the unspecified code in use.
        siblings: (code, description) of the other codes under the same parent.

    Returns:
        Less vague codes (fewer "unspecified") whose distinguishing words all occur in the
        documentation; only those with the most matched words (ties are all returned, at
        most three).
    """
    doc = words(documentation)
    if not doc:
        return []
    vagueness = description.lower().count("unspecified")
    scored: list[tuple[int, str]] = []
    for code, text in siblings:
        if text.lower().count("unspecified") >= vagueness:
            continue
        extra = distinguishing(text, description)
        if extra and extra <= doc:
            scored.append((len(extra), code))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [code for score, code in scored if score == best][:3]
