"""Composed sentences in the style of Chinese tech news (36氪, 界面新闻, 晚点LatePost).

The sentences are composed for these tests: none is copied from the seeds or from an evaluation
article (``UNSEEN_CASES`` follow constructions met in real articles, in other words). They are no
held-out set: the rules were written and generalised against them, so they pin behaviour and
measure nothing (the real articles are scored by benchmarks/real_eval.py). Most name companies the
catalog knows; a few invent names it does not (星云科技, 青禾网络). Each case lists
every fact a careful reader takes from it, as (subject label, relation, object label,
modality); the extractor must find exactly these. Negative cases expect nothing, or only
a non-asserted statement. Symmetric relations are compared without direction.

Decisions the cases encode:
- A person who steps down (卸任, 辞去) or once held a post (曾任, 前CEO, 原总裁) does not
  ``leads`` the organisation: no statement at all, since nothing is claimed about now.
- The one replaced (A接替B担任X CEO) gets no ``leads`` either.
- Handing out shares (将所持京东股份以特别分红形式派发给股东) is a divestment.
- 试图/有意收购 is an intention: ``planned``.
- An investor in the 由…领投、…跟投 frame invests in the company that raised the round.
"""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.ingest import document_from_text

A, P, R, D, H = "asserted", "planned", "rumoured", "denied", "hypothetical"
ALI = "阿里巴巴集团"

