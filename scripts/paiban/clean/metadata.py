"""Front-matter evidence: dates, document numbers, organizations, speakers, subtitles, language.

Small pure functions over strings; `clean` decides which evidence wins (the document's own date before
the page's publish time, the signature before the site's copyright owner…).
"""

from __future__ import annotations

import re

from paiban.hanzi import HAN

# Typists write the zero of 二〇〇八 with whatever looks round: 〇 ○ ◯ O Ｏ o 0 ０.
_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "O": 0,
    "Ｏ": 0,
    "◯": 0,
    "o": 0,
    "0": 0,
    "０": 0,
    "Ο": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN = "〇零○Ｏ◯OoΟ0０一二两三四五六七八九十百"


def cn_number(s: str) -> int | None:
    """十二 → 12, 二十六 → 26, 一百一十三 → 113; digit-by-digit years 二〇二四 → 2024."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGIT for c in s) and len(s) >= 2:
        return int("".join(str(_CN_DIGIT[c]) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in _CN_DIGIT:
            cur = _CN_DIGIT[c]
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        elif c == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            return None
    return total + cur


_Y = rf"(?:\d{{4}}|[{_CN}]{{4}})"
_MD = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
DATE = re.compile(
    rf"(?P<roc>(?:中華民國|中华民国|民國|民国)\s*(?P<ry>\d{{1,3}}|[{_CN}]{{1,5}})\s*年)"
    rf"|(?P<y>{_Y})\s*年"
    rf"|(?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?!\d)"
)
_MONTH_DAY = re.compile(rf"\s*(?P<m>{_MD})\s*月\s*(?:(?P<d>{_MD})\s*[日号號])?")


def _iso(y: int, m: int, d: int | None) -> str:
    if not (1900 <= y <= 2100 and 1 <= m <= 12 and (d is None or 1 <= d <= 31)):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}" if d else ""


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every full date in `text` as (YYYY-MM-DD, start, end)."""
    out: list[tuple[str, int, int]] = []
    for m in DATE.finditer(text):
        if m.group("iy"):
            iso = _iso(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
            if iso:
                out.append((iso, m.start(), m.end()))
            continue
        if m.group("roc"):
            ry = cn_number(m.group("ry"))
            year = (ry + 1911) if ry is not None else None
        else:
            year = cn_number(m.group("y"))
        md = _MONTH_DAY.match(text, m.end())
        if year is None or not md or not md.group("d"):
            continue
        month, day = cn_number(md.group("m")), cn_number(md.group("d"))
        if month is None or day is None:
            continue
        iso = _iso(year, month, day)
        if iso:
            out.append((iso, m.start(), md.end()))
    return out


def parse_date(text: str) -> str:
    """The first full date in `text` as YYYY-MM-DD, or ''."""
    found = find_dates(text)
    return found[0][0] if found else ""


_ROC_SHORT = re.compile(r"^(?P<y>\d{2,3})[年/.\-](?P<m>\d{1,2})[月/.\-](?P<d>\d{1,2})日?$")


def parse_roc_short(text: str) -> str:
    """Taiwan pages write 113-02-06 / 113年2月6日 without 民國: convert when the year is plausible."""
    m = _ROC_SHORT.match(text.strip())
    if not m:
        return ""
    y = int(m.group("y"))
    return _iso(y + 1911, int(m.group("m")), int(m.group("d"))) if 60 <= y <= 150 else ""


def is_date_line(text: str) -> bool:
    """A line that is only a date (the date line of a signature, `（2024年1月5日）`)."""
    t = re.sub(r"[（(](?:星期|週|周|礼拜|禮拜)[一二三四五六日天][)）]$", "", re.sub(r"\s+", "", text))
    t = t.strip("（()）")  # （2024年1月10日）; 2024年3月5日（星期二）
    found = find_dates(t)
    if not found:
        return bool(parse_roc_short(t))
    _iso_date, start, end = found[0]
    return start == 0 and end == len(t)


DOC_NUMBER = re.compile(
    rf"[{HAN}]{{1,12}}\s*[〔［\[（(【﹝]\s*(?P<y>\d{{4}})\s*[〕］\]）)】﹞]\s*(?P<n>\d{{1,4}})\s*(?P<hao>[号號])"
)


# Other numbering schemes: government orders (…令第298号) and Taiwan's 字號 (府授經商字第1130054321號).
DOC_NUMBER_OTHER = re.compile(rf"[{HAN}]{{2,20}}(?:令第|字第)\s*\d{{1,12}}\s*[号號]")


def doc_number(text: str) -> str:
    """`国发〔2018〕43号`, normalizing the year brackets to 〔〕 (GB/T 9704); `…令第298号`; `…字第…號`."""
    m = DOC_NUMBER.search(text)
    if not m:
        other = DOC_NUMBER_OTHER.search(re.sub(r"\s+", "", text))
        return other.group(0) if other else ""
    org = re.sub(r"\s+", "", text[m.start() : m.start("y")]).rstrip("〔［[（(【﹝")
    return f"{org}〔{m.group('y')}〕{m.group('n')}{m.group('hao')}"


def is_doc_number_line(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    m = DOC_NUMBER.search(t) or DOC_NUMBER_OTHER.search(t)
    return m is not None and len(t) - len(m.group(0)) <= 4


ORG_SUFFIX = re.compile(
    r"(委员会|委員會|人民政府|政府|办公室|辦公室|办公厅|辦公廳|中心|大学|大學|学院|學院|学校|學校|公司|集团|集團|"
    r"党委|黨委|政协|政協|人大|支部|协会|協會|研究所|研究院|小组|小組|联合会|聯合會|总会|總會|检察院|法院|"
    r"指挥部|指揮部|调查队|調查隊|调查总队|調查總隊|日报|日報|晚报|晚報|报社|報社|通讯社|通訊社|新闻社|新聞社|"
    r"厅|廳|局|部|署|院|委|会|會|处|處|司|办|辦|所|站|队|隊|社|馆|館|行|庭)$"
)
# Single-character suffixes (局, 部, 会…) end ordinary words too (开局, 全部, 机会): such a name must also
# say where or whose it is, and read as a name, not a sentence.
_ORG_OWNER = re.compile(
    r"[市省县縣区區镇鎮乡鄉州国國旗盟村]|中共|中央|人民|自治|街道|军|軍|党|黨|政协|政協|人大|公安|财政|教育"
)
_DEPARTMENT = re.compile(
    r"(管理|发展|發展|改革|建设|建設|保障|服务|服務|事务|事務|资源|資源|环境|環境|健康|运输|運輸|安全|商务|商務|信息化|"
    r"科技|文化|旅游|旅遊|农村|農村|水利|民政|司法|审计|審計|统计|統計|外交|国防|國防|财政|財政|教育|公安|监管|監管|"
    r"税务|稅務|海关|海關|体育|體育|应急|應急|宣传|宣傳|组织|組織|统战|統戰|政法|信访|信訪|档案|檔案|工作|学生|學生|"
    r"保卫|保衛|人事|财务|財務|科研|招生|就业|就業|办公|辦公|综合|綜合|法规|法規|政策|规划|規劃|监督|監督|卫生|衛生|"
    r"交通|工业|工業|农业|農業|商业|商業|经济|經濟|社会|社會|自然|生态|生態|市场|市場|住房|城乡|城鄉|林业|林業|"
    r"气象|氣象|能源|医疗|醫療|消防|纪律|紀律|监察|監察|机关|機關|后勤|後勤|教务|教務|研究生|数据|數據)"
    r"[局部署院委会會处處司办辦所站队隊社馆館厅廳]$"
)
_NOT_NAME = re.compile(
    r"的|了|着|实现|實現|召开|召開|举行|舉行|开展|開展|推进|推進|加强|加強|完成|取得|发布|發布|印发|印發|做好|"
    r"举办|舉辦|成功|签署|簽署|出席|调研|調研|走访|走訪|考察|视察|視察|参加|參加|表决|表決|通过|通過"
)


def is_org(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    if not (3 <= len(t) <= 40) or re.search(r"[，。；！？：,;:!?]|\d{4}|\d日", t):
        return False  # a sentence, or a line that carries a date (2017822日某某人民代表大会)
    m = ORG_SUFFIX.search(t)
    if not m or re.search(r"(网站|網站|门户|門戶|平台|专栏|專欄)$", t):
        return False  # 某某区人民政府门户网站 is a site, not its owner
    if len(m.group(1)) >= 2 and not _NOT_NAME.search(t):
        return True
    if len(m.group(1)) >= 3 and not _NOT_NAME.search(t.replace("的", "")):
        return True  # 某县新型冠状病毒感染的肺炎疫情防控指挥部: a name may hold a 的, not a verb
    if _NOT_NAME.search(t):
        return False
    return bool(_ORG_OWNER.search(t[: m.start()]) or _DEPARTMENT.search(t))


_ISSUER = re.compile(r"^(?P<org>.{2,40}?)(?:关于|關於|關于|关於)")


_YEAR_LEAD = re.compile(r"^\d{4}年度?")  # 2021年某市人大常委会工作报告: the year is not the body's name
_REPORTER = re.compile(r"^(?P<org>.{2,40}?)(?:工作报告|工作報告)$")


def reporter_from_title(title: str) -> str:
    """`某某市人民代表大会常务委员会工作报告` → 某某市人民代表大会常务委员会: the body whose work a report
    reports on (weaker evidence than a `…关于…` issuer: a 常委会 reports for its whole 委员会)."""
    m = _REPORTER.match(_YEAR_LEAD.sub("", re.sub(r"\s+", "", title)))
    return m.group("org") if m and is_org(m.group("org")) else ""


def issuer_from_title(title: str) -> str:
    """`四平市人民政府关于…的通知` → 四平市人民政府 (only when it reads as an organization)."""
    m = _ISSUER.match(_YEAR_LEAD.sub("", re.sub(r"\s+", "", title)))
    if not m:
        return ""
    org = m.group("org")
    # Joint issuers: 中共XX委办公室 XX政府办公室 — keep the text as written.
    return org if is_org(org) else ""


SUBTITLE = re.compile(r"^\s*(?:——|--|—|－－|──|―)\s*(?P<s>\S.*)$")
_SPEECH = re.compile(
    r"^(?:在|於|于).{2,60}(?:上|上的|中的)?(?:讲话|講話|发言|發言|致辞|致辭|报告|報告|演讲|演講|主旨演讲)$"
)


def subtitle_of(text: str) -> str:
    """`——在…会议上的讲话` (also without the dash when it reads as one) → the subtitle as written."""
    t = text.strip()
    m = SUBTITLE.match(t)
    if m and len(t) <= 80 and not t.endswith("。"):
        return "——" + m.group("s").strip()
    inner = t.strip("（()）")
    if _SPEECH.match(inner):
        return t
    # （2024年1月10日在市政协九届三次会议上） — a meeting line with its date.
    found = find_dates(re.sub(r"\s+", "", inner))
    if found and found[0][1] == 0:
        rest = re.sub(r"\s+", "", inner)[found[0][2] :]
        speech = r"^(?:在|於|于).{2,60}(?:上|中)?(?:的)?(?:讲话|講話|发言|發言|致辞|致辭|报告|報告|演讲|演講)?$"
        if re.match(speech, rest) and re.search(r"会|會|论坛|論壇|仪式|儀式|典礼|典禮", rest):
            return t
    return ""


_POSITION = (
    "书记|副书记|市长|副市长|省长|副省长|县长|副县长|区长|副区长|主席|副主席|主任|副主任|部长|副部长|局长|"
    "副局长|厅长|副厅长|校长|副校长|院长|副院长|总理|副总理|秘书长|理事长|董事长|总经理|委员|常委|代表|"
    "書記|市長|縣長|區長|主席|主任|部長|局長|廳長|校長|院長|總理|秘書長|署長|處長|处长|行政長官|发言人|發言人"
)
SPEAKER = re.compile(
    rf"^(?:(?P<pos>[{HAN}（）()、]{{0,30}}(?:{_POSITION}))\s*)?(?P<name>[{HAN}]{{1,2}}\s?[{HAN}]{{1,2}})$"
)


def speaker_of(text: str) -> str:
    """A speaker line: `市委书记 张三`, `张　三`, `（张三）`. Returns the line as a speaker value."""
    t = re.sub(r"\s+", " ", text).strip().strip("（()）").strip()
    m = SPEAKER.match(t)
    if not m or is_org(t):
        return ""  # 行政長官辦公室 names an office, not a person
    if not m.group("pos") and (len(t.replace(" ", "")) > 4 or (" " in t.strip() and len(t) > 5)):
        return ""
    return t


# Characters whose traditional and simplified forms differ (traditional, then simplified).
_TRAD = (
    "國會發這們來時說對為後過裡點學現實動經產種與關當員開長問機進從兩應論計義務將變無條東錢區體還質書記議"
    "規廣場華鄉鎮處辦縣隊黨團聯繫報陳張楊劉廳圖際運範設總數權歷語讓態導聽請據該擊響歲專業門電車"
)
_SIMP = (
    "国会发这们来时说对为后过里点学现实动经产种与关当员开长问机进从两应论计义务将变无条东钱区体还质书记议"
    "规广场华乡镇处办县队党团联系报陈张杨刘厅图际运范设总数权历语让态导听请据该击响岁专业门电车"
)


def detect_lang(text: str) -> str:
    """zh-TW when traditional-only characters outnumber simplified-only ones, else zh-CN.
    (zh-HK when a traditional text is a Hong Kong government page.)"""
    trad = sum(text.count(c) for c in set(_TRAD) - set(_SIMP))
    simp = sum(text.count(c) for c in set(_SIMP) - set(_TRAD))
    if trad > simp and trad >= 3:
        if text.count("香港特別行政區") + text.count("香港特區") >= 2:
            return "zh-HK"
        return "zh-TW"
    return "zh-CN"


_GOV_REPORT = re.compile(
    r"^(?:\d{4}年(?:度)?)?(?P<place>.{2,20}?[省市县縣区區州旗盟镇鎮乡鄉])(?:\d{4}年(?:度)?)?(?:人民)?(?:政府|政府)"
    r"(?:信息公开|信息公開)?(?:工作)?(?:年度)?(?:报告|報告)$"
)
_TITLE_ORG = re.compile(
    r"^(?P<org>.{2,40}?(?:股份有限公司|有限责任公司|有限責任公司|有限公司|集团公司|集團公司|大学|大學|学院|學院|"
    r"委员会|委員會|人民政府|办公厅|辦公廳|办公室|辦公室))(?!关于|關於)(?P<rest>.{2,30})$"
)
_KIND_END = re.compile(
    r"(制度|办法|辦法|规定|規定|规则|規則|章程|细则|細則|方案|规划|規劃|计划|計劃|要点|要點|报告|報告|"
    r"公告|通知|通告|决定|決定|意见|意見|年报|年報)$"
)


def org_from_title(title: str) -> str:
    """The body a title names as its author without `关于`: `汉滨区2025年政府工作报告` → 汉滨区人民政府,
    `某某股份有限公司信息披露管理制度` → 某某股份有限公司 (the part after a `简称(代码)：` prefix)."""
    t = re.sub(r"\s+", "", title)
    t = re.split(r"[：:]", t)[-1]
    m = _GOV_REPORT.match(t)
    if m:
        return m.group("place") + "人民政府"
    m = _TITLE_ORG.match(t)
    # A 工作报告 is reported by a standing committee for its whole body: reporter_from_title's business.
    if m and _KIND_END.search(m.group("rest")) and is_org(m.group("org")) and not re.search(r"工作(报告|報告)$", t):
        return m.group("org")
    return ""


_DATELINE = re.compile(
    rf"^(?P<org>新华社|新華社|中新社|中新網|中新网|人民网|人民網|央视网|央視網|[{HAN}]{{2,6}}(?:社|日报|日報))"
    rf"[{HAN}]{{0,10}}\d{{1,2}}月\d{{1,2}}日(?:电|電|讯|訊)"
)
_ADOPTED = re.compile(
    rf"(?:第[^届屆]{{1,6}}[届屆])?(?P<org>[{HAN}]{{2,30}}?(?:人民代表大会常务委员会|人民代表大會常務委員會|"
    r"人民代表大会|人民代表大會|人大常委会|人大常委會|常务委员会|常務委員會|人民政府|政府|人大))"
    r"(?:第?[^次，。]{1,8}次)?(?:全体|全體|常务|常務|主任)?(?:会议|會議)(?:审议|審議|表决|表決)?"
    r"(?:通过|通過|修订|修訂|批准|修正)"
)
# 中華民國93年12月17日行政院研究發展考核委員會會版字第0930029387號函訂定: who issued a rule, by letter.
_ISSUED_BY_LETTER = re.compile(
    rf"(?P<org>[{HAN}]{{2,30}}?(?:委員會|委员会|人民政府|政府|部|院|署|局|處|处|府|廳|厅|會|会))"
    rf"[{HAN}]{{1,6}}字第\d{{1,12}}[號号]"
)
_MEETING = re.compile(
    rf"(?P<org>[{HAN}]{{2,20}}?(?:人民政府|政府))(?:第[^次]{{1,8}}次)?(?:常务会议|常務會議|常务会|常務會|执行会议|執行會議)"
)
_CREDIT = re.compile(r"^[（(](?P<org>[^()（）]{3,30})[)）]$")


def org_in_text(paragraphs: list[str]) -> tuple[str, str]:
    """An author named inside the text, with what named it: a law's adoption note
    (`（2018年3月20日第十三届全国人民代表大会第一次会议通过）`), a news agency's dateline
    (`新华社上海11月30日电`), the government whose executive meeting the minutes record, the credit
    line closing a news item (`（某县统计局）`). Returns ('', '') when none does."""
    for p in paragraphs[:6]:
        t = re.sub(r"\s+", "", p)
        dated = find_dates(t.lstrip("（("))
        if dated and dated[0][1] == 0:
            # What follows the date: `第十三届全国人民代表大会第一次会议通过`.
            after = t.lstrip("（(")[dated[0][2] :].lstrip("，,、 ")
            if m := _ADOPTED.match(after):
                return m.group("org"), "adoption note"
            if m := _ISSUED_BY_LETTER.match(after):
                return m.group("org"), "issuing note (date, issuer, 字第…號)"
        if m := _DATELINE.match(t):
            return m.group("org"), "news dateline"
    for p in paragraphs[:4]:
        if m := _MEETING.search(re.sub(r"\s+", "", p)):
            # 縣長某某主持召開鐵嶺縣政府常務會議: the name after the verb; a bare 市政府 names no one.
            org = re.split(r"召开|召開|举行|舉行|主持", m.group("org"))[-1]
            if len(org) >= 5 and is_org(org):
                return org, "meeting it records"
    for p in reversed(paragraphs[-3:]):
        if org := credit_org(p):
            return org, "credit line"
    return "", ""


def credit_org(text: str) -> str:
    """`（某县统计局）` closing a news item or bulletin: the organization credited, else ''."""
    m = _CREDIT.match(text.strip())
    return m.group("org") if m and is_org(m.group("org")) else ""


def byline_orgs(text: str) -> str:
    """`某市统计局　国家统计局某市调查队` under a title: the organizations it names, joined by `、`."""
    parts = [x for x in re.split(r"[\s\u3000、]+", text.strip()) if x]
    if not parts or len(parts) > 4 or not all(is_org(x) for x in parts):
        return ""
    return "、".join(parts)


def is_bare_department(text: str) -> bool:
    """`经济发展局`, `统计局`: a department named without whose it is (no place, no parent body)."""
    t = re.sub(r"\s+", "", text)
    return len(t) <= 6 and bool(_DEPARTMENT.search(t)) and not _ORG_OWNER.search(t)


_TODAY = re.compile(rf"(?:今日|今天|本日)\s*[（(]\s*(?P<m>{_MD})\s*月\s*(?P<d>{_MD})\s*日\s*[)）]")


def today_date(text: str, year: int | None) -> str:
    """A press release's `今日（十月六日）`, dated with `year` (from the title or the page): YYYY-MM-DD or ''."""
    m = _TODAY.search(re.sub(r"\s+", "", text))
    if not m or year is None:
        return ""
    month, day = cn_number(m.group("m")), cn_number(m.group("d"))
    return _iso(year, month, day) if month and day else ""


_ADOPTION_WORDS = re.compile(r"通过|通過|修订|修訂|修正|批准|公布|施行|订定|訂定")


def adoption_date(paragraphs: list[str]) -> str:
    """The date a rule or law took its present form, from its adoption note or a site's preface:
    `（2017年8月22日某会议通过 2023年8月28日修订）` → 2023-08-28 (the last revision), else ''."""
    for p in paragraphs[:6]:
        t = re.sub(r"\s+", "", p).lstrip("（(")
        dated = find_dates(t)
        if len(t) <= 160 and dated and dated[0][1] == 0 and _ADOPTION_WORDS.search(t):
            after = t[dated[0][2] :].lstrip("，,、")
            if _ADOPTED.match(after) or _ISSUED_BY_LETTER.match(after) or p.strip().startswith(("（", "(")):
                return max(d for d, _, _ in dated)
    return ""
