"""Generate the labelled PII test set used by ``tousu.privacy.evaluate``.

Why a generator: real complaint texts with real ID and card numbers cannot be committed,
and hand-labelling is slow and inconsistent. The generator writes complaint-style
sentences (Chinese, English and mixed) with personal data in the forms people actually
type — separators, +86/0086, full-width digits, lower-case ``x`` in IDs, 6-8-4 grouping —
next to *hard negatives* that a naive regex flags: order and transaction numbers,
amounts, timestamps, hotline numbers, and ID/card numbers whose checksum is wrong.

Gold-span conventions (the detector follows the same ones):
  phone     includes a +86 / 0086 / (+86) prefix and internal separators
  landline  includes the parentheses around the area code
  address   from the first administrative component to the end of the street detail
  name      the name only, without titles (先生/女士) or cues (我叫)

Run:  python scripts/gen_pii_testset.py [--n 3000] [--seed 20240315] [--out PATH]
Output is deterministic for a given seed; the committed file is the default output.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tousu.privacy.validators import (  # noqa: E402
    id_card_check_digit,
    is_valid_bank_card,
    is_valid_id18,
    is_valid_mobile,
    luhn_check_digit,
    luhn_ok,
)

DEFAULT_OUT = ROOT / "tests" / "privacy" / "data" / "pii_testset.jsonl"

Piece = tuple[str, str | None]  # (surface text, kind or None for plain text/negatives)


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated word list (keeps long data lists readable)."""
    return tuple(text.split())