CASES = [
    # acquired
    ("2021年7月，字节跳动以40亿美元收购了游戏公司沐瞳科技。", {("字节跳动", "acquired", "沐瞳科技", A)}),
    ("阿里巴巴全资收购饿了么，交易对饿了么的估值为95亿美元。", {(ALI, "acquired", "饿了么", A)}),
    ("腾讯宣布完成对搜狗的全资收购。", {("腾讯", "acquired", "搜狗", A)}),
    ("搜狗被腾讯收购后，将从纽交所退市。", {("腾讯", "acquired", "搜狗", A)}),
    ("饿了么已被阿里巴巴收入囊中。", {(ALI, "acquired", "饿了么", A)}),
    ("2015年，阿里巴巴并购了优酷，随后又将其私有化。", {(ALI, "acquired", "优酷", A)}),
    ("快手拟以10亿元收购北京星云科技有限公司。", {("快手", "acquired", "北京星云科技有限公司", P)}),
    ("美团将以27亿美元收购青禾网络，交易预计年内完成。", {("美团", "acquired", "青禾网络", P)}),
    ("市场传闻称，字节跳动将收购知乎。", {("字节跳动", "acquired", "知乎", R)}),
    ("百度否认收购哔哩哔哩。", {("百度", "acquired", "哔哩哔哩", D)}),
    ("腾讯以12亿美元收购了星海网络。", {("腾讯", "acquired", "星海网络", A)}),
    ("百度曾试图收购饿了么，但最终饿了么被阿里巴巴收购。",
     {("百度", "acquired", "饿了么", P), (ALI, "acquired", "饿了么", A)}),
    ("京东物流宣布以约90亿元收购德邦股份有限公司的控制权。",
     {("京东物流", "acquired", "德邦股份有限公司", A)}),
    # investedIn
    ("腾讯领投了小红书的D轮融资。", {("腾讯", "investedIn", "小红书", A)}),
    ("沐光科技完成由腾讯领投、红杉资本跟投的5亿元C轮融资。",
     {("腾讯", "investedIn", "沐光科技", A), ("红杉资本", "investedIn", "沐光科技", A)}),
    ("阿里巴巴战略投资苏宁，成为其第二大股东。", {(ALI, "investedIn", "苏宁", A)}),
    ("2014年，腾讯入股京东，获得约15%的股份。", {("腾讯", "investedIn", "京东", A)}),
    ("拼多多获得腾讯投资后，迅速在微信里打开了局面。", {("腾讯", "investedIn", "拼多多", A)}),
    ("截至去年底，腾讯持有美团约17%的股份。", {("腾讯", "investedIn", "美团", A)}),
    ("快手此前曾获百度投资。", {("百度", "investedIn", "快手", A)}),
    ("顺丰向丰巢科技注资10亿元。", {("顺丰", "investedIn", "丰巢科技", A)}),
    ("星云科技宣布获得由京东领投的3亿元B轮融资。", {("京东", "investedIn", "星云科技", A)}),
    # divestedFrom
    ("腾讯减持京东股份，持股比例降至2.3%。", {("腾讯", "divestedFrom", "京东", A)}),
    ("软银集团清仓阿里巴巴，套现超过300亿美元。", {("软银集团", "divestedFrom", ALI, A)}),
    ("腾讯出售所持美团股份。", {("腾讯", "divestedFrom", "美团", A)}),
    ("腾讯宣布将所持京东股份以特别分红形式派发给股东。", {("腾讯", "divestedFrom", "京东", A)}),
    ("蔡崇信否认阿里巴巴将出售蚂蚁集团股份。", {(ALI, "divestedFrom", "蚂蚁集团", D)}),
    # founded
    ("美团创始人王兴在内部信中表示，公司将继续投入骑手保障。", {("王兴", "founded", "美团", A)}),
    ("张一鸣于2012年创立了字节跳动。", {("张一鸣", "founded", "字节跳动", A)}),
    ("由黄峥创办的拼多多在2018年登陆纳斯达克。", {("黄峥", "founded", "拼多多", A)}),
    ("星云科技创始人李明远表示，公司明年将推出新产品。", {("李明远", "founded", "星云科技", A)}),
    ("快手联合创始人、CEO程一笑在财报电话会上回应了市场关切。",
     {("程一笑", "founded", "快手", A), ("程一笑", "leads", "快手", A)}),
    # leads
    ("小米集团董事长兼CEO雷军在发布会上宣布了新的战略。", {("雷军", "leads", "小米", A)}),
    ("吴泳铭接替张勇担任阿里巴巴集团CEO。", {("吴泳铭", "leads", ALI, A)}),
    ("梁汝波出任字节跳动CEO。", {("梁汝波", "leads", "字节跳动", A)}),
    ("拼多多CEO陈磊表示，公司会继续加大农业投入。", {("陈磊", "leads", "拼多多", A)}),
    ("京东创始人、董事局主席刘强东发布了内部信。",
     {("刘强东", "founded", "京东", A), ("刘强东", "leads", "京东", A)}),
    ("腾讯总裁刘炽平在财报电话会上称，视频号的商业化仍处于早期。", {("刘炽平", "leads", "腾讯", A)}),
    ("王志强出任星云科技总裁，全面负责公司业务。", {("王志强", "leads", "星云科技", A)}),
    ("蚂蚁集团董事长井贤栋在股东大会上发言。", {("井贤栋", "leads", "蚂蚁集团", A)}),
    # competesWith
    ("美团与饿了么是竞争对手。", {("美团", "competesWith", "饿了么", A)}),
    ("拼多多的竞争对手淘宝也在加码低价策略。", {("拼多多", "competesWith", "淘宝", A)}),
    ("抖音与快手在直播电商领域展开竞争。", {("抖音", "competesWith", "快手", A)}),
    ("京东、拼多多和阿里巴巴在下沉市场激烈竞争。",
     {("京东", "competesWith", "拼多多", A), ("京东", "competesWith", ALI, A),
      ("拼多多", "competesWith", ALI, A)}),
    # partneredWith
    ("京东与快手达成战略合作，双方将在供应链领域展开深度合作。", {("京东", "partneredWith", "快手", A)}),
    ("顺丰和拼多多签署了物流合作协议。", {("顺丰", "partneredWith", "拼多多", A)}),
    ("美团和滴滴的合作传闻被双方否认。", {("美团", "partneredWith", "滴滴", D)}),
    # launched / availableOn / supportsPayment / ownedBy / linksTo / blocked
    ("抖音上线了“抖音盒子”App，主打潮流电商。", {("抖音", "launched", "抖音盒子", A)}),
    ("京东App正式接入云闪付。", {("京东", "supportsPayment", "云闪付", A)}),
    ("美团旗下的大众点评已上线支付宝小程序。",
     {("大众点评", "ownedBy", "美团", A), ("大众点评", "availableOn", "支付宝", A)}),
    ("高德地图隶属于阿里巴巴集团。", {("高德地图", "ownedBy", ALI, A)}),
    ("飞猪是阿里巴巴旗下的旅行平台。", {("飞猪", "ownedBy", ALI, A)}),
    ("星云科技是京东的全资子公司。", {("星云科技", "ownedBy", "京东", A)}),
    ("抖音的商品链接在微信中无法打开。", {("微信", "blocked", "抖音", A)}),
    ("微博开放了淘宝外链。", {("微博", "linksTo", "淘宝", A)}),
    # modality in news phrasing
    ("张勇在接受采访时表示，阿里巴巴不会收购拼多多。", {(ALI, "acquired", "拼多多", D)}),
    ("如果腾讯收购了快手，短视频格局将被改写。", {("腾讯", "acquired", "快手", H)}),
    # negatives: nothing may be asserted
    ("腾讯和阿里都在做小程序。", set()),
    ("有人问马化腾是否会收购京东。", set()),
    ("蒋凡曾任淘宝总裁。", set()),
    ("前淘宝总裁蒋凡近日现身杭州。", set()),
    ("张勇卸任阿里巴巴集团CEO。", set()),
    ("拼多多创始人黄峥已辞去董事长职务。", {("黄峥", "founded", "拼多多", A)}),
    ("分析师认为，腾讯投资者更关注京东和美团的财报。", set()),
    ("本周港股互联网板块中，腾讯、美团、京东、快手均有所上涨，投资者情绪回暖。", set()),
    ("京东和阿里巴巴的CEO都出席了论坛。", set()),
    ("据界面新闻报道，京东和阿里巴巴均未回应。", set()),
    ("马化腾在腾讯内部讲话中提到了京东。", set()),
]

