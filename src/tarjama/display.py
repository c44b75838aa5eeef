"""Text for people's terminals: what a catalog, a memory or a file name holds, shown so that
it cannot drive the terminal.

A msgstr can hold ``ESC [2J`` (clear the screen), an OSC sequence (set the window title, or
write to the clipboard on some terminals), or a carriage return that sends the cursor back to
overwrite a line already printed (a forged ``0 error(s)``). Every line tarjama prints for
people goes through :func:`for_terminal`, which shows such characters as escapes
(``\\x1b``, ``\\r``, ``\\u202e``) whether or not the output is a terminal: a log read later
with ``cat`` or ``less -R`` is a terminal too. Machine formats (JSON, GitHub annotations, and
the PO, TMX and text files tarjama writes) keep every character as it is.

What is escaped, and why:

- C0 controls except newline and tab, DEL, and C1 controls (U+0080-U+009F, which some
  terminals read as ESC sequences): they drive terminals and print nothing.
- U+2028 and U+2029 (line and paragraph separators): some terminals and editors break the
  line there, so one field could look like two lines.
- The bidi overrides U+202D and U+202E: they reverse the displayed order of what follows
  ("Trojan source"); a translation has no use for them (the bidi-controls check reports them).
- Bidi embeddings and isolates (U+202A-U+202C, U+2066-U+2069) only when they are not paired
  within their line: paired, they are how correct Arabic text shows "+1" or a Latin name, and
  they stay; unpaired, their direction would leak into the rest of the line (the location,
  the next field).
- Never escaped: LRM, RLM and ALM (U+200E, U+200F, U+061C), which only place neutral
  characters and are everywhere in correct Arabic text, ZWJ and ZWNJ (Persian and Arabic
  spelling), tatweel, and every letter and mark of every script.

Newlines stay by default (the formats are made of lines); ``newlines=False`` shows them as
``\\n``, for a field that must stay on its line (a msgstr inside a report line). A backslash
is left as it is: the escapes make a control visible, they are not a reversible encoding.
"""

from __future__ import annotations

import re

# Every character that may be escaped (the embeddings and isolates only when unpaired).
_SUSPECT_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ALWAYS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202d\u202e]")
_PAIRED_RE = re.compile("[\u202a-\u202c\u2066-\u2069]")
# Openers and the closer that ends each: PDF ends an embedding, PDI an isolate.
_CLOSER = {"\u202a": "\u202c", "\u202b": "\u202c", "\u2066": "\u2069", "\u2067": "\u2069",
           "\u2068": "\u2069"}
_NAMED = {"\r": "\\r", "\n": "\\n", "\t": "\\t"}


def _escape(char: str) -> str:
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _unpaired(line: str) -> set[int]:
    """Positions in ``line`` of embedding and isolate controls that are not paired."""
    stack: list[tuple[str, int]] = []
    lone: set[int] = set()
    for found in _PAIRED_RE.finditer(line):
        char, at = found.group(), found.start()
        if char in _CLOSER:
            stack.append((char, at))
        elif stack and _CLOSER[stack[-1][0]] == char:
            stack.pop()
        else:
            lone.add(at)
    lone.update(at for _, at in stack)
    return lone


def _line_for_terminal(line: str) -> str:
    lone = _unpaired(line) if _PAIRED_RE.search(line) else set()
    if not lone:
        return _ALWAYS_RE.sub(lambda m: _escape(m.group()), line)
    return "".join(_escape(char) if at in lone or _ALWAYS_RE.match(char) else char
                   for at, char in enumerate(line))


def for_terminal(text: str, *, newlines: bool = True) -> str:
    """``text`` with every character that could drive a terminal shown as an escape (see
    the module's documentation); newlines kept unless ``newlines`` is false."""
    if not _SUSPECT_RE.search(text):
        # Almost every text: nothing to look at.
        return text if newlines else text.replace("\n", "\\n")
    joint = "\n" if newlines else "\\n"
    return joint.join(_line_for_terminal(line) for line in text.split("\n"))
