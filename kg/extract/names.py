"""Entity recognition and linking, and the spaCy components that run them and the relation rules.

The recogniser works on characters, so its spans are exact whatever jieba's segmentation:

- catalog names (every label and alias, converted to Simplified) through one prefix-tree
  regular expression, so the longest name wins (阿里妈妈Uni Desk over 阿里妈妈 over 阿里);
  names that are also ordinary words (``kg:ambiguous``: 当当, 来往 …) only with context;
- new names: a quoted name with a type word (“天猫优品”的小程序商城, 社交平台“来往”; 《…》 only
  for an app), a name with a type suffix (星河互娱公司, 团好货小程序), a person next to a
  role word (CEO戴珊, 副总裁蒋凡出任);
- linking: the longest span wins; a name resolves through the catalog (aliases, scripts,
  short names), a company suffix is dropped when the rest is a catalog company (腾讯公司),
  and anything else gets its own minted node — never a guessed catalog node.

The spaCy components (``kg_entity_ruler``, ``kg_new_entities``, ``kg_linker``,
``kg_relations``) run these on a sentence ``Doc`` and leave the result in
``doc._.kg_mentions`` and ``doc._.kg_facts``; the linked spans also become ``doc.ents``.
"""

from __future__ import annotations

import re
from typing import Sequence

import jieba

from kg.catalog import Catalog
from kg.extract import pos
from kg.extract.lexicon import (
    ALIAS, APP_TYPES, CJK_RUN, CONTEST, COUNTED, COUNTED_TAIL, DESCRIPTION_NOUNS, Candidate, FUNCTION_CHARS,
    HOST_TYPES, LATIN, MODIFIES_NOUN, NAME_CHAR, NAME_CONTEXT, NAME_RUN, OPEN, ORG_TYPES, QUANTITY_AFTER, QUOTED,
    SECTOR, TICKER, UNIT_NAMED_BY_DOMAIN, UNIT_SUFFIXES, WEAK_SUFFIXES, alt_pattern, common_word,
    TIME_WORD, crossed, has_function_word, jieba_freq, listed, name_words, only_generic, ordinary_words,
    phrase_not_name, surnames, trie_regex,
    type_words, whole_words, word_freq,
)
from kg.extract.relations import NOT_TRIGGERS, NOUN_FAMILIES, roles, rule_trigger_words, triggers
from kg.extract.shapes import SentenceShapes
from kg.extract.structure import TENTATIVE, StructureNames, firm_core, tong_trade_name, trade_name_start
from kg.model import Entity
from kg.vocab import DEFAULT_BASE_IRI


#: Kind words that name a quoted product only as the head of a compound (影音平台「鲸影」, 顺风车产品“白鹭拼”).
_BARE_KINDS = frozenset({"平台", "产品", "品牌", "服务", "功能", "软件", "新作", "业务"})
#: The last word of a firm's name: an ambiguous catalog name of four characters or more that ends in
#: one (石头科技, 星野汽车, 澜川航空, 栖云软件) is that firm, not a phrase (the words of trades that
#: end ordinary phrases as often as names, 数字 信息 国际 管理 技术 文化, are not among them).
_ORG_NAME_END = re.compile(r"(?:科技|集团|公司|控股|资本|创投|网络|智能|银行|证券|基金|汽车|航空|电子|软件|通信"
                           r"|传媒|电器|酒店|娱乐|生物|医药|医疗|教育|游戏|芯片|快递|物流|制药|茶饮|咖啡|食品|投资)$")


_ORG_END = re.compile("(?:" + "|".join(sorted({w for t in ("industry", "legal") for w in type_words()[t]}
                                                 | {"集团", "公司", "资本", "创投", "基金"}, key=len, reverse=True))
                      + ")$")


#: Verbs that make or publish a work whose title is in 《》 (a game, a show, an app), or an owner's 旗下.
_MAKES_TITLE = re.compile(r"(?:(?:发行|推出|上线|研发|开发|出品|自研|运营|代理|打造|制作)(?:了|的)?|旗下(?:的)?)"
                          r"(?:新作|新游|手游|游戏|作品|大作|力作)?$")
#: What follows the title of a piece of writing (《X》系列报道, 《X》专题).
_WRITING_AFTER = re.compile(r"(?:系列)?(?:报道|专题|栏目|文章|调查|评论|研究|专栏|白皮书|报告)")
#: Titles of documents, laws and publications, not of products.
_WORK_TITLE = re.compile(r"(?:报告|白皮书|蓝皮书|法|条例|规定|办法|意见|通知|指南|规划|标准|榜单|杂志|日报|晚报|报|纲要|方案|决定|公约|协议|声明)$")

#: A clause that says what its first words name: X是一家…公司, X是国内领先的…企业, X是一款…App.
_DEFINED_KINDS = {"公司": "Company", "企业": "Company", "初创公司": "Company", "创业公司": "Company",
                  "独角兽": "Company", "厂商": "Company", "服务商": "Company", "运营商": "Company", "集团": "Company",
                  "投资机构": "InvestmentFirm", "创投机构": "InvestmentFirm", "基金管理公司": "InvestmentFirm",
                  "平台": "Platform", "App": "App", "APP": "App", "应用": "App", "软件": "App", "小程序": "MiniProgram",
                  "大模型": "AIModel", "芯片": "Chip"}
_DEFINED = re.compile(
    r"(?:^|(?<=[，,。；;：:！!？?\n“”\"」]))\s*(?P<n>[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9 ]{1,11}?)"
    r"(?:是|为|系)(?:一家|一个|一款|一间|一座|国内|中国|全球|业内|目前|当前|行业内?|[^，,。；;！!？?：:\n]{1,20}?的)"
    r"[^，,。；;！!？?：:\n]{0,24}?"
    r"(?P<k>" + "|".join(sorted(_DEFINED_KINDS, key=len, reverse=True)) + r")(?:之一)?(?=[，,。；;！!？?\n]|$)")
_NOT_FIRM_END = re.compile(r"(?:党|会|协会|学会|大学|学院|学校|研究院|研究所|委员会|联盟|组织|中心|医院|基金会|俱乐部|队)$")
#: What only an organisation does, said of the clause's first words: founded, based, funded, listed.
_WHEN = (r"(?:于|在)?(?:近日|日前|今日|今天|昨日|昨天|目前|已经|已|正式|刚刚|此前|早在|去年|今年|前不久|本周|上周|本月|上月)?"
         r"(?:于|在)?(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月(?:\d{1,2}日)?)?")
