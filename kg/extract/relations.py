"""Relation rules: regular expressions over clauses whose entity mentions are placeholders.

A sentence is cut into clauses (at commas and colons). In each clause every entity
mention becomes one placeholder character, so a rule such as ``<S>…{=block}了?‥<O>``
(``kg/data/relation_rules.tsv``) reads "a subject, a few words, a blocking trigger,
an object" — whatever the names are. Lists (``A、B和C等``, or names side by side:
``淘宝天猫``) fill one group and the fact is stated for each member. A clause that
starts with an adverb or a verb (``…，随后也屏蔽了淘宝的链接``) takes the subject of the
clause before it, the usual Chinese topic chain.

>>> from kg.model import Entity
>>> a, b = Entity("a", "甲公司", "Company", False), Entity("b", "乙平台", "Platform", False)
>>> s = "甲公司屏蔽了乙平台的链接"
>>> [(f.subject.label, f.relation, f.object.label) for f in find_relations(s, [(0, 3, a), (6, 9, b)])]
[('甲公司', 'blocked', '乙平台')]
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from kg.errors import OntologyError
from kg.extract.lexicon import DESCRIPTION_NOUNS, alt_pattern, type_words
from kg.model import Entity
from kg.resources import data_rows
from kg.vocab import RELATIONS

#: The character that stands for one entity mention in a clause.
PLACE = "\ue000"
# (A、B等电商平台，C、D等本地生活服务: groups of one list, each closed by 等 and its kind, joined by a comma)
_LIST_SEP = ("(?:、|和|与|及|以及|[，,]\\s*以及|跟|/|\\+|＋|及其|甚至|乃至"
             f"|等[^{PLACE}，,。；;：:]{{1,10}}[，,]\\s*(?:以及|还有|和|及)?(?=[^{PLACE}，,。；;]{{0,2}}{PLACE}[^，,。；;]*?等))")
# A member may carry a gloss (星河科技(仓储机器人)) and, after a separator, a modifier that ends
# in a type word (…、视频类腾讯视频、直播软件Luna Live).
_MEMBER_GLOSS = f"(?:[(（][^(){PLACE}（）]{{1,15}}[)）])?"
# (and a space before a Latin name: 与美国初创公司 Veltrane Inc和泰国能源集团 Siamra PCL)
_MEMBER_MOD = (f"(?:[^{PLACE}、，,。；;：:！!？?(（]{{0,8}}?(?:类|版|软件|平台|应用|App|APP|产品|品牌|公司|集团|企业|机构|服务|"
               + "|".join(DESCRIPTION_NOUNS) + ")\\s?)?")
# an owner before the first member (封禁了X旗下的Y, 收购了X旗下的游戏公司Y): the owner is no member
_OWNER_BEFORE = f"(?:{PLACE}(?:集团|公司)?旗下的?[^{PLACE}、，,。；;：:]{{0,6}}?)"
# quoted members side by side: “A”、“B”等, 《A》《B》 (the first member's opening quote stays outside the
# list, so that a rule's own quote before a slot still matches)
_QUOTED_MEMBER = f"[“\"「『《]{PLACE}[”\"」』》]"
# a member no name was found for, between two that are names (A、Global Link Network(含…)、B): skipped, the
# list goes on
_UNNAMED = f"[^{PLACE}、，,。；;：:！!？?]{{1,40}}?"
_UNNAMED_MEMBER = f"(?:、{_UNNAMED}(?=、(?:{PLACE}|{_QUOTED_MEMBER})))"
_LIST = (f"{_OWNER_BEFORE}?{PLACE}(?:[”\"」』》](?=(?:{_LIST_SEP})?[“\"「『《]{PLACE}))?{_MEMBER_GLOSS}"
         f"(?:(?:{_LIST_SEP}{_MEMBER_MOD}|{_LIST_SEP}?)(?:{PLACE}|{_QUOTED_MEMBER}){_MEMBER_GLOSS}|{_UNNAMED_MEMBER})*(?:等)?")
_OWNER_AT = re.compile(f"{PLACE}(?:集团|公司)?旗下")
_OWNED_BEFORE = re.compile("旗下的?$")
_PHRASE_JOIN = re.compile(r"\s*(?:与|和|跟|同|以及|及)\s*")
_TAIL_LIST = re.compile(f"{PLACE}(?:{_LIST_SEP}?{PLACE})*\\s*$")
_STOP = "。；;！!？?\n"
# White space between two CJK characters separates (a headline's parts, 蚂蚁套现离场 哈啰CEO…): it cuts
# a clause as a comma does. Between CJK and Latin it only pads, and the text rules read has none.
_CJK_SPACE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")
_COMMAS = "，,：:"
_GAP = f"[^{PLACE}{_STOP}{_COMMAS}]{{0,20}}?"
_SHORT_GAP = f"[^{PLACE}{_STOP}{_COMMAS}]{{0,6}}?"
_WIDE_GAP = f"[^{PLACE}{_STOP}]{{0,40}}?"
_GROUPS = "SOPX"
#: words ending in 在 or 于 after which a name is no place (低于B的X: a comparison; 由于, 对于 …)
_NO_PLACE_BEFORE = ("早在", "低于", "高于", "多于", "少于", "大于", "小于", "优于", "次于", "等于", "由于", "对于",
                    "关于", "基于", "至于", "鉴于", "属于", "在于", "源于", "领先于", "落后于")
# A subject never directly follows a preposition of place or source.
_NOT_PLACE = ("(?:(?<![在于从])|" + "|".join(f"(?<={w})" for w in _NO_PLACE_BEFORE)
              + ")(?<!通过)(?<!借助)(?<!依托)(?<!经由)")
# A clause about a part of an organisation whose owner it does not name: 到家服务板块包括…
_UNITS_OPENING = r"[^，,。；;：:\ue000]{0,10}?(?:业务|板块|类别|品牌|子公司)(?:包括|包含|涵盖|为|有|分别为)"
# A clause that opens with a demonstrative phrase (这支…, 该公司…) is about the current topic.
_DEMONSTRATIVE = re.compile(r"^\s*(?:这|该|此)(?:支|家|个|款|只|位|项|一)")
# The kind word a clause may open with to name the topic again (朗月商城… 改版后，商城新增了…).
_HEAD_WORD = re.compile(r"^\s*(?:该|这家|这个)?(商城|平台|公司|集团|应用|App|APP|银行|社区|网站|钱包)(?=[也还又并已将均都正在于从对向与和]|新增|推出|上线|接入|支持|宣布)")


def _names_head(clause: str, topic) -> bool:
    """Whether ``clause`` opens with the kind word that ends the topic's name (商城 for 朗月商城)."""
    m = _HEAD_WORD.match(clause)
    return m is not None and bool(topic) and topic[-1][2].label.endswith(m.group(1))