# Written after the rules above were fixed, and run before any further change (the blind
# second round): 22 of 36 facts, 4 wrong extras, before the rules were generalised again.
CASES += [
    ("今年3月，拼多多旗下跨境电商平台Temu正式登陆英国市场。", {("Temu", "ownedBy", "拼多多", A)}),
    ("据晚点LatePost报道，字节跳动已于上月完成对星途科技的收购。", {("字节跳动", "acquired", "星途科技", A)}),
    ("阿里巴巴集团宣布，将以现金加股票的方式收购银泰商业集团。", {(ALI, "acquired", "银泰商业集团", P)}),
    # X母公司Y also says whose company X is
    # the catalog holds 高鑫零售 (an HK-listed retailer): its registered name is that entity
    ("大润发母公司高鑫零售有限公司被阿里巴巴收购。", {(ALI, "acquired", "高鑫零售", A),
                                                ("大润发", "ownedBy", "高鑫零售", A)}),
    ("腾讯与京东签署新一轮战略合作协议，腾讯将继续为京东提供流量入口。", {("京东", "partneredWith", "腾讯", A)}),
    ("快手宣布与京东达成战略合作。", {("京东", "partneredWith", "快手", A)}),
    ("抖音电商正式上线“抖音超市”，主打日用百货。", {("抖音电商", "launched", "抖音超市", A)}),
    ("美团外卖接入了支付宝付款方式。", {("美团外卖", "supportsPayment", "支付宝", A)}),
    ("京东将全面接入微信支付和云闪付。", {("京东", "supportsPayment", "微信支付", P), ("京东", "supportsPayment", "云闪付", P)}),
    ("微信被指屏蔽飞书链接。", {("微信", "blocked", "飞书", R)}),
    ("飞书的文档链接被微信屏蔽。", {("微信", "blocked", "飞书", A)}),
    ("百度App上线了“文心一言”功能。", {("百度", "launched", "文心一言", A)}),
    ("美团CEO王兴：外卖业务仍是公司的基本盘。", {("王兴", "leads", "美团", A)}),
    ("宿华卸任快手CEO，程一笑接任。", {("程一笑", "leads", "快手", A)}),
    ("小米创始人雷军在微博上回应了网友。", {("雷军", "founded", "小米", A)}),
    ("网易云音乐是网易旗下的音乐流媒体平台。", {("网易云音乐", "ownedBy", "网易", A)}),
    ("蚂蚁集团是阿里巴巴的关联公司，支付宝隶属于蚂蚁集团。", {("支付宝", "ownedBy", "蚂蚁集团", A)}),
    ("携程与美团在酒店业务上正面交锋。", {("携程", "competesWith", "美团", A)}),
    ("美团的最大竞争对手是饿了么。", {("美团", "competesWith", "饿了么", A)}),
    ("阿里巴巴持有微博约30%的股份。", {(ALI, "investedIn", "微博", A)}),
    ("腾讯是拼多多的第二大股东。", {("腾讯", "investedIn", "拼多多", A)}),
    ("京东宣布战略投资达达集团。", {("京东", "investedIn", "达达集团", A)}),
    ("腾讯入股的快手也在发力本地生活。", {("腾讯", "investedIn", "快手", A)}),
    # 网易考拉 is a catalog alias of 考拉海购 (its later name), so 网易 is not taken; a catalog name
    # beginning a longer name that is not in the catalog is still read as the catalog entity.
    ("阿里巴巴以20亿美元全资收购网易考拉。", {(ALI, "acquired", "考拉海购", A)}),
    ("拼多多推出了“多多买菜”。", {("拼多多", "launched", "多多买菜", A)}),
    ("美团优选上线微信小程序，用户无需下载App即可下单。", {("美团优选", "availableOn", "微信", A)}),
    ("张一鸣已于2021年卸任字节跳动CEO，由梁汝波接任。", {("梁汝波", "leads", "字节跳动", A)}),
    ("字节跳动CEO梁汝波在全员会上表示，公司要保持创业心态。", {("梁汝波", "leads", "字节跳动", A)}),
    ("京东集团副总裁张晓东表示，物流投入不会减少。", set()),
    ("星耀科技CTO王磊表示，团队规模将翻倍。", set()),
    ("阿里巴巴、腾讯、字节跳动等互联网巨头纷纷布局AI大模型。", set()),
    ("网易和百度的财报均超出市场预期。", set()),
    ("阿里巴巴的投资者对淘宝的增长表示担忧。", set()),
    ("有消息称腾讯将出售部分美团股份，腾讯方面对此不予置评。", {("腾讯", "divestedFrom", "美团", R)}),
    ("腾讯回应称，目前没有收购虎牙的计划。", {("腾讯", "acquired", "虎牙", D)}),
    ("百度与爱奇艺并非竞争关系。", {("爱奇艺", "competesWith", "百度", D)}),
    ("快手和抖音都上线了团购功能。", set()),
    ("滴滴出行宣布获得软银集团和苹果公司的投资。", {("软银集团", "investedIn", "滴滴", A), ("苹果公司", "investedIn", "滴滴", A)}),
    ("京东物流是京东集团的子公司。", {("京东物流", "ownedBy", "京东", A)}),
    ("由雷军创立的小米在港股上市。", {("雷军", "founded", "小米", A)}),
]

