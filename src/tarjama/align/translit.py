"""Arabic and Latin words reduced to comparable consonant skeletons, for matching names.

``باتريك رايدر`` and ``Patrick Ryder`` both become ``btrk rdr``: vowels, semi-vowels and the
letters Arabic has no equivalent for are folded so a transliterated name meets its original.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tarjama.languages import ARABIC_CLITIC_PREFIXES

# Each Arabic letter maps to the consonant class an English transliteration would use; long
# vowels, hamza carriers, ain and teh marbuta vanish because English spellings drop or vary them.
# s and z share a class: Arabic writes an English voiced s with zain (Dalhousie: دالهوزي).
_ARABIC_CLASSES: dict[str, str] = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "g", "غ": "g", "گ": "g",
    "ح": "h", "ه": "h", "خ": "k", "ك": "k", "ق": "k", "د": "d", "ض": "d", "ذ": "s",
    "ز": "s", "ظ": "s", "ر": "r", "س": "s", "ص": "s", "ش": "s", "ف": "f", "ڤ": "f",
    "ل": "l", "م": "m", "ن": "n",
    "ا": "", "أ": "", "إ": "", "آ": "", "ٱ": "", "ء": "", "ؤ": "", "ئ": "", "ى": "",
    "ة": "", "ع": "", "و": "", "ي": "",
}

# English digraphs first (``ph`` is one sound), then single letters.
_LATIN_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("sh", "s"), ("ch", "s"), ("th", "t"),
                   ("kh", "k"), ("gh", "g"), ("qu", "k"), ("x", "ks"))
_LATIN_CLASSES = str.maketrans({
    "p": "b", "v": "f", "c": "k", "q": "k", "j": "g", "z": "s", "w": "", "y": "",
    "a": "", "e": "", "i": "", "o": "", "u": "",
})
_SOFT_C_RE = re.compile(r"c(?=[eiy])")
_REPEAT_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def arabic_skeleton(word: str) -> str:
    """The consonant skeleton of one Arabic word: ``باتريك`` -> ``btrk``."""
    # English ch is written تش (Chad: تشاد), and English ch folds to s below.
    skeleton = "".join(_ARABIC_CLASSES.get(char, "") for char in word.replace("تش", "ش"))
    return _REPEAT_RE.sub(r"\1", skeleton)


@lru_cache(maxsize=65536)
def latin_skeleton(word: str) -> str:
    """The consonant skeleton of one Latin-script word: ``Patrick`` -> ``btrk``."""
    lowered = _SOFT_C_RE.sub("s", word.lower())
    for digraph, sound in _LATIN_DIGRAPHS:
        lowered = lowered.replace(digraph, sound)
    lowered = lowered.translate(_LATIN_CLASSES)
    skeleton = "".join(char for char in lowered if "a" <= char <= "z")
    return _REPEAT_RE.sub(r"\1", skeleton)


@lru_cache(maxsize=131072)
def arabic_word_skeletons(word: str) -> frozenset[str]:
    """Skeletons of an Arabic word with and without a leading clitic (a name is looked up
    both ways: البنتاغون, وواشنطن)."""
    found = {arabic_skeleton(word)}
    for prefix in ARABIC_CLITIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            found.add(arabic_skeleton(word[len(prefix):]))
    return frozenset(found)