# Adverbs that open a clause whose next word is its new topic (而字节跳动则是…, 同时X…); unlike 由, 将,
# 成为, which make the name after them the agent or object of what follows.
_ADVERBS_ONLY = re.compile(r"^\s*(?:也|还|又|并|就|则|而|但|却|便|再|均|都|随后|随即|同时|此后|后来|目前|如今|近日|日前|今日|今天"
                           r"|已经|已|曾|曾经|正|正在|首次|另外|此外|而且|并且|其中|与此同时)+\s*$")
# A time phrase that may open a clause going on about the topic (下半年又清仓了…, 次年出任…).
_TIME_OPENING = (r"(?:(?:上|下)半年|今年|去年|前年|明年|同年|次年|当年|年初|年底|年中|年末|此后|随后|"
                 r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|[一二三四五六七八九十两]+(?:年|个月)后)?")
# What may stand before a clause's topic: nothing, or adverbs only (也, 随后 …).
_TOPIC_PREFIX: re.Pattern[str] | None = None
# …or the kind the name is of, written before it (芯片设计公司沃川微电宣布…, 通用人工智能公司X也…): an
# apposition, not a preposition's object (由芯片公司X领投).
_KIND_PREFIX = re.compile(r"^\s*(?![由被向对与和跟同将把在从给为据])[^\ue000，,。；;：:、“”「」]{0,12}?"
                          r"(?:公司|企业|厂商|机构|平台|品牌|应用|App|APP|独角兽|初创公司|创企|巨头|车企|芯片商)$")


#: Relations between parties: a feature of a product (公众号, 朋友圈) is none (栖云支付微信公众号公布与鹭岛银行…:
#: the account speaks for 栖云支付, it does not partner).
_PARTIES_ONLY = frozenset({"partneredWith", "competesWith"})


@dataclass(frozen=True)
class Rule:
    """One line of ``relation_rules.tsv``, compiled."""

    id: str
    emits: tuple[tuple[str, str, str, bool], ...]  # (relation, subject group, object group, veto)
    types: dict[str, tuple[frozenset[str], bool]]  # group -> (classes, negated)
    confidence: float
    #: The expanded regular expression; compiled on first use (:attr:`regex`), since a build
    #: tries only the rules whose needed strings a sentence holds, and compiling all of them
    #: cost every process about 1.5 s of start-up.
    pattern: str
    wide: bool
    presupposed: bool = False
    #: One of these strings stands in every sentence the rule can match (None: no such set).
    needs: frozenset[str] | None = None

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


@dataclass(frozen=True)
class RawFact:
    """A fact found in one sentence; offsets index the sentence."""

    subject: Entity
    relation: str
    object: Entity
    rule: str
    confidence: float
    trigger_start: int
    trigger_end: int
    subject_start: int
    role: str | None = None
    presupposed: bool = False
    object_start: int = -1


#: Families of triggers.tsv whose words mark no fact themselves: topic-chain adverbs, the
#: comitative 与/和, role words, and modifiers written before a name (全新的).
NOT_TRIGGERS = frozenset({"carry", "with", "role", "modifier"})
#: Families of nouns (投资方, 对手, 子公司): they mark a fact, but no name stands before them as
#: the subject of a verb.
NOUN_FAMILIES = frozenset({"acquirer", "investor", "rival", "parent", "subsidiary", "investee", "partner_noun",
                           "founder", "payment_method", "launcher"})


@dataclass(frozen=True)
class Note:
    """Why a rule that matched a sentence gave no fact (``kg explain`` reads these)."""

    sentence: str
    rule: str
    reason: str  # types, subject, veto, payment
    detail: str


_TRACE: contextvars.ContextVar[list[Note] | None] = contextvars.ContextVar("kg_relation_trace", default=None)


@contextlib.contextmanager
def tracing() -> Iterator[list[Note]]:
    """Collect a :class:`Note` for each rule match that gave no fact, while the block runs."""
    notes: list[Note] = []
    token = _TRACE.set(notes)
    try:
        yield notes
    finally:
        _TRACE.reset(token)


_KINDS = (("an organisation", frozenset({"Company", "InvestmentFirm", "GovernmentAgency", "Organization"})),
          ("a product", frozenset({"Product", "App", "MiniProgram", "Platform", "Feature", "PaymentService",
                                   "AdPlatform", "AIModel", "Chip"})))


def _kinds(classes: frozenset[str]) -> str:
    """Classes in words: the ontology's groups by name, the rest one by one."""
    words, rest = [], set(classes)
    for word, group in _KINDS:
        if group <= rest:
            words.append(word)
            rest -= group
    return " or ".join(words + sorted(rest))


def _note(sentence: str, rule: str, reason: str, detail: str) -> None:
    notes = _TRACE.get()
    if notes is not None:
        notes.append(Note(sentence, rule, reason, detail))


@functools.cache
def triggers() -> dict[str, tuple[str, ...]]:
    """Trigger words by family (``triggers.tsv``), longest first; ``role`` comes from ``roles.tsv``."""
    families: dict[str, list[str]] = {}
    for row in data_rows("triggers.tsv"):
        families.setdefault(row[0], []).append(row[1])
    families["role"] = list(roles())
    return {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in families.items()}


@functools.cache
def roles() -> dict[str, str]:
    """Role word → the role label stored on a ``leads`` statement (``roles.tsv``)."""
    return {row[0]: row[1] for row in data_rows("roles.tsv")}