def fullwidth(s: str) -> str:
    """ASCII -> full-width forms (digits, letters, + - @ . and space)."""
    out = []
    for ch in s:
        if ch == " ":
            out.append("\u3000")
        elif "!" <= ch <= "~":
            out.append(chr(ord(ch) + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


class Gen:
    """Random fillers for each slot type; one instance per run, seeded."""

    MOBILE_PREFIXES = _words(
        """
    130 131 132 133 134 135 136 137 138 139 147 150 151 152 153 155 156 157 158 159 166 170 171
    173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 198 199
    """
    )
    AREAS = [("010", 8), ("020", 8), ("021", 8), ("022", 8), ("023", 8), ("024", 8), ("025", 8),
             ("027", 8), ("028", 8), ("029", 8), ("0755", 8), ("0571", 8), ("0512", 8),
             ("0731", 8), ("0371", 8), ("0531", 8), ("0591", 8), ("0871", 8), ("0898", 8),
             ("0760", 8), ("0757", 8), ("0769", 8), ("0574", 8), ("0311", 8), ("0351", 7),
             ("0471", 7), ("0931", 7), ("0951", 7), ("0971", 7), ("0891", 7)]  # fmt: skip
    REGIONS = _words(
    """
    110101 110105 110108 120101 130102 140105 150102 210102 220102 230102 310104 310115 320102
    320505 330106 330203 340104 350203 360102 370102 370203 410105 420106 430104 440106 440305
    440304 450103 460105 500103 510107 520102 530102 540102 610113 620102 630102 640104 650102
    """
)  # fmt: skip
    BINS = [("622202", 19), ("621700", 19), ("622848", 19), ("621661", 19), ("622588", 16),
            ("622260", 19), ("621483", 16), ("436742", 16), ("518710", 16), ("625907", 16),
            ("403391", 16), ("622700", 19), ("621226", 19), ("623058", 19), ("955880", 19),
            ("622609", 16), ("524047", 16), ("622155", 16), ("356833", 16), ("628288", 16)]  # fmt: skip
    SURNAMES = list(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
        "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
        "侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄"
    )
    COMPOUND = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "司徒", "夏侯"]
    GIVEN = _words(
    """
    伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 辉 玲 华 红 鑫 斌 宇 浩 凯 秀英 桂英 秀兰 玉兰 建华 建国 志强 志明 海燕 晓东 晓燕
    子涵 浩然 雨桐 一诺 欣怡 梓轩 思远 俊杰 佳琪 文博 天宇 嘉怡 诗涵 若曦 明轩 宇航 欣然 梦瑶 雅静 婉清 皓轩 梓萱 丽华 淑珍 德明 国庆 春梅 冬梅 秋菊 金凤 立新
    卫东 红霞 小红 小明 晓峰 建军 海涛 亚楠 鹏飞 子墨 沐阳 芷若 锦程 恺 琛 彧 祎 昱辰 奕辰 悦 璐 瑾瑜 煜祺
    """
)  # fmt: skip
    EN_FIRST = _words(
    """
    John Mary David Sarah Michael Emily James Linda Robert Jennifer William Emma Daniel Olivia
    Thomas Sophia Kevin Grace Wei Lei Jing Ming
    """
)  # fmt: skip
    EN_LAST = _words(
    """
    Smith Johnson Brown Williams Miller Davis Wilson Anderson Taylor Moore Zhang Wang Li Chen
    Liu Huang Zhao Lin Garcia Martin
    """
)  # fmt: skip
    ADMIN = [("北京市", "", "朝阳区"), ("北京市", "", "海淀区"), ("上海市", "", "浦东新区"),
             ("上海市", "", "徐汇区"), ("天津市", "", "南开区"), ("重庆市", "", "渝北区"),
             ("广东省", "广州市", "天河区"), ("广东省", "深圳市", "南山区"), ("广东省", "深圳市", "福田区"),
             ("广东省", "东莞市", "南城街道"), ("浙江省", "杭州市", "西湖区"), ("浙江省", "宁波市", "鄞州区"),
             ("江苏省", "南京市", "鼓楼区"), ("江苏省", "苏州市", "工业园区"), ("四川省", "成都市", "武侯区"),
             ("湖北省", "武汉市", "洪山区"), ("陕西省", "西安市", "雁塔区"), ("山东省", "青岛市", "市南区"),
             ("河南省", "郑州市", "金水区"), ("湖南省", "长沙市", "岳麓区"), ("福建省", "厦门市", "思明区"),
             ("辽宁省", "大连市", "沙河口区"), ("黑龙江省", "哈尔滨市", "南岗区"), ("安徽省", "合肥市", "蜀山区"),
             ("河北省", "石家庄市", "长安区"), ("云南省", "昆明市", "五华区"), ("广西壮族自治区", "南宁市", "青秀区"),
             ("新疆维吾尔自治区", "乌鲁木齐市", "天山区"), ("浙江省", "金华市", "义乌市"),
             ("江西省", "南昌市", "红谷滩区"), ("贵州省", "贵阳市", "观山湖区"), ("吉林省", "长春市", "朝阳区")]  # fmt: skip
    ROADS = _words(
    """
    望京西路 中关村大街 科技园南路 世纪大道 天河路 南京西路 人民路 解放路 建设路 中山路 文三路 长安街 学院路 五四路 延安东路 淮海中路 深南大道 滨海大道 黄河路 长江路
    和平里北街 东三环中路 二环路北一段 光谷大道 珞喻路 雁塔北路 香港中路 花园路 湘江中路 鹭江道 体育西路 金水东路 高新大道 北四环西路 建国门外大街 迎宾大道
    """
)  # fmt: skip
    COMMUNITIES = _words(
    """
    望京花园 阳光小区 幸福家园 翠苑新村 碧桂园 万科城市花园 保利香槟国际 绿地世纪城 金地格林小镇 龙湖春江郦城 融创玉兰公馆 恒大绿洲 华润城 时代广场 国贸大厦 中海锦苑
    世茂滨江花园 招商雍景湾 首开璞瑅公馆 锦绣江南小区 东方明珠花园 和谐家园 紫薇公寓 梧桐苑
    """
)  # fmt: skip
    DOMAINS = _words(
    """
    qq.com 163.com 126.com gmail.com outlook.com sina.com foxmail.com hotmail.com yahoo.com
    icloud.com 139.com aliyun.com example.com corp-mail.cn sohu.com
    """
)  # fmt: skip
    PINYIN = _words(
    """
    zhangwei wangfang lina liuyang chenjing yangmei huangli zhaolei wuqiang zhoujie xuming sunli
    maxiao zhuhong hulin guotao
    """
)  # fmt: skip
    PLATE_PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
    PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def maybe_fw(self, s: str, p: float = 0.1) -> str:
        return fullwidth(s) if self.r.random() < p else s

    # ---------------------------------------------------------------- positives
    def phone(self) -> list[Piece]:
        d = self.r.choice(self.MOBILE_PREFIXES) + self.digits(8)
        assert is_valid_mobile(d)
        a, b, c = d[:3], d[3:7], d[7:]
        fmt = self.r.choices(
            ["plain", "sp", "dash", "+86", "+86sp", "+86dash", "0086", "(+86)", "86sp"],
            weights=[40, 12, 10, 8, 8, 4, 4, 4, 3],
        )[0]
        s = {
            "plain": d, "sp": f"{a} {b} {c}", "dash": f"{a}-{b}-{c}", "+86": f"+86{d}",
            "+86sp": f"+86 {a} {b} {c}", "+86dash": f"+86-{a}-{b}-{c}", "0086": f"0086 {d}",
            "(+86)": f"(+86){d}", "86sp": f"86 {d}",
        }[fmt]  # fmt: skip
        return [(self.maybe_fw(s), "phone")]

    def landline(self) -> list[Piece]:
        area, n = self.r.choice(self.AREAS)
        num = self.r.choice("2345678") + self.digits(n - 1)
        fmt = self.r.choice(["dash", "dash", "paren", "fwparen", "space", "split"])
        s = {
            "dash": f"{area}-{num}", "paren": f"({area}){num}", "fwparen": f"（{area}）{num}",
            "space": f"{area} {num}", "split": f"{area}-{num[:-4]}-{num[-4:]}",
        }[fmt]  # fmt: skip
        return [(self.maybe_fw(s, 0.05), "landline")]

    def _id18(self) -> str:
        region = self.r.choice(self.REGIONS)
        y = self.r.randint(1950, 2008)
        m = self.r.randint(1, 12)
        dd = self.r.randint(1, 28)
        body = f"{region}{y:04d}{m:02d}{dd:02d}{self.digits(3)}"
        return body + id_card_check_digit(body)

    def id_card(self) -> list[Piece]:
        if self.r.random() < 0.08:  # legacy 15-digit
            region = self.r.choice(self.REGIONS)
            s = (
                f"{region}{self.r.randint(40, 99):02d}{self.r.randint(1, 12):02d}"
                f"{self.r.randint(1, 28):02d}{self.digits(3)}"
            )
            return [(s, "id_card")]
        v = self._id18()
        assert is_valid_id18(v)
        fmt = self.r.choices(["plain", "lowerx", "sp", "fw"], weights=[70, 5, 12, 13])[0]
        if fmt == "lowerx":
            v = v.lower()
        elif fmt == "sp":
            v = f"{v[:6]} {v[6:14]} {v[14:]}"
        elif fmt == "fw":
            v = fullwidth(v)
        return [(v, "id_card")]

    def _card(self) -> str:
        bin_, n = self.r.choice(self.BINS)
        body = bin_ + self.digits(n - len(bin_) - 1)
        return body + luhn_check_digit(body)

    def bank_card(self) -> list[Piece]:
        v = self._card()
        assert is_valid_bank_card(v), v
        fmt = self.r.choices(["plain", "sp", "dash", "fw"], weights=[50, 30, 8, 12])[0]
        if fmt in ("sp", "dash"):
            sep = " " if fmt == "sp" else "-"
            v = sep.join(v[i : i + 4] for i in range(0, len(v), 4))
        elif fmt == "fw":
            v = fullwidth(v)
        return [(v, "bank_card")]

    def email(self) -> list[Piece]:
        r = self.r
        style = r.choice(["pinyin", "pinyin_num", "qq", "dot", "underscore", "en"])
        if style == "pinyin":
            local = r.choice(self.PINYIN)
        elif style == "pinyin_num":
            local = r.choice(self.PINYIN) + str(r.randint(1, 9999))
        elif style == "qq":
            local = str(r.randint(10000, 3999999999))
        elif style == "dot":
            local = r.choice(self.EN_FIRST).lower() + "." + r.choice(self.EN_LAST).lower()
        elif style == "underscore":
            local = r.choice(self.PINYIN) + "_" + str(r.randint(80, 2010))
        else:
            local = r.choice(self.EN_FIRST).lower() + r.choice(["", "2024", "_cn", "-work"])
        domain = "qq.com" if style == "qq" else r.choice(self.DOMAINS)
        return [(f"{local}@{domain}", "email")]

    def ip(self) -> list[Piece]:
        r = self.r
        if r.random() < 0.8:
            first = r.choice([1, 14, 27, 36, 39, 42, 58, 101, 106, 112, 113, 114, 116, 120, 121,
                              122, 123, 124, 125, 171, 175, 180, 182, 183, 192, 202, 210, 211,
                              218, 219, 220, 221, 222, 223])  # fmt: skip
            return [(f"{first}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", "ip")]
        groups = [f"{r.randint(0x2001, 0x2409):x}", f"{r.randint(0, 0xFFFF):x}",
                  f"{r.randint(0, 0xFFFF):x}", f"{r.randint(0, 0xFFFF):x}"]  # fmt: skip
        tail = r.choice(["::1", f"::{r.randint(1, 0xFFFF):x}",
                         f":{r.randint(0, 0xFFFF):x}:{r.randint(0, 0xFFFF):x}:{r.randint(0, 0xFFFF):x}:{r.randint(1, 0xFFFF):x}"])  # fmt: skip
        return [(":".join(groups) + tail, "ip")]

    def plate(self) -> list[Piece]:
        r = self.r
        prov = r.choice(self.PLATE_PROV)
        letter = r.choice(self.PLATE_LETTERS)
        if r.random() < 0.2:
            tail = (
                r.choice("DF") + r.choice(self.PLATE_LETTERS + "0123456789") + self.digits(4)
                if r.random() < 0.7
                else self.digits(5) + r.choice("DF")
            )
        else:
            chars = list(self.digits(5))
            for _ in range(r.choice([0, 0, 1, 1, 2])):
                chars[r.randrange(5)] = r.choice(self.PLATE_LETTERS)
            tail = "".join(chars)
        sep = r.choice(["", "", "·", " ", "·"])
        return [(f"{prov}{letter}{sep}{tail}", "plate")]

    def address(self) -> list[Piece]:
        r = self.r
        prov, city, dist = r.choice(self.ADMIN)
        road = r.choice(self.ROADS)
        num = f"{r.randint(1, 999)}号"
        comm = r.choice(self.COMMUNITIES)
        bldg = r.choice([f"{r.randint(1, 30)}栋", f"{r.randint(1, 30)}号楼", f"{r.randint(1, 12)}幢",
                         f"{r.choice('ABCD')}座", f"{r.choice('一二三四五六七八')}栋"])  # fmt: skip
        unit = r.choice(["", f"{r.randint(1, 6)}单元", f"{r.choice('一二三四')}单元"])
        room = r.choice([f"{r.randint(1, 33)}{r.randint(1, 8):02d}室", f"{r.randint(101, 3308)}",
                         f"{r.randint(101, 2808)}房", f"{r.randint(1, 30)}层{r.randint(1, 20)}号"])  # fmt: skip
        if not unit and room.isdigit():
            room += "室"
        style = r.choices(["full", "city", "muni", "dist", "noadmin", "comm"],
                          weights=[30, 20, 15, 10, 10, 15])[0]  # fmt: skip
        if style == "full":
            s = f"{prov}{city}{dist}{road}{num}{comm}{bldg}{unit}{room}"
        elif style == "city":
            s = f"{city or prov}{dist}{road}{num}"
        elif style == "muni":
            p, d = r.choice([("北京市", "朝阳区"), ("上海市", "浦东新区"), ("天津市", "和平区"),
                             ("重庆市", "渝中区"), ("北京市", "海淀区"), ("上海市", "静安区")])  # fmt: skip
            s = f"{p}{d}{road}{num}{r.choice(['', comm + bldg + unit + room])}"
        elif style == "dist":
            d = r.choice(
                ["海淀区", "朝阳区", "南山区", "福田区", "天河区", "浦东新区", "西湖区", "武侯区"]
            )
            s = f"{d}{road}{num}"
        elif style == "noadmin":
            s = f"{road}{num}{r.choice(['', comm + bldg + unit + room])}"
        else:
            s = f"{prov}{city}{dist}{comm}{bldg}{unit}{room}"
        return [(s, "address")]

    def cn_name(self) -> str:
        r = self.r
        sur = r.choice(self.COMPOUND) if r.random() < 0.08 else r.choice(self.SURNAMES)
        return sur + r.choice(self.GIVEN)

    def en_name(self) -> str:
        return f"{self.r.choice(self.EN_FIRST)} {self.r.choice(self.EN_LAST)}"

    # ---------------------------------------------------------------- negatives
    def neg_order(self) -> list[Piece]:
        r = self.r
        date = f"20{r.randint(19, 25)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
        cue = r.choice(["订单号", "订单号：", "订单编号", "交易单号", "流水号", "商户单号",
                        "退款单号", "工单号", "运单号", "合同编号", "Order No. ", "order #"])  # fmt: skip
        kind = r.choice(["date", "wx", "plain16", "plain19", "plain18", "plain11"])
        if kind == "date":
            v = date + self.digits(r.choice([8, 10, 12]))
        elif kind == "wx":
            v = "42000" + self.digits(5) + date + self.digits(10)
        else:
            n = int(kind[5:])
            v = r.choice("123456789") + self.digits(n - 1)
        return [(cue + v, None)]

    def neg_amount(self) -> list[Piece]:
        r = self.r
        v = r.choice([f"¥{r.randint(1, 99999):,}.{r.randint(0, 99):02d}", f"{r.randint(1, 50000)}元",
                      f"人民币{r.randint(100, 999999)}元", f"${r.randint(1, 9999)}.{r.randint(0, 99):02d}",
                      f"{r.randint(1, 200)}万元", f"{r.randint(10000, 9999999)}.00元"])  # fmt: skip
        return [(v, None)]

    def neg_time(self) -> list[Piece]:
        r = self.r
        y, mo, d = r.randint(2018, 2025), r.randint(1, 12), r.randint(1, 28)
        v = r.choice([f"{y}-{mo:02d}-{d:02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}",
                      f"{y}年{mo}月{d}日", f"{y}/{mo:02d}/{d:02d}", f"{y}.{mo:02d}.{d:02d}",
                      f"{r.randint(1500000000, 1760000000)}", f"{r.randint(1500000000000, 1760000000000)}",
                      f"{y}{mo:02d}{d:02d}{r.randint(0, 23):02d}{r.randint(0, 59):02d}{r.randint(0, 59):02d}"])  # fmt: skip
        return [(v, None)]

    def neg_bad_id(self) -> list[Piece]:
        v = self._id18()
        wrong = self.r.choice([c for c in "0123456789X" if c != v[-1]])
        v = v[:-1] + wrong
        assert not is_valid_id18(v)
        return [(self.r.choice(["编号", "记录号", "单据号", "系统编码", ""]) + v, None)]

    def neg_bad_card(self) -> list[Piece]:
        v = self._card()
        last = self.r.choice([d for d in "0123456789" if d != v[-1]])
        v = v[:-1] + last
        assert not luhn_ok(v)
        if self.r.random() < 0.4:
            v = " ".join(v[i : i + 4] for i in range(0, len(v), 4))
        return [(self.r.choice(["参考号", "批次", "凭证号", "号码", ""]) + v, None)]

    def neg_misc(self) -> list[Piece]:
        r = self.r
        v = r.choice(["客服热线400-820-8820", "拨打95588", "投诉电话12315", "热线4006-888-999",
                      f"版本v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}",
                      "分辨率1920x1080", f"第{r.randint(10000000, 99999999)}期",
                      f"QQ群{r.randint(10000000, 999999999)}", f"快递单号SF{self.digits(13)}",
                      f"YT{self.digits(13)}", f"验证码{self.digits(6)}",
                      f"工号{self.digits(r.choice([4, 5, 6, 8]))}", "10086", "12345678901",
                      f"尾号{self.digits(4)}", f"{r.randint(1, 100)}%", "3.14159",
                      f"编号{self.digits(15)}", f"商品编码{self.digits(13)}",
                      "王者荣耀", "高德地图", "李宁专卖店", "马上", "黄金会员", "白条", "周末",
                      "北京时间", "上海迪士尼", "在深圳工作", "广东省消费者委员会", "南山区人民法院",
                      "江苏银行", "平安保险", "金融消费者", "江北机场", "东方航空", "朝阳区人民法院"])  # fmt: skip
        return [(v, None)]


# Templates: {slot} placeholders. Name slots: {name} (strong/weak cue in template),
# {en_name}. Negatives: {order} {amount} {time} {bad_id} {bad_card} {misc}.
CN_TEMPLATES = [
    "我叫{name}，手机号{phone}，{time}在贵平台下单，{order}，至今未退款{amount}。",
    "本人{name}，身份证号{id_card}，名下银行卡{bank_card}于{time}被盗刷{amount}，要求冻结并退款。",
    "联系人：{name}，电话：{phone}，地址：{address}，问题：{misc}会员自动续费{amount}。",
    "客服{name}在电话里承诺{time}前退款，但{order}一直显示处理中。请联系我{phone}。",
    "收件人{name} {phone} {address}，快递显示已签收但我没收到，{misc}。",
    "我的邮箱是{email}，注册手机{phone}，账号被冻结，{misc}。",
    "{time}有人冒充客服拨打我的电话{phone}，让我把钱转到{bank_card}，损失{amount}。",
    "催收员{name}多次打我单位座机{landline}，还威胁要去{address}上门。",
    "持卡人：{name}，卡号：{bank_card}，{order}，交易金额{amount}，非本人操作。",
    "我在{address}租的房子，中介{name}经理不退押金{amount}，电话{phone}。",
    "登录IP显示为{ip}，不是我本人，账号在{time}被异地登录，{misc}。",
    "我的车牌号{plate}，在停车场被多扣费{amount}，{order}。",
    "{name}女士的身份证{id_card}被用于开通贷款，征信出现异常记录，{misc}。",
    "请把退款打到我的{bank_card}，户名{name}，{misc}，{time}。",
    "工作人员{name}说要核实身份，让我提供身份证{id_card}和银行卡{bank_card}，我怀疑是诈骗。",
    "我是{name}，{time}在APP充值{amount}，{order}，游戏账号绑定手机{phone}。",
    "家住{address}，电话{phone}，我儿子{time}偷偷用我的卡{bank_card}充值{amount}。",
    "投诉人：{name}；联系方式：{phone}；邮箱：{email}；{misc}。",
    "快递员{name}把包裹放在{address}门口丢失了，{order}，价值{amount}。",
    "车主{plate}，{time}被贴条，但{misc}，联系{landline}无人接听。",
    "{order}，{amount}，{time}，{misc}，至今没有处理结果。",
    "系统显示{bad_id}，{bad_card}，客服说这些不是我的信息，{misc}。",
    "我于{time}支付{amount}，{order}，{misc}，商家拒绝退款。",
    "姓名：{name}  手机：{phone}  身份证：{id_card}  地址：{address}",
    "{name}先生，您的投诉已受理，工作人员将在{time}前回电{phone}。",
    "寄件地址：{address}；收件人：{name}；电话：{landline}；{order}。",
    "我的账户在{ip}被登录，随后银行卡{bank_card}被转走{amount}，{order}。",
    "{misc}，{bad_card}，{amount}，{time}。",
    "我是{misc}的老用户，{time}自动扣费{amount}，{order}。",
    "借款人{name}，身份证号码：{id_card}，我已结清但征信仍显示逾期，{misc}。",
    "请发送材料到{email}或者寄到{address}，联系人{name}，{phone}。",
    "停车场的监控拍到了{plate}，我的电话是{phone}，物业说{misc}。",
    "{time}我在{address}的门店买的手机，{order}，{amount}，发票抬头{name}。",
    "客服热线一直打不通，我只好打总部座机{landline}，{misc}。",
    "邮箱{email}收到钓鱼邮件，里面有我的身份证号{id_card}，{misc}。",
]
EN_TEMPLATES = [
    "My name is {en_name}, phone {phone}, email {email}. {order} was charged {amount} twice.",
    "I am {en_name} and my card {bank_card} was charged {amount} on {time} without consent.",
    "Contact: {en_name}, {email}, tel {landline}. Please refund {order}.",
    "Someone logged in from {ip} on {time} and changed my email to {email}.",
    "Agent {en_name} promised a callback to {phone} within 24 hours, {order}, nothing happened.",
    "Dear support, {order} for {amount} is still pending since {time}. {misc}.",
    "Mr. {en_last} from the collection agency keeps calling {phone}. I want it to stop.",
    "Cardholder: {en_name}, card number {bank_card}, disputed amount {amount}.",
    "My ID card number {id_card} was used to open an account at {address} without my consent.",
    "Please ship the replacement to {address}, recipient {name}, phone {phone}.",
    "I'm {en_name}; you can reach me at {email} or {phone}. Reference {bad_card}.",
]


def _fill(gen: Gen, template: str) -> tuple[str, list[dict[str, object]]]:
    r = gen.r
    slots: dict[str, Callable[[], list[Piece]]] = {
        "phone": gen.phone, "landline": gen.landline, "id_card": gen.id_card,
        "bank_card": gen.bank_card, "email": gen.email, "ip": gen.ip, "plate": gen.plate,
        "address": gen.address, "name": lambda: [(gen.cn_name(), "name")],
        "en_name": lambda: [(gen.en_name(), "name")],
        "en_last": lambda: [(r.choice(gen.EN_LAST), "name")],
        "order": gen.neg_order, "amount": gen.neg_amount, "time": gen.neg_time,
        "bad_id": gen.neg_bad_id, "bad_card": gen.neg_bad_card, "misc": gen.neg_misc,
    }  # fmt: skip
    text_parts: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    rest = template
    while rest:
        i = rest.find("{")
        if i < 0:
            text_parts.append(rest)
            break
        text_parts.append(rest[:i])
        pos += i
        j = rest.index("}", i)
        slot = rest[i + 1 : j]
        rest = rest[j + 1 :]
        for surface, kind in slots[slot]():
            if kind is not None:
                # a negative cue word like 订单号 is part of the surface; only PII gets spans
                spans.append({"start": pos, "end": pos + len(surface), "kind": kind})
            text_parts.append(surface)
            pos += len(surface)
    text = "".join(text_parts)
    return text, spans


def generate(n: int, seed: int) -> list[dict[str, object]]:
    """Deterministically generate ``n`` labelled records."""
    rng = random.Random(seed)
    gen = Gen(rng)
    out: list[dict[str, object]] = []
    for i in range(n):
        en = rng.random() < 0.2
        template = rng.choice(EN_TEMPLATES if en else CN_TEMPLATES)
        text, spans = _fill(gen, template)
        if rng.random() < 0.03:  # a whole message typed with a full-width IME
            text = "".join(fullwidth(ch) if ch.isascii() and ch.isdigit() else ch for ch in text)
        for s in spans:
            s["value"] = text[s["start"] : s["end"]]  # type: ignore[index]
        out.append({"id": i, "lang": "en" if en else "zh", "text": text, "spans": spans})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20240315)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    records = generate(args.n, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for rec in records:
        for s in rec["spans"]:  # type: ignore[union-attr]
            counts[s["kind"]] = counts.get(s["kind"], 0) + 1  # type: ignore[index]
    print(f"wrote {len(records)} records to {args.out}")
    print("gold spans per kind:", json.dumps(dict(sorted(counts.items())), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