_ORG_PREDICATE = re.compile(
    r"(?:^|(?<=[，,。；;：:！!？?\n“”\"」]))\s*(?P<n>[\u4e00-\u9fffA-Za-z0-9][\u4e00-\u9fffA-Za-z0-9 ]{1,9}?)\s*"
    r"(?:(?:成立|创立|创办|创建|注册)于|总部(?:位于|设在|设于)"
    r"|" + _WHEN + r"(?:宣布)?(?:已)?完成(?:了)?[^，,。；;！!？?\n]{0,14}?(?:融资|募资)"
    r"|" + _WHEN + r"(?:获得|获)(?:了)?[^，,。；;！!？?\n]{0,18}?(?:投资|融资|注资|领投)"
    r"|由[\u4e00-\u9fff]{2,4}(?:等人)?" + _WHEN + r"(?:创立|创办|创建|发起成立|联合创立|联合创办)"
    r"|" + _WHEN + r"(?:在|于|登陆)(?:港交所|纳斯达克|纽交所|科创板|创业板|北交所|上交所|深交所|香港联交所|联交所)"
    r"(?:主板)?(?:挂牌)?上市"
    r"|(?:本轮|此轮|这轮|新一轮|最新一轮)融资(?:由|获))")

#: Words that open a clause and refer or count rather than name (这家, 该公司, 其中, 两者).
_NOT_DEFINED = ("这", "那", "该", "此", "其", "它", "他", "她", "本", "我", "你", "两", "一", "二", "三", "几", "每",
                "各", "某", "另", "也", "都", "就", "还", "但", "而", "如今", "目前", "现在", "公司", "企业", "集团")

#: Quoted names side by side (《A》《B》, “A”、“B”和“C”): one run of a list.
_QUOTED_RUN = re.compile(r"[“\"「『《][^“”\"「」『』《》\n，,。；;！？!?]{1,24}?[”“\"」』》]"
                         r"(?:(?:、|，|,|和|与|及|以及|或)?[“\"「『《][^“”\"「」『』《》\n，,。；;！？!?]{1,24}?[”“\"」』》])*")
#: What closes a list of quoted names with its kind: 等26款App, 等热门游戏, 等逾2500款手机游戏, 两款手游.
_LIST_KIND_AFTER = re.compile(r"(?:等(?:[逾超近约]?[\d一二三四五六七八九十百千万几多余]+[款个家部只项]|多款|多个|一批|系列)?"
                              r"|[两二三四五六七八九十几]+[款个家部])"
                              r"[\u4e00-\u9fff]{0,4}?(?P<k>小程序|应用程序|应用|App|APP|游戏|手游|软件|大模型|模型|平台|产品|品牌|服务|芯片)"
                              r"(?![\u4e00-\u9fffA-Za-z])")
_LIST_KINDS = {"小程序": "MiniProgram", "应用程序": "App", "应用": "App", "App": "App", "APP": "App", "游戏": "App",
               "手游": "App", "软件": "App", "大模型": "AIModel", "模型": "AIModel", "平台": "Platform",
               "产品": "Product", "品牌": "Product", "服务": "Product", "芯片": "Chip"}
#: A kind word that opens the list: 被下架的游戏包括《A》, 涉事App有“A”、“B”.
_LIST_KIND_BEFORE = re.compile(r"(?P<k>小程序|应用程序|应用|App|APP|游戏|手游|软件|大模型|产品|品牌)"
                               r"(?:还|则|主要|分别)?(?:包括|包含|涉及|有|如|例如|是|为)(?:了)?[：:]?")

_REGION_INSIDE = re.compile(r"(?<=[\u4e00-\u9fff])[（(][\u4e00-\u9fff]{2,4}[)）](?=[\u4e00-\u9fff])")


