"""Synthetic Chinese names, places and addresses for the demo data (湛江市霞山区 flavour).

Everything here is made up to *sound* like Xiashan: the community list mixes real-sounding and invented names,
so demo data must never be mistaken for real records. Pure data plus a few helpers that take a `random.Random`,
so a seed gives the same people every time.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate

# Common surnames, weighted towards the ones frequent in Zhanjiang (陈 林 黄 梁 李 吴 莫 庞 …).
SURNAMES: tuple[tuple[str, float], ...] = (
    ("陈", 12.0), ("林", 7.0), ("黄", 7.0), ("梁", 6.0), ("李", 6.0), ("吴", 5.0), ("莫", 4.0),
    ("庞", 3.0), ("王", 3.0), ("张", 3.0), ("刘", 3.0), ("杨", 2.0), ("何", 2.0), ("谢", 2.0),
    ("郑", 2.0), ("周", 2.0), ("许", 2.0), ("邓", 2.0), ("冯", 2.0), ("钟", 2.0), ("罗", 2.0),
    ("曾", 1.5), ("叶", 1.5), ("蔡", 1.5), ("苏", 1.5), ("麦", 1.0), ("符", 1.0), ("洪", 1.0),
    ("詹", 1.0), ("朱", 1.0), ("赵", 1.0), ("孙", 1.0), ("马", 1.0), ("胡", 1.0), ("郭", 1.0),
    ("徐", 1.0), ("宋", 1.0), ("潘", 1.0), ("彭", 1.0), ("卢", 1.0), ("龙", 0.8), ("杜", 0.8),
    ("邹", 0.8), ("韦", 0.8), ("揭", 0.4), ("全", 0.4), ("柯", 0.4), ("戚", 0.4), ("窦", 0.3),
    ("欧阳", 0.3), ("司徒", 0.2), ("上官", 0.1),
)  # fmt: skip

MALE_GIVEN = (
    "伟强军杰涛明斌勇华辉健俊峰浩宇鹏波志文海龙晖锋彬荣国建永家振智威德坤培宏铭森达昊轩睿泽博子梓嘉"
    "锦祥东平光清才兴良安福生旭亮成超春振"
)
FEMALE_GIVEN = (
    "芳丽敏静燕红霞玲梅婷娟艳琳慧秀佳欣怡雪颖洁萍晶莉倩妍诗雨彤悦淑美月冰晓嘉子梓思琪蓉凤珍兰桂雅丹青宁晴"
)

# Region codes (GB/T 2260) with a weight and where the household is registered (户籍地) for addresses.
ZHANJIANG_REGIONS: tuple[tuple[str, float], ...] = (
    ("440803", 40.0),  # 霞山区
    ("440802", 8.0),  # 赤坎区
    ("440804", 4.0),  # 坡头区
    ("440811", 6.0),  # 麻章区
    ("440823", 8.0),  # 遂溪县
    ("440825", 4.0),  # 徐闻县
    ("440881", 8.0),  # 廉江市
    ("440882", 8.0),  # 雷州市
    ("440800", 2.0),  # 湛江市 (numbers issued before the districts had their own codes)
)
MIGRANT_REGIONS: tuple[tuple[str, float], ...] = (
    ("440981", 3.0),  # 高州市
    ("440982", 3.0),  # 化州市
    ("440902", 1.0),  # 茂南区
    ("441781", 1.0),  # 阳春市
    ("450923", 1.0),  # 博白县
    ("450902", 1.0),  # 玉州区
    ("450881", 1.0),  # 桂平市
    ("460100", 0.5),  # 海口市
    ("430524", 0.5),  # 隆回县
    ("510122", 0.5),  # 双流
    ("360730", 0.5),  # 宁都县
)
REGION_PLACES: dict[str, str] = {
    "440800": "广东省湛江市霞山区",
    "440803": "广东省湛江市霞山区",
    "440802": "广东省湛江市赤坎区",
    "440804": "广东省湛江市坡头区",
    "440811": "广东省湛江市麻章区",
    "440823": "广东省遂溪县",
    "440825": "广东省徐闻县",
    "440881": "广东省廉江市",
    "440882": "广东省雷州市",
    "440981": "广东省高州市",
    "440982": "广东省化州市",
    "440902": "广东省茂名市茂南区",
    "441781": "广东省阳春市",
    "450923": "广西壮族自治区博白县",
    "450902": "广西壮族自治区玉林市玉州区",
    "450881": "广西壮族自治区桂平市",
    "460100": "海南省海口市",
    "430524": "湖南省隆回县",
    "510122": "四川省成都市双流区",
    "360730": "江西省宁都县",
}
# Towns (镇/街道) for household addresses outside the city districts.
COUNTY_TOWNS: dict[str, tuple[str, ...]] = {
    "440804": ("南三镇", "乾塘镇", "官渡镇", "麻斜街道", "坡头镇"),
    "440811": ("麻章镇", "湖光镇", "太平镇", "麻章街道"),
    "440823": ("遂城镇", "黄略镇", "城月镇", "北坡镇", "杨柑镇", "洋青镇"),
    "440825": ("徐城街道", "下桥镇", "龙塘镇", "前山镇", "迈陈镇"),
    "440881": ("罗州街道", "石城镇", "安铺镇", "横山镇", "良垌镇"),
    "440882": ("雷城街道", "附城镇", "客路镇", "英利镇", "乌石镇", "纪家镇"),
    "440981": ("石鼓镇", "分界镇", "根子镇", "长坡镇"),
    "440982": ("河西街道", "笪桥镇", "杨梅镇", "宝圩镇"),
    "440902": ("镇盛镇", "公馆镇", "金塘镇"),
    "441781": ("春城街道", "合水镇", "潭水镇"),
    "450923": ("博白镇", "沙河镇", "旺茂镇"),
    "450902": ("名山街道", "仁东镇", "茂林镇"),
    "450881": ("西山镇", "木乐镇", "江口镇"),
    "460100": ("龙华区", "琼山区", "秀英区"),
    "430524": ("桃洪镇", "六都寨镇", "高坪镇"),
    "510122": ("东升街道", "九江街道", "黄水镇"),
    "360730": ("梅江镇", "石上镇", "黄陂镇"),
}
VILLAGE_WORDS = "大新塘岭坡头水湖东西南北上下田龙山石岭仔围洋岸"

# Roads and housing estates that sound like 霞山区.
XIASHAN_ROADS = (
    "人民大道南", "人民大道中", "解放西路", "解放东路", "海滨大道南", "海滨大道中", "椹川大道南", "椹川大道中",
    "民有路", "民治路", "民享路", "绿荫路", "友谊路", "工农路", "建设路", "东新路", "新兴路", "海宁路", "逸仙路",
    "中山一路", "中山二路", "洪屋路", "菉塘路", "荷花路", "霞湖路", "延安路", "东堤路", "南桥路", "青年路",
    "文明路", "友好路", "鸿南路", "东风路", "西营路", "荔枝路", "平乐路", "海头路", "北桥路", "渔港路",
    "港湾路", "疏港大道", "宝满路", "乐山路", "华港路", "东园路", "霞光路", "海洋路", "新园路", "泉庄路",
)  # fmt: skip
CHIKAN_ROADS = (
    "寸金路",
    "南方路",
    "康宁路",
    "军民路",
    "椹川大道北",
    "跃进路",
    "海北路",
    "北桥路",
    "中山二路",
)
ESTATES = (
    "港城花园", "海滨新村", "绿荫小区", "民享花园", "锦绣华庭", "海湾明珠", "南国豪苑", "东新小区", "银帆花园",
    "嘉华苑", "海悦华庭", "椹川新村", "金海岸花园", "霞湖苑", "鸿景花园", "椰风小区", "海景湾", "宝华苑",
    "丰泽园", "华港新村", "荔景花园", "新园小区", "乐华苑", "渔港宿舍",
)  # fmt: skip

# The district's police stations (派出所) and the communities/villages their micro-stations serve.
POLICE_STATIONS: dict[str, tuple[str, ...]] = {
    "新村派出所": ("录霞社区", "百蓬社区", "菉塘社区", "北月社区", "霞光社区", "新港社区"),
    "解放派出所": ("解放社区", "东风社区", "文明社区", "友好社区", "延安社区", "红星社区"),
    "海滨派出所": ("海滨社区", "渔港社区", "沿海社区", "海洋社区", "海宁社区", "港湾社区"),
    "友谊派出所": ("友谊社区", "逸仙社区", "海珠社区", "东堤社区", "青年社区"),
    "爱国派出所": ("爱国社区", "西营社区", "屋山社区", "南桥社区", "北桥社区"),
    "建设派出所": ("建设社区", "建新社区", "洪屋社区", "南华社区", "椹川社区"),
    "工农派出所": ("工农社区", "东华社区", "民治社区", "民有社区", "民享社区", "幸福社区"),
    "东新派出所": ("东新社区", "华港社区", "鸿南社区", "金沙湾社区", "海悦社区"),
    "新兴派出所": ("新兴社区", "中山社区", "荔枝社区", "和平社区", "光明社区"),
    "新园派出所": ("新园社区", "绿荫社区", "海景社区", "东园社区", "西园社区"),
    "海头派出所": ("海头社区", "霞湖社区", "海湾社区", "后洋村", "宝满村"),
    "泉庄派出所": ("泉庄社区", "平乐社区", "乐山社区", "椰林村", "海星村"),
    "乐华派出所": ("乐华社区", "乐民社区", "华海社区", "乐安社区", "军民村"),
}


def cumulative(weights: tuple[tuple[str, float], ...]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Values and cumulative weights for `random.Random.choices(values, cum_weights=…)`."""
    return tuple(v for v, _ in weights), tuple(accumulate(w for _, w in weights))