def _alternation(words: Sequence[str]) -> str:
    return "(?:" + alt_pattern(words) + ")"  # longest first, as a trie


def _expand(pattern: str, where: str) -> str:
    families = triggers()

    def family(m: re.Match[str]) -> str:
        marked, name = m.group(1), m.group(2)
        if name not in families:
            raise OntologyError(f"unknown trigger family {{{name}}}", where=where,
                                fix="add it to kg/data/triggers.tsv")
        alt = _alternation(families[name])
        return f"(?P<T>{alt})" if marked else alt

    out = re.sub(r"\{(=?)([a-z_]+)\}", family, pattern)
    out = out.replace("……", "\x01").replace("…", "\x02").replace("‥", "\x03")
    out = re.sub(r"(?<!\?P)<([SOPX])(1?)>", lambda m: (_NOT_PLACE if m.start() == 0 and m.group(1) == "S" else "")
                 + f"(?P<{m.group(1)}>{PLACE if m.group(2) else _LIST})", out)
    return out.replace("\x01", _WIDE_GAP).replace("\x02", _GAP).replace("\x03", _SHORT_GAP)


def _parse_types(text: str, macros: dict[str, str], where: str) -> dict[str, tuple[frozenset[str], bool]]:
    types = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        group, _, spec = part.partition("=")
        negated = spec.startswith("!")
        names: set[str] = set()
        for name in spec.lstrip("!").split("|"):
            if name.startswith("@"):
                if name[1:] not in macros:
                    raise OntologyError(f"unknown class set {name}", where=where,
                                        fix="define it in a line '@NAME<TAB>Class|Class'")
                names.update(macros[name[1:]].split("|"))
            else:
                names.add(name)
        types[group.strip()] = (frozenset(names), negated)
    return types


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The compiled rules of ``kg/data/relation_rules.tsv``, in file order."""
    where = "kg/data/relation_rules.tsv"
    macros: dict[str, str] = {}
    presupposed: set[str] = set()
    compiled = []
    for row in data_rows("relation_rules.tsv"):
        if row[0].startswith("@"):
            macros[row[0][1:]] = row[1]
            continue
        if row[0] == "!presupposed":
            presupposed.update(row[1].split("|"))
            continue
        if len(row) != 5:
            raise OntologyError(f"rule {row[0]!r} has {len(row)} columns", where=where,
                                fix="use id, emits, types, confidence, pattern separated by tabs")
        rule_id, emits_text, types_text, confidence, pattern = row
        emits = []
        for emit in emits_text.split(","):
            veto = emit.startswith("!")
            relation, _, direction = emit.lstrip("!").partition(":")
            subject, _, obj = direction.partition(">")
            if relation not in RELATIONS:
                raise OntologyError(f"rule {rule_id!r} emits unknown relation {relation!r}",
                                    where=where, fix="use a relation of kg.vocab.RELATIONS")
            emits.append((relation, subject, obj, veto))
        try:
            regex = _checked(_expand(pattern, where))
        except re.error as err:
            raise OntologyError(f"rule {rule_id!r} is not a valid pattern: {err}", where=where,
                                fix="check the brackets and groups of the pattern") from err
        # a rule with …… or a comma of its own reads the whole sentence, as a frame does
        compiled.append(Rule(rule_id, tuple(emits), _parse_types(types_text, macros, where),
                             float(confidence), regex, "……" in pattern or "[，,]" in pattern.replace("[^", "")))
    compiled += frame_rules(macros)
    return tuple(dataclasses.replace(r, presupposed=r.id in presupposed, needs=required_strings(r.pattern))
                 for r in compiled)


def _checked(pattern: str) -> str:
    """``pattern`` when it parses as a regular expression (raises :class:`re.error` when not).

    Parsing finds the errors of a rule's text (brackets, groups, repeats) at load time; the
    compiled form is made on first use (:attr:`Rule.regex`)."""
    from re import _parser
    _parser.parse(pattern)
    return pattern


@functools.cache
def _needs_by_first_char() -> dict[str, tuple[str, ...]]:
    """Every string some rule needs (:attr:`Rule.needs`), by its first character."""
    index: dict[str, set[str]] = {}
    for rule in rules():
        for need in rule.needs or ():
            index.setdefault(need[0], set()).add(need)
    return {ch: tuple(needs) for ch, needs in index.items()}


def _present_needs(sentence: str) -> set[str]:
    """The rules' needed strings that stand in ``sentence``: each looked for once per sentence,
    and only when the sentence holds its first character (not once per rule)."""
    index = _needs_by_first_char()
    return {need for ch in set(sentence) for need in index.get(ch, ()) if need in sentence}


def required_strings(pattern: str) -> frozenset[str] | None:
    """Strings one of which stands in any text ``pattern`` matches, or ``None``.

    A rule is tried only on sentences that hold one of them: most rules need a trigger
    word the sentence does not have, and a regular expression that starts with a group is
    otherwise tried at every position. Strings with ``PLACE`` or ``、`` (which a rule's view
    of a sentence adds) are never required.

    >>> sorted(required_strings("(?P<S>x)(?:投资|入股)了?(?P<O>y)"))
    ['x入股y', 'x入股了y', 'x投资y', 'x投资了y']
    >>> sorted(required_strings("(?P<S>\ue000)(?:投资|入股)了?(?P<O>\ue000)"))
    ['入股', '投资']
    >>> sorted(required_strings("x?上(?:架|线了?)"))
    ['上架', '上线']
    >>> sorted(required_strings("a?(?:投资|入股)了?b?"))
    ['入股', '投资']
    >>> required_strings("a*b?") is None
    True
    """
    from re import _constants as c, _parser

    def exact(seq, cap: int = 400) -> set[str] | None:
        """Every string ``seq`` matches, when they are few (a trie of words)."""
        out = {""}
        for op, av in seq:
            if op is c.LITERAL:
                part = {chr(av)}
            elif op is c.IN and all(o is c.LITERAL for o, _ in av):
                part = {chr(v) for _, v in av}
            elif op is c.SUBPATTERN and not av[1] & c.SRE_FLAG_IGNORECASE:
                part = exact(av[3], cap)
            elif op is c.BRANCH:
                part = set()
                for alternative in av[1]:
                    found = exact(alternative, cap)
                    if found is None:
                        return None
                    part |= found
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
                found = exact(av[2], cap)
                part = None if found is None else found | {""}
            else:
                return None
            if part is None or len(out) * len(part) > cap:
                return None
            out = {a + b for a in out for b in part}
        return out

    def of(seq) -> frozenset[str] | None:
        best: frozenset[str] | None = None
        options = []
        acc = {""}  # the strings of the exact items read since the last other one

        def flush() -> None:
            if "" not in acc:
                options.append(frozenset(acc))

        for op, av in seq:
            words = exact([(op, av)])
            if words is not None:
                if "" not in words:
                    options.append(frozenset(words))  # alone, should the run hold PLACE
                if len(acc) * len(words) > 400:
                    flush()
                    acc = set(words)
                else:
                    acc = {x + y for x in acc for y in words}
                continue
            flush()
            acc = {""}
            found = item(op, av)
            if found is not None:
                options.append(found)
        flush()
        for found in options:
            if any(PLACE in x or "、" in x for x in found):
                continue
            if best is None or (min(map(len, found)), -len(found)) > (min(map(len, best)), -len(best)):
                best = found
        return best

    def item(op, av) -> frozenset[str] | None:
        if op is c.IN:
            if all(o is c.LITERAL for o, _ in av):
                return frozenset(chr(v) for _, v in av)
            return None
        if op is c.SUBPATTERN:
            _group, add_flags, _del, sub = av
            return None if add_flags & c.SRE_FLAG_IGNORECASE else of(sub)
        if op is c.BRANCH:
            out: set[str] = set()
            for alternative in av[1]:
                found = of(alternative)
                if found is None:
                    return None
                out |= found
            return frozenset(out)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            return of(sub) if low >= 1 else None
        return None

    found = of(_parser.parse(pattern))
    # a string that holds another of the set adds nothing to the test
    return None if found is None else frozenset(x for x in found if not any(y != x and y in x for y in found))


#: Confidence of a rule made from a frame: below the hand rules, which are more specific.
FRAME_CONFIDENCE = 0.7


def frame_rules(macros: dict[str, str]) -> list[Rule]:
    """The rules of ``kg/data/frames.tsv``: each frame crossed with each relation whose words fit it.

    A frame is a construction (passive with 被, a 由-agent, 对/向, 把/将, a relative clause, a
    list after 包括, an agent noun …); a relation brings its verbs or agent nouns and its
    classes. A new trigger word works in every frame; a new frame works for every relation.
    """
    where = "kg/data/frames.tsv"
    families = triggers()
    # a relation may have several lines, one per direction of its verbs: X 入驻 P (the thing
    # available is the agent) and P 接入 X (the host is)
    relations: list[tuple[str, dict[str, list[str]], str, str, str]] = []
    frames: list[tuple[str, str, str, frozenset[str] | None]] = []
    for row in data_rows("frames.tsv"):
        if row[0].startswith("%"):
            if len(row) != 8:
                raise OntologyError(f"relation line {row[0]!r} has {len(row)} columns", where=where,
                                    fix="use %relation, verbs, mutual verbs, agent nouns, patient nouns, "
                                        "subject classes, object classes, agent")
            name, verbs, mutual, nouns, patients, subject, obj, agent = row
            name = name[1:]
            if name not in RELATIONS:
                raise OntologyError(f"unknown relation {name!r}", where=where, fix="use a relation of kg.vocab")
            lexicon = {kind: [f for f in spec.split("|") if f != "-"]
                       for kind, spec in (("verb", verbs), ("mutual", mutual), ("noun", nouns), ("patient", patients))}
            for family in (f for fams in lexicon.values() for f in fams):
                if family not in families:
                    raise OntologyError(f"unknown trigger family {{{family}}}", where=where,
                                        fix="add it to kg/data/triggers.tsv")
            relations.append((name, lexicon, subject, obj, agent))
        elif len(row) in (3, 4):
            frames.append((row[0], row[1], row[2], frozenset(row[3].split("|")) if len(row) == 4 else None))
        else:
            raise OntologyError(f"frame {row[0]!r} has {len(row)} columns", where=where,
                                fix="use frame, kind, pattern separated by tabs")
    out = []
    seen: set[str] = set()
    for relation, lexicon, subject, obj, agent in relations:
        # a relation's later lines name their rules by their first word family: availableOn.frame.active.host
        suffix = "" if relation not in seen else "." + next(f for fams in lexicon.values() for f in fams)
        seen.add(relation)
        for frame, kind, pattern, only in frames:
            if only is not None and relation not in only:
                continue
            words = lexicon.get(kind)
            if words is None:
                raise OntologyError(f"frame {frame!r} has an unknown kind {kind!r}", where=where,
                                    fix="use verb, mutual, noun or patient")
            if not words:
                continue
            alternation = _alternation(sorted({w for f in words for w in families[f]}, key=lambda w: (-len(w), w)))
            marker = {"noun": "{N}", "patient": "{M}"}.get(kind, "{V}")
            # a verb inside an agent noun is not the verb: 投资 in 投资者, 收购 in 收购方
            body = pattern.replace(marker, f"(?P<T>{alternation})" + ("" if marker != "{V}" else "(?![者人方商股])"))
            body = body.replace("<A1>", "<S1>" if agent == "S" else "<O1>").replace("<A>", "<S>" if agent == "S" else "<O>")
            body = body.replace("<B1>", "<O1>" if agent == "S" else "<S1>").replace("<B>", "<O>" if agent == "S" else "<S>")
            rule_id = f"{relation}.frame.{frame}{suffix}"
            emits = ((relation, "S", "S", False),) if "<O" not in body else ((relation, "S", "O", False),)
            try:
                regex = _checked(_expand(body, where))
            except re.error as err:
                raise OntologyError(f"frame {frame!r} for {relation} is not a valid pattern: {err}", where=where,
                                    fix="check the brackets and groups of the pattern") from err
            types = _parse_types(f"S={subject};O={obj}" if agent == "S" else f"S={subject};O={obj}", macros, where)
            wide = "……" in pattern or "[，,]" in pattern.replace("[^", "")
            out.append(Rule(rule_id, emits, types, FRAME_CONFIDENCE, regex, wide))
    return out


@functools.cache
def rule_trigger_words() -> frozenset[str]:
    """Literal trigger words written inside rules (``(?P<T>隶属于|隶属)``), beside the families.

    The sentence pre-filter needs every word that can mark a fact, not only the families'.
    """
    words: set[str] = set()
    for row in data_rows("relation_rules.tsv"):
        if len(row) == 5:
            for group in re.findall(r"\(\?P<T>([^(){}\\\[\]]+)\)", row[4]):
                words.update(w for w in group.split("|") if w and not re.search(r"[.?*+^$]", w))
    # a kind word (支付, 平台, App) marked in a rule is no verb: as a trigger it would bound every name
    # that ends in it (the recogniser takes no name across a trigger word)
    tw = type_words()
    kinds = {w for table in ("suffix", "product", "industry", "legal") for w in tw[table]}
    return frozenset(w for w in words if w not in kinds)


@functools.cache
def _trigger_verbs() -> str:
    """Every relation's trigger words (not the carry, with, role and modifier families), one alternation."""
    fam = triggers()
    return _alternation(sorted({w for name, words in fam.items() if name not in NOT_TRIGGERS for w in words},
                               key=len, reverse=True))