class Recognizer(SentenceShapes, StructureNames):
    """Finds and links the entity mentions of a text against one catalog."""

    def __init__(self, catalog: Catalog, base_iri: str = DEFAULT_BASE_IRI):
        self.catalog = catalog
        self.base_iri = base_iri
        self.forms: dict[str, Entity] = {}
        surface_forms = catalog.surface_forms()
        for form, entity in surface_forms:
            self.forms.setdefault(form.casefold().replace(" ", ""), entity)
        forms = [f for f, _ in surface_forms if len(f) > 1 or not LATIN.match(f)]
        # Every position is tried, so overlapping names are found too (牵手淘宝: 手淘 and 淘宝);
        # linking picks one. One small trie per first character: a single big alternation
        # would be tried branch by branch at every position of the text.
        by_first: dict[str, list[str]] = {}
        for form in forms:
            if form and not form[0].isspace():
                by_first.setdefault(form[0].lower(), []).append(form)
        self.catalog_first = re.compile(
            "[" + "".join(re.escape(ch) for ch in sorted(by_first)) + "]", re.IGNORECASE) if by_first else None
        self.catalog_tries = {ch: re.compile(trie_regex(group), re.IGNORECASE) for ch, group in by_first.items()}
        tw = type_words()
        self.after_re = re.compile(r"\s*的?\s*(" + alt_pattern(tw["after"]) + ")")
        self.before_re = re.compile("(" + alt_pattern(tw["before"]) + r")(?:名为|叫做|叫|名叫)?[一]?[个款家]?$")
        self.suffix_re = re.compile(alt_pattern(tw["suffix"]))
        self.suffix_end_re = re.compile("(?:" + alt_pattern(tw["suffix"]) + ")$")
        self.head_re = re.compile(alt_pattern(tw["head"]))
        self.head_end_re = re.compile(alt_pattern(set(tw["head"]) | {"类", "版"}))
        words = name_words()
        # every word that marks a fact ends a name: the families' and the verbs written in a rule (出售给,
        # 追加投资); a noun a rule marks (业务, 品牌, 玩家) is a kind word and may end a name (淘系电商业务)
        bounds = (set(words["boundary"]) | {w for f in triggers().values() for w in f}
                  | {w for w in rule_trigger_words() if len(w) >= 2 and pos.tag_of(w) in ("v", "vn", None)
                     and not w.isascii() and not w.endswith(_KIND_NOUN_ENDS) and w not in _IN_NAMES})
        self.boundary_re = re.compile(alt_pattern(bounds))
        self.generic_re = re.compile(alt_pattern(words["generic"]))
        self.part_re = re.compile(alt_pattern(words["part"]))
        self.modifier_re = re.compile(alt_pattern(words["modifier"]))
        fam = triggers()
        self.object_slot_re = re.compile(
            "(?:" + alt_pattern(set(fam["found"]) | set(fam["invest"]) | set(fam["acquire"])) + ")了?"
            "(?P<n>[\\u4e00-\\u9fffA-Za-z]{2,4})(?=[，,。；;！!？?]|$)")
        # A clause's first words, up to the relation verb (or a reporting verb) that follows them.
        report = "宣布|表示|称|透露|公告|发布公告|官宣|正式|已经|已|也|还|将|近日|日前|于"
        # … or to a preposition that brings the other party (鹿鸣学堂已在流萤视频开设…, 鼎峰资本对晴川的减持)
        self.subject_slot_re = re.compile(
            "(?:^|(?<=[，,。；;：:！!？?\\n“”\"」]))\\s*(?P<n>[\\u4e00-\\u9fffA-Za-z]{2,6}?)(?=(?:" + report + "){0,2}(?:"
            + alt_pattern({w for name, ws in triggers().items() if name not in NOT_TRIGGERS | NOUN_FAMILIES
                           for w in ws if len(w) >= 2})
            + "|(?:与|和|跟|同|对|向|在|於|以|通过|把|将|被|由)(?=[^，,。；;]{2,}?(?:" + alt_pattern(
                {w for name, ws in triggers().items() if name not in NOT_TRIGGERS for w in ws if len(w) >= 2}) + "))))")
        self.launched_run_re = re.compile("(?:" + alt_pattern(fam["launch"]) + ")了?(?:新一代|新版|全新的?|最新的?)?"
                                          r"(?P<n>[\u4e00-\u9fff]{2,6})")
        self.launched_object_re = re.compile(
            "(?:" + alt_pattern(triggers()["launch"]) + ")了?(?:" + alt_pattern(words["modifier"]) + ")?"
            r"(?P<n>(?P<h>(?![了的])[\u4e00-\u9fff]{2,5}?)(?:体系|系统|计划|功能|服务|会员|平台|App|APP))(?=[，,。；;、和及与\s]|$)")
        fam = triggers()
        person_roles = set(roles()) | set(fam["founder"]) | {"副总裁", "副董事长", "高管", "合伙人", "总监"}
        surname = "(?:" + alt_pattern(surnames()) + ")"
        # An adverb between a name and its verb is no part of the name: 李明将出任, 陈冰还出任, 王岚已加入.
        adverb = "(?:已经|仍然|还|将|已|也|曾|再|又|便|即|正|仍|则|就)?"
        follow = "(?:" + adverb + "(?:" + alt_pattern(words["follow"]) + ")|$)"
        self.person_after_role = re.compile(
            f"(?:{alt_pattern(person_roles)})(?:兼[A-Za-z\u4e00-\u9fff]{{1,6}}?)?(?:为|是)?"
            f"(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)(?={follow})")
        # a role word and a name in Latin script (联合创始人Lisa Wang表示, CEO Kevin Zhao表示)
        self.latin_person_after_role = re.compile(
            f"(?:{alt_pattern(person_roles)})\\s?(?P<n>[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})(?![A-Za-z])")
        # a name in Latin script right before a role word is the organisation's (NovaMind CEO Kevin Zhao)
        self.latin_org_before_role = re.compile(
            f"(?<![A-Za-z0-9])(?P<n>[A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]+){{0,2}})\\s?"
            f"(?=(?:的|公司|公司的)?(?:CEO|CTO|COO|CFO|首席执行官|总裁|董事长|创始人|联合创始人|创办人|总经理|负责人))")
        # a role word and a three-character name before anything else (创始人周明远病倒, CEO张建中20日)
        self.person_after_role_any = re.compile(
            f"(?:{alt_pattern(person_roles)})(?:兼[A-Za-z\u4e00-\u9fff]{{1,6}}?)?"
            f"(?P<n>{surname}[\u4e00-\u9fff]{{2}})")
        self.person_before_verb = re.compile(
            f"(?:^|[，,、：:“\"的]|{alt_pattern(person_roles)})(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)"
            f"(?={adverb}{alt_pattern(fam['appoint'])})")
        # the person an organisation appoints (任命周明远为总裁, 聘请李青山担任CTO)
        self.person_appointed = re.compile(
            f"(?:任命|委任|聘任|聘请|提名|推选|选举|选聘)(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)(?=为|担任|出任|接任)")
        self.person_after_org = re.compile(
            f"(?P<n>{surname}[\u4e00-\u9fff]{{1,2}}?)(?={adverb}{alt_pattern(fam['appoint'])})")
        # Every rule needs one of these words, so a sentence without any holds no relation.
        self.trigger_re = re.compile(alt_pattern({w for name, ws in fam.items() if name not in NOT_TRIGGERS - {"role"}
                                           for w in ws} | {"小程序", "小程式"} | rule_trigger_words()))
        # A sentence with no trigger word may still state ownership by a kind word after 的 (B是A的电商平台,
        # A的支付工具B); kind words bound names, so they are no triggers: this cue makes such a sentence
        # with two names parse (kg.extract.extractor)
        self.kind_cue_re = re.compile(r"的[^，,。；;]{0,6}?(?:平台|App|APP|应用|品牌|子品牌|小程序|大模型|钱包|商城|支付工具|产品|新品|游戏|软件|芯片|业务|板块|事业部|事业群)")
        self.role_re = re.compile(alt_pattern(person_roles | set(fam["appoint"]) | set(fam["found"])))
        # A title right before a person the catalog lists as ambiguous names them (CEO周墨川); not a
        # two-character name (主席李杰), which many people share.
        self.title_before_re = re.compile("(?:" + alt_pattern(person_roles | set(fam["found"])) + r")\s*$")
        # An ambiguous name right after a relation verb is its argument: 收购了当当, 创立的小米.
        self.after_trigger_re = re.compile(
            "(?:" + alt_pattern({w for name, ws in fam.items() if name not in NOT_TRIGGERS for w in ws})
            + ")[了的过]?$")
        # A quoted name right after a launch verb names what was launched: 上线了“抖音超市”.
        self.launched_quote_re = re.compile("(?:" + alt_pattern(fam["launch"]) + "|(?P<f>" + alt_pattern(fam["found"])
                                            + "))了?[^，,。；;：:“”\"「」]{0,10}$")

    def catalog_candidates(self, text: str, confirmed: frozenset[str] = frozenset()) -> list[Candidate]:
        """Catalog names in ``text``; ambiguous ones only where context marks them as names.

        ``confirmed``: IRIs of ambiguous entities the document has already named in
        context (one sense per discourse: 菜鸟 once read as the company stays the company).
        """
        out = []
        tries = self.catalog_tries
        for first in self.catalog_first.finditer(text) if self.catalog_first is not None else ():
            start = first.start()
            m = tries[text[start].lower()].match(text, start)
            if m is None:
                continue
            end = m.end()
            if LATIN.match(text[start]) and start and LATIN.match(text[start - 1]):
                continue
            if LATIN.match(text[end - 1]) and end < len(text) and LATIN.match(text[end]):
                continue
            entity = self.forms.get(m.group().casefold().replace(" ", "")) or self.catalog.lookup(m.group())
            if entity is None:
                continue
            out.append(Candidate(start, end, m.group(), entity.type, "catalog", entity, 3))
        out = [self._before_sector(text, c) for c in whole_words(text, out)]
        ambiguous = [c for c in out if self.catalog.is_ambiguous(c.entity.iri, c.name)
                     and c.entity.iri not in confirmed]
        if not ambiguous:
            return out
        plain_ends = {c.end for c in out if c not in ambiguous}
        plain_starts = {c.start for c in out if c not in ambiguous}
        return [c for c in out if c not in ambiguous or self._in_context(text, c.start, c.end)
                or listed(text, c, plain_starts, plain_ends)
                or (c.type == "Person" and len(c.name) >= 3
                    and self.title_before_re.search(text, max(0, c.start - 10), c.start))]

    def _before_sector(self, text: str, c: Candidate) -> Candidate:
        """美团外卖大战, 美团外卖业务: a product name made of a brand and a generic word (外卖), right
        before a word for a contest or a line of business, is the brand; the generic word goes
        with what follows."""
        if not CONTEST.match(text, c.end):
            return c
        for cut in range(len(c.name) - 1, 1, -1):
            brand, tail = c.name[:cut], c.name[cut:]
            entity = self.forms.get(brand.casefold())
            if entity is not None and self.generic_re.fullmatch(tail):
                return Candidate(c.start, c.start + cut, brand, entity.type, c.rule, entity, c.priority)
        return c

    def _in_context(self, text: str, start: int, end: int) -> bool:
        if start and text[start - 1] in OPEN:
            return True
        if _ORG_NAME_END.search(text, start, end) and end - start >= 4:
            return True  # 石头科技, 小米集团: a name that ends as a firm's name is that firm's
        if NAME_CONTEXT.match(text, end):
            return True
        if self.after_trigger_re.search(text[max(0, start - 8):start]):
            return True
        # a member of a list of other names: 优酷、大麦等
        before, after = text[max(0, start - 1):start], text[end:end + 1]
        return before in ("、",) or after in ("、",)

    def quoted_candidates(self, text: str) -> list[Candidate]:
        """Quoted names with a type word after or before them; 《》 only for apps."""
        out = []
        for m in QUOTED.finditer(text):
            name = m.group(2).strip()
            if len(name) < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", name):
                continue
            if self.trigger_re.fullmatch(name):
                continue  # 苔原App“封杀”青禾音乐: a verb the writer quotes is no name
            after = self.after_re.match(text, m.end())
            before = self.before_re.search(text, max(0, m.start() - 12), m.start())
            if before is not None and before.group(1) in _BARE_KINDS and not (
                    before.start() > 0 and re.match(r"[\u4e00-\u9fffA-Za-z]", text[before.start() - 1])
                    and text[before.start() - 1] not in "的该这那其此各某每本"):
                before = None  # 平台“打架”: a bare kind word quotes a word; 影音平台「鲸影」 names a product
            tw = type_words()
            cls = tw["after"][after.group(1)] if after else tw["before"][before.group(1)] if before else None
            if cls is None and text[max(0, m.start() - 3):m.start()].endswith(("旗下", "旗下的")):
                # 旗下的「青禾创业投资管理」: what an owner holds is named; its words say its kind
                cls = "Company" if _ORG_END.search(name) else None
            if (cls is None and m.group(1) != "《" and len(name) <= 10
                    and not MODIFIES_NOUN.match(text, m.end())):
                verb = self.launched_quote_re.search(text[max(0, m.start() - 14):m.start()])
                if verb:
                    # 上线了“抖音超市”; 创办了“青禾说”; not 上线“超值低价”套餐
                    cls = "Company" if verb.group("f") else "Product"
            if cls is None and m.group(1) == "《" and not _WORK_TITLE.search(name) and not _WRITING_AFTER.match(
                    text, m.end()) and _MAKES_TITLE.search(
                    text[max(0, m.start() - 8):m.start()]):
                cls = "Product"  # 发行的《川流传说》, 推出了《X》: a game or a show; not 发布《…报告》
            elif cls is None or (m.group(1) == "《" and cls not in APP_TYPES):
                continue
            if text.startswith(("之一", "中的", "中之"), m.end()) and not after:
                continue  # 大模型“六小虎”之一的X: a nickname of a group, not the name of a product
            out.append(Candidate(m.start(2), m.start(2) + len(m.group(2).rstrip()), name, cls, "quoted", None, 3))
        return out

    def definition_candidates(self, text: str) -> list[Candidate]:
        """A name that a clause defines by its kind: 澜涛是一家专注于自动驾驶的初创公司, 光屿之外是国内领先的
        AGI创新企业, 青禾说是一款读书App; or by what only an organisation does: 澜涛成立于2019年,
        澜涛完成数亿元B轮融资, 澜涛获青梧资本投资, 澜涛由周明远创立, 澜涛于2023年在港交所上市. The name
        opens the clause."""
        out = []
        found = [(m, _DEFINED_KINDS[m.group("k")]) for m in _DEFINED.finditer(text)]
        found += [(m, "Company") for m in _ORG_PREDICATE.finditer(text)]
        freq = jieba_freq() if found else {}
        for m, kind in found:
            start = self._after_modifier(text, m.start("n"), m.end("n"))  # 芯片设计公司|沃川微电: past a description
            name = text[start:m.end("n")].strip()
            if crossed(text, m.end("n"), freq):
                continue  # 使之成|为, 作|为, 原|是: the copula is the end of a word of the clause
            words = pos.lcut(name)
            if len(words) > 1 and any(len(w.word) >= 2 and (w.flag[:1] in "dcpu" or w.flag == "v") for w in words):
                continue  # 结果只能, 工商部门一听说: a clause's words before the copula, not a name
            if (common_word(name) or name[0] in FUNCTION_CHARS or name[-1] in FUNCTION_CHARS or name.startswith(_NOT_DEFINED)
                    or TIME_WORD.search(name) or has_function_word(name) or not self._new_name_ok(name)
                    or not self.plausible_name(name, kind)):
                continue
            if kind == "Company" and _NOT_FIRM_END.search(name):
                kind = "Organization"  # 繁荣党成立于1983年, 澜城大学成立于…: an organisation, not a firm
            out.append(Candidate(start, start + len(name), name, kind, "definition", None, 2))
        return out

    def outside_definitions(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """``cands`` without the new names that end with the kind word a definition gives its name: in
        栖拾是一款面向年轻人的读书App the App is 栖拾, and 读书App is its description (a name before
        the kind word stays: Orca Labs是Zeta Robotics的全资子公司)."""
        defined = [c for c in cands if c.rule.startswith("definition")]
        if not defined:
            return cands  # (most sentences: the definition pattern is not run again)
        spans = [(m.end("n"), m.end("k")) for m in _DEFINED.finditer(text)
                 if any(m.start("n") <= c.start < m.end("n") for c in defined)]
        if not spans:
            return cands
        return [c for c in cands if c.entity is not None or c.rule.startswith("definition")
                or not any(a <= c.start and c.end == b for a, b in spans)]

    def quoted_list_candidates(self, text: str) -> list[Candidate]:
        """Quoted names in a list whose kind a head word gives: “澜读”、“栖相机”等26款App,
        《霜刃》《球王》等热门游戏, 被下架的游戏包括《霜刃》和《球王》. Each quote alone says
        nothing of its kind (《人民日报》); the list's kind word does, after 等 or before 包括."""
        out = []
        for m in _QUOTED_RUN.finditer(text):
            items = list(QUOTED.finditer(text, m.start(), m.end()))
            cls = None
            close = _LIST_KIND_AFTER.match(text, m.end())
            if close is not None:
                cls = _LIST_KINDS[close.group("k")]
            if cls is None:
                opener = _LIST_KIND_BEFORE.search(text, max(0, m.start() - 16), m.start())
                if opener is not None and opener.end() == m.start():
                    cls = _LIST_KINDS[opener.group("k")]
            if cls is None or (len(items) < 2 and close is None):
                continue
            for q in items:
                name = q.group(2).strip()
                if (len(name) < 2 or not re.search(r"[\u4e00-\u9fffA-Za-z]", name) or self.trigger_re.fullmatch(name)
                        or _WORK_TITLE.search(name) or self.generic_re.fullmatch(name)):
                    continue
                out.append(Candidate(q.start(2), q.start(2) + len(q.group(2).rstrip()), name, cls,
                                     "quoted.list", None, 3))
        return out

    def suffix_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """Names ending in a type suffix (星河互娱公司, 团好货小程序), bounded on the left."""
        def cls_of(suffix: str) -> str:
            return type_words()["suffix"][suffix]

        ends = {c.end for c in taken}
        catalog_ends = {c.end for c in taken if c.entity is not None}
        out = []
        bounds: set[int] | None = None
        for m in self.suffix_re.finditer(text):
            if bounds is None:
                bounds = self.boundaries(text)
            start = m.start()
            if m.group() in WEAK_SUFFIXES and crossed(text, m.end(), jieba_freq()) and not text.startswith(
                    ("股份", "股权", "股票", "股东"), m.end()):
                continue  # 智能手机, 科技园: the word goes on past the suffix
            if cls_of(m.group()) != "Company" and text[m.end():m.end() + 1] in ("“", "「", "《", "『"):
                continue  # 旗下影音平台「鲸影」: the kind of the quoted name that follows, not a name
            if start in catalog_ends and m.group() in ("小程序", "小程式"):
                own = self._own_mini_program(text, start, m.end(), taken)
                if own is not None:
                    out.append(own)
                continue
            if start in catalog_ends and m.group() not in UNIT_SUFFIXES:
                continue  # 支付宝App, 腾讯公司: a catalog name with its suffix; 美团战投 is a unit of its own
            if any(c.entity is not None and c.start < start < c.end for c in taken):
                continue  # 阿里巴巴集团: the suffix is part of a catalog name
            i = start
            while i > 0 and start - i < 8:
                ch = text[i - 1]
                if not NAME_CHAR.match(ch) or i in ends or i in bounds:
                    break
                i -= 1
            else:
                if i > 0 and start - i >= 8:
                    continue
            if m.group() in UNIT_NAMED_BY_DOMAIN and i < start:
                # 天猫新零售平台事业部: a unit named by its owner, a 新/大 and its business is one name,
                # not the business alone (零售平台事业部)
                for mod in ("全新", "新", "大"):
                    at = i - len(mod)
                    if text[at:i] == mod and at in ends:
                        owner = next(c for c in taken if c.end == at)
                        if owner.type != "Person":
                            i = owner.start
                        break
            if i in bounds and i < start - 2 and text[i] in "有为是":
                i += 1  # 投资人有经纬创投, 股东为X资本: the verb after a bounding word is not the name
            if start in ends and i == start:
                i = next(c for c in taken if c.end == start).start  # 美团战投, 云鲸智能
            elif i in ends and i < start:
                # 天猫优选小程序: a catalog name with more words before the suffix is a new name;
                # a person before it is not part of it (CEO吴泳铭兼任淘天集团…).
                before = next(c for c in taken if c.end == i)
                if before.type != "Person":
                    i = before.start
            if (mod := self.modifier_re.match(text, i, start)) and start - mod.end() >= 2:
                i = mod.end()  # 成立全新物流事业群: 全新 describes the unit, it is not its name
            else:
                across = next((mm for mm in self.modifier_re.finditer(text, max(0, i - 3), min(start, i + 3))
                               if mm.start() < i < mm.end() and start - mm.end() >= 2), None)
                if across is not None:
                    i = across.end()  # 新品青禾App read from 品: the modifier 新品 is cut whole
            if cls_of(m.group()) == "Company" and m.group() not in UNIT_NAMED_BY_DOMAIN and not any(
                    c.start == i and c.entity is not None for c in taken):
                # read the trade name back word by word: 祝贺壁仞科技, 代表X集团, 昨日X公司 lose their verbs
                tight = trade_name_start(text, start, ends | bounds, longest=6)
                if tight is None:
                    continue
                i = max(i, tight)
            elif start - i > 2 and ordinary_words(text[i:start]):
                # 拥有青禾App: a verb read back with the name is no part of it
                tight = trade_name_start(text, start, ends | bounds, longest=6)
                if tight is not None:
                    i = max(i, tight)
            if i > 0 and NAME_CHAR.match(text[i - 1]) and crossed(text, i, jieba_freq()) and not any(
                    c.start == i for c in taken) and i not in ends:
                continue  # 工业建筑安装公司 read from 业: a name starts where a word starts
            name = text[i:start]
            # A registered name (…有限公司) may hold ordinary words (高鑫零售有限公司); only a
            # name that is nothing but one (零售有限公司) is generic.
            # an owner before it: …执掌的物流集团, 旗下…, or the owner's name as its start (阿里本地生活集团)
            owned = (text[i - 1:i] == "的" or text[max(0, i - 2):i] == "旗下"
                     or any(c.start == i and c.entity is not None and c.type in ORG_TYPES for c in taken))
            if m.group() in UNIT_NAMED_BY_DOMAIN or (m.group() == "集团" and owned):
                generic = None  # 电商事业群; 京东…执掌的物流集团: a group named by its line of business
            elif m.group().endswith("有限公司") or (m.group() in ("App", "APP", "app") and any(
                    c.start == i and c.end == start and c.entity is None and TENTATIVE not in c.rule for c in taken)):
                generic = self.generic_re.fullmatch(name)  # 暖阳健康App: a name already read, and its app
            else:
                generic = self.generic_re.search(name)
            cls = type_words()["suffix"][m.group()]
            if (len(name) < 2 or generic or name.isdigit() or COUNTED.match(name) or COUNTED_TAIL.search(name)
                    or phrase_not_name(name, cls)
                    or (cls != "Company" and self._kind_only(name))
                    or self.generic_re.fullmatch(text[i:m.end()])):
                continue  # …, and 人工智能: a suffix that makes a generic word
            # 星河App: an app is named with the word; a catalog name with it stays the catalog name
            keep_suffix = cls in ("Company", "Organization") or m.group() in ("App", "APP", "app", "小程序", "小程式")
            end = m.end() if keep_suffix else start
            out.append(Candidate(i, end, text[i:end], cls, "suffix", None, 2))
        return out

    def _own_mini_program(self, text: str, start: int, end: int, taken: Sequence[Candidate]) -> Candidate | None:
        """X小程序 as X's own mini-program, not X's mini-program platform: when the sentence's
        subject is X itself (盒马上线了盒马小程序) or another platform hosts it (微信京东小程序)."""
        brand = next((c for c in taken if c.end == start and c.entity is not None), None)
        if brand is None:
            return None
        clause_start = max(text.rfind(ch, 0, brand.start) for ch in "，,。！？!?；;：:\n") + 1
        host = next((c for c in taken if c.end == brand.start and c.entity is not None
                     and c.entity.type in HOST_TYPES), None)
        # 盒马通过支付宝上线了盒马小程序: the clause's own subject launches it
        subject = any(c.entity == brand.entity and clause_start <= c.start < brand.start for c in taken)
        launched = self.launched_quote_re.search(text, max(clause_start, brand.start - 3), brand.start)
        if host is None and not (subject and launched):
            return None
        return Candidate(brand.start, end, text[brand.start:end], "MiniProgram", "suffix.own", None, 2)

    def glossed_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A Chinese name no list knows right before its Latin name in brackets: 澜芯（LanCore）,
        青梧（Qingwu Capital）. Its start is read back as a trade name's (其对手|澜芯); a firm unless the
        Latin name says otherwise."""
        ends = {c.end for c in taken}
        out = []
        for m in ALIAS.finditer(text):
            end = m.start()
            if end in ends or end < 2 or not re.match(r"[\u4e00-\u9fff]", text[end - 1]):
                continue
            begin = trade_name_start(text, end, self.boundaries(text))
            if begin is None or not 2 <= end - begin <= 4 or any(c.start < end and begin < c.end for c in taken):
                continue
            name = text[begin:end]
            if common_word(name) or not self._new_name_ok(name) or not self.plausible_name(name, "Company"):
                continue
            latin = m.group("a")
            cls = "InvestmentFirm" if re.search(r"(?:Capital|Ventures|Partners|VC)$", latin) else "Company"
            out.append(Candidate(begin, end, name, cls, "glossed", None, 2))
        return out

    def alias_candidates(self, text: str, taken: Sequence[Candidate]) -> list[Candidate]:
        """A Latin name in brackets right after a name is another name of it: 星河集团(Galaxy Inc.)."""
        out = []
        for c in taken:
            m = ALIAS.match(text, c.end)
            if m:
                out.append(Candidate(m.start("a"), m.end("a"), c.name, c.type, "alias", c.entity, c.priority))
        return out

    def person_candidates(self, text: str, taken: Sequence[Candidate] = ()) -> list[Candidate]:
        """People named next to a role word (CEO戴珊, 创始人张小龙, 蒋凡出任, 阿里戚文涛执掌)."""
        out = []
        for rx in (self.person_after_role, self.person_before_verb, self.person_appointed):
            for m in rx.finditer(text):
                if not _common_word(m.group("n")):
                    out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Person", "person.role", None, 2))
        for m in self.latin_org_before_role.finditer(text):
            if m.group("n") not in ("CEO", "CTO", "COO", "CFO") and not self._person_name(m.group("n")):
                out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Company", "latin.role", None, 1))
        for m in self.latin_person_after_role.finditer(text):
            out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Person", "person.role", None, 2))
        found = {c.start for c in out}
        freq = jieba_freq()
        for m in self.person_after_role_any.finditer(text):
            start, end = m.span("n")
            if start in found or not self._person_name(m.group("n")) or text[end - 1] in FUNCTION_CHARS:
                continue
            if any(r.start() < end for r in self.role_re.finditer(text, start, min(len(text), end + 3))):
                continue  # 执行董事局主席: a title's own words are no name
            # the third character may start the next word (周明表示, 李飞出任): then the name is two long
            if any(freq.get(text[end - 1:end - 1 + n], 0) >= 20 for n in (2, 3, 4) if end - 1 + n <= len(text)):
                continue
            out.append(Candidate(start, end, m.group("n"), "Person", "person.role", None, 2))
        # an organisation's name right before the person is their affiliation
        for c in taken:
            if c.entity is not None and c.type != "Person":
                m = self.person_after_org.match(text, c.end)
                if m:
                    out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), "Person", "person.role", None, 2))
        return out

    def person_signal(self, text: str) -> bool:
        """Whether ``text`` names a person by a role word (蔚来创始人李斌): a cheap pre-check."""
        return bool(self.role_re.search(text)) and bool(self.person_after_role.search(text)
                                                        or self.person_before_verb.search(text)
                                                        or self.person_after_role_any.search(text))

    def extra_candidates(self, text: str, names: dict[str, Candidate]) -> list[Candidate]:
        """Every occurrence of names found elsewhere in the same document."""
        out, freq = [], jieba_freq()
        for name, cand in names.items():
            for m in re.finditer(re.escape(name), text):
                if cand.rule == "alias.short" and (crossed(text, m.start(), freq) or crossed(text, m.end(), freq)):
                    continue  # 中通 of 中通快递, not in 会议中通过
                # an alias (Galaxy for 星河集团) names the same entity as the name it stands for
                out.append(Candidate(m.start(), m.end(), cand.name or name, cand.type, cand.rule + ".repeat",
                                     cand.entity, 1))
        return out

    def candidates(self, text: str, doc_names: dict[str, Candidate] | None = None,
                   persons: bool = True, confirmed: frozenset[str] = frozenset()) -> list[Candidate]:
        """All candidates of ``text`` (catalog, quoted, suffixed, repeated, people)."""
        cands = self.catalog_candidates(text, confirmed) + self.quoted_candidates(text)
        cands += self.quoted_list_candidates(text) + self.definition_candidates(text)
        cands += self.suffix_candidates(text, cands)
        cands += self.org_candidates(text, cands)
        cands += self.latin_candidates(text, cands)
        cands += self.payment_candidates(text, cands)
        cands = self.outside_definitions(text, cands)
        if doc_names:
            cands += self.extra_candidates(text, doc_names)
        if persons and self.role_re.search(text):
            cands += self.person_candidates(text)
        return cands

    def _person_name(self, name: str) -> bool:
        return (2 <= len(name) <= 4 and CJK_RUN.fullmatch(name) is not None
                and name.startswith(surnames()) and self.catalog.lookup(name) is None
                and (not self.boundary_re.search(name[1:]) or _given_name_word(name)))

    def _after_head_word(self, text: str, at: int) -> bool:
        # a type word that ends right before the name (品牌周岚 is a product, 输入法由周岚… a person)
        return any(m.end() == at for m in self.head_end_re.finditer(text, max(0, at - 4), at))

    def _suffix_class(self, rest: str) -> str | None:
        m = self.suffix_end_re.search(rest)
        return type_words()["suffix"][m.group()] if m else None

    def _extension_ok(self, rest: str) -> bool:
        """What may follow a catalog name inside one longer name: 闪购, 战投, 中国电商集团, 娱乐."""
        if not 1 <= len(rest) <= 8 or not NAME_RUN.fullmatch(rest) or TICKER.search(rest):
            return False
        if (self.boundary_re.match(rest) or self.trigger_re.search(rest) or self.role_re.search(rest)
                or self.part_re.match(rest)):
            return False
        suffix = type_words()["suffix"].get(rest) or (type_words()["product"].get(rest)
                                                      if rest in type_words()["after"] else None)
        if suffix not in (None, "Company"):
            return False  # 美团小程序, 淘宝App, 天猫优品商城: a catalog name with its kind word is that name
        if len(rest) == 1 and suffix is None:
            return False  # 阿里系, 腾讯方: a bound word, not a longer name
        if rest.isascii() and len(rest) <= 2:
            return False  # 天猫H5, 淘宝App: a format or a type, not a longer name
        words = pos.lcut(rest)
        first = words[0]
        if len(first.word) >= 2 and first.flag == "v":
            return False  # 斗鱼合并: the name and its verb
        if first.flag[:1] == "d" or first.flag == "ad" or any(len(w.word) >= 2 and w.flag == "v" for w in words[1:]):
            return False  # 淘宝全面合体: an adverb and a verb after the name, not more of it
        return first.flag[:1] not in ("p", "r", "m", "c", "u", "d", "f", "q")

    def _tagged_org_ok(self, name: str) -> bool:
        """An organisation LAC tags is not a sector (中国电信业, 互联网圈), nothing but generic
        words and a type suffix (金融科技公司, VR硬件公司), or a short common word (登山队)."""
        if SECTOR.search(name):
            return False
        head = self.suffix_end_re.sub("", name)
        unit = name.endswith(("集团", "事业群", "事业部"))  # 本地生活集团: a group named by its line of business
        if head != name and (not head or (only_generic(head, self.generic_re) and not unit)):
            return False
        if len(name) <= 3:
            jieba.dt.check_initialized()
            return name not in jieba.dt.FREQ
        return True

    def _new_name_ok(self, name: str, phrase_check: bool = True) -> bool:
        """A plausible new name: not generic, not a known name, not starting with a function
        word; with ``phrase_check``, not an ordinary phrase by jieba's reading (a name the
        statistical tagger proposes skips that reading: 欢聚集团 starts with the verb 欢聚)."""
        longest = 26 if name.endswith(("公司", "（有限合伙）", "(有限合伙)")) else 12  # registered names are long
        # 苔原智能（北京）科技有限公司: a region in brackets inside a registered name
        plain = _REGION_INSIDE.sub("", name) if name.endswith("公司") else name
        if not 2 <= len(name) <= longest or not NAME_RUN.fullmatch(plain) or name.isdigit():
            return False
        if self.generic_re.fullmatch(name) or self.catalog.lookup(name) is not None:
            return False
        core = name[1:] if tong_trade_name(name) else name  # (同程网络: 同 here is no bound)
        if self.boundary_re.match(core) or self.trigger_re.search(firm_core(core)) or COUNTED.match(name):
            return False
        if LATIN.match(name) or not phrase_check:
            return True
        return not phrase_not_name(name, "Company")

    def _list_item_ok(self, text: str, a: int, b: int) -> bool:
        """A member of a list of names may start with a word that bounds names elsewhere
        (今日青禾, 五岳资本); only a function word, a count (六大…, 两家…) or a common noun
        (外卖、到店) rules it out. A number is a name there too (1688、闲鱼) unless it is a quantity."""
        name = text[a:b]
        if not 2 <= len(name) <= 12 or not NAME_RUN.fullmatch(name) or name.strip() != name:
            return False
        if name.isdigit():
            return len(name) >= 3 and not QUANTITY_AFTER.match(text, b)
        if name[0] in FUNCTION_CHARS or COUNTED.match(name) or self.trigger_re.search(name):
            return False
        if a > 1 and text[a - 1] == " " and text[a - 2].isascii() and text[a - 2].isalnum():
            return False  # …、Global Link Network: a member read from inside a longer Latin name is cut
        if self.generic_re.fullmatch(name) or self.catalog.lookup(name) is not None:
            return False
        if a > 0 and NAME_CHAR.match(text[a - 1]) and LATIN.match(name) is None and crossed(text, a, jieba_freq()):
            return False  # 用户位置信息 read from 户: a member starts where a word starts
        if LATIN.match(name) is None and _common_noun_phrase(name):
            return False  # 店铺、商品详情及直播间: ordinary nouns side by side are a page or a field, not a name
        return LATIN.match(name) is not None or not common_word(name)

    def _after_modifier(self, text: str, a: int, b: int) -> int:
        """The start of a list member's name after a modifier that ends in a type word (电竞类X)."""
        best = a
        for m in self.head_end_re.finditer(text, a, b):
            if b - m.end() >= 2:
                best = m.end()
        for m in _DESCRIBED.finditer(text, a, b):  # 芯片新秀X, 电池独角兽X, 存储厂商X
            if b - m.end() >= 2 and m.end() > best:
                best = m.end()
        return best

    def resolve(self, cand: Candidate) -> Entity:
        """The entity a candidate names: catalog first, else a minted node of the candidate's type."""
        if cand.entity is not None:
            return cand.entity
        found = self.catalog.lookup(cand.name)
        if found is None and cand.type == "Company":
            found = self.catalog.lookup(re.sub(r"(?:股份有限公司|有限公司|控股集团|集团|公司)$", "", cand.name))
            if found is not None and found.type not in ORG_TYPES:
                found = None  # 云帆集团 is no model called 云帆: a firm of that name
        return found if found is not None else self.catalog.mint(cand.name, cand.type, self.base_iri)

    def link(self, cands: Sequence[Candidate]) -> list[tuple[int, int, Entity, str, str]]:
        """Non-overlapping mentions ``(start, end, entity, text, rule)``; the longest span wins."""
        chosen: list[Candidate] = []
        taken: set[int] = set()
        # A new name is checked before it can become an entity (and before it can hide a
        # catalog name under a longer span).
        cands = [c for c in cands if c.entity is not None or self.catalog.lookup(c.name) is not None
                 or self.plausible_name(c.name, c.type, c.rule)]
        quoted = {c.start for c in cands if c.rule == "quoted"}
        if quoted:
            # 推出短影音App「星芒Live」, 旗下影音平台「鲸影」: the words right before a quoted name say
            # what it is; they are no name of their own
            cands = [c for c in cands if c.entity is not None or c.rule == "quoted" or c.end + 1 not in quoted
                     or c.type == "Person" or c.rule.startswith(("alias", "catalog"))]
        # Of two overlapping names of one length the later wins: 牵手淘宝 is 牵手 + 淘宝.
        # Of one span, a name other evidence confirms wins over a tentative one.
        for c in sorted(cands, key=lambda c: (-(c.end - c.start), "?" in c.rule, -c.priority, -c.start)):
            span = set(range(c.start, c.end))
            if span & taken:
                continue
            taken |= span
            chosen.append(c)
        chosen.sort(key=lambda c: c.start)
        # 旗下社群平台青禾: a tentative kind phrase right before an apposed name describes it
        apposed = {c.start for c in chosen if c.rule.startswith("apposition")}
        chosen = [c for c in chosen if not (TENTATIVE in c.rule and c.end in apposed)]
        return [(c.start, c.end, self.resolve(c), c.name, c.rule) for c in chosen]


