"""Plausible but invented townships, villages and people for the levels the documents do not list."""

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡"
    "蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
    "薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_CHARS = "秀丽美玉华芳英娟敏静燕红霞丹萍琳雪梅兰春月凤桂云莲珍慧婷晓佳颖欣怡淑惠琴瑶洁蓉虹倩璐岚嘉宁"
PLACE_HEADS = "东西南北金银青龙凤桃梅松竹石玉新安平福永清长和仁德兴华宝山湖溪江河源林峰阳丰"
PLACE_TAILS = "园峰山湖溪坑头洋厝埔田桥岭亭塘浦坂林港里坝"


def person_name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def place_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct two-character place names."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        candidate = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
        if candidate not in seen:
            seen.add(candidate)
            names.append(candidate)
    return names


def mobile_number(serial: int) -> str:
    """Deterministic, unique demo numbers in a range of their own (199 0xxx xxxx)."""
    return f"1990{serial:07d}"