@functools.cache
def _carry_re() -> re.Pattern[str]:
    fam = triggers()
    verbs = _trigger_verbs()
    # also: a clause that opens with a preposition (与X订立协议, 通过X上线) or with a part of
    # the topic (到家业务包括…) has no subject of its own.
    return re.compile(f"^\\s*{_TIME_OPENING}(?:{_alternation(fam['carry'])})*\\s*(?:{_alternation(fam['carry'])}|{verbs}"
                      f"|(?:与|和|同|跟|通过|经由)(?!此|其他|其它)|在(?=[^，,。；;]{{0,14}}?(?:上|中|内|里|后))|{_UNITS_OPENING})")


@functools.cache
def _verb_re() -> re.Pattern[str]:
    """A trigger verb (any relation's), after at most an adverb."""
    return re.compile(f"(?:也|则|已|还|亦|同样|则是)?(?P<v>{_trigger_verbs()})")


def _parallel(sentence: str, at: int, start: int, ends: dict[int, int]) -> bool:
    """Whether the 、 at ``at`` joins two parallel clauses, not two names of one list:
    A接入X、B接入Y, A旗下的X、B旗下的Y (a name and a verb after it, the same verb after a name
    before it; A领投、B跟投 is one clause of a round, and 不支持X、Y链接 one list)."""
    end = ends.get(at + 1)
    after = _verb_re().match(sentence, end) if end is not None else None
    if after is None:
        return False
    word = after.group("v")
    return any(word in sentence[e:at] for s, e in ends.items() if start <= s and e < at)


