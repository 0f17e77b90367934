"""Mermaid ``journey`` text as mermaid itself reads it: preprocessing, entities and the journey grammar.

This mirrors mermaid 11's pipeline step by step (``preprocess.ts``, ``utils.encodeEntities``
and ``diagrams/user-journey/parser/journey.jison``) so that a diagram mermaid accepts is read
with the same title, sections, tasks, scores and actors:

1. ``\\r\\n`` becomes ``\\n``; YAML front matter (``---`` ... ``---``) is cut off and its
   ``title:`` kept; ``%%{...}%%`` directives (over any number of lines) are removed; whole-line
   ``%%`` comments are removed.
2. Entity codes ``#NNN;`` and ``#name;`` are opaque text to the grammar and decoded afterwards
   as a browser decodes ``&#NNN;`` / ``&name;`` (so ``#0;`` is U+FFFD, never NUL).
3. The lexer is jison's: rules tried in order at each token start, keywords in any case,
   ``#`` starts a comment, ``;`` is refused; a task is ``name`` then ``:data`` on one line.

Every step is a single forward scan (``str.find`` and character-class searches, no
backtracking patterns), so the work is linear in the text's length.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import FormatError

__all__ = [
    "JS_SPACE",
    "Origin",
    "Statement",
    "decode_entities",
    "front_matter_title",
    "js_trim",
    "preprocess",
    "statements",
]

# JavaScript's \s (mermaid's lexer and its trim()), which is not Python's str.isspace().
JS_SPACE = frozenset(
    " \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))
)
_ENTITY = re.compile(r"#[A-Za-z0-9_]+;")  # mermaid's /#\w+;/ (JS \w is ASCII)
_STOP_TASK = re.compile(r"[#:\n;]")
_STOP_TITLE = re.compile(r"[#\n;]")
_LINE_BREAK = re.compile("[\n\u2028\u2029]")
_HTML_ATTRIBUTE = re.compile(r'="([^"]*)"')
_MAX_DIGITS = 10  # a longer code point is past U+10FFFF anyway: U+FFFD, without int() of a huge string


@dataclass(frozen=True)
class Statement:
    """One statement of the journey grammar: ``kind`` is title, accTitle, accDescr, section or task.

    ``text`` is raw (entities not yet decoded); a task's ``data`` is what follows its first colon.
    """

    kind: str
    text: str
    line: int
    data: str = ""


def js_trim(text: str) -> str:
    """``text.trim()`` as JavaScript does it (its whitespace, not Python's)."""
    start, end = 0, len(text)
    while start < end and text[start] in JS_SPACE:
        start += 1
    while end > start and text[end - 1] in JS_SPACE:
        end -= 1
    return text[start:end]


def _word(char: str) -> bool:
    """JavaScript's ``\\w`` (ASCII letters, digits, underscore)."""
    return char.isascii() and (char.isalnum() or char == "_")


def _quote_attributes(text: str) -> str:
    # mermaid's cleanupText: inside <tag ...>, attr="x" becomes attr='x'. One pass with find().
    out: list[str] = []
    at = 0
    while True:
        start = text.find("<", at)
        if start < 0:
            break
        end = start + 1
        while end < len(text) and _word(text[end]):
            end += 1
        close = text.find(">", end) if end > start + 1 else -1
        if end == start + 1:
            out.append(text[at : start + 1])
            at = start + 1
            continue
        if close < 0:
            break  # no '>' left: no later '<' can start a tag either
        out.append(text[at:end] + _HTML_ATTRIBUTE.sub(r"='\1'", text[end:close]) + ">")
        at = close + 1
    out.append(text[at:])
    return "".join(out)


def _front_matter(text: str) -> tuple[str, list[str] | None]:
    """(text after the front matter, its lines) as mermaid's frontMatterRegex cuts it."""
    if not text.startswith("---"):
        return text, None
    first_end = text.find("\n")
    if first_end < 0 or any(c not in JS_SPACE for c in text[3:first_end]):
        return text, None
    at, body = first_end + 1, list[str]()
    while True:
        end = text.find("\n", at)
        if end < 0:
            return text, None  # never closed (or closed without a line break after): not front matter
        line = text[at:end]
        if body and line.startswith("---") and all(c in JS_SPACE for c in line[3:]):
            # Removed lines stay as blank ones, so line numbers in messages are the file's own.
            return "\n" * (len(body) + 2) + text[end + 1 :], body
        body.append(line)
        at = end + 1


def front_matter_title(lines: list[str]) -> str | None:
    """The top-level ``title:`` of front matter lines (a plain, single- or double-quoted scalar)."""
    for line in lines:
        if not line.startswith("title") or not line[5:].lstrip(" \t").startswith(":"):
            continue
        value = line[5:].lstrip(" \t")[1:].strip()
        if len(value) >= 2 and value[0] == value[-1] == "'":
            return value[1:-1].replace("''", "'")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            try:  # YAML's double-quoted escapes are JSON's (and a few more, rare in a title)
                decoded: str = json.loads(value)
                return decoded
            except ValueError:
                return value[1:-1]
        comment = value.find(" #")
        return (value[:comment] if comment >= 0 else value).strip() or None
    return None


def _directive_spans(text: str) -> list[tuple[int, int]]:
    """What mermaid's directiveRegex removes, found step by step (the regex itself backtracks).

    ``%%{ word[:] word-or-anything-up-to-}%% }%%``: after the word (and its colon) comes one more word,
    or everything up to ``}%%`` (lines included; U+2028/U+2029 stop it, as JavaScript's ``.`` does),
    then an optional ``}%%``.
    """
    spans: list[tuple[int, int]] = []
    at = 0
    while True:
        start = text.find("%%{", at)
        if start < 0:
            return spans
        word = _skip_space(text, start + 3)
        end = _word_end(text, word)
        if end == word:  # no word: not a directive; mermaid's lexer sees this text
            at = start + 1
            continue
        after = _skip_space(text, end)
        end = _skip_space(text, after + 1 if after < len(text) and text[after] == ":" else end)
        if _word_end(text, end) > end:
            end = _word_end(text, end)
        else:
            close = text.find("}%%", end)
            close = len(text) if close < 0 else close
            # Searched only up to the close, so many directives stay linear.
            stops = [i for i in (text.find("\u2028", end, close), text.find("\u2029", end, close)) if i >= 0]
            end = min(stops, default=close)
        end = _skip_space(text, end)
        if text.startswith("}%%", end):
            end += 3
        spans.append((start, end))
        at = end


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in JS_SPACE:
        at += 1
    return at


def _word_end(text: str, at: int) -> int:
    while at < len(text) and _word(text[at]):
        at += 1
    return at


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """What mermaid's cleanupComments removes: ``/^\\s*%%(?!{)[^\\n]+\\n?/gm``, scanned without backtracking.

    In JavaScript's multiline mode a line starts after ``\\n`` and also after U+2028/U+2029, and
    ``\\s*`` may run over blank lines.
    """
    spans: list[tuple[int, int]] = []
    line_start = 0
    while line_start < len(text):
        first = _skip_space(text, line_start)
        if text.startswith("%%", first) and first + 2 < len(text) and text[first + 2] not in "{\n":
            newline = text.find("\n", first)
            end = len(text) if newline < 0 else newline + 1
            spans.append((line_start, end))
            line_start = end
            continue
        # Every line starting before `first` skips to the same `first`: go straight past it (linear).
        line_start = _next_line_start(text, first)
    return spans


def _next_line_start(text: str, at: int) -> int:
    """Where the next line starts after ``at`` (after \\n, U+2028 or U+2029), or the text's end."""
    found = _LINE_BREAK.search(text, at)
    return len(text) if found is None else found.end()


@dataclass(frozen=True)
class Origin:
    """Where preprocessed text came from: the text before the cuts and, per cut, the offsets to undo them.

    Mermaid removes comments and directives outright (a keyword's white space may then run into the
    next line), so the reader does too, and maps positions back for line numbers in messages.
    """

    text: str
    cuts: tuple[tuple[list[int], list[int]], ...]  # last cut first: (output starts, shift from there on)

    def position(self, at: int) -> int:
        """The position in :attr:`text` of position ``at`` of the preprocessed text."""
        for starts, shifts in self.cuts:
            index = bisect.bisect_right(starts, at) - 1
            at += shifts[index] if index >= 0 else 0
        return at


def _cut(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[list[int], list[int]]]:
    out: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    at = length = shift = 0
    for start, end in spans:
        out.append(text[at:start])
        length += start - at
        shift += end - start
        starts.append(length)
        shifts.append(shift)
        at = end
    out.append(text[at:])
    return "".join(out), (starts, shifts)


def preprocess(text: str) -> tuple[str, str | None, Origin]:
    """(the diagram text mermaid's grammar sees, the front matter's title, where its positions came from)."""
    text = _quote_attributes(text.replace("\r\n", "\n").replace("\r", "\n"))
    text, front = _front_matter(text)
    title = None if front is None else front_matter_title(front)
    without_directives, first = _cut(text, _directive_spans(text))
    code, second = _cut(without_directives, _comment_spans(without_directives))
    return code + "\n", title, Origin(text, (second, first))


def decode_entities(text: str, unknown: list[str] | None = None) -> str:
    """Mermaid entity codes decoded as mermaid's page shows them (``#name;`` is shown as ``&name;``).

    Unknown names are shown as ``&name;`` by the page too; they are listed in ``unknown``.
    """

    def one(match: re.Match[str]) -> str:
        name = match.group()[1:-1]
        if name.isdigit():
            return "\ufffd" if len(name) > _MAX_DIGITS else html.unescape(f"&#{name};")
        decoded = html.unescape(f"&{name};")
        if decoded == f"&{name};" and unknown is not None:
            unknown.append(match.group())
        return decoded

    return _ENTITY.sub(one, text)


class _Lexer:
    """journey.jison's lexer over preprocessed text, entity codes skipped as opaque text."""

    def __init__(self, text: str, source: str, origin: Origin | None) -> None:
        self.text = text
        self.source = source
        self.origin = origin or Origin(text, ())
        self.entity_end = {m.start(): m.end() for m in _ENTITY.finditer(text)}
        self._counted = (0, 1)  # (position, its line): tokens come in order, so counting stays linear

    def line_of(self, at: int) -> int:
        """The 1-based line, in the file, of position ``at``."""
        at = min(self.origin.position(at), len(self.origin.text))
        done, line = self._counted if at >= self._counted[0] else (0, 1)
        line += self.origin.text.count("\n", done, at)
        self._counted = (at, line)
        return line

    def run(self, at: int, stops: re.Pattern[str]) -> int:
        """End of the longest run from ``at`` holding no stop character (entity codes do not stop it)."""
        while True:
            found = stops.search(self.text, at)
            if found is None:
                return len(self.text)
            end = self.entity_end.get(found.start())
            if end is None:
                return found.start()
            at = end

    def error(self, at: int, problem: str) -> FormatError:
        line = self.line_of(at)
        start = self.text.rfind("\n", 0, at) + 1
        end = self.text.find("\n", at)
        shown = self.text[start : end if end >= 0 else len(self.text)]
        return FormatError(f"{self.source}: line {line} ({shown[:60]!r}): {problem}")

    def keyword(self, at: int, word: str) -> bool:
        return self.text[at : at + len(word)].lower() == word

    def skip_space(self, at: int, newlines: bool = True) -> int:
        while at < len(self.text) and self.text[at] in JS_SPACE and (newlines or self.text[at] != "\n"):
            at += 1
        return at

    def to_line_end(self, at: int) -> int:
        end = self.text.find("\n", at)
        return len(self.text) if end < 0 else end

    def tokens(self) -> Iterator[tuple[str, str, int, int]]:
        """(kind, text, start, end) for each token: one branch per jison rule, in its order."""
        text, at = self.text, 0
        while at < len(text):
            char = text[at]
            if text.startswith("%%", at) and not text.startswith("{", at + 2):
                at = self.to_line_end(at)
            elif char != "}" and text.startswith("%%", at + 1):
                at = self.to_line_end(at + 1)
            elif char == "\n":
                end = at
                while end < len(text) and text[end] == "\n":
                    end += 1
                yield "newline", "", at, end
                at = end
            elif char in JS_SPACE:
                at = self.skip_space(at)
            elif char == "#" and at not in self.entity_end:
                at = self.to_line_end(at)
            elif self.keyword(at, "journey") and not (at + 7 < len(text) and _word(text[at + 7])):
                # jison gives a literal rule ending in a letter an implicit \b: "journeyX" is a name
                yield "journey", "", at, at + 7
                at += 7
            elif (
                self.keyword(at, "title")
                and at + 5 < len(text)
                and text[at + 5] in JS_SPACE
                and self._has_run(at + 6, _STOP_TITLE)
            ):
                end = self.run(at + 6, _STOP_TITLE)
                yield "title", text[at + 6 : end], at, end
                at = end
            elif (found := self._acc(at)) is not None:
                yield found
                at = found[3]
            elif (
                self.keyword(at, "section")
                and at + 7 < len(text)
                and text[at + 7] in JS_SPACE
                and self._has_run(at + 8, _STOP_TASK)
            ):
                end = self.run(at + 8, _STOP_TASK)
                yield "section", text[at + 8 : end], at, end
                at = end
            elif char == ":":
                end = self.run(at + 1, _STOP_TITLE)
                if end == at + 1:
                    raise self.error(at, "a ':' with no score after it")
                yield "data", text[at + 1 : end], at, end
                at = end
            elif char == ";":
                raise self.error(at, "';' is not allowed here (write #59; for a semicolon in a name)")
            else:
                end = self.run(at, _STOP_TASK)
                yield "name", text[at:end], at, end
                at = end

    def _has_run(self, at: int, stops: re.Pattern[str]) -> bool:
        return at < len(self.text) and self.run(at, stops) > at

    def _acc(self, at: int) -> tuple[str, str, int, int] | None:
        for word, kind in (("acctitle", "accTitle"), ("accdescr", "accDescr")):
            if not self.keyword(at, word):
                continue
            after = self.skip_space(at + 8)
            if after < len(self.text) and self.text[after] == ":":
                start = self.skip_space(after + 1)
                end = self.to_line_end(start)
                return kind, self.text[start:end], at, end
            if kind == "accDescr" and after < len(self.text) and self.text[after] == "{":
                start = self.skip_space(after + 1)
                close = self.text.find("}", start)
                if close < 0:
                    raise self.error(at, "'accDescr {' is never closed with '}'")
                return "accDescrBlock", self.text[start:close], at, close + 1
        return None


def statements(text: str, source: str, origin: Origin | None = None) -> Iterator[Statement]:
    """The statements of preprocessed journey text, checked against the grammar.

    Raises :class:`FormatError` naming the line where mermaid's parser would fail too.
    """
    lexer = _Lexer(text, source, origin)
    tokens = lexer.tokens()
    first = next(tokens, None)
    while first is not None and first[0] == "newline":  # mermaid trims the start (our blank lines kept numbering)
        first = next(tokens, None)
    # mermaid's detector wants "journey" in lower case (/^\s*journey/); its lexer then takes any case.
    if first is None or first[0] != "journey" or text[first[2] : first[3]] != "journey":
        shown = text.strip().split("\n", 1)[0][:40]
        raise FormatError(f"{source}: a Mermaid journey starts with the line 'journey', not {shown or 'nothing'!r}")
    pending: tuple[str, int] | None = None
    for kind, value, start, _end in tokens:
        if pending is not None:
            name, at = pending
            if kind != "data":
                raise lexer.error(at, f"task {js_trim(name)[:40]!r} needs ': <score>' after its name")
            yield Statement("task", name, lexer.line_of(at), value)
            pending = None
        elif kind == "name":
            pending = (value, start)
        elif kind == "data":
            raise lexer.error(start, "a ':' with no task name before it")
        elif kind == "journey":
            raise lexer.error(start, "'journey' may only start the diagram (write #106;ourney for a name starting so)")
        elif kind != "newline":
            yield Statement(kind, value, lexer.line_of(start))
    if pending is not None:
        raise lexer.error(pending[1], f"task {js_trim(pending[0])[:40]!r} needs ': <score>' after its name")