#: Nouns that end a description before a list member's name (芯片新秀X, 电池独角兽X, 存储厂商X).
_DESCRIBED = re.compile("|".join(("初创企业", "初创公司") + DESCRIPTION_NOUNS))


def _given_name_word(name: str) -> bool:
    """A three-character name whose given name is a word that starts with a joining word (周和平,
    王与同): 和 there joins nothing. Not 张和李, where the given name is no word."""
    return (len(name) == 3 and name[1] in "和与及同" and not name[2].isspace()
            and jieba_freq().get(name[1:], 0) >= 100)


def _common_noun_phrase(name: str) -> bool:
    """Frequent nouns and adjectives of the general vocabulary, two characters or more each
    (商品详情, 生活服务): a description. A name has a word of its own (头条 in 今日头条 is rare
    enough; 叮咚买菜), a single character (每日优鲜) or a verb (大众点评)."""
    words = pos.lcut(name)
    return len(words) >= 2 and all(len(w.word) >= 2 and w.flag in ("n", "vn", "a", "an") and word_freq(w.word) >= 300
                                   for w in words)


#: verbs a rule marks that also stand inside names (融资租赁, 消费金融, 运营商, 结算中心, 播放器)
_IN_NAMES = frozenset({"融资", "消费", "运营", "经营", "结算", "播放", "选手", "收入", "合资", "付款", "缴费",
                       "订阅", "覆盖", "控制", "启动"})
#: the last words of a rule's marked phrase that make it a noun (官方店, 头部平台, 投资组合) or a copula
#: phrase (旗下有, 分别为): no bound
_KIND_NOUN_ENDS = ("店", "号", "平台", "玩家", "公司", "企业", "主体", "组合", "名单", "版图", "频道", "码",
                   "隐患", "风险", "提示", "集团", "板块", "有", "为", "是", "于")


def _common_word(name: str) -> bool:
    """A two-character "name" after a role word that jieba knows as a common word other than a
    person's name (董事长全面负责, CEO马上表示): a surname character starts many ordinary words.

    >>> _common_word("全面"), _common_word("马上"), _common_word("华明"), _common_word("高峰")
    (True, True, False, False)
    """
    if len(name) != 2:
        return False
    flag = pos.tag_of(name)
    return flag is not None and not flag.startswith("nr") and jieba_freq().get(name, 0) >= 300