def _clauses(sentence: str, mentions: Sequence[tuple[int, int, Entity]] = ()) -> list[tuple[int, int]]:
    """Clause spans: the sentence cut at commas and colons, never inside a name (《崩坏：星穹铁道》),
    inside brackets (X（社交平台，月活3亿）、Y: a gloss) or before 以及 (A、B，以及C: the list goes on);
    and at a 、 between two parallel clauses (A接入X、B接入Y)."""
    inside = {i for m in mentions for i in range(m[0], m[1])}
    starts = {m[0] for m in mentions}
    ends = {m[0]: m[1] for m in mentions}
    for m in _BRACKETED.finditer(sentence):
        inside.update(range(m.start(), m.end()))
    spans, start = [], 0
    for i, ch in enumerate(sentence):
        if ((ch in _COMMAS or ch.isspace() and _CJK_SPACE.match(sentence, i - 1)) and i not in inside
                and not (ch in "，," and (sentence.startswith("以及", i + 1) or _kind_groups(sentence, i, starts)))) \
                or (ch == "、" and i not in inside and _parallel(sentence, i, start, ends)):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if e > s]


_GROUP_END = re.compile(r"等[^，,。；;：:]{1,10}$")
_GROUP_NEXT = re.compile(r"(?:以及|还有|和|及)?")


def _kind_groups(sentence: str, comma: int, starts: set[int]) -> bool:
    """Whether the comma at ``comma`` joins two groups of one list: A、B等电商平台，C、D等本地生活服务
    (each group closed by 等 and its kind, the next one opening with a name)."""
    if not _GROUP_END.search(sentence, max(0, comma - 12), comma):
        return False
    nxt = _GROUP_NEXT.match(sentence, comma + 1).end()
    if nxt not in starts:
        return False
    end = min((j for j in (sentence.find(c, nxt) for c in "，,。；;") if j >= 0), default=len(sentence))
    return _GROUP_END.search(sentence, nxt, end) is not None


#: a short bracket that closes in the sentence (a gloss, a ticker): no clause ends inside it
_BRACKETED = re.compile(r"[(（][^()（）。；;]{1,24}[)）]")
_FIRM_CLASSES = frozenset({"Company", "InvestmentFirm", "Organization"})
#: characters that make a word with a following 新 (全新, 最新, 创新 …): that 新 is no prefix of a name
_NEW_WORD_START = frozenset("全最重创更革崭清刷翻一立嶄")