_SURNAMES, _SURNAME_CUM = cumulative(SURNAMES)


def community_stations() -> list[tuple[str, str]]:
    """(community or village, police station) in a fixed order: 69 micro-stations, as in Xiashan."""
    return [(place, station) for station, places in POLICE_STATIONS.items() for place in places]


def short_place(place: str) -> str:
    """录霞社区 → 录霞, 后洋村 → 后洋."""
    return place.removesuffix("社区").removesuffix("村")


def _pick(rng: random.Random, items: Sequence[str]) -> str:
    """One item, from one `rng.random()` (`rng.choice` costs several calls per item: a million people use it)."""
    return items[int(rng.random() * len(items))]


def _number(rng: random.Random, low: int, high: int) -> int:
    """low … high inclusive, from one `rng.random()`."""
    return low + int(rng.random() * (high - low + 1))


def random_surname(rng: random.Random) -> str:
    return _SURNAMES[bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]


def random_name(rng: random.Random, male: bool, *, surname: str | None = None) -> str:
    """A full name: surname + one (about a quarter of people) or two given-name characters."""
    pool = MALE_GIVEN if male else FEMALE_GIVEN
    given = _pick(rng, pool) if rng.random() < 0.25 else _pick(rng, pool) + _pick(rng, pool)
    return (surname or random_surname(rng)) + given


