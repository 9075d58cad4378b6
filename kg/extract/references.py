"""Cross-sentence reference: what 双方, 该公司, 其 and an unstated owner point back to.

Chinese news names the parties once and then refers to them:

- 双方 / 二者 / 两者 / 两家(公司) — the two parties of the nearest earlier sentence that names
  two organisations or products (``快手和美团宣布合作。双方将…``);
- 该公司 / 这家公司 / 该集团 (an organisation), 该平台 / 该应用 / 这款App (a product or platform),
  其 (either) — the nearest earlier mention of a fitting kind, in the sentence before the word
  or in earlier sentences;
- an owner or investee left unsaid: ``投资方包括A、B`` (of the company just named) and
  ``其余业务包括A、B`` (the other parts of the article's main organisation).

:func:`resolve` turns each such word into pseudo-mentions of the entities it refers to, with
rule ``ref:<word>``; a fact that uses one says so in its rule name (``…+ref``).

>>> from kg.model import Entity
>>> ks, mt = Entity("k", "快手", "Company"), Entity("m", "美团", "Company")
>>> d = Discourse()
>>> d.add_sentence([(0, 2, ks), (3, 5, mt)], paragraph=0)
>>> [(s, e, x.label, rule) for s, e, x, _, rule in resolve("双方将继续合作", [], d, paragraph=0)]
[(0, 2, '快手', 'ref:双方'), (0, 2, '美团', 'ref:双方')]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from kg.model import Entity

ORG_TYPES = frozenset({"Company", "InvestmentFirm", "Organization", "GovernmentAgency"})
PRODUCT_TYPES = frozenset({"Product", "App", "MiniProgram", "Platform", "Feature", "PaymentService",
                           "AdPlatform", "AIModel", "Chip"})
PARTY_TYPES = _PARTY_TYPES = ORG_TYPES | PRODUCT_TYPES
_PLATFORMS = frozenset({"Platform", "App"})

# Not after a name or a gloss: 云帆智能(…)两家公司 counts the list, it does not refer back.
_PAIR = re.compile(r"双方|二者|两者|(?<![\u4e00-\u9fffA-Za-z0-9)）])(?:两家公司|两家企业|两大巨头|两家(?=[^\u4e00-\u9fff]|将|均|都|也|已|还|在|的|之间|共同|合作|联合|携手))")
_ORG_WORD = re.compile(r"(?:该|这家|此)(?:公司|集团|企业|机构|巨头)")
_PRODUCT_WORD = re.compile(r"(?:该|这个|这款|此)(?:平台|应用|App|APP|app|产品|软件)")
# 其 as a determiner or object pronoun; not 其中, 其他, 其实, 尤其, 与其 …
# 它 (it; not 它们, not 其它) as 其: 苔原成立于2022年，青梧资本是它的第一个投资人
_QI = re.compile(r"(?<![尤极与及])其(?!中(?!国)|[他它余实次后间一二三四]|[，,。；;])|(?<![其])它(?!们)")
_INVESTORS = re.compile(r"^[^\ue000，,。；;：:]{0,4}?(?:投资方|投资人|投资机构)")
# 本轮融资由A领投: the round of the company the article just named (本轮, 此次 before 融资)
# 本轮融资由A领投; a round's label (not 轮) where no company stands before it (其中天使轮由A领投，
# B跟投; 最近的两轮融资都由A领投); 其他主要投资方包括A、B (the investors of the company in question)
_ROUND = re.compile(r"(?:本轮|此轮|这轮|该轮|本次|此次|这次)(?=融资|募资|增资)"
                    r"|(?:天使|种子|Pre-?[A-E]\+*|[A-E]\+*|[A-E]\d|首|新一|上一|最近一|最新一|前[两三四五六七八九十\d]"
                    r"|[两三四五六七八九十\d]+)(?=轮(?:融资|募资|由|是由))"
                    r"|(?:其他|其余|其它)(?=(?:主要的?|重要的?)?(?:投资方|投资人|投资机构|股东)(?:还)?(?:包括|有|为|是))")
# names an investor is written with; such a name is no company that raises a round
_INVESTOR_NAME = re.compile(r"(?:资本|创投|基金|投资|Capital|Ventures|VC)$", re.IGNORECASE)
_OTHER_UNITS = re.compile(r"^[^\ue000，,。；;：:]{0,12}?(?:其他|其余|其它|另外)[^\ue000，,。；;：:]{0,6}?"
                          r"(?:业务|板块|类别|品牌)")
# 公司/集团 said by someone of the organisation the sentence named before the verb of saying:
# 鲜蜂到家CEO谢明轩坦言，小鹿买菜是公司最大的竞争对手 (公司 = 鲜蜂到家).
_SPEAKER_ORG = re.compile(r"(?:表示|称|宣布|确认|坦言|透露|回应称|回应|指出|介绍|说)[，,：:]?[^\ue000，,。；;：:]{0,12}?"
                          r"(?<![该这此本子分母总资新家])(?P<w>公司|集团)(?![\u4e00-\u9fff]{0,1}(?:股|名|法|章))")
_COPULA_BEFORE = re.compile(r"(?:是|为|系|成为|成了)$")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:]")
#: At most this many sentences back for 双方.
PAIR_WINDOW = 3


@dataclass
class Discourse:
    """What earlier sentences of one document named, in order."""

    mentions: list[tuple[int, Entity]] = field(default_factory=list)  # (sentence index, entity)
    sentences: list[tuple[int, tuple[Entity, ...]]] = field(default_factory=list)  # (paragraph, entities)
    counts: Counter = field(default_factory=Counter)
    entities: dict[str, Entity] = field(default_factory=dict)

    def add_sentence(self, mentions: Sequence[tuple[int, int, Entity]], paragraph: int) -> None:
        """Record a sentence's mentions (``(start, end, entity)``, pseudo-mentions excluded)."""
        index = len(self.sentences)
        ordered = sorted(mentions, key=lambda m: m[0])
        for _, _, entity in ordered:
            self.mentions.append((index, entity))
            self.entities.setdefault(entity.iri, entity)
            if entity.type in ORG_TYPES:
                self.counts[entity.iri] += 1
        self.sentences.append((paragraph, tuple(dict.fromkeys(e for _, _, e in ordered))))

    def nearest(self, types: frozenset[str], exclude: set[str]) -> Entity | None:
        """The latest earlier mention of one of ``types`` not in ``exclude``."""
        for _, entity in reversed(self.mentions):
            if entity.type in types and entity.iri not in exclude:
                return entity
        return None

    def investee(self, exclude: set[str]) -> Entity | None:
        """The latest earlier organisation or product that is not an investor (by class or by a
        name such as …资本, …创投): the company a round is of."""
        for _, entity in reversed(self.mentions):
            if (entity.type in _PARTY_TYPES and entity.type != "InvestmentFirm" and entity.iri not in exclude
                    and not _INVESTOR_NAME.search(entity.label)):
                return entity
        return None

    def pair(self, paragraph: int) -> tuple[Entity, Entity] | None:
        """The two parties of the nearest earlier sentence (of this paragraph or the one before)
        that names exactly two organisations or products."""
        for para, entities in reversed(self.sentences[-PAIR_WINDOW:]):
            if para < paragraph - 1:
                break
            parties = [e for e in entities if e.type in _PARTY_TYPES]
            if len(parties) == 2:
                return parties[0], parties[1]
            if len(parties) > 2:
                return None
        return None

    def salient(self) -> Entity | None:
        """The organisation the document names most often (the article's subject)."""
        if not self.counts:
            return None
        iri, _ = self.counts.most_common(1)[0]
        return self.entities[iri]