class _Abstract:
    """A stretch of the sentence with each mention replaced by ``PLACE``."""

    #: Brackets after a name in this stretch (sentence offsets), when the view shows them.
    glosses: Sequence[tuple[int, int]] = ()
    #: Brackets this view leaves out (sentence offsets).
    hidden: Sequence[tuple[int, int]] = ()

    def __init__(self, sentence: str, start: int, end: int, mentions, topic=(), hidden=()):
        chars: list[str] = []
        offsets: list[int] = []
        self.sentence = sentence
        self.slots: list[tuple[int, int, Entity]] = []
        self.hidden = hidden
        if hidden:
            # a gloss in brackets after a name is read as absent: 木棉网络科技有限公司（以下简称“木棉网络”）为…
            mentions = [m for m in mentions if not any(a <= m[0] < b for a, b in hidden)]
            skip = {i for a, b in hidden for i in range(a, b)}
        else:
            skip = set()
        # 出任新苔原CEO, 不再持有新苔原公司的股份: the firm after a restructuring is the firm; 新 before
        # its name is read as absent (not the 新 of a word: 全新, 最新, 创新, 重新)
        skip |= {m[0] - 1 for m in mentions
                 if m[0] - 1 >= start and sentence[m[0] - 1] == "新" and m[2].type in _FIRM_CLASSES
                 and (m[0] - 2 < start or sentence[m[0] - 2] not in _NEW_WORD_START)}
        for m in topic:
            if chars:
                chars.append("、")
                offsets.append(start)
            chars.append(PLACE)
            offsets.append(start)
            self.slots.append(m)
        self.topic_len = len(chars)
        pos = start
        for m in mentions:
            if m[0] < start or m[1] > end:
                continue
            for i in range(pos, m[0]):
                if i not in skip:
                    chars.append(sentence[i])
                    offsets.append(i)
            chars.append(PLACE)
            offsets.append(m[0])
            self.slots.append(m)
            pos = m[1]
        for i in range(pos, end):
            if i not in skip:
                chars.append(sentence[i])
                offsets.append(i)
        self.text = "".join(chars)
        self.offsets = offsets
        self.ends = [o + 1 for o in offsets]
        # slot index of each PLACE character
        self.slot_at: dict[int, int] = {}
        k = 0
        for i, ch in enumerate(self.text):
            if ch == PLACE:
                self.slot_at[i] = k
                k += 1

    def members(self, start: int, end: int, parent: Callable[[str], str | None], trigger: int | None = None):
        places = [i for i in range(start, end) if self.text[i] == PLACE]
        if len(places) > 1 and _OWNER_AT.match(self.text, places[0]):
            places = places[1:]  # X旗下的Y: Y is the member, X its owner
        if trigger is not None and len(places) > 1:
            # A旗下的X与B旗下的Y: two owned phrases side by side, not a list X与B; the slot keeps the
            # phrase on the trigger's side (X after the first 旗下, B before the second)
            cuts = [n for n in range(1, len(places))
                    if _PHRASE_JOIN.fullmatch(self.text, places[n - 1] + 1, places[n])
                    and _OWNED_BEFORE.search(self.text, 0, places[n - 1]) and _OWNER_AT.match(self.text, places[n])]
            if cuts:
                places = places[cuts[-1]:] if end <= trigger else places[:cuts[0]] if start >= trigger else places
        out = []
        for n, i in enumerate(places):
            nxt = places[n + 1] if n + 1 < len(places) else None
            mention = self.slots[self.slot_at[i]]
            # 腾讯朋友圈: a name directly before its own product modifies it; 微信京东小程序:
            # the platform directly before a mini-program is where it runs, not a member.
            if nxt == i + 1:
                following = self.slots[self.slot_at[nxt]][2]
                if _owns(mention[2], following, parent) or (
                        following.type == "MiniProgram" and mention[2].type != "MiniProgram"):
                    continue
            out.append(mention)
        return out


def _owns(owner: Entity, owned: Entity, parent: Callable[[str], str | None]) -> bool:
    seen, iri = set(), parent(owned.iri)
    while iri and iri not in seen:
        if iri == owner.iri:
            return True
        seen.add(iri)
        iri = parent(iri)
    return False


def _type_ok(entity: Entity, spec: tuple[frozenset[str], bool] | None) -> bool:
    if spec is None:
        return True
    classes, negated = spec
    return (entity.type not in classes) if negated else (entity.type in classes)


def _no_parent(_iri: str) -> str | None:
    return None


def find_relations(sentence: str, mentions: Sequence[tuple[int, int, Entity]],
                   parent: Callable[[str], str | None] = _no_parent) -> list[RawFact]:
    """All facts the rules find in one sentence.

    Args:
        sentence: Simplified text of one sentence.
        mentions: ``(start, end, entity)`` per mention, offsets into ``sentence``, not overlapping.
        parent: IRI → owner IRI (the catalog's ``parent``), to read ``腾讯朋友圈`` as one name.
    """
    return relations_in(sentence, mentions, parent)[0]


