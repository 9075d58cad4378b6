"""Constructions of issue 25 (docs/constructions.md), each in a sentence composed for this test.

Every name is invented (苔原网络, 青梧资本, 柿子商城, 周墨川 …) and in no list of the project: the
names are found by their shape, as a reader finds them. The sentences are composed from the
inventory's descriptions, not copied from an evaluation article or from the challenge suite.
Each case lists the asserted facts a careful reader takes from the sentence; the extractor must
find exactly these (symmetric relations compared without direction).
"""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.ingest import document_from_text

SYMMETRIC = {"partneredWith", "competesWith"}

CASES = [
    # a quoted name after 旗下的, its kind read from its own last words
    ("公司股东包括苔原科技旗下的「青禾创业投资管理」，持股55%。", {("青禾创业投资管理", "ownedBy", "苔原科技")}),
    # a launch whose object follows a 的-phrase and a kind phrase
    ("苔原科技推出面向企业的智能客服平台青禾云。", {("苔原科技", "launched", "青禾云")}),
    # paying: a service that covers a platform's cities, paying with B at A (a quantifier after a
    # name leaves it a name: 苔原商城全部城市)
    ("青禾Pay已覆盖苔原商城全部城市。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    ("在苔原商城，用户可以通过青禾Pay完成支付。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    ("苔原商城用户现在可以用青禾Pay买单了。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    # names in Latin script around a title, with the spaces real pages put around them
    ("Lumora Labs 联合创始人 Ada Chen 表示，公司今年出货量翻了一番。", {("Ada Chen", "founded", "Lumora Labs")}),
    ("Quillsoft CEO Marco Liu 表示，公司今年的营收增长超过三倍。", {("Marco Liu", "leads", "Quillsoft")}),
    ("Lumora Labs 首席执行官 Ada Chen 出席了当天的发布会。", {("Ada Chen", "leads", "Lumora Labs")}),
    ("栗壳科技 CEO 蒋文远 在 2024 年开发者大会上发表了主题演讲。", {("蒋文远", "leads", "栗壳科技")}),
    # people whose surname is less common (赖, 安, 华, 傅 …), and a common word after a title is no one
    ("苔原快运创始人赖青松表示，公司将加快布局。", {("赖青松", "founded", "苔原快运")}),
    ("栗壳控股集团CEO安慕远表示，新车将于年底量产。", {("安慕远", "leads", "栗壳控股集团")}),
    ("青梧科技董事长傅晓川宣布，公司完成了B轮融资。", {("傅晓川", "leads", "青梧科技")}),
    ("苔原科技董事长全面负责公司的战略，CEO马上表示支持。", set()),
    # members before 等 and their owner with a kind word after it
    ("随后还会接入青禾音乐和栗壳视频等苔原集团其他业务。",
     {("青禾音乐", "ownedBy", "苔原集团"), ("栗壳视频", "ownedBy", "苔原集团")}),
    ("青禾音乐、栗壳视频等苔原集团旗下产品也将接入。",
     {("青禾音乐", "ownedBy", "苔原集团"), ("栗壳视频", "ownedBy", "苔原集团")}),
    ("青禾音乐、栗壳视频等苔原集团的竞品也在跟进。",
     {("青禾音乐", "competesWith", "苔原集团"), ("栗壳视频", "competesWith", "苔原集团")}),
    # heads, from the composed inventory: the organisation appoints (任命P为总裁; not 副总裁), taking over
    # (接棒, which also ends a name)
    ("苔原科技任命周明远为总裁。", {("周明远", "leads", "苔原科技")}),
    ("苔原科技任命周明远为副总裁。", set()),
    ("周明远正式接棒苔原科技。", {("周明远", "leads", "苔原科技")}),
    # ownership, from the composed inventory: as A's core business, merged into its own unit, incubated
    # inside, the controlling party, all of the shares, an apposition with commas
    ("作为苔原集团的核心业务，青禾音乐贡献了大部分营收。", {("青禾音乐", "ownedBy", "苔原集团")}),
    ("苔原集团将青禾音乐并入其娱乐板块。", {("青禾音乐", "ownedBy", "苔原集团")}),
    ("苔原集团内部孵化出了青禾音乐。", {("青禾音乐", "ownedBy", "苔原集团"), ("苔原集团", "launched", "青禾音乐")}),
    ("青禾科技的实际控制人为苔原集团。", {("青禾科技", "ownedBy", "苔原集团")}),
    ("苔原集团拥有青禾音乐的全部股权。", {("青禾音乐", "ownedBy", "苔原集团")}),
    ("青禾科技，苔原集团旗下公司，专注AI芯片。", {("青禾科技", "ownedBy", "苔原集团")}),
    # ownership: a possessive after a comparison (于 there is no place), the operator's title before a
    # legal name (which it does not lengthen), a camp with 系的 and no trigger word, 系 as a copula, a
    # joint venture owned by both parents, an overseas version
    ("青禾App的月活低于苔原科技的栗壳App。", {("栗壳App", "ownedBy", "苔原科技")}),
    ("墨鱼App月活为1.1亿，高于栗壳科技的青禾App。", {("青禾App", "ownedBy", "栗壳科技")}),
    ("青禾App的运营者苔原网络科技有限公司被起诉。", {("青禾App", "ownedBy", "苔原网络科技有限公司")}),
    ("栗壳浏览器的经营者墨鱼信息技术有限公司提出上诉。", {("栗壳浏览器", "ownedBy", "墨鱼信息技术有限公司")}),
    ("苔原集团系的青禾支付也在扩张。", {("青禾支付", "ownedBy", "苔原集团")}),
    ("苔原集团系青禾科技的全资子公司。", {("苔原集团", "ownedBy", "青禾科技")}),
    ("苔原集团与栗壳控股合资的青禾支付今年推出了新功能。",
     {("苔原集团", "founded", "青禾支付"), ("栗壳控股", "founded", "青禾支付"), ("苔原集团", "investedIn", "青禾支付"),
      ("栗壳控股", "investedIn", "青禾支付"), ("青禾支付", "ownedBy", "苔原集团"), ("青禾支付", "ownedBy", "栗壳控股"),
      ("苔原集团", "partneredWith", "栗壳控股")}),
    ("作为苔原集团的海外版，青禾App横扫欧美市场。", {("青禾App", "ownedBy", "苔原集团")}),
    # rivalry: a rival bought or sued (the rivalry is presupposed, whatever the deal's modality), a rival
    # set as the target, a pair that is a typical head-on pair of rivals
    ("苔原科技同意以30亿美元收购竞争对手青禾网络。", {("苔原科技", "competesWith", "青禾网络")}),
    ("墨鱼科技去年吞并了老对手栗壳网络。", {("墨鱼科技", "competesWith", "栗壳网络"), ("墨鱼科技", "acquired", "栗壳网络")}),
    ("苔原汽车将青禾汽车设定为最直接的对手。", {("苔原汽车", "competesWith", "青禾汽车")}),
    ("在写作助手领域，苔原App与青禾App就是典型的直接竞品。", {("苔原App", "competesWith", "青禾App")}),
    # a product in a camp is the camp's; a firm in it may only have the camp's money
    ("苔原集团系的青禾App和栗壳App今日上线。", {("青禾App", "ownedBy", "苔原集团"), ("栗壳App", "ownedBy", "苔原集团")}),
    ("苔原集团系的青禾科技和栗壳网络各有优势。", set()),
    # paying, reversed: the payment service supports users at A, riding A with it, A's till showing it as a
    # new way to pay, its codes posted at A's till; what a launch is compatible with was not launched
    ("墨鱼Pay已正式支持用户在苔原商城选购商品。", {("苔原商城", "supportsPayment", "墨鱼Pay")}),
    ("青禾钱包现已支援顾客在栗壳商城下单。", {("栗壳商城", "supportsPayment", "青禾钱包")}),
    ("苔原超市的收银系统里已经多了“墨鱼支付”这一支付方式。", {("苔原超市", "supportsPayment", "墨鱼支付")}),
    ("苔原超市的收银台上已经贴上了墨鱼支付的收款码。", {("苔原超市", "supportsPayment", "墨鱼支付")}),
    ("苔原商城和青禾书店都已经推出了兼容墨鱼Pay的新版App。",
     {("苔原商城", "supportsPayment", "墨鱼Pay"), ("青禾书店", "supportsPayment", "墨鱼Pay")}),
    ("苔原科技推出了搭载青禾芯片的手机。", set()),
    # rivalry: sharing out a market, a deal snatched, a cake taken; allies against a third compete with it
    # and are not its partners; the rivals of a contest put before the subject; the main 竞争者
    ("苔原外卖与青禾外卖瓜分了这个市场。", {("苔原外卖", "competesWith", "青禾外卖")}),
    ("苔原科技截胡了青禾科技的订单。", {("苔原科技", "competesWith", "青禾科技")}),
    ("苔原视频分走了青禾视频的蛋糕。", {("苔原视频", "competesWith", "青禾视频")}),
    ("苔原科技和青禾科技联手夹击栗壳科技。",
     {("苔原科技", "partneredWith", "青禾科技"), ("苔原科技", "competesWith", "栗壳科技"),
      ("青禾科技", "competesWith", "栗壳科技")}),
    ("在与苔原科技、青禾科技等的竞争中，栗壳科技逐渐落于下风。",
     {("栗壳科技", "competesWith", "苔原科技"), ("栗壳科技", "competesWith", "青禾科技")}),
    ("苔原科技是青禾科技在云计算领域的主要竞争者。", {("苔原科技", "competesWith", "青禾科技")}),
    # 其 after a copula is not the clause's subject, by any of its mentions; 其中 before 旗下 carries the owner
    ("苔原集团完成对青禾科技的收购，青禾科技已成为其全资子公司。",
     {("苔原集团", "acquired", "青禾科技"), ("青禾科技", "ownedBy", "苔原集团")}),
    ("苔原集团今年营收增长20%，其中旗下青禾App月活突破1亿。", {("青禾App", "ownedBy", "苔原集团")}),
    # ownership in longer sentences: two owned phrases side by side (not X与B as the second owner), the
    # owner named with what it owns, 旗下 further on in the subject's clause, a gloss with a comma inside
    # its brackets, a list that goes on after a comma with 以及, groups of one list each closed by 等 and
    # its kind
    ("苔原集团旗下的青禾App与栗壳科技旗下的墨鱼App展开合作。",
     {("青禾App", "ownedBy", "苔原集团"), ("墨鱼App", "ownedBy", "栗壳科技"), ("青禾App", "partneredWith", "墨鱼App")}),
    ("苔原集团及旗下的青禾App、栗壳App今日发布声明。",
     {("青禾App", "ownedBy", "苔原集团"), ("栗壳App", "ownedBy", "苔原集团")}),
    ("苔原集团今年计划对旗下青禾科技进行重组。", {("青禾科技", "ownedBy", "苔原集团")}),
    ("苔原集团的业务版图不断扩大，旗下有青禾App（社交平台，月活超过3亿）、栗壳App（电商平台）和墨鱼App。",
     {("青禾App", "ownedBy", "苔原集团"), ("栗壳App", "ownedBy", "苔原集团"), ("墨鱼App", "ownedBy", "苔原集团")}),
    ("苔原集团成立于2010年，旗下拥有青禾App、栗壳App，以及墨鱼App、松果App等多款产品。",
     {("青禾App", "ownedBy", "苔原集团"), ("栗壳App", "ownedBy", "苔原集团"), ("墨鱼App", "ownedBy", "苔原集团"),
      ("松果App", "ownedBy", "苔原集团")}),
    ("苔原集团旗下拥有青禾App、栗壳App等电商平台，墨鱼App、松果App等本地生活服务，以及石榴视频等文娱业务。",
     {("青禾App", "ownedBy", "苔原集团"), ("栗壳App", "ownedBy", "苔原集团"), ("墨鱼App", "ownedBy", "苔原集团"),
      ("松果App", "ownedBy", "苔原集团"), ("石榴视频", "ownedBy", "苔原集团")}),
    ("青禾App、栗壳App等平台纷纷入局，墨鱼App则选择观望。", {("青禾App", "competesWith", "栗壳App")}),
    # a name that starts with 同 (同岚网络) where 同 follows a bound or a comma; between two names 同 is "with"
    ("苔原集团旗下同岚网络近日完成改版。", {("同岚网络", "ownedBy", "苔原集团")}),
    ("同岚旅游联合创始人吴志远表示，公司将继续扩张。", {("吴志远", "founded", "同岚旅游")}),
    ("苔原科技同青禾集团达成合作。", {("苔原科技", "partneredWith", "青禾集团")}),
    # registered names: a modifier character (新, 全) inside the trade name between a place and a legal form;
    # a group's regional holding company (X集团（荷兰）控股有限公司) is a name of its own
    ("浙江苔原新篇科技有限公司成立于2023年，由周明远创立。", {("周明远", "founded", "浙江苔原新篇科技有限公司")}),
    ("苔原集团(荷兰)控股有限公司持有青禾科技25%股份。", {("苔原集团(荷兰)控股有限公司", "investedIn", "青禾科技")}),
    # investing, from the composed inventory: raising a stake again (加码), leading a round (领衔), a stake
    # held in B (在B的持股比例); a word that marks a fact in a rule also ends a name (青禾创投|领衔)
    ("青禾资本此前曾三度加码苔原智能。", {("青禾资本", "investedIn", "苔原智能")}),
    ("青禾创投领衔苔原智能的天使轮融资。", {("青禾创投", "investedIn", "苔原智能")}),
    ("苔原智能本轮融资由青禾资本领衔。", {("青禾资本", "investedIn", "苔原智能")}),
    ("青禾资本在苔原智能的持股比例升至15%。", {("青禾资本", "investedIn", "苔原智能")}),
    ("周明远领衔苔原智能研发团队完成攻关。", set()),
    # blocking, from the composed inventory: 封堵, an account banned on A, A refuses B's entry
    ("苔原App全面封堵青禾音乐的外链。", {("苔原App", "blocked", "青禾音乐")}),
    ("青禾音乐在苔原App上的账号被封。", {("苔原App", "blocked", "青禾音乐")}),
    ("苔原App拒绝青禾音乐的小程序入驻。", {("苔原App", "blocked", "青禾音乐")}),
    # payments, from the composed inventory: ordering with B at A, choosing B when buying at A, A takes B,
    # A can be paid with B, A's merchants collect with B, A's orders settle with B
    ("用户可在苔原商城使用青禾支付下单。", {("苔原商城", "supportsPayment", "青禾支付")}),
    ("在苔原商城购物时可选择青禾支付。", {("苔原商城", "supportsPayment", "青禾支付")}),
    ("苔原商城接受青禾支付。", {("苔原商城", "supportsPayment", "青禾支付")}),
    ("苔原商城终于可以用青禾支付了。", {("苔原商城", "supportsPayment", "青禾支付")}),
    ("苔原商城的商家可通过青禾支付收款。", {("苔原商城", "supportsPayment", "青禾支付")}),
    ("苔原商城的订单可以用青禾支付结算。", {("苔原商城", "supportsPayment", "青禾支付")}),
    # rivalry: a contest noun, a shared market, the strongest challenger, facing a challenge head-on
    ("苔原外卖和青禾外卖之间的拉锯战仍在继续。", {("苔原外卖", "competesWith", "青禾外卖")}),
    ("苔原外卖和青禾外卖二分天下。", {("苔原外卖", "competesWith", "青禾外卖")}),
    ("青禾外卖成为苔原外卖在本地生活领域最强劲的挑战者。", {("青禾外卖", "competesWith", "苔原外卖")}),
    ("苔原外卖被视为青禾外卖最有力的挑战者。", {("苔原外卖", "competesWith", "青禾外卖")}),
    ("苔原外卖直面青禾外卖的挑战。", {("苔原外卖", "competesWith", "青禾外卖")}),
    ("苔原外卖和青禾外卖都在抢骑手。", {("苔原外卖", "competesWith", "青禾外卖")}),
    # a list member of two characters may start with 中 (中岭 beside a known member)
    ("苔原科技联合顺丰、中岭等物流企业，共同成立了青禾物流。",
     {("苔原科技", "founded", "青禾物流"), ("顺丰", "founded", "青禾物流"), ("中岭", "founded", "青禾物流"),
      ("苔原科技", "partneredWith", "顺丰"), ("苔原科技", "partneredWith", "中岭")}),
    # what a catalog app's feature refuses (朋友圈), the app blocks
    ("不少用户发现，包括青禾音乐、栗壳视频也无法分享至微信朋友圈。",
     {("微信", "blocked", "青禾音乐"), ("微信", "blocked", "栗壳视频")}),
    # a bare title after a clause whose subject is the only name before it: that subject's head
    ("4月28日，苔原科技宣布旗下金融业务完成拆分，CEO周明远如此评价。", {("周明远", "leads", "苔原科技")}),
    ("苔原科技今天发布了新一代芯片，CEO周明远在发布会上表示，芯片将于明年量产。", {("周明远", "leads", "苔原科技")}),
    ("青禾资本领投了苔原科技的B轮融资，CEO周明远表示将继续加大研发。", {("青禾资本", "investedIn", "苔原科技")}),
    ("苔原科技完成B轮融资，副总裁周明远表示将继续加大研发。", set()),
    # A与B、C等…合作: A with each of them, not B with C; three parties named as such all pair
    ("苔原科技与青禾银行、栗壳银行等机构达成战略合作。",
     {("苔原科技", "partneredWith", "青禾银行"), ("苔原科技", "partneredWith", "栗壳银行")}),
    ("苔原科技与青禾银行、栗壳银行三方签署了合作协议。",
     {("苔原科技", "partneredWith", "青禾银行"), ("苔原科技", "partneredWith", "栗壳银行"),
      ("青禾银行", "partneredWith", "栗壳银行")}),
    ("苔原科技、青禾银行与栗壳银行达成合作。",
     {("苔原科技", "partneredWith", "青禾银行"), ("苔原科技", "partneredWith", "栗壳银行"),
      ("青禾银行", "partneredWith", "栗壳银行")}),
    # ownership: owning named brands, a relative (A全资拥有的B), a verb before 旗下, B是A的产品, the
    # whole stake, 作为A旗下的…，B; a stake held is no ownership; 控股 ends a firm's name
    ("苔原科技旗下拥有青禾App、栗壳App等多款产品。", {("青禾App", "ownedBy", "苔原科技"), ("栗壳App", "ownedBy", "苔原科技")}),
    ("苔原科技全资拥有的青禾科技已上市。", {("青禾科技", "ownedBy", "苔原科技")}),
    ("苔原科技计划分拆旗下青禾科技独立上市。", {("青禾科技", "ownedBy", "苔原科技")}),
    ("苔原科技拥有青禾App和栗壳App两大品牌。", {("青禾App", "ownedBy", "苔原科技"), ("栗壳App", "ownedBy", "苔原科技")}),
    ("苔原科技持有青禾科技100%股权。", {("青禾科技", "ownedBy", "苔原科技"), ("苔原科技", "investedIn", "青禾科技")}),
    ("作为苔原科技旗下的社交平台，青禾App今年用户翻番。", {("青禾App", "ownedBy", "苔原科技")}),
    ("青梧资本持有的苔原科技股份已从9.1%降至4.9%。", {("青梧资本", "divestedFrom", "苔原科技"), ("青梧资本", "investedIn", "苔原科技")}),
    ("远川控股目前旗下已有小鹿跑腿和小鹿买药两个品牌。", {("小鹿跑腿", "ownedBy", "远川控股"), ("小鹿买药", "ownedBy", "远川控股")}),
    # what cannot be shared to or opened in a platform is blocked by it; what one side faces, fights
    # or wants to shake is a rival; a successor named after the leaver; a founder who also takes
    # the post; a holding that controls several companies, one of them named after 其中包括
    ("不少用户发现，包括青禾音乐、栗壳音乐也无法分享至苔原App。",
     {("苔原App", "blocked", "青禾音乐"), ("苔原App", "blocked", "栗壳音乐")}),
    ("栗壳商城的商品链接在苔原App中无法直接打开。", {("苔原App", "blocked", "栗壳商城")}),
    ("在即时零售市场，苔原外卖正面临栗壳外卖的强力挑战。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖的最大对手仍是栗壳外卖。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("为了对抗栗壳外卖，苔原外卖推出了百亿补贴。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("面对栗壳外卖的围攻，苔原外卖选择了降价。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖要想撼动栗壳外卖的地位并不容易。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("3月18日，青梧集团CEO周立发布全员邮件称：程毅卸任苔原科技CEO，由苔原科技CFO严小磊接任。",
     {("周立", "leads", "青梧集团"), ("严小磊", "leads", "苔原科技")}),
    ("作为苔原科技创始人，程毅不仅是公司的“一号位”。", {("程毅", "founded", "苔原科技")}),
    ("程毅于2015年加入青梧集团，创立苔原科技并担任CEO。", {("程毅", "founded", "苔原科技"), ("程毅", "leads", "苔原科技")}),
    ("资料显示，苔原科技由青梧集团全资控股，而苔原科技又控股了多家影视、游戏公司，其中包括栗壳游戏。",
     {("苔原科技", "ownedBy", "青梧集团"), ("栗壳游戏", "ownedBy", "苔原科技")}),
    # issue 25, this round: a three-character name after a title with no speech verb after it; a
    # registered name whose trade name holds ordinary words; a firm's trigger-like words (控股) in its
    # name; its stake in B (其在B); the means (通过C收购B); 作为A推出的…，B; a firm's own product
    # (A的B); a unit (…业务部); a counted list; A VS B; a cleft; a held stake sold; an object after
    # a dash; a link after 的; a subject before an adverb and a preposition
    ("蓝鳍网络联合创始人何景远病倒后，团队由他人接手。", {("何景远", "founded", "蓝鳍网络")}),
    ("蓝鳍网络首席执行官何建中20日在杭州举行的开发者大会上说，新品年底上市。", {("何建中", "leads", "蓝鳍网络")}),
    ("苔原科技于2023年5月在珠海注册成立两家子公司：珠海苔原远景科技有限公司和珠海苔原领航科技有限公司。",
     {("苔原科技", "founded", "珠海苔原远景科技有限公司"), ("苔原科技", "founded", "珠海苔原领航科技有限公司"),
      ("珠海苔原远景科技有限公司", "ownedBy", "苔原科技"), ("珠海苔原领航科技有限公司", "ownedBy", "苔原科技")}),
    ("苔原科技通过香港全资子公司青杉控股有限公司以12亿元收购鹭岛商业集团有限公司100%股权。",
     {("苔原科技", "acquired", "鹭岛商业集团有限公司"), ("青杉控股有限公司", "acquired", "鹭岛商业集团有限公司"),
      ("青杉控股有限公司", "ownedBy", "苔原科技"), ("鹭岛商业集团有限公司", "ownedBy", "青杉控股有限公司")}),
    # the stake sold or cut (其在B的股份) was held: an investment as well as a divestment
    ("青梧资本也在二级市场上减持了其在苔原网络的股份。",
     {("青梧资本", "divestedFrom", "苔原网络"), ("青梧资本", "investedIn", "苔原网络")}),
    ("今年3月，青梧资本已经出售了其在苔原网络的全部股份。",
     {("青梧资本", "divestedFrom", "苔原网络"), ("青梧资本", "investedIn", "苔原网络")}),
    ("苔原钱包目前市场份额不高，难以与栗壳支付、岚山Pay竞争。",
     {("苔原钱包", "competesWith", "栗壳支付"), ("苔原钱包", "competesWith", "岚山Pay")}),
    ("作为苔原科技推出的理财平台，豆荚App首批接入十家基金。", {("苔原科技", "launched", "豆荚App")}),
    ("苔原科技的豆荚App上线三年，用户过亿。", {("豆荚App", "ownedBy", "苔原科技")}),
    ("苔原科技国际业务部总经理何立表示，新功能覆盖全部银行。", {("何立", "leads", "苔原科技国际业务部")}),
    ("岚山科技VS苔原科技：谁能赢下县域市场", {("岚山科技", "competesWith", "苔原科技")}),
    ("记账赛道的主要玩家包括岚山科技、苔原科技和青梧科技，三家竞争激烈。",
     {("岚山科技", "competesWith", "苔原科技"), ("苔原科技", "competesWith", "青梧科技"),
      ("岚山科技", "competesWith", "青梧科技")}),
    ("苔原网络是何静怡在2012年创办的。", {("何静怡", "founded", "苔原网络")}),
    ("豆荚App是由苔原科技于2017年推出的记账品牌。", {("苔原科技", "launched", "豆荚App")}),
    ("杭州苔原信息科技有限公司（以下简称“苔原”）成立于2014年，创始人为程明远。",
     {("程明远", "founded", "杭州苔原信息科技有限公司")}),
    ("青梧资本持有的苔原科技股权已全部转让。", {("青梧资本", "divestedFrom", "苔原科技")}),
    ("岚山科技参股了一家芯片设计公司——苔原微电子。", {("岚山科技", "investedIn", "苔原微电子")}),
    ("栗壳社区宣布封锁来自苔原科技的导流链接。", {("栗壳社区", "blocked", "苔原科技")}),
    ("青梧资本今年减持了苔原科技和岚山科技两家公司的股份。",
     {("青梧资本", "divestedFrom", "苔原科技"), ("青梧资本", "divestedFrom", "岚山科技")}),
    ("青梧资本处分苔原科技全部持股", {("青梧资本", "divestedFrom", "苔原科技")}),
    ("鹿溪学堂已在萤川视频开设官方直播间，每周更新课程。", {("鹿溪学堂", "availableOn", "萤川视频")}),
    ("溯川资本领投苔原旅行B轮", {("溯川资本", "investedIn", "苔原旅行")}),
    # passive with 遭/遭到: the name after it is the agent, never part of the name before it
    ("苔原网络遭青梧资本减持2%股份。", {("青梧资本", "divestedFrom", "苔原网络")}),
    ("苔原网络的股份遭到青梧资本清仓。", {("青梧资本", "divestedFrom", "苔原网络")}),
    # from A one jumps to B; mutual links and blocks; B's links open inside A
    ("用户从雾凇App可一键跳转至柿子商城。", {("雾凇App", "linksTo", "柿子商城")}),
    ("柿子商城和栗壳商城之间实现了相互跳转。",
     {("柿子商城", "linksTo", "栗壳商城"), ("栗壳商城", "linksTo", "柿子商城")}),
    ("柿子商城与栗壳商城互相屏蔽对方的链接。",
     {("柿子商城", "blocked", "栗壳商城"), ("栗壳商城", "blocked", "柿子商城")}),
    ("柿子商城的商品链接已可在栗壳社区内直接打开。", {("栗壳社区", "linksTo", "柿子商城")}),
    # a quoted name after its kind word; what an owner announces as debuting is its launch
    ("苔原网络宣布，旗下记账平台「豆荚记账」今日正式上线。",
     {("苔原网络", "launched", "豆荚记账"), ("豆荚记账", "ownedBy", "苔原网络")}),
    ("苔原网络旗下的豆荚记账App今天正式发布。",
     {("苔原网络", "launched", "豆荚记账App"), ("豆荚记账App", "ownedBy", "苔原网络")}),
    ("作为“柿子商城”的推出方，苔原科技表示将继续补贴。", {("苔原科技", "launched", "柿子商城")}),
    # paying inside an app, a payment method by default
    ("在雾岚社区App内，用户可使用松果支付缴纳会员费。", {("雾岚社区App", "supportsPayment", "松果支付")}),
    ("栗壳商城以松果支付作为默认结算方式，暂不支持货到付款。", {("栗壳商城", "supportsPayment", "松果支付")}),
    ("青梧集团旗下的雾凇App已接入松果支付。",
     {("雾凇App", "supportsPayment", "松果支付"), ("雾凇App", "ownedBy", "青梧集团")}),
    # settle verbs inside a relative clause: the members are on the platform, not the other way
    ("柿子商城今年新入驻的商家包括苔原网络、青梧科技和岚山科技。",
     {("苔原网络", "availableOn", "柿子商城"), ("青梧科技", "availableOn", "柿子商城"),
      ("岚山科技", "availableOn", "柿子商城")}),
    ("柿子商城上的青梧科技官方旗舰店销量第一。", {("青梧科技", "availableOn", "柿子商城")}),
    # rounds: the co-investors after the lead, an old shareholder adding more
    ("苔原网络完成C轮融资，由青梧资本领投，岚山资本、栎树创投跟投。",
     {("青梧资本", "investedIn", "苔原网络"), ("岚山资本", "investedIn", "苔原网络"),
      ("栎树创投", "investedIn", "苔原网络")}),
    ("苔原网络完成A轮融资，老股东岚山资本继续加注。", {("岚山资本", "investedIn", "苔原网络")}),
    # through a subsidiary: the parent is the party, the vehicle is the parent's
    ("岚山科技通过旗下岚山资本投资了苔原网络。",
     {("岚山资本", "investedIn", "苔原网络"), ("岚山科技", "investedIn", "苔原网络"),
      ("岚山资本", "ownedBy", "岚山科技")}),
    ("岚山科技通过全资子公司岚山文化收购了苔原阅读。",
     {("岚山科技", "acquired", "苔原阅读"), ("岚山文化", "ownedBy", "岚山科技"),
      ("岚山文化", "acquired", "苔原阅读")}),
    ("岚山科技通过旗下支付品牌岚山Pay与栗壳商城展开合作。",
     {("岚山Pay", "partneredWith", "栗壳商城"), ("岚山科技", "partneredWith", "栗壳商城"),
      ("岚山Pay", "ownedBy", "岚山科技")}),
    # divesting: out of the shareholders, a stake cut, no longer held, a later clause
    ("青梧资本从苔原网络的股东名单中退出。", {("青梧资本", "divestedFrom", "苔原网络")}),
    ("青梧资本对苔原网络的持股比例由10%降至4%。",
     {("青梧资本", "divestedFrom", "苔原网络"), ("青梧资本", "investedIn", "苔原网络")}),
    ("青梧资本已不再持有苔原网络股份。", {("青梧资本", "divestedFrom", "苔原网络")}),
    ("青梧资本上半年减持了苔原网络，下半年又清仓了栗壳商城。",
     {("青梧资本", "divestedFrom", "苔原网络"), ("青梧资本", "divestedFrom", "栗壳商城")}),
    # control by a stake; what a take-over makes of the one taken
    ("苔原科技取得柿子网络60%股权，成为其控股股东。",
     {("苔原科技", "investedIn", "柿子网络"), ("苔原科技", "acquired", "柿子网络"),
      ("柿子网络", "ownedBy", "苔原科技")}),
    ("柿子网络被苔原科技收购后，成为其全资子公司。",
     {("苔原科技", "acquired", "柿子网络"), ("柿子网络", "ownedBy", "苔原科技")}),
    # leads: the title after the name, the post held by, the role is, under one's leadership
    ("周墨川（苔原网络CEO）表示，公司将加大投入。", {("周墨川", "leads", "苔原网络")}),
    ("周墨川，苔原网络总裁，曾在多家外企任职。", {("周墨川", "leads", "苔原网络")}),
    ("苔原网络的CEO一职由周墨川担任。", {("周墨川", "leads", "苔原网络")}),
    ("苔原网络的现任董事长是周墨川。", {("周墨川", "leads", "苔原网络")}),
    ("在周墨川的带领下，苔原网络实现了盈利。", {("周墨川", "leads", "苔原网络")}),
    ("苔原网络创始人周墨川兼任公司CEO。", {("周墨川", "leads", "苔原网络"), ("周墨川", "founded", "苔原网络")}),
    # rivals and partners without the usual verbs
    ("柿子商城对决栗壳商城，补贴战升级", {("柿子商城", "competesWith", "栗壳商城")}),
    ("岚山科技与栎树科技争夺高端耳机市场。", {("岚山科技", "competesWith", "栎树科技")}),
    ("岚山科技与栎树科技昨日宣布，双方已在智能座舱领域展开合作。", {("岚山科技", "partneredWith", "栎树科技")}),
    ("岚山科技和栎树科技彼此开放接口，展开深度合作。", {("岚山科技", "partneredWith", "栎树科技")}),
    ("岚山科技×栎树科技：开启全场景合作", {("岚山科技", "partneredWith", "栎树科技")}),
    # an alias clause in brackets stands between the name and its verb
    ("杭州苔原网络科技有限公司（以下简称“苔原网络”）为青梧集团旗下企业。",
     {("杭州苔原网络科技有限公司", "ownedBy", "青梧集团")}),
    # an owner announces what is its own; a subsidiary founded, listed after a colon
    ("苔原集团今日宣布，旗下的豆荚App已支持松果支付。",
     {("豆荚App", "supportsPayment", "松果支付"), ("豆荚App", "ownedBy", "苔原集团")}),
    ("苔原科技已在杭州注册成立两家子公司：杭州豆荚信息科技有限公司和杭州栗壳信息科技有限公司。",
     {("杭州豆荚信息科技有限公司", "ownedBy", "苔原科技"), ("杭州栗壳信息科技有限公司", "ownedBy", "苔原科技"),
      ("苔原科技", "founded", "杭州豆荚信息科技有限公司"), ("苔原科技", "founded", "杭州栗壳信息科技有限公司")}),
    ("岚山科技近日设立全资子公司岚山云，注册资本1亿元。",
     {("岚山科技", "founded", "岚山云"), ("岚山云", "ownedBy", "岚山科技")}),
    # players entering one fray compete with each other
    ("岚山科技、栎树科技、苔原科技等厂商纷纷入场，开启了一场激烈的补贴大战。",
     {("岚山科技", "competesWith", "栎树科技"), ("岚山科技", "competesWith", "苔原科技"),
      ("栎树科技", "competesWith", "苔原科技")}),
    # people distributed over units by 分别; rivals listed without a verb of their own
    ("苔原网络任命周墨川和林知夏分别负责豆荚App和栗壳商城。",
     {("周墨川", "leads", "豆荚App"), ("林知夏", "leads", "栗壳商城")}),
    ("苔原网络任命周墨川和林知夏分别负责新设立的“豆荚事业群”和“栗壳事业群”。",
     {("周墨川", "leads", "豆荚事业群"), ("林知夏", "leads", "栗壳事业群")}),
    ("苔原网络面临柿子商城、栗壳商城等竞争对手的围攻。",
     {("苔原网络", "competesWith", "柿子商城"), ("苔原网络", "competesWith", "栗壳商城")}),
    # a mini-program named with its host app; launched on / brought in by a host
    ("栗壳打车支付宝小程序于去年4月正式上线。", {("栗壳打车", "availableOn", "支付宝")}),
    ("栗壳打车已在雾凇App上线小程序。", {("栗壳打车", "availableOn", "雾凇App")}),
    ("栗壳二手的小程序版本由雾凇App引入。", {("栗壳二手", "availableOn", "雾凇App")}),
    # a clause that opens with a time phrase and 在 goes on about the topic
    ("豆荚音乐成立于2019年，2021年在柿子应用商店上架，今年又入驻了栗壳短视频。",
     {("豆荚音乐", "availableOn", "栗壳短视频"), ("豆荚音乐", "availableOn", "柿子应用商店")}),
    # an early investor leaves in a later round
    ("苔原网络完成B轮融资，天使投资人周墨川借此轮全部退出。", {("周墨川", "divestedFrom", "苔原网络")}),
    # Taiwan words for links
    ("用户可从雾凇App直接连结至柿子商城。", {("雾凇App", "linksTo", "柿子商城")}),
    ("在雾凇App中可以直接开启柿子商城的商品连结。", {("雾凇App", "linksTo", "柿子商城")}),
    # 系 after a product's name is the copula; a rival named in a market; an exit after a listing
    ("豆荚输入法系苔原语音旗下产品，预装于多款手机。", {("豆荚输入法", "ownedBy", "苔原语音")}),
    ("苔原网络在短视频市场的主要对手是柿子商城。", {("苔原网络", "competesWith", "柿子商城")}),
    ("青梧资本2019年入股苔原网络，在其上市后套现离场。",
     {("青梧资本", "investedIn", "苔原网络"), ("青梧资本", "divestedFrom", "苔原网络")}),
    # a rival after a dash (A和B的新劲敌——C: C with each, not A with B); shareholder chains and lists
    ("柿子商城和栗壳商城在本地生活领域的新劲敌——苔原网络，宣布推出上门服务。",
     {("柿子商城", "competesWith", "苔原网络"), ("栗壳商城", "competesWith", "苔原网络")}),
    ("青梧资本是苔原网络的第一大股东、柿子网络的第二大股东。",
     {("青梧资本", "investedIn", "苔原网络"), ("青梧资本", "investedIn", "柿子网络")}),
    ("苔原网络的股东中还有青梧资本、岚山资本和栎树创投。",
     {("青梧资本", "investedIn", "苔原网络"), ("岚山资本", "investedIn", "苔原网络"),
      ("栎树创投", "investedIn", "苔原网络")}),
    # 公司 said by someone of the organisation named before the verb of saying
    ("柿子商城CEO周墨川坦言，栗壳商城是公司最大的竞争对手。",
     {("栗壳商城", "competesWith", "柿子商城"), ("周墨川", "leads", "柿子商城")}),
    ("苔原科技CEO周墨川确认，公司已退出对柿子网络的投资。",
     {("苔原科技", "divestedFrom", "柿子网络"), ("周墨川", "leads", "苔原科技")}),
    # a modality cue inside a person's name is none (若 in 林若溪)
    ("柿子商城负责人林若溪表示，其最大的对手是栗壳商城。",
     {("柿子商城", "competesWith", "栗壳商城"), ("林若溪", "leads", "柿子商城")}),
    # a payment method switched on is supported, not launched
    ("柿子商城日前开通松果钱包付款功能，用户可直接使用。", {("柿子商城", "supportsPayment", "松果钱包")}),
    ("豆荚笔记上线了松果钱包这一新的支付方式。", {("豆荚笔记", "supportsPayment", "松果钱包")}),
    # the topic of a sentence without a relation, taken up by the next one's kind word
    ("柿子商城近期完成改版。改版后，商城新增了松果钱包和豆荚Pay两种付款方式。",
     {("柿子商城", "supportsPayment", "松果钱包"), ("柿子商城", "supportsPayment", "豆荚Pay")}),
    # names no list holds, in the object slot of 旗下拥有 and the list that goes on from it
    ("苔原网络旗下拥有栗影、栗读两大内容平台。", {("栗影", "ownedBy", "苔原网络"), ("栗读", "ownedBy", "苔原网络")}),
    # the service named as the provider of payment
    ("柿子物流的运费结算由松果支付提供支付服务。", {("柿子物流", "supportsPayment", "松果支付")}),
    # a name of an owner inside brackets belongs to the bracket
    ("雾凇浏览器（苔原网络旗下）与栗壳翻译达成合作。",
     {("雾凇浏览器", "ownedBy", "苔原网络"), ("雾凇浏览器", "partneredWith", "栗壳翻译")}),
    # a name right after its Chinese type word, with its version (大模型X-1, 芯片XX1), up to a function
    # word (品牌X已…); "its" (其) after the verb is the subject's own, no second party
    ("柿子智能发布了其首款大模型柿言-2。", {("柿子智能", "launched", "柿言-2")}),
    ("苔原科技推出了新一代芯片苔芯V3。", {("苔原科技", "launched", "苔芯V3")}),
    ("栗壳网络推出AI助手栗小壳，面向中小商家。", {("栗壳网络", "launched", "栗小壳")}),
    ("青梧集团旗下支付品牌梧付已获得牌照。", {("梧付", "ownedBy", "青梧集团")}),
    ("苔原科技上线了社交应用苔圈。", {("苔原科技", "launched", "苔圈")}),
    # a type word followed by ordinary words names nothing
    ("苔原科技推出了大模型产品，覆盖多个行业。", set()),
    ("苔原科技发布了大模型白皮书。", set()),
    # funding rounds: a clause that opens with 本轮 goes on about the round of the company before;
    # co-leads are no partners; a stake held both ways; a stake held by (由A持股); a line-up
    ("苔原网络宣布完成数亿元B轮融资，本轮由青梧资本和远岫创投联合领投。",
     {("青梧资本", "investedIn", "苔原网络"), ("远岫创投", "investedIn", "苔原网络")}),
    ("柿子科技与栗壳网络互相持股。", {("柿子科技", "investedIn", "栗壳网络"), ("栗壳网络", "investedIn", "柿子科技")}),
    ("工商信息显示，苔原网络由青梧资本持股15%。", {("青梧资本", "investedIn", "苔原网络")}),
    ("苔原网络的投资方阵容中有青梧资本。", {("青梧资本", "investedIn", "苔原网络")}),
    # ownership: a relative with 孵化/运营/控股 (控股 before 的 is the verb, not the firm's last word),
    # the company behind a product, 作为A的子公司, a kind word between the owner and the name, B是A的平台
    ("苔原科技孵化的青禾App月活突破千万。", {("青禾App", "ownedBy", "苔原科技"), ("苔原科技", "launched", "青禾App")}),
    ("苔原科技控股的栗壳网络今年扭亏为盈。", {("栗壳网络", "ownedBy", "苔原科技")}),
    ("青禾App背后的公司是苔原科技。", {("青禾App", "ownedBy", "苔原科技")}),
    ("作为苔原科技的全资子公司，栗壳网络主要负责海外业务。", {("栗壳网络", "ownedBy", "苔原科技")}),
    ("苔原科技的电商平台柿子商城正在扩张。", {("柿子商城", "ownedBy", "苔原科技")}),
    ("柿子商城是苔原科技的电商平台。", {("柿子商城", "ownedBy", "苔原科技")}),
    ("苔原科技的竞争对手平台柿子商城也在扩张。", set()),
    # partnership: a joint venture set up by two (no founding of the second, no reference to a
    # company), 联合 as a verb with the shared act after B, a headline in spaced style
    ("柿子科技和栗壳网络宣布成立合资公司。", {("柿子科技", "partneredWith", "栗壳网络")}),
    ("苔原科技联合青梧数科发布行业白皮书。", {("苔原科技", "partneredWith", "青梧数科")}),
    ("苔原科技 与 青梧数科 达成战略合作", {("苔原科技", "partneredWith", "青梧数科")}),
    # competition: a dispute (A和B之争), three holding the field, a challenger noun, taking from a rival's hands
    ("苔原外卖和柿子到家之争仍在继续。", {("苔原外卖", "competesWith", "柿子到家")}),
    ("苔原App是青禾App的有力竞争者。", {("苔原App", "competesWith", "青禾App")}),
    ("苔原外卖正从柿子到家手中抢夺市场份额。", {("苔原外卖", "competesWith", "柿子到家")}),
    # a ban or an inability on a platform to open, share or reach B is a block, not a link; a ban
    # lifted is no block
    ("苔原App不允许用户分享栗壳音乐的内容。", {("苔原App", "blocked", "栗壳音乐")}),
    ("雾凇社区禁止用户从页面跳转至柿子商城。", {("雾凇社区", "blocked", "柿子商城")}),
    ("用户无法在苔原App中分享栗壳商城的链接。", {("苔原App", "blocked", "栗壳商城")}),
    ("目前用户仍不能在雾凇社区里直接打开栗壳网盘的分享链接。", {("雾凇社区", "blocked", "栗壳网盘")}),
    ("苔原App上仍无法直接访问柿子商城。", {("苔原App", "blocked", "柿子商城")}),
    # what A's users cannot share to B is blocked by B, not by A
    ("雾凇音乐的用户无法将歌曲分享到苔原App中。", {("苔原App", "blocked", "雾凇音乐")}),
    ("在雾凇社区內，柿子商城的連結仍無法直接打開。", {("雾凇社区", "blocked", "柿子商城")}),
    ("苔原App将栗壳商城的外链列入黑名单。", {("苔原App", "blocked", "栗壳商城")}),
    ("苔原App已解除对栗壳商城外链的屏蔽。", set()),
    ("用户可以在雾凇社区中打开柿子商城的链接。", {("雾凇社区", "linksTo", "柿子商城")}),
    # a founder of one firm and the posts at another before the person; ranks of shareholder in a
    # list; a possessive per member; the head of a business; 行政总裁 (Hong Kong's CEO)
    ("据介绍，岚图网联合创始人、岚图控股董事长兼总裁邵一帆将出任新公司董事长。",
     {("邵一帆", "founded", "岚图网"), ("邵一帆", "leads", "岚图控股")}),
    ("年报显示，远川资本目前是鹭岛网的第二大股东、岚图网的第五大股东。",
     {("远川资本", "investedIn", "鹭岛网"), ("远川资本", "investedIn", "岚图网")}),
    ("在即时通讯领域，岚图科技的鹭语大模型、鹭岛研究院的川流大模型都已开源。",
     {("鹭语大模型", "ownedBy", "岚图科技"), ("川流大模型", "ownedBy", "鹭岛研究院")}),
    ("鹭岛直播业务负责人邵一帆表示，平台主播数量翻了一番。", {("邵一帆", "leads", "鹭岛直播")}),
    ("岚图科技市场业务负责人邵一帆透露了新品计划。", set()),
    ("鹭岛控股行政总裁邵一帆出席签约仪式。", {("邵一帆", "leads", "鹭岛控股")}),
    # the head of a function (研发负责人, 市场总监) does not lead the firm; a parent noun without 的
    # belongs to the one name before it, with 的 to the list
    ("邵一帆担任岚图电商研发负责人。", set()),
    ("岚图科技市场总监邵一帆表示，新品将于下月上市。", set()),
    ("岚图科技与鹭岛汽车母企鹭岛控股的谈判仍在继续。", {("鹭岛汽车", "ownedBy", "鹭岛控股")}),
    ("鹭岛科技和川流网络的母公司岚图集团宣布了新计划。", {("鹭岛科技", "ownedBy", "岚图集团"), ("川流网络", "ownedBy", "岚图集团")}),
    # launching by open-sourcing, a debut, publishing a game (its title in 《》; a cue word inside a
    # title is none: 传说), an announcement; suspending access blocks; a suspended partnership is none;
    # price wars and declaring war on a rival
    ("苔原智能今天开源了青云大模型。", {("苔原智能", "launched", "青云大模型")}),
    ("青云大模型由苔原智能开源。", {("苔原智能", "launched", "青云大模型")}),
    ("栗壳游戏发行的《雾海传说》上线首周流水破亿。", {("栗壳游戏", "launched", "雾海传说")}),
    ("栗壳游戏发布《2024年游戏产业报告》。", set()),
    ("苔原科技官宣了新品青禾App。", {("苔原科技", "launched", "青禾App")}),
    ("苔原社区暂停了青禾App的登录授权。", {("苔原社区", "blocked", "青禾App")}),
    ("苔原社区暂停与青禾商城的合作。", set()),
    ("苔原外卖与青禾外卖打起了价格战。", {("苔原外卖", "competesWith", "青禾外卖")}),
    ("苔原科技对标青禾科技推出了新品。", set()),  # 对标 before a launch is the launch's aim (tests/test_extract_news.py)
    ("苔原外卖向青禾外卖宣战。", {("苔原外卖", "competesWith", "青禾外卖")}),
    # more of the field's verbs: buying in (斥资…入股, 重仓, 投中), brought in as an investor, seen on the
    # register; taking over (入主, 接盘, 收入麾下, 卖身); emptying a stake; command (挂帅, 坐镇) and a
    # boss's titles (当家人, 老板); alliances (结成战略联盟, 深度绑定, 联袂)
    ("岚图资本斥资3亿元入股鹭岛网络。", {("岚图资本", "investedIn", "鹭岛网络")}),
    ("鹭岛网络引入岚图资本作为战略投资者。", {("岚图资本", "investedIn", "鹭岛网络")}),
    ("岚图资本现身鹭岛科技股东名单。", {("岚图资本", "investedIn", "鹭岛科技")}),
    ("岚图资本早年重仓鹭岛网络。", {("岚图资本", "investedIn", "鹭岛网络")}),
    ("鹭岛网络最终卖身岚图集团。", {("岚图集团", "acquired", "鹭岛网络")}),
    ("岚图集团将鹭岛网络收入麾下。", {("岚图集团", "acquired", "鹭岛网络")}),
    ("岚图集团入主鹭岛网络。", {("岚图集团", "acquired", "鹭岛网络")}),
    ("岚图资本清空了所持的鹭岛网络股份。", {("岚图资本", "divestedFrom", "鹭岛网络")}),
    ("此后，邵一帆挂帅鹭岛科技。", {("邵一帆", "leads", "鹭岛科技")}),
    ("鹭岛网络当家人邵一帆表示将继续扩张。", {("邵一帆", "leads", "鹭岛网络")}),
    ("岚图科技与鹭岛网络结成战略联盟。", {("岚图科技", "partneredWith", "鹭岛网络")}),
    ("岚图科技联袂鹭岛网络推出新品。", {("岚图科技", "partneredWith", "鹭岛网络")}),
    # names read by their structure: a round led by a fund whose trade name is also a word (雪松资本);
    # a region in brackets inside a registered name; a Latin firm before 的 and a role; a catalog
    # brand before a product's own name and kind; a model or product with its version after a launch verb
    ("川流智能完成新一轮融资，由雪松资本领投。", {("雪松资本", "investedIn", "川流智能")}),
    ("川流智能（杭州）科技有限公司宣布与岚图科技合作。", {("川流智能（杭州）科技有限公司", "partneredWith", "岚图科技")}),
    ("Corvane的创始人Lena Hart表示，公司将扩大招聘。", {("Lena Hart", "founded", "Corvane")}),
    ("阿里巴巴推出阿里巴巴川流App。", {("阿里巴巴集团", "launched", "阿里巴巴川流App")}),
    ("川流智能发布了雾凇R2推理模型。", {("川流智能", "launched", "雾凇R2")}),
    ("川流智能推出雾凇-3.5大模型。", {("川流智能", "launched", "雾凇-3.5")}),
    ("川流智能推出了雾凇Pro。", {("川流智能", "launched", "雾凇Pro")}),
    ("川流智能发布2024年财报。", set()),
    # a quoted verb is no name (A“封杀”B); suffering a ban (遭到/遭A封杀); what cannot be shared inside A;
    # a warning on sharing B's link in A; a name before the noun it modifies (B链接, B一事)
    ("雾凇音乐、川流视频等先后遭到鹭岛App封杀。", {("鹭岛App", "blocked", "雾凇音乐"), ("鹭岛App", "blocked", "川流视频")}),
    ("雾凇音乐遭鹭岛App“封杀”。", {("鹭岛App", "blocked", "雾凇音乐")}),
    ("鹭岛App“封杀”雾凇音乐。", {("鹭岛App", "blocked", "雾凇音乐")}),
    ("雾凇音乐、川流视频均无法在鹭岛App内分享。", {("鹭岛App", "blocked", "雾凇音乐"), ("鹭岛App", "blocked", "川流视频")}),
    ("在鹭岛App中分享雾凇音乐的链接会被提示“存在安全隐患”。", {("鹭岛App", "blocked", "雾凇音乐")}),
    # (a trade name that is no word, 栗壳; one that is a word, 雾凇 "rime", before a noun stays a phrase)
    ("鹭岛App开始限制栗壳音乐链接的传播。", {("鹭岛App", "blocked", "栗壳音乐")}),
    ("鹭岛App屏蔽栗壳音乐一事引发关注。", {("鹭岛App", "blocked", "栗壳音乐")}),
    # paying with B when shopping at A; A and B open a payment channel; users binding B; rivals as a
    # pair (老冤家), a threat posed, a market taken back
    ("顾客在川流商城下单时可选择雾凇Pay支付。", {("川流商城", "supportsPayment", "雾凇Pay")}),
    ("川流商城与雾凇Pay打通支付通道。", {("川流商城", "supportsPayment", "雾凇Pay")}),
    ("川流商城用户可以绑定雾凇Pay完成支付。", {("川流商城", "supportsPayment", "雾凇Pay")}),
    ("川流外卖和鹭岛外卖是一对老冤家。", {("川流外卖", "competesWith", "鹭岛外卖")}),
    ("川流外卖的崛起已对鹭岛外卖构成威胁。", {("川流外卖", "competesWith", "鹭岛外卖")}),
    ("川流外卖从鹭岛外卖手中夺回了华东市场。", {("川流外卖", "competesWith", "鹭岛外卖")}),
    # one list joined by 甚至; a stake bought as shares the firm issues; a joint venture and the shares
    # its founders hold; a brand sold to a buyer; in charge of businesses on a group's behalf
    ("鹭岛钱包份额有限，很难与岚图支付、远川Pay甚至川流钱包抗衡。",
     {("鹭岛钱包", "competesWith", "岚图支付"), ("鹭岛钱包", "competesWith", "远川Pay"),
      ("鹭岛钱包", "competesWith", "川流钱包")}),
    ("岚图集团以3亿美元认购了鹭岛网新发行的优先股。", {("岚图集团", "investedIn", "鹭岛网")}),
    ("岚图科技和鹭岛汽车共同成立的川流汽车已完成注册，其中岚图科技持股60%，鹭岛汽车持股40%。",
     {("岚图科技", "founded", "川流汽车"), ("鹭岛汽车", "founded", "川流汽车"), ("岚图科技", "investedIn", "川流汽车"),
      ("鹭岛汽车", "investedIn", "川流汽车"), ("岚图科技", "partneredWith", "鹭岛汽车")}),
    ("岚图科技决定把旗下品牌「川流」转让给鹭岛控股。", {("川流", "ownedBy", "岚图科技"), ("鹭岛控股", "acquired", "川流")}),
    ("邵一帆出任集团副总裁后，将代表岚图集团主管鹭岛商城、川流优选等业务。",
     {("邵一帆", "leads", "鹭岛商城"), ("邵一帆", "leads", "川流优选"), ("邵一帆", "leads", "岚图集团")}),
    ("岚图集团任命邵一帆负责新设立的鹭岛商城。", {("邵一帆", "leads", "鹭岛商城")}),
    # 旗下A与B签订…: B is A's partner, not another unit of the owner; banks named by their suffix
    ("鹭岛汽车宣布旗下子品牌川豹与岚图科技签署战略合作协议。",
     {("川豹", "ownedBy", "鹭岛汽车"), ("川豹", "partneredWith", "岚图科技")}),
    ("远川Pay日前分别与岚图银行及鹭岛银行宣布推出跨境汇款服务。",
     {("远川Pay", "partneredWith", "岚图银行"), ("远川Pay", "partneredWith", "鹭岛银行")}),
    # belonging as a relative clause (隶属于A的B, 归属A的B); a business or division named after the
    # owner's 的 (A的本地生活业务B); a bare possessive is cue enough (A的B、C两大平台), and a count
    # before the kind word (两大平台) is no part of the last name
    ("隶属于栖云集团的岚图科技日前宣布裁员。", {("岚图科技", "ownedBy", "栖云集团")}),
    ("归属栖云集团的岚图科技今年扭亏为盈。", {("岚图科技", "ownedBy", "栖云集团")}),
    ("栖云集团的本地生活业务岚图到家日前宣布裁员。", {("岚图到家", "ownedBy", "栖云集团")}),
    ("栖云集团旗下的物流板块鹭岛物流今年营收翻番。", {("鹭岛物流", "ownedBy", "栖云集团")}),
    ("栖云集团的岚图优选、鹭岛网盘两大平台均实现增长。",
     {("岚图优选", "ownedBy", "栖云集团"), ("鹭岛网盘", "ownedBy", "栖云集团")}),
    ("栖云集团的新产品岚图App今日上线。", {("岚图App", "ownedBy", "栖云集团")}),
    # the investors of a round, each in its own clause: the first, the second and the third
    ("岚图科技完成数亿元B轮融资，栖云资本领投，鹭岛创投跟投。",
     {("栖云资本", "investedIn", "岚图科技"), ("鹭岛创投", "investedIn", "岚图科技")}),
    ("岚图科技宣布完成5亿元C轮融资，栖云资本独家投资。", {("栖云资本", "investedIn", "岚图科技")}),
    ("岚图科技近日完成A轮融资，鹭岛创投领投，栖云资本跟投，老股东青梧资本继续加注。",
     {("鹭岛创投", "investedIn", "岚图科技"), ("栖云资本", "investedIn", "岚图科技"),
      ("青梧资本", "investedIn", "岚图科技")}),
    # constructions read off unlabelled real news (none of the evaluation articles), composed anew:
    # a ban verb written the other way round (禁封); becoming an indirect subsidiary; a holding that
    # ended (不再持有…任何股份); a holder's share in a relative before a kind and the name; a list,
    # a count and the other party before an agent noun; a long description after 旗下 that holds
    # a 、; taking over 整个 a firm
    ("2019年，苔原App禁封了鹿鸣视频、青禾直播等多款应用的转发链接。",
     {("苔原App", "blocked", "鹿鸣视频"), ("苔原App", "blocked", "青禾直播")}),
    ("合并完成后，岚图科技成为栖云集团间接全资子公司。", {("岚图科技", "ownedBy", "栖云集团")}),
    ("岚图科技已成为栖云集团的直接全资子公司。", {("岚图科技", "ownedBy", "栖云集团")}),
    ("交易完成后，岚图科技将成为栖云集团的全资子公司。", set()),  # 将成为: a plan, no asserted fact
    ("交易完成后，栖云集团不再持有岚图科技任何股份。", {("栖云集团", "divestedFrom", "岚图科技")}),
    ("栖云集团目前已不再持有岚图科技的股权。", {("栖云集团", "divestedFrom", "岚图科技")}),
    ("栖云集团持股21.5%的另一家短视频公司鹭岛科技则刚刚上市。", {("栖云集团", "investedIn", "鹭岛科技")}),
    ("栖云集团推出的首款社交产品岚图App已经下线。", {("栖云集团", "launched", "岚图App")}),
    ("岚图汽车、鹭岛汽车、青禾汽车三家栖云集团合作伙伴受到广泛关注。",
     {("岚图汽车", "partneredWith", "栖云集团"), ("鹭岛汽车", "partneredWith", "栖云集团"),
      ("青禾汽车", "partneredWith", "栖云集团")}),
    ("鹭岛资本、青梧资本等岚图科技投资方均表示支持。",
     {("鹭岛资本", "investedIn", "岚图科技"), ("青梧资本", "investedIn", "岚图科技")}),
    ("栖云集团宣布，旗下核心子品牌、二手交易平台鹭岛优选已完成B轮融资。", {("鹭岛优选", "ownedBy", "栖云集团")}),
    ("陈立接管整个栖云集团后推行了多项改革。", {("陈立", "leads", "栖云集团")}),
    # a round the article's company raised, referred to by 本轮/此次 (the investors in later clauses
    # too); a description between the investors and 跟投; a dash before the first investor and the
    # list after 跟投，包括…; a kind written before the company that opens the clause (芯片设计公司X…，
    # 由Y领投) and a name after a firm's description that ends in an ordinary word (…公司岚图世界)
    ("岚图科技近日宣布完成新一轮融资。本轮融资由栖云资本领投，鹭岛创投、青梧资本跟投。",
     {("栖云资本", "investedIn", "岚图科技"), ("鹭岛创投", "investedIn", "岚图科技"), ("青梧资本", "investedIn", "岚图科技")}),
    ("岚图科技完成B轮融资，由栖云资本领投，鹭岛创投、青梧资本等多家知名投资机构跟投。",
     {("栖云资本", "investedIn", "岚图科技"), ("鹭岛创投", "investedIn", "岚图科技"), ("青梧资本", "investedIn", "岚图科技")}),
    ("岚图科技完成新一轮融资——栖云资本领投，另有多家产业方及老股东跟投，包括鹭岛创投、青梧资本等。",
     {("栖云资本", "investedIn", "岚图科技"), ("鹭岛创投", "investedIn", "岚图科技"), ("青梧资本", "investedIn", "岚图科技")}),
    ("芯片设计公司沃川微电宣布完成B轮融资，由栖云资本领投。", {("栖云资本", "investedIn", "沃川微电")}),
    ("无独有偶，通用人工智能公司岚图世界也于同日宣布，已经完成3亿元A轮融资，由栖云资本领投，鹭岛基金跟投。",
     {("栖云资本", "investedIn", "岚图世界"), ("鹭岛基金", "investedIn", "岚图世界")}),
    ("栖云集团投资的公司周一宣布裁员。", set()),  # 公司周一: no name after the kind word
    # a set named, then referred to as 一众玩家 before a mutual verb; 迎战; 互联互通; 增资 (to);
    # a lower-case title; an organisation announcing a person's new post; a title in 《》 after 旗下的
    ("岚图出行、鹭岛打车、青禾出行等，一众玩家在存量市场中厮杀。",
     {("岚图出行", "competesWith", "鹭岛打车"), ("岚图出行", "competesWith", "青禾出行"),
      ("鹭岛打车", "competesWith", "青禾出行")}),
    ("栖云集团正以自己最擅长的打法迎战鹭岛网络。", {("栖云集团", "competesWith", "鹭岛网络")}),
    ("鹿鸣商城、青禾优选、栖云外卖三大平台在过去一段时间里上演了一场久违的用户争夺战。",
     {("鹿鸣商城", "competesWith", "青禾优选"), ("鹿鸣商城", "competesWith", "栖云外卖"),
      ("青禾优选", "competesWith", "栖云外卖")}),
    ("栖云支付与鹭岛钱包推进互联互通。", {("栖云支付", "partneredWith", "鹭岛钱包")}),
    # a feature (公众号) is no party: the account speaks for the service
    ("栖云支付微信公众号公布与鹭岛银行推进互联互通的进展。", {("栖云支付", "partneredWith", "鹭岛银行")}),
    ("栖云集团已向鹭岛汽车增资5亿元。", {("栖云集团", "investedIn", "鹭岛汽车")}),
    ("栖云集团将向鹭岛汽车增资约7亿美元。", set()),  # a plan
    # 出资: paid in by the one named after 由, or together with another to set up a company
    ("鹭岛基金成立于2023年5月，由栖云集团全额出资。", {("栖云集团", "investedIn", "鹭岛基金")}),
    ("栖云集团与鹭岛汽车共同出资成立岚图科技。",
     {("栖云集团", "founded", "岚图科技"), ("栖云集团", "investedIn", "岚图科技"),
      ("鹭岛汽车", "founded", "岚图科技"), ("鹭岛汽车", "investedIn", "岚图科技")}),
    ("栖云集团出资5亿元。", set()),
    ("栖云集团ceo陈立给出了一个数字。", {("陈立", "leads", "栖云集团")}),
    ("栖云集团宣布周墨川升任总裁。", {("周墨川", "leads", "栖云集团")}),
    ("鹭岛网络旗下的《七日星河》上线2.0版本。", {("七日星河", "ownedBy", "鹭岛网络")}),    # issue 25, read off unlabelled news (fifth session): a firm's announcement gives its titles; a
    # successor after a headline comma; a round's label or 其他投资方 refers to the company in question;
    # a round named across commas; money received from (来自) investors; a party to B's round (参与);
    # the stake in B (对B的持股); the holder in a relative; a founder's holding; a stake bought is no
    # acquisition; the firm itself sold to a buyer; an acquisition fronted (继收购B之后，A…); the rival
    # one regards (将B视为对手); competition stated after a description of both; a launch whose name
    # follows a description with its kind; a list sharing a cleft (B与C同为A开发的产品); 新 before a firm
    ("苔原科技宣布，董事局主席程毅将在明年退任，由行政总裁严小磊接任。", {("程毅", "leads", "苔原科技"), ("严小磊", "leads", "苔原科技")}),
    ("苔原科技宣布，董事局主席程毅将在明年退任。", {("程毅", "leads", "苔原科技")}),
    ("苔原科技今天宣布：首席执行官严小磊将兼任董事长。", {("严小磊", "leads", "苔原科技")}),
    ("苔原科技宣布，副总裁程毅离职。", set()),
    ("程毅，卸任苔原科技CEO，由大学同学、湖南人严小磊接任", {("严小磊", "leads", "苔原科技")}),
    ("其中天使轮由青梧资本领投，栗壳资本跟投。", set()),
    ("苔原科技成立于2019年。其中天使轮由青梧资本领投，栗壳资本跟投。", {("青梧资本", "investedIn", "苔原科技"), ("栗壳资本", "investedIn", "苔原科技")}),
    ("苔原科技成立于2019年。Pre-A轮融资由青梧资本独家投资。", {("青梧资本", "investedIn", "苔原科技")}),
    ("苔原科技成立于2019年。A+轮由青梧资本领投。", {("青梧资本", "investedIn", "苔原科技")}),
    ("苔原科技已完成三轮融资。其他主要投资方包括青梧资本、栗壳资本。", {("青梧资本", "investedIn", "苔原科技"), ("栗壳资本", "investedIn", "苔原科技")}),
    ("苔原科技已完成五轮融资，上一轮融资停留在去年6月，是由青梧资本领投的3亿美元D轮融资。", {("青梧资本", "investedIn", "苔原科技")}),
    ("苔原科技于去年获得来自青梧资本、栗壳资本等机构的2亿元融资。", {("青梧资本", "investedIn", "苔原科技"), ("栗壳资本", "investedIn", "苔原科技")}),
    ("苔原科技于去年获得青梧资本的2亿元融资。", {("青梧资本", "investedIn", "苔原科技")}),
    ("青梧资本通过旗下基金参与了苔原科技的B轮融资。", {("青梧资本", "investedIn", "苔原科技")}),
    ("青梧资本此前也参与了苔原科技的港股定增。", {("青梧资本", "investedIn", "苔原科技")}),
    ("青梧资本对苔原科技的持股比例已从7%降至0.5%。", {("青梧资本", "investedIn", "苔原科技"), ("青梧资本", "divestedFrom", "苔原科技")}),
    ("青梧资本对苔原科技持股30%，为第一大股东。", {("青梧资本", "investedIn", "苔原科技")}),
    ("持有苔原科技53%股份的青梧集团，计划出售全部股份。", {("青梧集团", "investedIn", "苔原科技")}),
    ("持股苔原科技约20%的青梧资本近日减持。", {("青梧资本", "investedIn", "苔原科技")}),
    ("苔原科技创始人兼CEO程毅位居第一大股东，持股25.1%。", {("程毅", "founded", "苔原科技"), ("程毅", "leads", "苔原科技"), ("程毅", "investedIn", "苔原科技")}),
    ("青梧集团收购了苔原科技20%的股权。", {("青梧集团", "investedIn", "苔原科技")}),
    ("青梧集团收购了苔原科技100%股权。", {("青梧集团", "acquired", "苔原科技"), ("苔原科技", "ownedBy", "青梧集团")}),
    ("青梧集团增持苔原科技股份至12%。", {("青梧集团", "investedIn", "苔原科技")}),
    ("苔原科技以12亿元的价格出售给青梧集团。", {("青梧集团", "acquired", "苔原科技")}),
    ("苔原科技最终卖给了青梧集团。", {("青梧集团", "acquired", "苔原科技")}),
    ("苔原科技将旗下游戏业务出售给青梧集团。", set()),
    ("苔原科技将其持有的栗壳网络股份出售给青梧集团。", {("苔原科技", "divestedFrom", "栗壳网络"), ("青梧集团", "investedIn", "栗壳网络")}),
    ("继收购苔原科技之后，青梧集团又买下了栗壳网络。", {("青梧集团", "acquired", "苔原科技"), ("青梧集团", "acquired", "栗壳网络")}),
    ("在收购栗壳网络后，青梧集团开始整合其业务。", {("青梧集团", "acquired", "栗壳网络")}),
    ("青梧集团将栗壳网络视为最大的竞争对手。", {("青梧集团", "competesWith", "栗壳网络")}),
    ("青梧集团一直把栗壳网络当作头号对手。", {("青梧集团", "competesWith", "栗壳网络")}),
    ("苔原科技与栗壳网络均是互联网企业，具有直接竞争关系。", {("苔原科技", "competesWith", "栗壳网络")}),
    ("苔原科技与栗壳网络业务并不相同，不存在竞争关系。", set()),
    ("栗壳科技推出旗下首款7nm AI芯片青禾290。", {("栗壳科技", "launched", "青禾290")}),
    ("栗壳科技发布了新一代自研大模型澜图-2。", {("栗壳科技", "launched", "澜图-2")}),
    ("青禾会议App与青禾文档App同为栗壳科技开发的产品。", {("栗壳科技", "launched", "青禾文档App")}),
    ("严小磊出任新苔原科技董事长。", {("严小磊", "leads", "苔原科技")}),
    ("出售后，青梧集团不再持有新栗壳网络的任何股份。", {("青梧集团", "divestedFrom", "栗壳网络")}),
    ("苔原科技推出全新栗壳网络服务。", set()),
    # a model or chip by its code before its kind word (R2模型; 5G芯片 is no name); 它 and 其 after a
    # copula name someone other than the clause's subject; a description between 作为 and the name;
    # 不敌/难敌: a rival one is no match for
    ("苔原科技发布了R2模型。", {("苔原科技", "launched", "R2")}),
    ("苔原科技推出5G芯片和X7芯片。", {("苔原科技", "launched", "X7")}),
    ("苔原科技成立于2022年初，青梧资本是它的第一个投资人。", {("青梧资本", "investedIn", "苔原科技")}),
    ("苔原科技公告青梧资本成为其最大股东。", {("青梧资本", "investedIn", "苔原科技")}),
    ("作为陌生人社交平台栗壳App的股东，青梧资本持有5.47%股份。", {("青梧资本", "investedIn", "栗壳App")}),
    ("苔原视频在游戏直播方面不敌青禾直播。", {("苔原视频", "competesWith", "青禾直播")}),
    ("苔原视频难敌青禾直播。", {("苔原视频", "competesWith", "青禾直播")}),
    # an unknown name right before a founder's or head's title and its holder is the organisation
    # (a numeral may be part of it); a chain of titles joined by 、 gives each its own; a given name
    # that is a word starting with 和 (和平) is still a given name; 该公司/平台 before a title name no one
    ("青芒智驾联合创始人赵慧文近日离职。", {("赵慧文", "founded", "青芒智驾")}),
    ("据悉，零壹万象CEO孙立伟已经向董事会提交辞呈。", {("孙立伟", "leads", "零壹万象")}),
    ("合并之后，鹿鸣旅游联合创始人、鹿鸣网络总裁周和平将担任新公司的联席CEO。",
     {("周和平", "founded", "鹿鸣旅游"), ("周和平", "leads", "鹿鸣网络")}),
    ("该公司联合创始人赵慧文近日离职。", set()),
    ("今年以来，平台总裁赵慧文多次表示看好。", set()),
    # a new product's version is part of its name (3.0, V2 before 版本, 2 Pro), an amount or a year
    # after it is not
    ("苔原科技正式发布灵犀大模型3.0。", {("苔原科技", "launched", "灵犀大模型3.0")}),
    ("苔原科技发布青禾大模型V2版本。", {("苔原科技", "launched", "青禾大模型V2")}),
    ("苔原科技推出的青禾输入法2.0版本已上线。", {("苔原科技", "launched", "青禾输入法2.0")}),
    ("苔原科技推出Lumo 2 Pro，面向企业客户。", {("苔原科技", "launched", "Lumo 2 Pro")}),
    ("苔原科技旗下的青禾App 3.5亿用户中有一半来自海外。", {("青禾App", "ownedBy", "苔原科技")}),
    ("苔原科技发布的青禾大模型2024年完成了三次升级。", {("苔原科技", "launched", "青禾大模型")}),
    # rivalry in the words of a long feud, a pair described and then their competition, a rival in
    # apposition after the verb, a purpose clause with 与…竞争, 针对…开炮; denied and asked, no fact
    ("苔原外卖与栗壳外卖之间的明争暗斗从未停止。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖和栗壳外卖相爱相杀多年。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("两大外卖平台苔原外卖与栗壳外卖再度爆发内战。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖与栗壳外卖作为外卖领域的双雄，走出了截然不同的道路。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖和栗壳外卖均为本地生活平台，主要在低价商品上展开竞争。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("青禾App的月活正快速逼近主要竞争对手栗壳App。", {("青禾App", "competesWith", "栗壳App")}),
    ("为了与栗壳外卖正面竞争，苔原外卖推出了新品牌。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖针对栗壳外卖开炮。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖否认与栗壳外卖爆发内战。", set()),
    ("苔原外卖与栗壳外卖是否会成为双雄仍有待观察。", set()),
    # shops that take a payment service: listed after the service (支持/接受/支援…的商户，包括), after
    # 如 (a noun of a kind before 如 means "such as"), 接受…的支付, the service as subject with adverbs
    # before 接入, 在A…可以使用B购物, the service brought in and fronted; 不接受, planned: no fact
    ("首批接受青禾Pay支付的商户，包括苔原超市、栗壳咖啡等。",
     {("苔原超市", "supportsPayment", "青禾Pay"), ("栗壳咖啡", "supportsPayment", "青禾Pay")}),
    ("青禾Pay支援的店家已相当多，包括苔原超市、栗壳咖啡等。",
     {("苔原超市", "supportsPayment", "青禾Pay"), ("栗壳咖啡", "supportsPayment", "青禾Pay")}),
    ("多个大型商户如苔原超市、栗壳咖啡等均支持青禾Pay付款。",
     {("苔原超市", "supportsPayment", "青禾Pay"), ("栗壳咖啡", "supportsPayment", "青禾Pay")}),
    ("苔原超市也开始接受青禾Pay的支付。", {("苔原超市", "supportsPayment", "青禾Pay")}),
    ("青禾Pay早在去年就已经接入了苔原超市。", {("苔原超市", "supportsPayment", "青禾Pay")}),
    ("在成都部分苔原超市，顾客已经可以使用青禾Pay购物了。", {("苔原超市", "supportsPayment", "青禾Pay")}),
    ("引入青禾Pay和栗壳钱包之后，苔原商城让用户付款方便了许多。",
     {("苔原商城", "supportsPayment", "青禾Pay"), ("苔原商城", "supportsPayment", "栗壳钱包")}),
    ("苔原超市暂不接受青禾Pay的支付。", set()),
    ("青禾Pay计划明年接入苔原超市。", set()),
    ("苔原超市接受记者采访时表示，青禾Pay的用户增长很快。", set()),
    # blocking: links a platform does not support (Simplified and Traditional), a block not lifted,
    # 遭遇, 封掉/停掉, a fronted passive, victims then 皆遭A以…为由封禁, 对…只做了部分屏蔽 (no launch);
    # lifted or asked: no fact
    ("苔原App不支持栗壳视频、青禾音乐的链接。", {("苔原App", "blocked", "栗壳视频"), ("苔原App", "blocked", "青禾音乐")}),
    ("苔原App不支援栗殼視頻、青禾音樂連結。", {("苔原App", "blocked", "栗壳视频"), ("苔原App", "blocked", "青禾音乐")}),
    ("苔原App迟迟没有解除对栗壳视频链接的封禁。", {("苔原App", "blocked", "栗壳视频")}),
    ("栗壳视频遭遇了苔原App屏蔽。", {("苔原App", "blocked", "栗壳视频")}),
    ("苔原App封掉了来自栗壳视频的全部链接。", {("苔原App", "blocked", "栗壳视频")}),
    ("苔原App停掉了所有面向栗壳视频的开放接口。", {("苔原App", "blocked", "栗壳视频")}),
    ("被苔原App封禁将近两年后，栗壳视频选择起诉。", {("苔原App", "blocked", "栗壳视频")}),
    ("栗壳视频、青禾音乐等多款应用的链接，皆遭苔原App以诱导分享为由封禁。",
     {("苔原App", "blocked", "栗壳视频"), ("苔原App", "blocked", "青禾音乐")}),
    ("苔原App对栗壳视频、青禾音乐等只做了部分屏蔽。", {("苔原App", "blocked", "栗壳视频"), ("苔原App", "blocked", "青禾音乐")}),
    ("苔原App已解除对栗壳视频链接的封禁。", set()),
    ("苔原App是否会封禁栗壳视频仍不得而知。", set()),
    # quoted names in a list whose kind a head word gives (等26款App, 等热门游戏, 三家平台) or that a kind
    # word opens (游戏包括…), unquoted members before a counted kind word; the verb reaches every member
    ("监管部门通报下架了“澜读小说”、“栖影相机”等26款App，苔原应用市场随即执行。", set()),
    ("苔原应用市场下架了“澜读小说”、“栖影相机”等26款App。",
     {("苔原应用市场", "blocked", "澜读小说"), ("苔原应用市场", "blocked", "栖影相机")}),
    ("苔原应用市场下架了《霜岭传说》《球场之王》等热门游戏。",
     {("苔原应用市场", "blocked", "霜岭传说"), ("苔原应用市场", "blocked", "球场之王")}),
    ("苔原應用市場下架了《霜嶺傳說》《球場之王》等熱門遊戲。",
     {("苔原应用市场", "blocked", "霜岭传说"), ("苔原应用市场", "blocked", "球场之王")}),
    ("苔原应用市场下架澜读小说、栖影相机等26款违规App。",
     {("苔原应用市场", "blocked", "澜读小说"), ("苔原应用市场", "blocked", "栖影相机")}),
    ("苔原集团推出了《霜岭传说》和《球场之王》两款手游。",
     {("苔原集团", "launched", "霜岭传说"), ("苔原集团", "launched", "球场之王")}),
    ("苔原集团旗下的游戏包括《霜岭传说》和《球场之王》。",
     {("霜岭传说", "ownedBy", "苔原集团"), ("球场之王", "ownedBy", "苔原集团")}),
    ("北辰外卖、苔原到家、栖川快跑三家平台展开激烈竞争。",
     {("北辰外卖", "competesWith", "苔原到家"), ("北辰外卖", "competesWith", "栖川快跑"),
      ("苔原到家", "competesWith", "栖川快跑")}),
    # a kind word and a colon open a list (以下5款违规App：…); a store takes down what 从/在 it is named
    # from when no one else is before; an account, official account or channel of B banned by A blocks B
    # (the account word may be a catalog feature: it is not what is blocked); 没有被: denied, no fact
    ("苔原应用市场下架了以下5款违规App：澜读小说、栖影VPN、麦穗加速器。",
     {("苔原应用市场", "blocked", "澜读小说"), ("苔原应用市场", "blocked", "栖影VPN"),
      ("苔原应用市场", "blocked", "麦穗加速器")}),
    ("近日，从栖川应用市场下架了澜读小说、麦穗加速器等应用。",
     {("栖川应用市场", "blocked", "澜读小说"), ("栖川应用市场", "blocked", "麦穗加速器")}),
    ("青禾阅读的公众号被苔原App永久封禁。", {("苔原App", "blocked", "青禾阅读")}),
    ("青禾阅读的视频号遭苔原App封杀。", {("苔原App", "blocked", "青禾阅读")}),
    ("青禾阅读的官方账号已被苔原App封禁。", {("苔原App", "blocked", "青禾阅读")}),
    ("青禾阅读的账号没有被苔原App封禁。", set()),
    # rivalry, second round of the composed inventory: a war of a trade (外卖之战), fighting hard, vying
    # (竞相, 纷纷入局), a threat one has become, aiming at another's business, a head declaring war for
    # the organisation; acting together first (联手) makes partners, not rivals
    ("苔原外卖与鹭鸣外卖的外卖之战已经打响。", {("苔原外卖", "competesWith", "鹭鸣外卖")}),
    ("苔原外卖和鹭鸣外卖打得不可开交。", {("苔原外卖", "competesWith", "鹭鸣外卖")}),
    ("苔原外卖、鹭鸣外卖等平台竞相推出低价套餐。", {("苔原外卖", "competesWith", "鹭鸣外卖")}),
    ("苔原外卖、鹭鸣外卖、青禾到家等玩家纷纷入局。",
     {("苔原外卖", "competesWith", "鹭鸣外卖"), ("苔原外卖", "competesWith", "青禾到家"),
      ("鹭鸣外卖", "competesWith", "青禾到家")}),
    ("苔原外卖已成为鹭鸣外卖最大的威胁。", {("苔原外卖", "competesWith", "鹭鸣外卖")}),
    ("苔原外卖瞄准鹭鸣外卖的核心业务。", {("苔原外卖", "competesWith", "鹭鸣外卖")}),
    ("苔原外卖创始人周明远亲自宣战鹭鸣外卖。",
     {("苔原外卖", "competesWith", "鹭鸣外卖"), ("周明远", "founded", "苔原外卖")}),
    ("苔原外卖与鹭鸣外卖联手争抢海外市场。", {("苔原外卖", "partneredWith", "鹭鸣外卖")}),
    ("苔原外卖与鹭鸣外卖并肩打赢了这场攻坚之战。", set()),
    # a Latin brand before a product word names a product (KK直播, ZT音乐, Bigo Live); a generic
    # abbreviation does not (AI助手, VR直播)
    ("苔原集团推出了KK直播和ZT音乐。", {("苔原集团", "launched", "KK直播"), ("苔原集团", "launched", "ZT音乐")}),
    ("苔原集团先后孵化出多款产品，包括泛娱乐类KK直播、全球化直播软件Velo Live等。",
     {("苔原集团", "launched", "KK直播"), ("苔原集团", "launched", "Velo Live")}),
    ("苔原集团推出了AI助手和VR直播。", set()),
    # a list member no name is found for (a long Latin name with a gloss, a description) does not end the
    # list: the party before 与 is paired with the named members after it, not they with each other;
    # two parties that announce something together (共同宣布) work together
    ("苔原支付与Visa、Global Link Network(含Rho Club)、万事达卡等国际卡组织深化合作。",
     {("苔原支付", "partneredWith", "Visa"), ("苔原支付", "partneredWith", "万事达卡")}),
    ("苔原支付与Visa、某国际组织、Cardway等国际卡组织深化合作。",
     {("苔原支付", "partneredWith", "Visa"), ("苔原支付", "partneredWith", "Cardway")}),
    ("苔原集团投资了青禾科技、多家初创公司、鹭鸣网络。",
     {("苔原集团", "investedIn", "青禾科技"), ("苔原集团", "investedIn", "鹭鸣网络")}),
    ("苔原科技与鹭鸣网络在2024年开发者大会上共同宣布，青禾游戏将登陆鹭鸣平台。",
     {("苔原科技", "partneredWith", "鹭鸣网络")}),
    # a wallet that binds or takes a card network's cards supports it (支持绑定B、C等境外银行卡, 在A绑定B卡,
    # 外卡内绑…可绑定B、C等卡组织发行的银行卡, A接入B、C等国际卡组织, A开放了对B的支持, 持有B卡的游客通过A付款)
    ("苔原支付支持绑定Visa、栖川卡等境外银行卡。",
     {("苔原支付", "supportsPayment", "Visa"), ("苔原支付", "supportsPayment", "栖川卡")}),
    ("境外用户在苔原支付绑定Visa卡后，即可在国内消费。", {("苔原支付", "supportsPayment", "Visa")}),
    ("苔原支付已支持外卡内绑，用户可绑定Visa、万事达卡等卡组织发行的银行卡。",
     {("苔原支付", "supportsPayment", "Visa"), ("苔原支付", "supportsPayment", "万事达卡")}),
    ("苔原支付接入Visa、万事达卡等国际卡组织。",
     {("苔原支付", "supportsPayment", "Visa"), ("苔原支付", "supportsPayment", "万事达卡")}),
    ("苔原支付开放了对Visa的支持。", {("苔原支付", "supportsPayment", "Visa")}),
    ("持有Visa卡的境外游客可以通过苔原支付付款。", {("苔原支付", "supportsPayment", "Visa")}),
    ("苔原支付上綁定Visa銀行卡後，就能在臨湖全城的商戶使用。", {("苔原支付", "supportsPayment", "Visa")}),
    # a clause that defines its first words by a kind (X是一家…公司, X是国内领先的…公司, X是一款…App) names
    # them, here and wherever the document repeats them; the kind phrase itself is no name (读书App), a name
    # inside the definition stays one; the words of a clause before 成为/作为 are none
    ("影湖是一家全景相机公司，创始人刘靖远毕业于南京大学。", {("刘靖远", "founded", "影湖")}),
    ("栖拾是一款面向年轻人的读书App，由苔原科技推出。", {("苔原科技", "launched", "栖拾")}),
    ("澜涛是国内领先的自动驾驶公司。澜涛获得了青梧资本的投资。", {("青梧资本", "investedIn", "澜涛")}),
    ("Orca Labs 是 Zeta Robotics 的全资子公司。", {("Orca Labs", "ownedBy", "Zeta Robotics")}),
    ("苔原科技收购了一家工厂，使之成为我国最大的电话机企业。", set()),
    # the first words of a clause that says what only an organisation does: founded in a year, based
    # somewhere, a funding round completed or received, founded by someone, listed on an exchange
    ("澜涛完成数亿元B轮融资，由青梧资本领投。", {("青梧资本", "investedIn", "澜涛")}),
    ("澜涛近日获得青梧资本的战略投资。", {("青梧资本", "investedIn", "澜涛")}),
    ("澜涛成立于2019年，青梧资本是其第一个投资人。", {("青梧资本", "investedIn", "澜涛")}),
    ("澜涛于2023年在港交所上市。苔原集团持有澜涛15%的股份。", {("苔原集团", "investedIn", "澜涛")}),
    # with B's stakeholders (原控股股东, 创始团队, 管理层) one signs with them, not with B; with its subsidiary,
    # with B's group
    ("苔原科技与鹭鸣网络原控股股东签署《股份转让协议》。", set()),
    ("苔原科技与鹭鸣网络的创始团队达成合作。", set()),
    # a Chinese name no list knows right before its Latin name in brackets is a name (read back as a
    # trade name: 其对手|澜芯), the Latin one its alias; a fund's Latin name makes it an investor
    ("苔原科技上市几天后，其对手澜芯（LanCore）也上市了。", {("澜芯", "competesWith", "苔原科技")}),
    ("澜芯（LanCore）获得了青梧（Qingwu Capital）的投资。", {("青梧", "investedIn", "澜芯")}),
    # a title of a paper, a law or a report in a list is no product: 《…日报》《…条例》等报刊
    ("苔原集团在《澜城日报》《栖川晚报》等报刊上投放了广告。", set()),
    # ownership: a listed subject, a comma, 都是A旗下的产品; a count of units with the members in
    # brackets; 附属公司 in brackets and after 为…的; 已是A最大的事业部
    ("青禾App、栗壳App和鹭鸣App，都是苔原科技旗下的产品。",
     {("青禾App", "ownedBy", "苔原科技"), ("栗壳App", "ownedBy", "苔原科技"), ("鹭鸣App", "ownedBy", "苔原科技")}),
    ("苔原科技其余三个BU（青禾App、栗壳App和鹭鸣App）还远没到盈利的阶段。",
     {("青禾App", "ownedBy", "苔原科技"), ("栗壳App", "ownedBy", "苔原科技"), ("鹭鸣App", "ownedBy", "苔原科技")}),
    ("同日，青禾网络（苔原科技全资附属公司）与栗壳集团订立框架协议。", {("青禾网络", "ownedBy", "苔原科技")}),
    ("于公告日期，青禾网络为苔原科技的附属公司。", {("青禾网络", "ownedBy", "苔原科技")}),
    ("如今的青禾App已是苔原科技最大的事业部。", {("青禾App", "ownedBy", "苔原科技")}),
    # investors standing behind a firm, an investment received (拿到了A的投资), a round led by A+B, a
    # person still a 大股东, a list whose members each carry a description (芯片新秀X)
    ("青禾智能身后不乏苔原资本、栗壳创投、鹭鸣资本等知名投资方。",
     {("苔原资本", "investedIn", "青禾智能"), ("栗壳创投", "investedIn", "青禾智能"), ("鹭鸣资本", "investedIn", "青禾智能")}),
    ("青禾智能、栗壳科技等多个项目都拿到了苔原资本的投资。",
     {("苔原资本", "investedIn", "青禾智能"), ("苔原资本", "investedIn", "栗壳科技")}),
    ("青禾智能启动新一轮融资后，最终由苔原资本+栗壳创投拿下领投资格。",
     {("苔原资本", "investedIn", "青禾智能"), ("栗壳创投", "investedIn", "青禾智能")}),
    ("虽然周临舟仍是青禾科技的大股东，但他表示将把更多精力投入到科研中。", {("周临舟", "investedIn", "青禾科技")}),
    ("苔原资本今年还入股了存储厂商青禾存储、芯片新秀栗壳半导体、电池独角兽鹭鸣技研等。",
     {("苔原资本", "investedIn", "青禾存储"), ("苔原资本", "investedIn", "栗壳半导体"), ("苔原资本", "investedIn", "鹭鸣技研")}),
    # links: inside A a link leads straight into B (across a comma), 直接在A里跳转B和C, opening A leads
    # into B, the prompt “A想要打开B”; unable inside A to open B is a block
    ("在苔原App中点击链接，可以直接进入青禾视频的播放页。", {("苔原App", "linksTo", "青禾视频")}),
    ("点击链接可以直接在苔原App里跳转青禾商城和栗壳商城。",
     {("苔原App", "linksTo", "青禾商城"), ("苔原App", "linksTo", "栗壳商城")}),
    ("打开手机里的苔原App，轻轻晃动一下，便会自动跳转进入青禾商城的广告页面。", {("苔原App", "linksTo", "青禾商城")}),
    ("页面弹出“苔原App想要打开青禾商城”的提示。", {("苔原App", "linksTo", "青禾商城")}),
    ("在苔原App中无法直接打开青禾商城的链接。", {("苔原App", "blocked", "青禾商城")}),
    # leaders: a firm's announcement then 由P接任公司<title>、Q接任公司<title>; B由P统一负责; a post
    # left in a relative clause (已经卸任A董事长的P) leads nothing
    ("苔原集团在港交所公告，公司已完成领导层交接，由贺知遥接任公司董事会主席、魏星澜接任公司首席执行官。",
     {("贺知遥", "leads", "苔原集团"), ("魏星澜", "leads", "苔原集团")}),
    ("青禾App由陶听雨统一负责。", {("陶听雨", "leads", "青禾App")}),
    ("类似的例子还有已经卸任苔原集团董事长、CEO的许北辰。", set()),
    # founders as a predicate of a list; leaving A to found B (A founded nothing)
    ("苏沐辰和邵既明两位都是青禾科技的创始人。", {("苏沐辰", "founded", "青禾科技"), ("邵既明", "founded", "青禾科技")}),
    ("周立离开鹿鸣旅行去创立栗壳酒店。", {("周立", "founded", "栗壳酒店")}),
    # a holding cut to a figure (divested, still held); bought from a seller (the seller divests)
    ("减持之后，苔原资本在青禾科技的持股比例降至27.99%。",
     {("苔原资本", "divestedFrom", "青禾科技"), ("苔原资本", "investedIn", "青禾科技")}),
    ("苔原集团已从栗壳集团收购青禾直播平台。",
     {("苔原集团", "acquired", "青禾直播"), ("栗壳集团", "divestedFrom", "青禾直播")}),
    # no names: an idiom after a partner verb (来势汹汹), a clause-initial run that ends in a passive
    # marker (主页域名遭), a run cut inside a word (二者共|同向), a kind phrase before an apposed name
    # (社群平台青禾), an adverb of quantity before a trade word (不少百货)
    ("苔原科技与栗壳网络联手来势汹汹。", {("苔原科技", "partneredWith", "栗壳网络")}),
    ("自3月起，青禾App就遭遇了苔原App屏蔽，主页域名遭封禁。", {("苔原App", "blocked", "青禾App")}),
    ("青禾餐饮宣布与栗壳资本及苔原金服达成协议，二者共同向青禾中国投资4亿美元。",
     {("青禾餐饮", "partneredWith", "栗壳资本"), ("青禾餐饮", "partneredWith", "苔原金服")}),
    ("苔原科技旗下社群平台青禾（Qinghe）近期出现大规模封号。", {("青禾", "ownedBy", "苔原科技")}),
    ("目前不少百货已接入青禾Pay。", set()),
    # rivalry: overtaking (反超, 力压, 超越), two strong rivals (两强相争, 同台竞技, 一较高下), a
    # comparison with a named rival fronted, 被视为B最大的威胁, 面对B的步步紧逼
    ("在外卖市场，苔原外卖的份额已经反超栗壳外卖。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖力压栗壳外卖，拿下了华东市场第一。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖和栗壳外卖两强相争，中小平台难以立足。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖和栗壳外卖在同城配送领域同台竞技。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("与竞争对手栗壳外卖相比，苔原外卖的配送更快。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("苔原外卖被视为栗壳外卖最大的威胁。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    ("面对苔原外卖的步步紧逼，栗壳外卖开始降价。", {("苔原外卖", "competesWith", "栗壳外卖")}),
    # paying: the service named before the shop (使用B在A购买), the shop's payment options (支付方式中
    # 增加了B, A的B支付渠道已开通), users who can bind B, B's users paying at A
    ("用户可以使用青禾Pay在苔原商城购买商品。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    ("苔原商城的支付方式中增加了青禾Pay选项。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    ("苔原商城的青禾Pay支付渠道已经开通。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    ("苔原商城的用户现已可以绑定青禾Pay。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    ("即日起，青禾Pay用户可在苔原商城直接扫码付款。", {("苔原商城", "supportsPayment", "青禾Pay")}),
    # partners: a partner as a predicate with a description; the partnership fronted
    ("青禾银行是苔原科技在华南地区最重要的合作伙伴之一。", {("青禾银行", "partneredWith", "苔原科技")}),
    ("借助与青禾银行的合作，苔原科技进入了信贷市场。", {("苔原科技", "partneredWith", "青禾银行")}),
    # launches: the maker's first or new product, then its release as the verb (a plan: no fact); a
    # Latin type word that ends a name heads no name after it (青禾App反响平淡)
    ("苔原科技首款大模型青禾正式发布。", {("苔原科技", "launched", "青禾")}),
    ("苔原科技首款大模型青禾将于下月发布。", set()),
    ("苔原科技此前推出的青禾App反响平淡。", {("苔原科技", "launched", "青禾App")}),
    # 附属公司/子公司 after a firm's name in brackets is the relation, not a longer name
    ("同日，鹿鸣四海（青禾网络全资附属公司）与栗壳集团订立协议。", {("鹿鸣四海", "ownedBy", "青禾网络")}),
    # a deal agreed or announced but pending (awaiting approval, expected to close, agreed to buy) or
    # vetoed is no acquisition yet; a completed one is
    ("苔原半导体以58亿美元并购栗壳电子，已获得监管批准，交易预计在月底完成。", set()),
    ("今年3月，当地政府否决了苔原投资对栗壳电子的收购案。", set()),
    ("目前，苔原半导体以120亿美元收购栗壳电子，正在等待监管机构的批准。", set()),
    ("去年10月，苔原半导体同意以300亿美元收购栗壳电子。", set()),
    ("苔原半导体去年6月宣布收购栗壳电子，并表示交易尚须中国监管机构批准。", set()),
    ("苔原半导体已完成对栗壳电子的收购。", {("苔原半导体", "acquired", "栗壳电子")}),
    # two units of one owner (同属); an owner's line of business with its members in brackets; the
    # operator owns (由A负责运营, A提供的…平台); owning named lines of business (拥有…等核心业务); a quoted
    # name after the owner's business word
    ("青禾App与栗壳App同属苔原科技。", {("青禾App", "ownedBy", "苔原科技"), ("栗壳App", "ownedBy", "苔原科技")}),
    ("青禾App和栗壳App都属于苔原科技旗下。", {("青禾App", "ownedBy", "苔原科技"), ("栗壳App", "ownedBy", "苔原科技")}),
    ("苔原科技的电商业务（青禾商城、栗壳商城等）近年发展很快。",
     {("青禾商城", "ownedBy", "苔原科技"), ("栗壳商城", "ownedBy", "苔原科技")}),
    ("青禾商城由苔原科技负责运营，是用户下载应用的主要渠道。", {("青禾商城", "ownedBy", "苔原科技")}),
    ("青禾商城是苔原科技提供的应用下载平台。", {("青禾商城", "ownedBy", "苔原科技")}),
    ("以自营起家的苔原集团，如今拥有青禾商城、栗壳物流等核心业务。",
     {("青禾商城", "ownedBy", "苔原集团"), ("栗壳物流", "ownedBy", "苔原集团")}),
    ("苔原科技旗下的即时零售业务「青禾秒达」于5月2日正式上线。",
     {("青禾秒达", "ownedBy", "苔原科技"), ("苔原科技", "launched", "青禾秒达")}),
    # rivalry: a relative clause naming the rival (作为B主要竞争对手的A), 及其竞争对手, the rivals of B in a
    # relative clause, a pair of leaders (两大头部玩家), the pair's contest (之间的角力, 的“猫狗大战”), a list
    # on one track against each other, counted contenders, the rival named after a comma, an attack verb
    ("作为青禾外卖主要竞争对手的栗壳外卖，此前已与苔原科技结成同盟。", {("栗壳外卖", "competesWith", "青禾外卖")}),
    ("监管部门的整顿尤其针对苔原科技及其竞争对手栗壳集团。", {("苔原科技", "competesWith", "栗壳集团")}),
    ("当年同样与青禾科技正面竞争的栗壳科技、鹿鸣科技等厂商，如今大多已退出市场。",
     {("栗壳科技", "competesWith", "青禾科技"), ("鹿鸣科技", "competesWith", "青禾科技")}),
    ("在社区团购领域，青禾优选和栗壳优选长期是两大头部玩家。", {("青禾优选", "competesWith", "栗壳优选")}),
    ("青禾平台与栗壳平台之间的角力，凸显了渠道的竞争。", {("青禾平台", "competesWith", "栗壳平台")}),
    ("青禾商城与栗壳商城的猫狗大战愈演愈烈。", {("青禾商城", "competesWith", "栗壳商城")}),
    ("青禾商城与栗壳商城的“猫狗大战”愈演愈烈。", {("青禾商城", "competesWith", "栗壳商城")}),  # no subject “猫狗
    ("青禾商城、栗壳商城与鹿鸣商城同处电商核心赛道、彼此激烈争夺用户，财报却走势迥异。",
     {("青禾商城", "competesWith", "栗壳商城"), ("青禾商城", "competesWith", "鹿鸣商城"), ("栗壳商城", "competesWith", "鹿鸣商城")}),
    ("目前短视频赛道最有力的三个竞争者是青禾App、栗壳App和鹿鸣App。",
     {("青禾App", "competesWith", "栗壳App"), ("青禾App", "competesWith", "鹿鸣App"), ("栗壳App", "competesWith", "鹿鸣App")}),
    ("青禾外卖约占同城配送市场三成份额，是栗壳外卖的强劲对手。", {("青禾外卖", "competesWith", "栗壳外卖")}),
    ("青禾外卖加速进攻栗壳外卖腹地", {("青禾外卖", "competesWith", "栗壳外卖")}),
    # a rival list after the one it rivals: each member against it, not against each other
    ("栗壳集团的竞争对手包括青禾科技、鹿鸣科技。", {("栗壳集团", "competesWith", "青禾科技"), ("栗壳集团", "competesWith", "鹿鸣科技")}),
    # blocking: an app store's takedown with 将…从…下架, a relative clause of 不实信息 or 未完成整改 before the
    # apps is no denial, 立即将 is no 即将, links stopped (停止传播), merchants cleared out (清退); the owner
    # before an object (封禁了X旗下的Y) is no object
    ("疫情初期，苔原应用商店一口气下架了青禾App、栗壳App等数百款提供不实信息的应用。",
     {("苔原应用商店", "blocked", "青禾App"), ("苔原应用商店", "blocked", "栗壳App")}),
    ("因存在严重违规，苔原科技已将青禾App从鹿鸣商店下架。", {("苔原科技", "blocked", "青禾App")}),
    ("苔原应用商店已立即将青禾App、栗壳App等应用下架。", {("苔原应用商店", "blocked", "青禾App"), ("苔原应用商店", "blocked", "栗壳App")}),
    ("苔原应用商店已对青禾App等3款未完成整改的App做了下架处理。", {("苔原应用商店", "blocked", "青禾App")}),
    ("据通报，青禾App分享出去的外部链接已被苔原科技停止传播。", {("苔原科技", "blocked", "青禾App")}),
    ("苔原商城升级治理虚假发货，清退青禾百货等违规商家超千家。", {("苔原商城", "blocked", "青禾百货")}),
    ("苔原科技不仅封禁了青禾App，还封禁了栗壳科技旗下的鹿鸣App。",
     {("苔原科技", "blocked", "青禾App"), ("苔原科技", "blocked", "鹿鸣App"), ("鹿鸣App", "ownedBy", "栗壳科技")}),
    # investing: a portfolio and its members, a round whose counted investors take part together, the
    # investee after a relative or a fronted clause of receiving; a stake given away or cut
    ("青禾科技的投资名单中，既有栗壳科技、鹿鸣科技等上市公司，也有大量早期项目。",
     {("青禾科技", "investedIn", "栗壳科技"), ("青禾科技", "investedIn", "鹿鸣科技")}),
    ("栗壳科技的B轮融资于2012年完成，金额3000万美元，由青禾资本、鹿鸣创投和苔原资本三家机构共同参与。",
     {("青禾资本", "investedIn", "栗壳科技"), ("鹿鸣创投", "investedIn", "栗壳科技"), ("苔原资本", "investedIn", "栗壳科技")}),
    ("年初获得青禾资本8000万美元C轮投资的栗壳科技，今日宣布完成新一轮融资。", {("青禾资本", "investedIn", "栗壳科技")}),
    ("拿到青禾资本的投资后，栗壳科技进入了高速扩张期。", {("青禾资本", "investedIn", "栗壳科技")}),
    ("青禾科技已于今年3月向股东派发所持栗壳科技约3亿股普通股，对栗壳科技的持股比例由约16%降至2%。",
     {("青禾科技", "divestedFrom", "栗壳科技"), ("青禾科技", "investedIn", "栗壳科技")}),
    # paying: the payers after a comma with the payee carried, codes posted at a till, the merchants a
    # payment service opens with, a card network bound, paying with A on B, stores that take A
    ("鹿鸣超市今起上线扫码支付，顾客可使用青禾Pay及栗壳Pay的付款码结账。",
     {("鹿鸣超市", "supportsPayment", "青禾Pay"), ("鹿鸣超市", "supportsPayment", "栗壳Pay")}),
    ("鹿鸣超市的收银台同时张贴了青禾Pay、栗壳Pay的收款码。",
     {("鹿鸣超市", "supportsPayment", "青禾Pay"), ("鹿鸣超市", "supportsPayment", "栗壳Pay")}),
    ("根据公告，首批支持青禾Pay扫码的商户包括栗壳咖啡、鹿鸣超市。",
     {("栗壳咖啡", "supportsPayment", "青禾Pay"), ("鹿鸣超市", "supportsPayment", "青禾Pay")}),
    ("此外，市民已能用青禾Pay在栗壳外卖App上点外卖。", {("栗壳外卖App", "supportsPayment", "青禾Pay")}),
    ("记者实测发现，栗壳咖啡和鹿鸣百货的门市都已能用青禾Pay付款。",
     {("栗壳咖啡", "supportsPayment", "青禾Pay"), ("鹿鸣百货", "supportsPayment", "青禾Pay")}),
    # heads: the board appoints (董事会已委任P为新任行政总裁, 任命现任董事长P兼任首席执行官), a post held by P with
    # modifiers before it (新任轮值董事长由P担任), the post, a dash and the person (掌舵人——79岁的P)
    ("青禾科技董事会已委任周明远为新任行政总裁，即时生效。", {("周明远", "leads", "青禾科技")}),
    ("青禾科技宣布，董事会任命现任董事长周明远兼任首席执行官。", {("周明远", "leads", "青禾科技")}),
    ("青禾科技新任轮值董事长由周明远担任。", {("周明远", "leads", "青禾科技")}),
    ("青禾科技新任轮值董事长由周明远担任，轮值总裁为吴建国。", {("周明远", "leads", "青禾科技"), ("吴建国", "leads", "青禾科技")}),
    ("青禾集团掌舵人——79岁的周明远至今仍身处经营一线。", {("周明远", "leads", "青禾集团")}),
    # a mini-program gone live on several hosts (支付宝 hosts mini-programs too), an app put on a store:
    # availability, not a launch of the host
    ("借助一次开发、多端部署，青禾券小程序已同步上线微信和支付宝。",
     {("青禾券小程序", "availableOn", "微信"), ("青禾券小程序", "availableOn", "支付宝")}),
    ("青禾翻译App通过审核后已正式发布到App Store。", {("青禾翻译App", "availableOn", "App Store")}),
    # launching through the head (A CEO P宣布推出B; not P发布一条微博), what A announced released at the end of
    # the clause, a series with its members after 包含
    ("青禾科技 CEO 周明远在发布会上宣布推出高端子品牌Astra Peak。",
     {("青禾科技", "launched", "Astra Peak"), ("周明远", "leads", "青禾科技")}),
    ("24日下午，青禾商城CEO周明远发布一条微博，称有网站抓取评价。", {("周明远", "leads", "青禾商城")}),
    ("青禾科技宣布，旗下小程序的新渲染引擎Velo 2.0正式版已经发布。",
     {("青禾科技", "launched", "Velo 2.0"), ("Velo 2.0", "ownedBy", "青禾科技")}),
    ("9月20日，青禾科技正式发布新机系列，包含青禾X10与青禾X10 Pro两款。",
     {("青禾科技", "launched", "青禾X10"), ("青禾科技", "launched", "青禾X10 Pro")}),
    # links: inside A, B's content opens directly (either order); clicking in A evokes B; B's links open
    # directly in A's groups
    ("在青禾资讯App里，用户可以直接点开来自栗壳App的短视频，不必跳出到别的应用。", {("青禾资讯App", "linksTo", "栗壳App")}),
    ("在青禾资讯App里，来自栗壳App的短视频可以直接点开播放。", {("青禾资讯App", "linksTo", "栗壳App")}),
    ("用户在青禾商城点击活动链接后，会直接唤起栗壳小程序。", {("青禾商城", "linksTo", "栗壳小程序")}),
    ("栗壳App的拼单链接可以直接在青禾App群里打开。", {("青禾App", "linksTo", "栗壳App")}),
    # availableOn with the host as the agent (P 接入/集成 X): a model taken into an app, two parallel clauses
    # joined by 、 (not one list X、Q), several guests
    ("苔原问答App近日接入了青禾大模型，用户可免费使用。", {("青禾大模型", "availableOn", "苔原问答App")}),
    ("栗壳浏览器已集成青禾大模型和松涛大模型。",
     {("青禾大模型", "availableOn", "栗壳浏览器"), ("松涛大模型", "availableOn", "栗壳浏览器")}),
    ("苔原社区接入青禾大模型、栗壳浏览器接入松涛大模型后，两家的日活都有增长。",
     {("青禾大模型", "availableOn", "苔原社区"), ("松涛大模型", "availableOn", "栗壳浏览器")}),
    ("苔原社区与栗壳浏览器都接入了青禾大模型。",
     {("青禾大模型", "availableOn", "苔原社区"), ("青禾大模型", "availableOn", "栗壳浏览器")}),
    # ... but between two apps 接入 reads either way, and a firm taken in is its goods, not an app on the host
    ("苔原社区接入栗壳浏览器后，用户可以一键跳转。", set()),
    # put into a host: the destination after the verb, and nothing launched
    ("苔原科技已将青禾大模型接入栗壳浏览器。", {("青禾大模型", "availableOn", "栗壳浏览器")}),
    ("开发者把青禾小程序上架到了苔原商城。", {("青禾小程序", "availableOn", "苔原商城")}),
    # an edition for a platform, on either side of the product's name (版 after the platform starts no name)
    ("鸿蒙版青禾阅读已开启公测。", {("青禾阅读", "availableOn", "鸿蒙")}),
    ("青禾阅读鸿蒙原生版已开启内测。", {("青禾阅读", "availableOn", "鸿蒙")}),
    ("青禾阅读的鸿蒙版已经上线。", {("青禾阅读", "availableOn", "鸿蒙")}),
    # where one uses it is where it is available
    ("在苔原商城App内可以直接调用青禾大模型。", {("青禾大模型", "availableOn", "苔原商城App")}),
    # units moved into a group's department, without 将 or 被
    ("松涛外卖、松涛旅行并入苔原集团本地生活事业群。",
     {("松涛外卖", "ownedBy", "苔原集团本地生活事业群"), ("松涛旅行", "ownedBy", "苔原集团本地生活事业群")}),
    # two owned phrases, two acquisitions joined by 、: each clause its own owner, its own buyer
    ("苔原集团旗下的青禾阅读、栗壳科技旗下的栗壳视频都在增长。",
     {("青禾阅读", "ownedBy", "苔原集团"), ("栗壳视频", "ownedBy", "栗壳科技")}),
    ("苔原科技收购青禾网络、栗壳集团收购松涛数据，行业整合加速。",
     {("苔原科技", "acquired", "青禾网络"), ("栗壳集团", "acquired", "松涛数据")}),
    # ... while a round's lead and follower stay one clause (different verbs)
    ("苔原科技完成B轮融资，由青梧资本领投、松涛创投跟投。",
     {("青梧资本", "investedIn", "苔原科技"), ("松涛创投", "investedIn", "苔原科技")}),
    # Latin names no list knows, in the slots only a party fills: after 与 (the whole name, over its
    # capitalised words), after an owner's or investor's title, before the verb of a round, in a list
    # closed by 等 and a kind
    ("青禾科技与Harbrook Financial Services达成合作。", {("青禾科技", "partneredWith", "Harbrook Financial Services")}),
    ("青禾科技大股东Kestio今日减持了部分股份。", {("Kestio", "investedIn", "青禾科技")}),
    ("青禾科技完成B轮融资，由Norvane领投，Quillo Ventures跟投。",
     {("Norvane", "investedIn", "青禾科技"), ("Quillo Ventures", "investedIn", "青禾科技")}),
    ("青禾网屏蔽了Zentri、Orbeya等搜索引擎。", {("青禾网", "blocked", "Zentri"), ("青禾网", "blocked", "Orbeya")}),
    ("青禾科技的投资方包括Sequoria、Norvane等机构。",
     {("Sequoria", "investedIn", "青禾科技"), ("Norvane", "investedIn", "青禾科技")}),
    # a country and words of kind before 公司 describe the firm whose name follows; they name none
    ("苔原科技宣布收购以色列初创公司Nuvai。", {("苔原科技", "acquired", "Nuvai")}),
    # a person's name the tagger cut before a rare pair (远于): its third character before 于; not before a
    # word of the sentence (认为)
    ("周明远于2015年创办苔原科技。", {("周明远", "founded", "苔原科技")}),
    ("棠略资本创始合伙人丁屿认为，夫妻创业会制约团队的扩张。", {("丁屿", "founded", "棠略资本")}),
    # a time after a verb (成立之初) and a round (天使轮) are no names: the round's investor stands
    ("苔原科技在2019年成立之初，就获得了青梧资本的天使轮投资。", {("青梧资本", "investedIn", "苔原科技")}),
    # a post held at a firm; not one once held there, and a vice post leads nothing
    ("李思远目前在苔原科技担任首席执行官一职。", {("李思远", "leads", "苔原科技")}),
    ("李思远曾在苔原科技担任CEO。", set()),
    ("李思远在苔原科技担任副总裁。", set()),
    # the founder's former post between 由 and the founder: that firm is no party
    ("屿川科技由前青禾集团高管周明远于2018年创立，总部位于深圳。", {("周明远", "founded", "屿川科技")}),
    # a title named before the leaving: no longer held (the founder stays the founder)
    ("屿川科技联合创始人、总裁周明远今日离职。", {("周明远", "founded", "屿川科技")}),
    ("屿川科技总裁周明远宣布，公司副总裁林晓峰离职。", {("周明远", "leads", "屿川科技")}),
    # 其 after a copula names none of a listed subject (its shareholders are the earlier clause's firm's)
    ("屿川科技已向港交所递交招股书，青梧资本、栗壳创投为其主要股东。",
     {("青梧资本", "investedIn", "屿川科技"), ("栗壳创投", "investedIn", "屿川科技")}),
    # an agent noun after a copula with adverbs before it (同时也是, 目前是)
    ("屿川科技的天使投资人周明远同时也是棠昀资本的创始人。",
     {("周明远", "investedIn", "屿川科技"), ("周明远", "founded", "棠昀资本")}),
    # freight and transport trades end a firm's name as 快递 does (栗壳快运 whole, not 栗壳)
    ("苔原科技与物流企业栗壳快运签署了战略协议。", {("苔原科技", "partneredWith", "栗壳快运")}),
    # a Latin list closed by a count and its kind (两家公司, 五款产品) as by 等 and a kind
    ("苔原科技投资了Veltrane和Norvane两家公司。",
     {("苔原科技", "investedIn", "Veltrane"), ("苔原科技", "investedIn", "Norvane")}),
    # the operator (运营方) owns what it operates; it launched nothing the sentence says
    ("棠昀商城的运营方屿川科技表示，暂无回应。", {("棠昀商城", "ownedBy", "屿川科技")}),
    # examples in brackets opened by 如: 如 starts no name, the list is the owner's
    ("屿川集团的很多产品(如棠昀视频、栗壳音乐、屿川资讯)都带有巨大的流量。",
     {("棠昀视频", "ownedBy", "屿川集团"), ("栗壳音乐", "ownedBy", "屿川集团"), ("屿川资讯", "ownedBy", "屿川集团")}),
]


def _normal(facts):
    out = set()
    for s, r, o in facts:
        if r in SYMMETRIC and o < s:
            s, o = o, s
        out.add((s, r, o))
    return out


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:14] for c in CASES])
def test_construction(extractor, text, expected):
    facts = extractor.extract(document_from_text(text, source="composed.txt")).facts
    asserted = {(f.subject.label, f.relation, f.object.label) for f in facts if f.modality == "asserted"}
    assert _normal(asserted) == _normal(expected)


def test_a_catalog_firm_named_in_full_is_named_by_its_trade_name_later(tmp_path):
    """栗壳快递 (a catalog firm) … 栗壳: the trade name is the same entity further on; a trade name
    that a dictionary word runs across (中岭 in 山中岭南风光) is no mention of it."""
    from kg.catalog import load_catalog

    ttl = tmp_path / "firms.ttl"
    ttl.write_text(
        "@prefix kg: <https://kg.example.org/ontology#> .\n"
        "@prefix ent: <https://kg.example.org/id/entity/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ent:likeke-express a kg:Company ; skos:prefLabel \"栗壳快递\"@zh-Hans ; rdfs:label \"栗壳快递\"@zh-Hans .\n"
        "ent:tundra-tech a kg:Company ; skos:prefLabel \"中岭快递\"@zh-Hans ; rdfs:label \"中岭快递\"@zh-Hans .\n",
        encoding="utf-8")
    extractor = Extractor(catalog=load_catalog(extra_files=[ttl]))
    text = "栗壳快递与中岭快递去年开始合作。今年栗壳宣布收购青禾科技。中岭赞助了山中岭南风光的摄影展。"
    extraction = extractor.extract(document_from_text(text, source="composed.txt"))
    mentions = [(m.text, m.entity.label) for m in extraction.mentions]
    assert ("栗壳", "栗壳快递") in mentions
    asserted = {(f.subject.label, f.relation, f.object.label) for f in extraction.facts if f.modality == "asserted"}
    assert ("栗壳快递", "acquired", "青禾科技") in asserted
    assert [m.start for m in extraction.mentions if m.text == "中岭"] == [text.index("中岭赞助")]


def test_a_name_after_and_ends_at_a_word_not_inside_one(extractor):
    """社交应用松涛: the other side of 和 runs to a bound, but a bound read inside a word (应用) cuts no name."""
    text = "苔原科技运营着短视频平台青禾视频和社交应用松涛。"
    names = {m.text for m in extractor.extract(document_from_text(text, source="composed.txt")).mentions}
    assert "青禾视频" in names
    assert not any(name.startswith("社交应") for name in names)


@pytest.mark.parametrize("text, description", [
    ("苔原科技宣布收购以色列初创公司Nuvai。", "以色列初创公司"),
    ("青禾科技已与泰国能源集团Siamra PCL签署协议。", "泰国能源集团"),
    ("栗壳资本去年投资了三家国内科技公司。", "国内科技公司"),
])
def test_a_description_of_a_firm_is_no_name(extractor, text, description):
    """A place and words of kind or standing before 公司 or 集团 describe a firm; the name, where there
    is one, follows (Siamra PCL, with a foreign legal form, is one)."""
    names = {m.text for m in extractor.extract(document_from_text(text, source="composed.txt")).mentions}
    assert description not in names
    if "PCL" in text:
        assert "Siamra PCL" in names


@pytest.mark.parametrize("text, person", [
    ("周明远于2015年创办苔原科技。", "周明远"),  # 远于: a rare pair the tagger reads as a word
    ("苔原科技COO万青或将担任董事长。", "万青"),  # 或将: a modal after the name, not its third character
    ("王刚刚在会上表示，苔原科技将加大投入。", None),  # 刚刚: an adverb; 王刚刚 is no name
])
def test_a_person_name_ends_where_the_name_ends(extractor, text, person):
    names = {m.text for m in extractor.extract(document_from_text(text, source="composed.txt")).mentions
             if m.entity.type == "Person"}
    assert not any(n.endswith(("于", "或", "刚刚")) for n in names)
    if person is not None:
        assert person in names


def test_a_catalog_name_that_ends_in_a_kind_word_is_not_lengthened_to_the_left(tmp_path):
    """民营造车业者栗壳控股: 控股 ends a catalog name (栗壳控股); the structure of a firm's name (trade name and
    kind word) does not read a longer name out of it (业者栗壳控股), while a registered name around it stays one."""
    from kg.catalog import load_catalog

    ttl = tmp_path / "firms.ttl"
    ttl.write_text(
        "@prefix kg: <https://kg.example.org/ontology#> .\n"
        "@prefix ent: <https://kg.example.org/id/entity/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ent:likeke-holding a kg:Company ; skos:prefLabel \"栗壳控股\"@zh-Hans ; rdfs:label \"栗壳控股\"@zh-Hans .\n",
        encoding="utf-8")
    extractor = Extractor(catalog=load_catalog(extra_files=[ttl]))
    text = "苔原网络与民营造车业者栗壳控股跨界联手。北京栗壳控股有限公司今日发布公告。"
    names = {m.text for m in extractor.extract(document_from_text(text, source="composed.txt")).mentions}
    assert "栗壳控股" in names and "北京栗壳控股有限公司" in names
    assert not any(n.endswith("栗壳控股") and n != "栗壳控股" for n in names)