Pseudo = tuple[int, int, Entity, str, str]


_ANY = re.compile("|".join(p.pattern for p in (_PAIR, _ORG_WORD, _PRODUCT_WORD, _QI, _INVESTORS, _OTHER_UNITS,
                                                _ROUND))
                  + "|" + _SPEAKER_ORG.pattern.replace("(?P<w>", "(?:"))


def refers(sentence: str) -> bool:
    """Whether ``sentence`` holds a word that may refer back (a cheap pre-check)."""
    return _ANY.search(sentence) is not None


def resolve(sentence: str, mentions: Sequence[tuple[int, int, Entity]], discourse: Discourse,
            paragraph: int) -> list[Pseudo]:
    """Pseudo-mentions ``(start, end, entity, text, rule)`` for the referring words of ``sentence``.

    ``mentions`` are the sentence's own (``(start, end, entity)``); a referring word inside one
    of them is not one (该公司 in a name).
    """
    taken = [(m[0], m[1]) for m in mentions]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    here = {m[2].iri for m in mentions}
    out: list[Pseudo] = []
    for m in _PAIR.finditer(sentence):
        if free(*m.span()) and (pair := discourse.pair(paragraph)) is not None:
            if not (here & {pair[0].iri, pair[1].iri}):
                out += [(m.start(), m.end(), e, m.group(), f"ref:{m.group()}") for e in pair]
    # 该公司 may be a platform's company (小红书…。该公司…); 该平台 may be a company's platform.
    for rx, types in ((_ORG_WORD, ORG_TYPES | _PLATFORMS), (_PRODUCT_WORD, PRODUCT_TYPES | ORG_TYPES)):
        for m in rx.finditer(sentence):
            if free(*m.span()):
                found = _before(_outside_person_modifiers(sentence, mentions, m.start()), m.start(), types) \
                    or discourse.nearest(types, set())
                if found is not None:
                    out.append((m.start(), m.end(), found, m.group(), f"ref:{m.group()}"))
    for m in _ROUND.finditer(sentence):
        if free(*m.span()) and not any(s < m.start() for s, _, _ in mentions):
            # 本轮融资由A领投，B跟投: only where no name stands before it in the sentence (X完成B轮融资，本次…)
            if (found := discourse.investee(here)) is not None:
                out.append((m.start(), m.end(), found, m.group(), f"ref:{m.group()}"))
    for m in _SPEAKER_ORG.finditer(sentence):
        start, end = m.span("w")
        if free(start, end):
            found = _before(mentions, m.start(), ORG_TYPES | _PLATFORMS)
            if found is not None:
                out.append((start, end, found, m.group("w"), f"ref:{m.group('w')}"))
    for m in _QI.finditer(sentence):
        if sentence[m.end():m.end() + 1] in ("在", "于") and m.start() > 0 and sentence[m.start() - 1] in "了持售让出购":
            continue  # 减持了其在B的股份: its stake in B, the holder already the clause's subject
        if _own_determiner(sentence, mentions, m.start()):
            continue  # 星河发布了其首款模型Vega: "its", the subject's own; the object comes after it
        if free(*m.span()):
            # X是它的第一个投资人: a pronoun after a copula names someone other than the clause's subject
            copula = _COPULA_BEFORE.search(sentence, 0, m.start())
            nearest = max((x for x in mentions if x[0] < m.start()), default=None, key=lambda x: x[0])
            # (the subject by any of its mentions: A完成对B的收购，B已成为其全资子公司 — 其 is A, not B)
            skip = {nearest[2].iri} if copula is not None and nearest is not None and copula.start() >= nearest[0] \
                and not _CLAUSE_BREAK.search(sentence, nearest[0], m.start()) else set()
            if skip:  # (all of a listed subject: 青梧资本、栗壳创投为其主要股东 — 其 is neither)
                listed = sorted((x for x in mentions if x[1] <= nearest[0]), key=lambda x: x[0], reverse=True)
                start = nearest[0]
                for x in listed:
                    if not re.fullmatch(r"\s*(?:、|和|与|及|以及)\s*", sentence[x[1]:start]):
                        break
                    skip.add(x[2].iri)
                    start = x[0]
            found = _before([x for x in mentions if x[2].iri not in skip], m.start(), _PARTY_TYPES) \
                or discourse.nearest(_PARTY_TYPES, set())
            if found is not None:
                out.append((m.start(), m.end(), found, m.group(), f"ref:{m.group()}"))
    if not mentions or mentions[0][0] > 0:
        # an owner or investee the sentence leaves unsaid, at its very start
        if _INVESTORS.match(sentence) and (found := discourse.nearest(ORG_TYPES, here)) is not None:
            out.append((0, 0, found, "", "ref:投资方"))
        elif _OTHER_UNITS.match(sentence) and (found := discourse.salient()) is not None:
            out.append((0, 0, found, "", "ref:其他业务"))
    return out