def relations_in(sentence: str, mentions: Sequence[tuple[int, int, Entity]],
                 parent: Callable[[str], str | None] = _no_parent,
                 topic: Sequence[tuple[int, int, Entity]] = ()) -> tuple[list[RawFact], list]:
    """:func:`find_relations`, with the topic chain across sentences.

    ``topic``: the topic the previous sentence ended with; a first clause without its own
    subject (它以…, 随后推出…) takes it, as a clause takes the topic of the clause before.
    Returns the facts and the topic this sentence ends with.
    """
    mentions = sorted(mentions, key=lambda m: m[0])
    topic = list(topic)
    if not mentions:
        return [], topic
    views: list[tuple[_Abstract, bool]] = [(_Abstract(sentence, 0, len(sentence), mentions), True)]
    glosses = _glosses(sentence, mentions)
    views[0][0].glosses = glosses
    if glosses:
        views.append((_Abstract(sentence, 0, len(sentence), mentions, hidden=glosses), True))
    carry = _carry_re()
    global _TOPIC_PREFIX
    if _TOPIC_PREFIX is None:
        _TOPIC_PREFIX = re.compile(f"^\\s*(?:{_alternation(triggers()['carry'])})*\\s*$")
    for start, end in _clauses(sentence, mentions):
        inside = [m for m in mentions if m[0] >= start and m[1] <= end]
        clause = sentence[start:end]
        use_topic = ()
        plain = _Abstract(sentence, start, end, inside)
        first = plain.text.find(PLACE)
        tail = _TAIL_LIST.search(plain.text) if inside else None
        if tail and tail.start() > 0 and plain.text[tail.start() - 1] == "的":
            # 腾讯陆思远执掌的游戏集团: a noun phrase; its head, the last name, is the topic
            topic = plain.members(tail.start(), tail.end(), parent)
        elif 0 <= first and (_TOPIC_PREFIX.match(plain.text[:first]) or _KIND_PREFIX.match(plain.text[:first])) and (
                not carry.match(plain.text) or _ADVERBS_ONLY.match(plain.text[:first])):
            # 而字节跳动则是…: adverbs, then a name; the name is the new topic
            head = re.match(_LIST, plain.text[first:])
            topic = plain.members(first, first + head.end(), parent)
        elif topic and (carry.match(plain.text) or _DEMONSTRATIVE.match(clause) or _names_head(clause, topic)):
            # 随后推出…, 这支…的基金: the clause goes on about the topic
            use_topic = tuple(topic)
        elif tail and tail.start() == 0:
            topic = plain.members(tail.start(), tail.end(), parent)
        elif inside:
            topic = []
        views.append((_Abstract(sentence, start, end, inside, use_topic), False))
        here = [g for g in glosses if start <= g[0] and g[1] <= end]
        views[-1][0].glosses = here
        if here:
            views.append((_Abstract(sentence, start, end, inside, use_topic, hidden=here), False))

    facts: dict[tuple, RawFact] = {}
    vetoes: set[tuple[str, str, str]] = set()
    views = [(v, whole) for v, whole in views if len(v.slots) >= 2]  # a relation needs two names
    present = _present_needs(sentence)
    for rule in rules():
        if rule.needs is not None and rule.needs.isdisjoint(present):
            continue
        for view, whole in views:
            if rule.wide != whole:
                continue
            pos = 0
            while True:
                m = rule.regex.search(view.text, pos)
                if m is None:
                    break
                pos = m.start() + 1
                _apply(rule, m, view, parent, facts, vetoes)
    # a link word inside a ban (A禁止跳转至B, A把B的外链列入黑名单) links nothing: a pair the
    # sentence says is blocked is not also linked
    blocked = {(f.subject.iri, f.object.iri) for f in facts.values() if f.relation == "blocked"}
    vetoes |= {(s, "linksTo", o) for s, o in blocked}
    kept = [f for key, f in facts.items()
            if (f.subject.iri, f.relation, f.object.iri) not in vetoes
            and not _adopts_foreign_payment(f, parent) and not _mini_program_launch(f)
            and not (f.relation in _PARTIES_ONLY and "Feature" in (f.subject.type, f.object.type))]
    if _TRACE.get() is not None:
        for f in facts.values():
            if (f.subject.iri, f.relation, f.object.iri) in vetoes:
                _note(sentence, f.rule, "veto", f"{f.subject.label} {f.relation} {f.object.label}: "
                      "another rule says the sentence does not state this")
            elif f not in kept:
                _note(sentence, f.rule, "payment", f"{f.subject.label} {f.relation} {f.object.label}: "
                      "read by who owns the payment service instead")
    return kept, topic


_GLOSS = re.compile(r"\s*[（(][^（()）。；;]{1,30}[)）]")


def _glosses(sentence: str, mentions: Sequence[tuple[int, int, Entity]]) -> list[tuple[int, int]]:
    """Brackets right after a name (an alias, a gloss, a title: X（以下简称“Y”）, X（A旗下）): the rules
    also read the sentence without them, so the name stands next to its verb."""
    out = []
    for m in mentions:
        g = _GLOSS.match(sentence, m[1])
        if g is not None:
            out.append((g.start(), g.end()))
    return out


#: Rules that never read "A上线了X小程序" as a launch of X (the lookahead (?!小程序) in them): a new
#: mini-program now keeps its kind word in its name, and these rules keep their reading.
_NO_MINI_PROGRAM_LAUNCH = frozenset({"launched.trigger", "launched.frame.active"})


def _mini_program_launch(fact: RawFact) -> bool:
    # 拼多多上线了拼多多小程序: a brand's own mini-program is its launch
    return (fact.relation == "launched" and fact.rule in _NO_MINI_PROGRAM_LAUNCH and not fact.object.in_catalog
            and fact.object.label.endswith(("小程序", "小程式")) and not fact.object.label.startswith(fact.subject.label))


def _adopts_foreign_payment(fact: RawFact, parent: Callable[[str], str | None]) -> bool:
    """Read a launch verb on a payment service by who owns the service.

    淘宝内测微信支付 is 淘宝 supportsPayment 微信支付 (微信支付 belongs to 腾讯), not a launch;
    腾讯推出微信支付 is a launch, not 腾讯 supporting its own service. Only services whose
    owner the catalog knows are concerned. True when ``fact`` is the wrong reading.
    """
    if fact.object.type != "PaymentService" or fact.relation not in ("launched", "supportsPayment"):
        return False
    owners = _owners(fact.object.iri, parent)
    if not owners:
        return False
    own = bool(owners & (_owners(fact.subject.iri, parent) | {fact.subject.iri}))
    if fact.relation == "launched":
        return not own
    return own and fact.rule == "supportsPayment.launch"


def _owners(iri: str, parent: Callable[[str], str | None]) -> set[str]:
    found: set[str] = set()
    while (iri := parent(iri)) and iri not in found:
        found.add(iri)
    return found


_LIST_CHARS = re.compile(f"(?:{PLACE}|{_LIST_SEP})+$")


_THROUGH_OWN = re.compile("(?:通过|借助|经由|借道|依托|以)(?:其)?(?:旗下|麾下)")


def _subject_ok(text: str, m: re.Match[str], has_t: bool) -> bool:
    """Reject a subject that is really a place (在公众号和视频号) or a possessor (阿里旗下…产品)."""
    head = text[:m.start("S")]
    run = _LIST_CHARS.search(head)
    before = head[:run.start()] if run else head
    if m.start("S") == m.start() and (before[-1:] in ("在", "于", "从") and not before.endswith(_NO_PLACE_BEFORE)
                                      or before.endswith(("通过", "借助", "依托", "经由"))):
        return False  # 盒马通过支付宝上线…: 支付宝 is the means, not the subject
    owned_object = "O" in m.re.groupindex and m.group("O") is not None and has_t and m.end("S") <= m.start("O") < m.start("T")
    if has_t and m.end("S") <= m.start("T") and not owned_object:  # 阿里旗下X上线: X is the rule's own object
        between = text[m.end("S"):m.start("T")]
        if ("旗下" in between or "麾下" in between) and not _THROUGH_OWN.search(between):
            return False  # (A通过旗下基金参与…: A acts through what it owns; A is the subject)
    return True


