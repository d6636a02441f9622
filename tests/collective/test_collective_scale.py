"""Batch mode at scale stays the same engine: bulk fingerprints, array LSH, sliced components.

Each fast path is checked against the plain definition it replaces: ``clean`` per text,
``fingerprint`` per text, and pairs sharing a band key verified with ``pair_score``.
"""

from __future__ import annotations

import importlib
import random
import unicodedata
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from tousu.collective import (
    DEFAULT,
    Doc,
    IncrementalIndex,
    charmap,
    cluster,
    cluster_detail,
    fingerprint,
    pair_score,
    signatures,
)
from tousu.collective.evalset import _PROXY_TEMPLATES, generate, merchant_brand, merchant_name

fp_module = importlib.import_module("tousu.collective.fingerprint")

T0 = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_char_table_agrees_with_clean_for_every_code_point():
    table = charmap.table()
    for cp in range(charmap.MAX_CP):
        v = int(table[cp])
        if v == charmap.SPECIAL:
            continue
        got = fp_module.clean(chr(cp))
        assert got == (chr(v) if v else ""), hex(cp)


def _awkward_texts() -> list[str]:
    rng = random.Random(4)
    texts = ["", "ab", "abc", "账户被冻结，余额2300元！", "ＡＢＣ全角ｶﾀｶﾅ", "ΣΑΣ ΟΔΟΣ", "İstanbul",
             "가나다\u1100\u1161\u11a8", "e\u0301cole", "x\x00yz\x00w", "\ud800abc", "Straße ǅ ﬁ",
             "١٢٣abc٤", "①②③ⅣⅤ", "𝐀𝐁𝐂 math bold", "\u3000全角空格\u3000"]
    pools = [(0x20, 0x3000), (0x4E00, 0x9FFF), (0x10000, 0x30000), (0xAC00, 0xD7A4),
             (0x1100, 0x1200), (0x300, 0x370), (0xFF00, 0xFFF0)]
    for _ in range(1500):
        lo_hi = [rng.choice(pools) for _ in range(3)]
        texts.append("".join(chr(rng.randrange(*rng.choice(lo_hi)))
                             for _ in range(rng.randrange(0, 120))))
    texts += [d.text for d in generate(seed=9).docs]
    return texts


def test_bulk_signatures_equal_one_by_one_fingerprints(monkeypatch):
    texts = _awkward_texts()
    monkeypatch.setattr(fp_module, "_TABLE_MIN", 0)  # take the table path for any size
    bulk = signatures(texts, chunk=700)
    one = np.stack([fingerprint(t).values for t in texts])
    assert np.array_equal(bulk, one)
    # whatever the block size (row-wise densification below 256 texts, column sweeps above)
    assert np.array_equal(signatures(texts[:500], chunk=100), one[:500])
    assert np.array_equal(signatures(texts, chunk=len(texts)), one)


def _reference_groups(docs: list[Doc]) -> list[tuple[int, ...]]:
    """Groups by the definition: pairs sharing a band key, checked with ``pair_score``."""
    prints = {d.id: fingerprint(d.text) for d in docs}
    by_id = {d.id: d for d in docs}
    window = timedelta(days=DEFAULT.window_days)
    template: set[int] = set()
    tbuckets: dict[str, list[int]] = defaultdict(list)
    for d in docs:
        for k in prints[d.id].template_keys():
            tbuckets[k].append(d.id)
    for ids in tbuckets.values():
        assert len(ids) <= DEFAULT.max_bucket_neighbours  # else the cap would matter
        for a in ids:
            for b in ids:
                if (by_id[a].merchant_id != by_id[b].merchant_id
                        and abs(by_id[a].at - by_id[b].at) <= window
                        and prints[a].jaccard(prints[b]) >= DEFAULT.template_threshold):
                    template.update((a, b))
    buckets: dict[tuple[int, str], list[int]] = defaultdict(list)
    for d in docs:
        for k in prints[d.id].band_keys():
            buckets[(d.merchant_id, k)].append(d.id)
    parent = {d.id: d.id for d in docs}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ids in buckets.values():
        assert len(ids) <= DEFAULT.max_bucket_neighbours + 1
        for x, a in enumerate(ids):
            for b in ids[x + 1 :]:
                if a in template or b in template or abs(by_id[a].at - by_id[b].at) > window:
                    continue
                if pair_score(by_id[a], by_id[b], prints[a], prints[b]).same_incident:
                    parent[find(a)] = find(b)
    members: dict[int, list[int]] = defaultdict(list)
    for d in docs:
        members[find(d.id)].append(d.id)
    return sorted(tuple(sorted(m)) for m in members.values() if len(m) >= DEFAULT.min_size)


def test_batch_equals_the_plain_definition_and_incremental():
    s = generate(seed=21, merchants=60, incidents=60, singletons=900, proxies=30, background=100)
    docs = list(s.docs)
    result = cluster_detail(docs, evidence=False)
    assert sorted(g.ids for g in result.groups) == _reference_groups(docs)
    index = IncrementalIndex()
    for d in sorted(docs, key=lambda d: d.at):
        index.add(d)
    assert [(g.ids, g.merchant_id, g.start, g.end) for g in result.groups] == \
        [(g.ids, g.merchant_id, g.start, g.end) for g in index.groups(evidence=False)]
    assert set(result.templates) == index.templates
    assert result.verified_pairs <= result.candidate_pairs


def test_group_fields_do_not_depend_on_input_order():
    s = generate(seed=22, merchants=30, incidents=20, singletons=200, proxies=9, background=20)
    docs = list(s.docs)
    random.Random(1).shuffle(docs)
    assert cluster(docs) == cluster(s.docs)


def test_a_campaign_of_thousands_of_copies_is_set_aside_entirely():
    title, body = _PROXY_TEMPLATES[1]
    rng = random.Random(3)
    docs = []
    for i in range(3000):
        m = rng.randrange(400)
        f = {"m": merchant_name(m), "phone": "13912345678", "amt": str(rng.randrange(10**4)),
             "date": "3月1日", "item": "进口奶粉"}
        docs.append(Doc(i, m, title.format_map(f) + "\n" + body.format_map(f), "product_quality",
                        100.0, T0 + timedelta(minutes=7 * i)))
    result = cluster_detail(docs, evidence=False)
    assert result.groups == []
    assert len(result.templates) == len(docs)


def test_empty_texts_match_nothing():
    docs = [Doc(i, 1, "123 !!", "", 0.0, T0 + timedelta(hours=i)) for i in range(5)]
    assert cluster_detail(docs).groups == []


@pytest.mark.parametrize("i", [0, 1, 299])
def test_first_merchant_names_are_unchanged(i):
    assert merchant_name(i) == {0: "易购商城", 1: "速付商城", 299: "白鹭出行"}[i]


def test_merchant_names_are_unique_and_letters_only():
    names = [merchant_name(i) for i in range(60_000)]
    assert len(set(names)) == len(names)
    assert all(fp_module.clean(n) == n for n in names)  # nothing clean() would strip
    assert all(names[i].startswith(merchant_brand(i)) for i in range(0, len(names), 97))
    assert not any(unicodedata.category(ch) == "Nd" for n in names for ch in n)


def test_large_generated_sets_do_not_invent_cross_merchant_twins():
    """Strangers at different merchants rarely write near-identical text (templates do)."""
    s = generate(seed=7, merchants=2000, incidents=1500, singletons=30000, proxies=0,
                 background=0, recurrences=100)
    result = cluster_detail(s.docs, evidence=False)
    assert len(result.templates) / len(s) < 0.01