def _own_determiner(sentence: str, mentions: Sequence[tuple[int, int, Entity]], at: int) -> bool:
    """其 right after a verb of the clause whose subject is named before it, with a noun after
    (发布了其首款, 推出其旗下): the subject's "its", which names no second party."""
    before = [m for m in mentions if m[1] <= at]
    if not before or not re.match(r"[\u4e00-\u9fff]", sentence[at + 1:at + 2]):
        return False
    last_end = max(m[1] for m in before)
    between = sentence[last_end:at]
    return (0 < len(between) <= 8 and not re.search(r"[，,。；;：:、和与及跟同]", between)
            and re.search(r"(?:了|推出|发布|上线|开源|宣布|公布|更新|升级|亮相)$", between) is not None)


def _outside_person_modifiers(sentence: str, mentions: Sequence[tuple[int, int, Entity]],
                              at: int) -> list[tuple[int, int, Entity]]:
    """The mentions before ``at`` less the organisations named in a 的-phrase that describes a person
    (曾任X全球副总裁的P…成立该公司: X is where P worked, not 该公司); the entity is left out wherever
    the sentence names it."""
    people = [m for m in mentions if m[2].type == "Person" and m[0] < at and m[0] > 0 and sentence[m[0] - 1] == "的"]
    former = {o[2].iri for o in mentions for p in people
              if o[2].type != "Person" and o[1] <= p[0] and not re.search(r"[，,。；;]", sentence[o[1]:p[0]])}
    return [m for m in mentions if m[2].iri not in former]


def _before(mentions: Sequence[tuple[int, int, Entity]], at: int, types: frozenset[str]) -> Entity | None:
    for start, _, entity in sorted(mentions, key=lambda m: -m[0]):
        if start < at and entity.type in types:
            return entity
    return None