_HUB_WITH = re.compile(r"\s*(?:与|和|跟|同)\s*")
_HUB_ENUM = re.compile(f"\\s*、\\s*(?:{_UNNAMED}、\\s*)?")  # (an unnamed member between: A、X、B)
_ALL_PARTIES = re.compile(r"[^，,。；;]{0,6}?(?:三方|四方|五方|多方|各方|几方|三家|四家|五家|多家|各家|彼此|相互|互相)")


def _hub(sentence: str, members) -> tuple[list, list]:
    """``A与B、C等…合作``: the party before 与 with each one enumerated after it, not those with
    each other (two or more after 与, joined by 、). ``([], [])`` where the list is one set of
    parties (A、B与C达成合作, A与B、C三方签署): every pair of it.

    >>> m = [(0, 2, "A"), (3, 5, "B"), (6, 8, "C")]
    >>> _hub("腾讯与青禾、栗壳等机构深化合作", m)
    ([(0, 2, 'A')], [(3, 5, 'B'), (6, 8, 'C')])
    >>> _hub("腾讯、青禾与栗壳深化合作", m)
    ([], [])
    """
    if len(members) < 3:
        return [], []
    seps = [sentence[a[1]:b[0]] for a, b in zip(members, members[1:])]
    first = next((i for i, sep in enumerate(seps) if _HUB_WITH.fullmatch(sep)), None)
    if first is None or len(members) - (first + 1) < 2 or not all(_HUB_ENUM.fullmatch(sep) for sep in seps[first + 1:]):
        return [], []
    if any(not _HUB_ENUM.fullmatch(sep) for sep in seps[:first]) or _ALL_PARTIES.match(sentence, members[-1][1]):
        return [], []
    return list(members[:first + 1]), list(members[first + 1:])


def _apply(rule: Rule, m: re.Match[str], view: _Abstract, parent, facts: dict, vetoes: set) -> None:
    has_t = "T" in m.re.groupindex and m.group("T") is not None
    groups = {g: view.members(m.start(g), m.end(g), parent, m.start("T") if has_t else None)
              for g in _GROUPS if g in m.re.groupindex and m.group(g) is not None}
    for group, members in groups.items():
        spec = rule.types.get(group)
        if not members or not all(_type_ok(x[2], spec) for x in members):
            if members and _TRACE.get() is not None:
                wrong = next(x[2] for x in members if not _type_ok(x[2], spec))
                wanted = ("not " if spec[1] else "") + _kinds(spec[0])
                article = "an" if wrong.type[0] in "AEIOU" else "a"
                _note(view.sentence, rule.id, "types",
                      f"{wrong.label} is {article} {wrong.type}; the rule wants {wanted} there")
            return
    if view.glosses and m.end() > m.start():
        end = view.ends[m.end() - 1]
        if any(a <= x[0] < b and end > b for a, b in view.glosses for ms in groups.values() for x in ms):
            return  # a name inside brackets belongs to the bracket: 潮汐浏览器（澜海网络旗下）与…合作
    if view.hidden and any(len(ms) > 1 and any(ms[0][0] < a < ms[-1][0] for a, _ in view.hidden)
                           for ms in groups.values()):
        return  # 栖云旗下的鹭岛商城(下称“鹭商”)和青禾App: the bracket closes the first name's phrase
    if has_t:
        t_start, t_end = view.offsets[m.start("T")], view.ends[m.end("T") - 1]
    else:
        t_start = t_end = view.offsets[min(m.end(), len(view.offsets)) - 1]
    if "S" in m.re.groupindex and m.group("S") is not None and not _subject_ok(view.text, m, has_t):
        _note(view.sentence, rule.id, "subject", "the name before the verb is a place, a means (通过…) "
              "or an owner (…旗下), not its subject")
        return
    role = None
    if "R" in m.re.groupindex and m.group("R"):
        role = roles().get(m.group("R"), m.group("R"))
    if rule.id.endswith(".possessive") and any(
            parent(o[2].iri) is not None and not _owns(s[2], o[2], parent)
            for s in groups.get("S", ()) for o in groups.get("O", ())):
        return  # 星河科技的X: not where the catalog says another owns X
    if rule.id.endswith(".hosted") and not all(x[2].in_catalog for x in groups.get("O", ())):
        return  # X微信小程序: the host is an app every reader knows, 微信京东小程序 is no X on 京东
    if rule.id.endswith(".respectively"):
        # 任命A和B分别负责C和D: the first with the first, the second with the second
        relation, sg, og, _veto = rule.emits[0]
        agents, things = groups.get(sg, []), groups.get(og, []) + groups.get("X", [])
        if len(agents) == len(things) >= 2:
            for s, o in zip(agents, things):
                key = (s[2].iri, relation, o[2].iri)
                if key not in facts or facts[key].confidence < rule.confidence:
                    facts[key] = RawFact(s[2], relation, o[2], rule.id, rule.confidence,
                                         t_start, t_end, s[0], role, rule.presupposed, o[0])
        return
    for relation, sg, og, veto in rule.emits:
        if sg not in groups or og not in groups:
            continue
        if sg == og and ".frame." in rule.id and m.start(sg) < view.topic_len:
            continue  # a list of parties is a frame's when the clause names it, not when it goes on about it
        pairs = [(s, o) for s in groups[sg] for o in groups[og]]
        if sg == og:  # the members of one list with each other: 当当和京东达成合作
            left, right = _hub(view.sentence, groups[sg])
            pairs = ([(s, o) for s in left for o in right] if left else
                     [(s, o) for i, s in enumerate(groups[sg]) for o in groups[sg][i + 1:]])
        for s, o in pairs:
            if s[2].iri == o[2].iri:
                continue
            if veto:
                vetoes.add((s[2].iri, relation, o[2].iri))
                continue
            key = (s[2].iri, relation, o[2].iri)
            if key in facts and facts[key].confidence >= rule.confidence:
                continue
            facts[key] = RawFact(s[2], relation, o[2], rule.id, rule.confidence,
                                 t_start, t_end, s[0], role, rule.presupposed, o[0])
