"""Signals of proxy-agency (代理维权) filing and their combination into a review flag.

Framework-free (no Django): callers copy fields into :class:`Submission`.

What the signals are and why each looks the way it does:

* ``template`` — near-identical text (MinHash estimate of 3-gram Jaccard at or above
  :attr:`Config.near_identical`, the collective engine's own "near-identical" threshold) filed
  by at least :attr:`Config.template_min_others` *other* complainants within the window.
  Consumers of one real incident tell it in their own words and share ~15-40 % of their
  3-grams; slot-filled agency templates share ~75-95 %. Counting *distinct complainants*
  (never complaints) keeps one consumer's three complaints from looking like a campaign.
  The same template at several merchants is strong (agencies reuse one text against many
  companies); at a single merchant it needs company, because members of a real 维权群 sometimes
  paste the group's shared draft. Relatives linked by a household-sized contact or source
  count once, and texts under :attr:`Config.template_min_chars` are only ever weak (short
  texts coincide by chance).
* ``shared_contact`` — one contact key (hashed phone/e-mail/ID) on complaints of at least
  :attr:`Config.contact_min` distinct complainants. Three people on one phone is a family, an
  agent uses one number for dozens of "consumers".
* ``burst_source`` — one client source (device id, or IP) filing for at least
  :attr:`Config.burst_min` distinct complainants within :attr:`Config.burst_hours`. IP
  sources (``ip:`` prefix) are always weak: offices and carrier NAT share one address.
* ``agency_phrase`` — curated agency wording (:mod:`.phrases`); weak.
* ``disproportion`` — punitive multiples (十倍/三倍) on small amounts, or many demands on a tiny
  amount; weak, because 退一赔三 (消费者权益保护法第五十五条) and 十倍赔偿 (食品安全法第一百四十八条)
  are consumers' legal rights.

Combination: the score is a noisy-or, ``1 - Π(1 - w)``, over *families* of evidence, where
a family's weight is its strongest reason. ``shared_contact`` and ``burst_source`` form one
family ("these complainants are linked"), because a family sharing a phone usually shares a
home connection too — one fact, not two. A complaint is flagged when the score reaches
:attr:`Config.threshold` (0.6): each strong reason weighs ≥ 0.7 and flags alone; every weak
reason weighs < 0.6, so a weak reason needs at least one other family with it.

"Flag, never drop": :meth:`IntegrityIndex.assess` only describes. What a flag means (queue
for review, ask for proof of identity) is the caller's decision.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

import numpy as np

from tousu.collective.fingerprint import (
    NUM_PERM,
    Fingerprint,
    band_hashes,
    clean,
    fingerprint,
    signatures,
)
from tousu.collective.model import DEFAULT as COLLECTIVE_DEFAULT

from .contacts import short
from .phrases import WEIGHTS as PHRASE_WEIGHTS

# ------------------------------------------------------------------------------------ data


@dataclass(frozen=True)
class Submission:
    """One complaint as the integrity check sees it.

    ``complainant`` is a stable key per consumer *account* (e.g. the user id); ``contacts``
    are opaque keys the caller derives (see :mod:`.contacts`) from the account's phone/e-mail/
    ID number and from numbers written in the text; ``source`` is a client fingerprint (device
    id preferred, else IP; "" when unknown) and should itself be hashed by the caller.
    """

    id: int
    complainant: str
    merchant_id: int
    text: str
    submitted_at: datetime
    amount: Decimal = Decimal(0)
    demands: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    source: str = ""
    channel: str = ""


@dataclass(frozen=True)
class Reason:
    """One piece of evidence, worded for a moderator in Chinese and English.

    ``related_ids`` are the other submissions involved (at most :attr:`Config.max_related`),
    so a moderator can open them and a caller can re-assess them. ``subject`` names what is
    shared (the contact key, the source, the phrases) so two reasons about the same agent
    phone can be recognised as such.
    """

    code: str
    weight: float
    detail_zh: str
    detail_en: str
    related_ids: tuple[int, ...] = ()
    subject: str = ""


@dataclass(frozen=True)
class Assessment:
    """The combined verdict: ``flagged`` means "needs human review", nothing more."""

    score: float
    flagged: bool
    reasons: tuple[Reason, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """Signal codes present, strongest first."""
        return tuple(r.code for r in self.reasons)

    @property
    def related_ids(self) -> tuple[int, ...]:
        """All other submissions any reason points at (sorted)."""
        return tuple(sorted({i for r in self.reasons for i in r.related_ids}))


@dataclass(frozen=True)
class Config:
    """Thresholds and weights; the reasoning behind each is in ``docs/integrity-eval.md``."""

    #: a complaint is flagged for review at or above this combined score
    threshold: float = 0.6
    #: all context signals look this many days either side of a complaint
    window_days: float = 30.0
    #: estimated Jaccard of 3-gram sets counted as "near-identical": the collective engine's
    #: own template threshold, so both parts of tousu agree what a template is
    near_identical: float = COLLECTIVE_DEFAULT.template_threshold
    #: near-identical text from at least this many *other* complainants makes a template
    template_min_others: int = 3
    template_cross_weight: float = 0.70    # peers at ≥ 2 merchants: flags alone
    template_single_weight: float = 0.48   # all at one merchant: could be a 维权群's draft
    template_few_weight: float = 0.20      # 1..min_others-1 other complainants
    #: texts shorter than this (characters left after removing digits, punctuation and
    #: spaces) only ever get ``template_few_weight``: two strangers writing "借款砍头息要求
    #: 退还……请监管部门查处" in 50 characters coincide by chance; agency templates are long
    template_min_chars: int = 60
    #: complainants linked by a contact or source used by at most this many complainants in
    #: the window are one household: they count once towards a template
    household_max: int = 3
    #: LSH banding for template candidates (21×6 finds a 0.75 pair 98 % of the time, a 0.5
    #: pair 28 %, a 0.3 pair 1.5 %); the engine's 16×8 template keys find a 0.75 pair only 81 %
    lsh_bands: int = 21
    lsh_rows: int = 6
    #: at most this many bucket members nearest in time are compared (bounds hot buckets)
    max_bucket_scan: int = 300
    #: distinct complainants (including this one) on one contact key
    contact_min: int = 4
    contact_weak_min: int = 3
    contact_weight: float = 0.70
    contact_weak_weight: float = 0.25
    #: distinct complainants (including this one) from one source within ``burst_hours``
    burst_hours: float = 24.0
    burst_min: int = 5
    burst_weak_min: int = 3
    burst_weight: float = 0.70
    burst_weak_weight: float = 0.25
    #: sources with this prefix are IP addresses: offices, campuses and carrier-grade NAT put
    #: many real consumers behind one, so for them a burst is only ever a weak signal
    ip_prefix: str = "ip:"
    #: strongest agency phrase, plus ``phrase_step`` per further distinct phrase, capped
    phrase_cap: float = 0.45
    phrase_step: float = 0.10
    #: punitive multiples below the statutory minimum payout (¥1000 for 十倍, ¥500 for 三倍)
    tenfold_small: float = 1000.0
    triple_small: float = 500.0
    many_demands: int = 4
    many_demands_amount: float = 1000.0
    disproportion_cap: float = 0.25
    #: reasons list at most this many related submissions
    max_related: int = 50


DEFAULT = Config()

#: Families for the noisy-or: within a family only the strongest reason counts.
FAMILY = {"shared_contact": "linked", "burst_source": "linked", "template": "template",
          "agency_phrase": "phrase", "disproportion": "claim"}

# ------------------------------------------------------------------------------ weak signals

#: phrases as they look after :func:`clean`, longest first so the longest match wins
_PHRASE_W = {clean(p): w for p, w in PHRASE_WEIGHTS.items()}
_PHRASE_RE = re.compile("|".join(re.escape(p) for p in sorted(_PHRASE_W,
                                                              key=lambda p: (-len(p), p))))
_TENFOLD = re.compile(r"(十|10)倍|退一赔十")
_TRIPLE = re.compile(r"(三|3)倍|退一赔三")
TENFOLD_CODES = frozenset({"tenfold", "punitive_tenfold", "ten_fold"})
TRIPLE_CODES = frozenset({"triple", "treble", "punitive_triple", "punitive"})


def agency_phrase(sub: Submission, config: Config = DEFAULT) -> list[Reason]:
    """Agency wording in the text; weight from :mod:`.phrases`, never enough to flag alone."""
    hits = sorted(set(_PHRASE_RE.findall(clean(sub.text))), key=lambda p: (-_PHRASE_W[p], p))
    if not hits:
        return []
    strong = [p for p in hits if _PHRASE_W[p] > 0.1]
    weight = _PHRASE_W[hits[0]] + config.phrase_step * max(0, len(strong) - 1)
    weight = round(min(config.phrase_cap, weight), 3)
    shown = "、".join(hits[:5])
    return [Reason("agency_phrase", weight,
                   f"文本含代理维权常用语：{shown}（普通消费者偶尔也说“委托”，仅作辅助）",
                   f"Text uses agency wording: {shown} (consumers occasionally say 委托 too; "
                   "supporting evidence only)", (), shown)]


def disproportion(sub: Submission, config: Config = DEFAULT) -> list[Reason]:
    """Demands out of proportion to the amount; weak, because punitive damages are legal.

    退一赔三 (消保法第五十五条, at least ¥500) and 十倍赔偿 (食品安全法第一百四十八条, at least
    ¥1000) are consumers' rights; what professional claimants do differently is to buy cheap
    goods *for* the statutory minimum and to stack demands. So: a punitive multiple on an
    amount below its statutory minimum, or many distinct demands on a small amount.
    """
    amount = float(sub.amount)
    text = unicodedata.normalize("NFKC", sub.text)
    codes = {d.lower() for d in sub.demands}
    tenfold = bool(codes & TENFOLD_CODES) or bool(_TENFOLD.search(text))
    triple = not tenfold and (bool(codes & TRIPLE_CODES) or bool(_TRIPLE.search(text)))
    weight = 0.0
    why_zh: list[str] = []
    why_en: list[str] = []
    if tenfold:
        weight += 0.20 if amount < config.tenfold_small else 0.10
        why_zh.append(f"金额{amount:g}元要求十倍赔偿")
        why_en.append(f"ten-fold damages on ¥{amount:g}")
    elif triple and amount < config.triple_small:
        weight += 0.15
        why_zh.append(f"金额{amount:g}元要求三倍赔偿（法定最低五百元）")
        why_en.append(f"treble damages on ¥{amount:g} (statutory minimum ¥500)")
    if len(codes) >= config.many_demands and amount < config.many_demands_amount:
        weight += 0.10 + 0.05 * (len(codes) - config.many_demands)
        why_zh.append(f"{len(codes)}项诉求对应金额仅{amount:g}元")
        why_en.append(f"{len(codes)} demands on ¥{amount:g}")
    if weight <= 0:
        return []
    weight = round(min(config.disproportion_cap, weight), 3)
    return [Reason("disproportion", weight,
                   "诉求与金额不成比例：" + "；".join(why_zh) + "（惩罚性赔偿是法定权利，仅作辅助）",
                   "Demands out of proportion: " + "; ".join(why_en)
                   + " (punitive damages are a legal right; supporting evidence only)")]


# --------------------------------------------------------------------------------- index


def _ts(at: datetime) -> float:
    return at.timestamp()


def _near_identical(fp: Fingerprint, ids: list[int], prints: dict[int, Fingerprint],
                    threshold: float) -> list[int]:
    """The ``ids`` whose fingerprint's :meth:`Fingerprint.jaccard` with ``fp`` ≥ ``threshold``.

    The same estimate (share of equal MinHash slots) as ``Fingerprint.jaccard``, computed for
    all candidates in one numpy comparison: the per-pair call costs ~8 µs, mostly its
    emptiness checks, which are moot here (LSH never returns an empty fingerprint).
    """
    if not ids or fp.empty:
        return []
    rows = np.stack([prints[i].values for i in ids])
    sims = np.count_nonzero(rows == fp.values, axis=1) / NUM_PERM
    return [i for i, s in zip(ids, sims, strict=True) if s >= threshold]


@dataclass
class _Timeline:
    """Submissions sharing one key (contact or source), kept sorted by time."""

    times: list[float] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)

    def add(self, t: float, i: int) -> None:
        k = bisect.bisect_right(self.times, t)
        self.times.insert(k, t)
        self.ids.insert(k, i)

    def within(self, t: float, span: float) -> list[int]:
        lo = bisect.bisect_left(self.times, t - span)
        hi = bisect.bisect_right(self.times, t + span)
        return self.ids[lo:hi]

    def drop(self, gone: set[int]) -> None:
        keep = [(t, i) for t, i in zip(self.times, self.ids, strict=True) if i not in gone]
        self.times = [t for t, _ in keep]
        self.ids = [i for _, i in keep]


class IntegrityIndex:
    """Recent submissions, indexed by template band, contact and source.

    ``add`` is cheap (one fingerprint, ``lsh_bands`` + a few dictionary inserts); ``assess``
    looks only at the buckets a submission falls into, so its cost does not grow with the
    number of submissions indexed (hot buckets are capped at ``max_bucket_scan``). Context
    signals look ``window_days`` either side, so re-assessing an earlier complaint sees the
    ones filed after it — that is how the first members of a campaign get flagged once the
    campaign becomes visible (see :meth:`reassess_related`).
    """

    def __init__(self, window_days: float | None = None, config: Config = DEFAULT) -> None:
        if window_days is not None:
            config = replace(config, window_days=float(window_days))
        self.config = config
        self.subs: dict[int, Submission] = {}
        self.prints: dict[int, Fingerprint] = {}
        self._times: dict[int, float] = {}
        self._band_keys: dict[int, list[tuple[int, int]]] = {}
        self._bands: dict[tuple[int, int], list[int]] = defaultdict(list)
        self._contacts: dict[str, _Timeline] = defaultdict(_Timeline)
        self._sources: dict[str, _Timeline] = defaultdict(_Timeline)

    def __len__(self) -> int:
        return len(self.subs)

    def __contains__(self, sub_id: object) -> bool:
        return sub_id in self.subs

    # ---------------------------------------------------------------- building

    def _keys(self, fp: Fingerprint) -> list[tuple[int, int]]:
        h = band_hashes(fp.values[None, :], self.config.lsh_bands, self.config.lsh_rows)[0]
        return [(b, int(v)) for b, v in enumerate(h) if v]

    def add(self, sub: Submission, fp: Fingerprint | None = None) -> None:
        """Index ``sub`` (any order of arrival works; ids must be unique)."""
        if sub.id in self.subs:
            raise ValueError(f"submission {sub.id} already indexed")
        fp = fp if fp is not None else fingerprint(sub.text)
        self.subs[sub.id] = sub
        self.prints[sub.id] = fp
        t = self._times[sub.id] = _ts(sub.submitted_at)
        keys = self._band_keys[sub.id] = self._keys(fp)
        for key in keys:
            self._bands[key].append(sub.id)
        for c in set(sub.contacts):
            if c:
                self._contacts[c].add(t, sub.id)
        if sub.source:
            self._sources[sub.source].add(t, sub.id)

    def extend(self, subs: Iterable[Submission]) -> None:
        """Index many submissions, fingerprinting them in one vectorised pass."""
        subs = list(subs)
        sigs = signatures([s.text for s in subs])
        for s, row in zip(subs, sigs, strict=True):
            self.add(s, Fingerprint(row))

    def prune(self, before: datetime) -> int:
        """Forget submissions older than ``before``; keep at least 2 windows for re-assessment."""
        gone = {i for i, s in self.subs.items() if s.submitted_at < before}
        if not gone:
            return 0
        for key in list(self._bands):
            kept = [i for i in self._bands[key] if i not in gone]
            if kept:
                self._bands[key] = kept
            else:
                del self._bands[key]
        for table in (self._contacts, self._sources):
            for key in list(table):
                table[key].drop(gone)
                if not table[key].ids:
                    del table[key]
        for i in gone:
            del self.subs[i], self.prints[i], self._times[i], self._band_keys[i]
        return len(gone)

    # ---------------------------------------------------------------- context signals

    def _related(self, ids: Iterable[int], t: float) -> tuple[int, ...]:
        """The ``max_related`` ids nearest in time, sorted (for reasons and re-assessment)."""
        ids = sorted(set(ids), key=lambda i: (abs(self._times[i] - t), i))
        return tuple(sorted(ids[: self.config.max_related]))

    def template(self, sub: Submission, fp: Fingerprint | None = None) -> list[Reason]:
        """Near-identical text from other complainants within the window (see module doc)."""
        cfg = self.config
        own = self.prints.get(sub.id)
        if fp is None:
            fp = own if own is not None else fingerprint(sub.text)
        if fp.empty:
            return []
        keys = self._band_keys[sub.id] if fp is own else self._keys(fp)
        t = _ts(sub.submitted_at)
        span = cfg.window_days * 86400
        cands: set[int] = set()
        for key in keys:
            bucket = self._bands.get(key)
            if not bucket:
                continue
            if len(bucket) > cfg.max_bucket_scan:
                bucket = sorted(bucket, key=lambda i: abs(self._times[i] - t))
                bucket = bucket[: cfg.max_bucket_scan]
            cands.update(bucket)
        near = [i for i in sorted(cands) if i != sub.id and abs(self._times[i] - t) <= span
                and self.subs[i].complainant != sub.complainant]
        peers: dict[str, list[int]] = defaultdict(list)
        for i in _near_identical(fp, near, self.prints, cfg.near_identical):
            peers[self.subs[i].complainant].append(i)
        if not peers:
            return []
        house = self._households(sub, peers)
        own = house[sub.complainant]
        k = len({house[c] for c in peers} - {own})
        ids = [i for c, lst in peers.items() if house[c] != own for i in lst]
        if k == 0:
            return []
        merchants = {self.subs[i].merchant_id for i in ids} | {sub.merchant_id}
        m = len(merchants)
        short = len(clean(sub.text)) < cfg.template_min_chars
        if short:
            weight = cfg.template_few_weight
        elif k >= cfg.template_min_others and m >= 2:
            weight = min(0.95, cfg.template_cross_weight + 0.03 * (k - cfg.template_min_others))
        elif k >= cfg.template_min_others:
            weight = cfg.template_single_weight
        else:
            weight = cfg.template_few_weight
        days = f"{cfg.window_days:g}"
        zh = (f"{days}天内另有{k}名投诉人提交了几乎相同的文本（相似度≥{cfg.near_identical:.2f}），"
              f"涉及{m}个商家")
        en = (f"near-identical text (similarity ≥ {cfg.near_identical:.2f}) filed by {k} other "
              f"complainant{'s' if k != 1 else ''} at {m} merchant{'s' if m != 1 else ''} "
              f"within {days} days")
        if short:
            zh += "；文本很短，雷同可能出于巧合"
            en += "; the text is short, so this may be coincidence"
        elif m == 1 and k >= cfg.template_min_others:
            zh += "；均为同一商家，也可能是维权群共用的底稿"
            en += "; all at one merchant, could also be a consumer group's shared draft"
        return [Reason("template", round(weight, 3), zh, en, self._related(ids, t),
                       f"{k} complainants / {m} merchants")]

    def _small_circle(self, line: _Timeline | None, t: float) -> set[str] | None:
        """Complainants on one contact/source in the window if they are household-sized."""
        if line is None:
            return None
        found: set[str] = set()
        for i in line.within(t, self.config.window_days * 86400):
            found.add(self.subs[i].complainant)
            if len(found) > self.config.household_max:
                return None
        return found if len(found) > 1 else None

    def _households(self, sub: Submission, peers: dict[str, list[int]]) -> dict[str, str]:
        """Map each complainant (``sub``'s and its template peers') to a household.

        Why: relatives on one phone or one home connection often file the same text (one
        writes, the others copy); they are one voice, not several, and must not make a
        template. Only *household-sized* links merge (at most ``household_max`` complainants
        on the key in the window) — an agent's phone or device links far more and is left to
        ``shared_contact``/``burst_source``, so a campaign's peers still count one by one.
        """
        parent = {c: c for c in (sub.complainant, *peers)}

        def find(c: str) -> str:
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        members = [sub, *(self.subs[i] for lst in peers.values() for i in lst)]
        for x in members:
            tx = _ts(x.submitted_at)
            keys = [self._contacts.get(c) for c in set(x.contacts) if c]
            if x.source:
                keys.append(self._sources.get(x.source))
            for line in keys:
                circle = self._small_circle(line, tx)
                if not circle:
                    continue
                inside = [c for c in circle if c in parent]
                for c in inside[1:]:
                    ra, rb = find(inside[0]), find(c)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
        return {c: find(c) for c in parent}

    def _distinct(self, ids: Sequence[int], sub: Submission) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for i in ids:
            if i != sub.id:
                out[self.subs[i].complainant].append(i)
        out.pop(sub.complainant, None)
        return out

    def shared_contact(self, sub: Submission) -> list[Reason]:
        """Contact keys on complaints of many distinct complainants (strongest key reported)."""
        cfg = self.config
        t = _ts(sub.submitted_at)
        best: tuple[int, str, dict[str, list[int]]] | None = None
        for c in sorted(set(sub.contacts)):
            line = self._contacts.get(c)
            if not c or line is None:
                continue
            others = self._distinct(line.within(t, cfg.window_days * 86400), sub)
            if best is None or len(others) > best[0]:
                best = (len(others), c, others)
        if best is None:
            return []
        n = best[0] + 1  # including this complainant
        if n < cfg.contact_weak_min:
            return []
        c, others = best[1], best[2]
        if n >= cfg.contact_min:
            weight = min(0.95, cfg.contact_weight + 0.05 * (n - cfg.contact_min))
        else:
            weight = cfg.contact_weak_weight
        ids = [i for lst in others.values() for i in lst]
        note_zh = "" if n >= cfg.contact_min else "（两三人共用可能是家人）"
        note_en = "" if n >= cfg.contact_min else " (two or three may be one family)"
        return [Reason("shared_contact", round(weight, 3),
                       f"联系方式 {short(c)} 在{cfg.window_days:g}天内被{n}名不同投诉人使用{note_zh}",
                       f"contact {short(c)} used by {n} distinct complainants within "
                       f"{cfg.window_days:g} days{note_en}",
                       self._related(ids, t), c)]

    def burst_source(self, sub: Submission) -> list[Reason]:
        """One source filing for many distinct complainants within ``burst_hours``."""
        cfg = self.config
        line = self._sources.get(sub.source) if sub.source else None
        if line is None:
            return []
        t = _ts(sub.submitted_at)
        others = self._distinct(line.within(t, cfg.burst_hours * 3600), sub)
        n = len(others) + 1
        if n < cfg.burst_weak_min:
            return []
        shared_net = sub.source.startswith(cfg.ip_prefix)
        if n >= cfg.burst_min and not shared_net:
            weight = min(0.95, cfg.burst_weight + 0.05 * (n - cfg.burst_min))
        else:
            weight = cfg.burst_weak_weight
        ids = [i for lst in others.values() for i in lst]
        return [Reason("burst_source", round(weight, 3),
                       f"来源 {short(sub.source)} 在{cfg.burst_hours:g}小时内为{n}名不同投诉人提交"
                       + ("（IP地址可能是单位或运营商共用，仅作辅助）" if shared_net else ""),
                       f"source {short(sub.source)} filed for {n} distinct complainants within "
                       f"{cfg.burst_hours:g} hours"
                       + (" (an IP address: offices and mobile networks share one, so weak)"
                          if shared_net else ""),
                       self._related(ids, t), sub.source)]

    # ---------------------------------------------------------------- verdict

    def assess(self, sub: Submission) -> Assessment:
        """Describe ``sub`` against the indexed window (``sub`` itself may or may not be in it).

        Pure: nothing is changed, so assessing again later (after more arrivals) is fine.
        """
        reasons = [*self.template(sub), *self.shared_contact(sub), *self.burst_source(sub),
                   *agency_phrase(sub, self.config), *disproportion(sub, self.config)]
        return combine(reasons, self.config)

    def reassess_related(self, assessment: Assessment) -> dict[int, Assessment]:
        """Re-assess every indexed submission a (flagged) assessment points at.

        Why: when the fourth complainant on one agent phone arrives, the first three were
        unremarkable at their own arrival. Call this when a new submission is flagged and
        flag those that now come out flagged (flags are never withdrawn automatically).
        """
        return {i: self.assess(self.subs[i]) for i in assessment.related_ids if i in self.subs}


def combine(reasons: Iterable[Reason], config: Config = DEFAULT) -> Assessment:
    """Noisy-or over families of evidence (strongest reason per family); see module doc."""
    reasons = sorted(reasons, key=lambda r: (-r.weight, r.code))
    best: dict[str, float] = {}
    for r in reasons:
        fam = FAMILY.get(r.code, r.code)
        best[fam] = max(best.get(fam, 0.0), r.weight)
    rest = 1.0
    for w in best.values():
        rest *= 1.0 - w
    score = round(1.0 - rest, 4)
    return Assessment(score, score >= config.threshold, tuple(reasons))


def assess(sub: Submission, context: Sequence[Submission], config: Config = DEFAULT,
           window_days: float | None = None) -> Assessment:
    """One-shot form: index ``context`` (recent submissions) and assess ``sub`` against it.

    For many assessments keep an :class:`IntegrityIndex` instead; this rebuilds it each call.
    """
    index = IntegrityIndex(window_days, config)
    index.extend(c for c in context if c.id != sub.id)
    return index.assess(sub)


def window(at: datetime, config: Config = DEFAULT) -> tuple[datetime, datetime]:
    """The time range of context a caller must supply for a complaint filed at ``at``."""
    span = timedelta(days=config.window_days)
    return at - span, at + span