# The third blind round, short paragraphs: 9 of 20 facts, 2 wrong extras before its fixes.
# A merger (合并) is not a partnership; the denial leaves no statement.
CASES += [
    ("晚点LatePost独家获悉，字节跳动正在洽谈收购一家VR硬件公司。对此，字节跳动方面不予置评。", set()),
    ("2018年4月，美团以27亿美元全资收购摩拜单车。此后，摩拜单车更名为美团单车。",
     {("美团", "acquired", "摩拜单车", A)}),
    ("阿里巴巴与苏宁于2015年8月宣布相互持股，阿里巴巴投资约283亿元入股苏宁。",
     {(ALI, "investedIn", "苏宁", A)}),
    ("腾讯旗下的微信和QQ均已接入京东购物入口。", {("微信", "ownedBy", "腾讯", A), ("QQ", "ownedBy", "腾讯", A)}),
    ("据界面新闻报道，淘宝正在测试接入微信支付，但阿里巴巴对此予以否认。", {("淘宝", "supportsPayment", "微信支付", D)}),
    ("一位接近拼多多的人士透露，拼多多计划明年在海外上线新的电商App“极速购”。",
     {("拼多多", "launched", "极速购", P)}),
    ("京东是腾讯的重要合作伙伴，双方在2014年签署了战略合作协议。", {("京东", "partneredWith", "腾讯", A)}),
    ("百度地图与高德地图长期处于竞争状态。", {("百度地图", "competesWith", "高德地图", A)}),
    ("抖音对标快手推出了极速版。", set()),
    ("小红书与淘宝达成合作，用户可从小红书笔记一键跳转至淘宝。",
     {("小红书", "partneredWith", "淘宝", A), ("小红书", "linksTo", "淘宝", A)}),
    ("今年以来，腾讯已多次减持美团，累计套现超过百亿港元。", {("腾讯", "divestedFrom", "美团", A)}),
    ("阿里巴巴CEO吴泳铭兼任淘天集团董事长。",
     {("吴泳铭", "leads", ALI, A), ("吴泳铭", "leads", "淘天集团", A)}),
    ("网易创始人丁磊曾表示，网易不会做短视频。", {("丁磊", "founded", "网易", A)}),
    # a person is no subject of launched (its domain is Organization or Product, ontology/shapes.ttl)
    ("2011年，张小龙带领团队推出了微信。", set()),
    ("腾讯视频与爱奇艺宣布达成内容合作，双方将互相开放部分版权剧集。", {("腾讯视频", "partneredWith", "爱奇艺", A)}),
    ("快手电商宣布，自即日起切断来自淘宝的商品外链。", {("快手电商", "blocked", "淘宝", A)}),
    ("美团否认与滴滴合并，称双方并无相关计划。", set()),
    ("多家机构测算，阿里巴巴和腾讯在本地生活领域的投入均超过百亿元。", set()),
    ("华为与小米在高端手机市场的竞争愈发激烈。", {("华为", "competesWith", "小米", A)}),
]

