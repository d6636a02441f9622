"""Curated phrases of proxy agencies (代理维权), with how much each one alone suggests an agent.

How the list was made: from the way agency adverts and agency-written complaints phrase
things (commission on success, "no win no fee", acting "on behalf of", power of attorney,
the agent called 受托人/委托代理人), not from data. The weights are deliberately low: a phrase
is a *weak* signal (see :mod:`.signals`) and can never flag a complaint on its own.

Why three tiers:

* ``STRONG`` (0.40): business language of an agency — commission, "no win no fee", acting for
  many clients. Ordinary consumers almost never write these. The exception is a relative
  writing for an old parent ("父亲委托我代为投诉") — which is why even these cannot flag alone.
* ``MEDIUM`` (0.25): legal-representation words a consumer may use once (an adult child with a
  power of attorney for a parent): 授权委托书, 委托代理人.
* ``WEAK`` (0.10): bare 委托 / 代理 / 律师函. Ordinary consumers say "委托朋友代购", "已委托律师
  咨询", "委托的催收公司" (of the merchant's debt collectors!) — rare but real, so it only ever
  adds a little on top of other evidence.

Matching is on :func:`tousu.collective.fingerprint.clean` text (NFKC, no digits, punctuation
or spaces, lower case), so "代 理 维 权" and "代理-维权" match too. Longer phrases are tried
first, so "授权委托书" is one medium hit, not a medium plus a weak "委托".
"""

from __future__ import annotations

STRONG: tuple[str, ...] = (
    "代理维权", "代为维权", "代理投诉", "代为投诉", "代理退保", "代办退保", "全额退保包办",
    "全额退费包办", "包办退费", "包退保费", "委托我方", "我方代理", "我司代理", "维权成功后收取",
    "成功后收取", "收取服务费", "服务费比例", "按比例收费", "专业维权", "维权团队", "维权机构",
    "维权服务中心", "不成功不收费", "不成功全额退", "律师函模板", "投诉模板", "受托人",
    "全权委托", "全权处理", "统一代理",
)
MEDIUM: tuple[str, ...] = ("授权委托书", "委托代理人", "委托书", "代理人联系", "委托联系人")
WEAK: tuple[str, ...] = ("委托", "代理人", "律师函")

WEIGHTS: dict[str, float] = {
    **{p: 0.10 for p in WEAK},
    **{p: 0.25 for p in MEDIUM},
    **{p: 0.40 for p in STRONG},
}