def xiashan_address(rng: random.Random) -> str:
    """A residence in 霞山区: road + number, mostly in a housing estate with building and flat."""
    road = _pick(rng, XIASHAN_ROADS)
    number = _number(rng, 1, 260)
    if rng.random() < 0.7:
        estate = _pick(rng, ESTATES)
        flat = _number(rng, 1, 32) * 100 + _number(rng, 1, 8)
        return f"湛江市霞山区{road}{number}号{estate}{_number(rng, 1, 24)}栋{flat}房"
    return f"湛江市霞山区{road}{number}号{_number(rng, 1, 6)}栋{_number(rng, 1, 8)}0{_number(rng, 1, 4)}房"


def household_address(rng: random.Random, region_code: str) -> str:
    """The 户籍地址 that goes with a region code: a street address in town, a village elsewhere."""
    place = REGION_PLACES.get(region_code, "广东省湛江市霞山区")
    if region_code in ("440800", "440803"):
        return "广东省" + xiashan_address(rng)
    if region_code == "440802":
        return f"{place}{_pick(rng, CHIKAN_ROADS)}{_number(rng, 1, 200)}号"
    towns = COUNTY_TOWNS.get(region_code, ("城关镇",))
    village = _pick(rng, VILLAGE_WORDS) + _pick(rng, VILLAGE_WORDS)
    return f"{place}{_pick(rng, towns)}{village}村{_number(rng, 1, 180)}号"


MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "170", "173", "175", "176", "177", "178", "180", "181", "182", "183",
    "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199",
)  # fmt: skip


def random_mobile(rng: random.Random) -> str:
    return f"{_pick(rng, MOBILE_PREFIXES)}{int(rng.random() * 100_000_000):08d}"


def random_landline(rng: random.Random) -> str:
    """A Zhanjiang landline (area code 0759, local numbers starting 2 or 3)."""
    return f"0759-{_pick(rng, '23')}{int(rng.random() * 1_000_000):06d}"