SYMMETRIC = {"partneredWith", "competesWith"}


def normal(facts):
    out = set()
    for s, r, o, m in facts:
        if r in SYMMETRIC and o < s:
            s, o = o, s
        out.add((s, r, o, m))
    return out


def extract_facts(extractor, text):
    doc = document_from_text(text, source="news.txt")
    return normal((f.subject.label, f.relation, f.object.label, f.modality)
                  for f in extractor.extract(doc).facts)


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _id(case):
    return (case.values[0] if hasattr(case, "values") else case[0])[:14]


@pytest.mark.parametrize("text, expected", CASES, ids=[_id(c) for c in CASES])
def test_news_sentence(extractor, text, expected):
    assert extract_facts(extractor, text) == normal(expected)


# Issue 11: constructions of real news the first rules did not read, each in several phrasings.
# Composed for these tests; most use catalog names, a few invented ones (星辰科技, 晨曦智能, 星河科技 …).
UNSEEN_CASES = [
    # an owner lists its parts (业务/板块/产品 包括/分别为/：)
    ("腾讯的业务板块包括微信、QQ和腾讯视频。",
     {("微信", "ownedBy", "腾讯", A), ("QQ", "ownedBy", "腾讯", A), ("腾讯视频", "ownedBy", "腾讯", A)}),
    ("字节跳动官网显示，其产品分为三大类：抖音、今日头条和西瓜视频。",
     {("抖音", "ownedBy", "字节跳动", A), ("今日头条", "ownedBy", "字节跳动", A),
      ("西瓜视频", "ownedBy", "字节跳动", A)}),
    ("京东的业务分别为京东零售、京东物流和京东健康；创新业务包括京东科技。",
     {("京东零售", "ownedBy", "京东", A), ("京东物流", "ownedBy", "京东", A),
      ("京东健康", "ownedBy", "京东", A), ("京东科技", "ownedBy", "京东", A)}),
    # the other parts of the article's main organisation
    ("阿里巴巴宣布调整组织架构。其他业务包括盒马、优酷和高德地图。",
     {("盒马", "ownedBy", ALI, A), ("优酷", "ownedBy", ALI, A), ("高德地图", "ownedBy", ALI, A)}),
    # merged into, by 将/把 or passive
    ("阿里巴巴将饿了么并入本地生活集团。", {("饿了么", "ownedBy", "本地生活集团", A)}),
    ("高德地图被正式划入阿里本地生活集团。", {("高德地图", "ownedBy", "阿里本地生活集团", A)}),
    # a parent named by 母公司/控股股东
    ("今日头条母公司字节跳动发布了财报。", {("今日头条", "ownedBy", "字节跳动", A)}),
    ("微信的母公司腾讯宣布回购股份。", {("微信", "ownedBy", "腾讯", A)}),
    # a controlling shareholder owns the company and holds a stake in it
    ("饿了么的控股股东是阿里巴巴。", {("饿了么", "ownedBy", ALI, A), (ALI, "investedIn", "饿了么", A)}),
    # backers and investors
    ("腾讯悄然成为了小红书、知乎等公司背后的最大股东。",
     {("腾讯", "investedIn", "小红书", A), ("腾讯", "investedIn", "知乎", A)}),
    ("晨曦智能的投资人有经纬创投、启明创投。",
     {("经纬中国", "investedIn", "晨曦智能", A), ("启明创投", "investedIn", "晨曦智能", A)}),
    ("腾讯投资了游戏公司米哈游。", {("腾讯", "investedIn", "米哈游", A)}),
    ("京东入股了一家名为达达的物流公司。", {("京东", "investedIn", "达达集团", A)}),
    # founded together: every founder, and the leader partners with the others
    ("2016年，腾讯联合京东、华南城等企业，共同成立了海纳云。",
     {("腾讯", "founded", "海纳云", A), ("京东", "founded", "海纳云", A), ("华南城", "founded", "海纳云", A),
      ("京东", "partneredWith", "腾讯", A), ("华南城", "partneredWith", "腾讯", A)}),
    ("2012年，张一鸣创办了资讯平台“今日头条”。", {("张一鸣", "founded", "今日头条", A)}),
    ("王兴曾创业校内网。", {("王兴", "founded", "校内网", A)}),
    ("阿里巴巴成立了全新的阿里云事业群。", {(ALI, "founded", "阿里云事业群", A)}),
    # who heads what
    ("刘强东掌舵的京东正在加速出海。", {("刘强东", "leads", "京东", A)}),
    ("时任阿里巴巴CEO的张勇宣布了这项决定。", {("张勇", "leads", ALI, A)}),
    ("腾讯马化腾执掌的微信事业群推出了新功能。", {("马化腾", "leads", "微信事业群", A)}),
    # rivals: a noun (对手, 劲敌), a verb (剑指, 直捅), a charge, joining a contest, a war of several
    ("拼多多成了淘宝最大的对手。", {("拼多多", "competesWith", "淘宝", A)}),
    # the new name is the clause's topic too: the renamed company is 美团's rival under both names
    ("饿了么更名为“淘宝闪购”，成为美团的劲敌。",
     {("饿了么", "competesWith", "美团", A), ("淘宝闪购", "competesWith", "美团", A)}),
    ("美团剑指饿了么，推出了新的配送服务。", {("美团", "competesWith", "饿了么", A)}),
    ("快手直捅抖音心窝。", {("快手", "competesWith", "抖音", A)}),
    ("京东对着美团发起进攻。", {("京东", "competesWith", "美团", A)}),
    ("腾讯宣布参与到与字节跳动旗下今日头条的角逐中。",
     {("腾讯", "competesWith", "今日头条", A), ("今日头条", "ownedBy", "字节跳动", A)}),
    ("淘宝、京东、拼多多的价格大战愈演愈烈。",
     {("淘宝", "competesWith", "京东", A), ("淘宝", "competesWith", "拼多多", A),
      ("京东", "competesWith", "拼多多", A)}),
    # blocking that spreads to more names
    ("微信的封杀范围扩大到抖音和快手，还包括西瓜视频。",
     {("微信", "blocked", "抖音", A), ("微信", "blocked", "快手", A), ("微信", "blocked", "西瓜视频", A)}),
    # what a company launched, listed after 包括
    ("字节跳动先后推出多款产品，包括抖音、西瓜视频和今日头条。",
     {("字节跳动", "launched", "抖音", A), ("字节跳动", "launched", "西瓜视频", A),
      ("字节跳动", "launched", "今日头条", A), ("抖音", "ownedBy", "字节跳动", A),
      ("西瓜视频", "ownedBy", "字节跳动", A), ("今日头条", "ownedBy", "字节跳动", A)}),
    ("去年，米哈游推出了新游戏《崩坏：星穹铁道》。", {("米哈游", "launched", "崩坏：星穹铁道", A)}),
    # a brand's own mini-program, on a platform named by 通过
    ("京东通过微信上线京东小程序。",
     {("京东", "launched", "京东小程序", A), ("京东小程序", "availableOn", "微信", A)}),
    ("拼多多上线了拼多多小程序。", {("拼多多", "launched", "拼多多小程序", A)}),
    # names of a list the rules do not know, and glosses in brackets
    ("腾讯投资了云鲸智能和石头科技两家公司。",
     {("腾讯", "investedIn", "云鲸智能", A), ("腾讯", "investedIn", "石头科技", A)}),
    ("青禾资本连投星河科技(仓储机器人)和云帆智能(无人配送)两家初创公司。",
     {("青禾资本", "investedIn", "星河科技", A), ("青禾资本", "investedIn", "云帆智能", A)}),
    # words that refer back: 双方, 该公司, 其, an investor list after a funding round
    ("小红书完成新一轮融资。该公司此前已获得腾讯投资。", {("腾讯", "investedIn", "小红书", A)}),
    ("网易在财报中称，其业务包括网易云音乐、有道和网易游戏。",
     {("网易云音乐", "ownedBy", "网易", A), ("有道", "ownedBy", "网易", A), ("网易游戏", "ownedBy", "网易", A)}),
    ("2021年6月，星辰科技完成B轮融资。投资方包括红杉中国、高瓴资本和IDG资本。",
     {("红杉中国", "investedIn", "星辰科技", A), ("高瓴资本", "investedIn", "星辰科技", A),
      ("IDG资本", "investedIn", "星辰科技", A)}),
    # nothing: a camp (X系) is not ownership, a count is not a reference, a quoted slogan is not a
    # product, a comparison is not a relation, a denied report stays denied
    ("腾讯系的京东和拼多多在电商领域各有优势。", set()),
    ("两家新锐公司星河科技(储能)和云帆智能(物流)都完成了新一轮融资。", set()),
    ("快手上线了“超值低价”套餐。", set()),
    ("美团市值超过了京东。", set()),
    ("小米发布了新款智能手机。", set()),
    ("阿里巴巴与腾讯的合作传闻不实。", {(ALI, "partneredWith", "腾讯", D)}),
]


@pytest.mark.parametrize("text, expected", UNSEEN_CASES, ids=[_id(c) for c in UNSEEN_CASES])
def test_unseen_news_sentence(extractor, text, expected):
    assert extract_facts(extractor, text) == normal(expected)


def test_facts_from_a_word_that_refers_back_say_so_in_their_rule():
    """双方 stands for the two parties of the sentence before; the fact's rule ends in +ref."""
    doc = document_from_text("快手和美团宣布合作。双方将在本地生活领域开展深度合作。", source="news.txt")
    facts = Extractor().extract(doc).facts
    later = [f for f in facts if f.sent_start > 0]
    assert [(f.subject.label, f.relation, f.object.label, f.modality) for f in later] == [
        ("快手", "partneredWith", "美团", P)]
    assert later[0].rule.endswith("+ref")
    assert not any(f.rule.endswith("+ref") for f in facts if f.sent_start == 0)
