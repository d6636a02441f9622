"""What people do at their screens, in real Chromium against a real server.

Each assertion is on what the page shows: the state badge, the scenario the engine chose,
the answer in the thread, the queue row the staff member sees.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def merchant_name(session) -> str:
    """The agent's merchant, read from the console header as the agent sees it."""
    session.go("/m/")
    heading = session.page.get_by_role("heading", level=1).inner_text()
    return heading.split("·")[0].strip()


def file_complaint(session, merchant: str, title: str, narrative: str, *,
                   evidence: bool = True) -> str:
    page = session.page
    session.go("/me/new")
    page.get_by_label("搜索商家").fill(merchant[:3])
    # The merchant list narrows as one types (htmx); the merchant is still there to choose.
    expect(page.locator("#id_merchant option", has_text=merchant)).to_have_count(1)
    page.get_by_label("投诉对象（商家）").select_option(label=merchant)
    page.get_by_label("标题").fill(title)
    page.get_by_label("经过").fill(narrative)
    page.get_by_label("涉及金额（元）").fill("25")
    page.get_by_label("退款").check()
    page.get_by_label("取消自动续费").check()
    if evidence:
        page.get_by_label("证据（图片或 PDF，可多选）").set_input_files(
            [{"name": "扣款截图.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_label(re.compile("我同意平台")).check()
    page.get_by_role("button", name="提交投诉").click()
    page.wait_for_url(re.compile(r"/me/c/\d+$"))
    return page.url.rsplit("/", 1)[-1]


def test_complaint_from_filing_to_rating(open_session):
    """Consumer files with evidence and sees it typed; the merchant answers from its
    console with the playbook's draft; the consumer confirms and rates."""
    agent = open_session("agent01")
    merchant = merchant_name(agent)
    agent.shot("merchant-queue")

    consumer = open_session("consumer001")
    title = f"视频会员自动续费扣款 {uuid.uuid4().hex[:6]}"
    narrative = ("我上个月已经取消了视频会员的自动续费，本月又被自动续费扣款25元，"
                 "没有任何提醒，要求退款并关闭自动续费。")
    complaint_id = file_complaint(consumer, merchant, title, narrative)
    page = consumer.page
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_test_id("scenario")).to_have_text("自动续费")
    expect(page.get_by_role("link", name="扣款截图.png")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("自动分析")
    expect(page.get_by_test_id("timeline")).to_contain_text("上传证据")
    consumer.shot("consumer-complaint-filed")

    route = page.get_by_test_id("route").inner_text()
    if "自动转商家" in route:
        expect(page.get_by_test_id("state")).to_have_text("商家处理中")
    else:
        # Not confident enough for the automated path: staff accept and forward it.
        expect(page.get_by_test_id("state")).to_have_text("已提交")
        staff = open_session("moderator")
        staff.go(f"/staff/c/{complaint_id}")
        staff.page.get_by_role("button", name="受理并转商家").click()
        expect(staff.page.get_by_test_id("state")).to_have_text("商家处理中")

    # The merchant works its queue: the complaint is there, sorted by due time.
    agent.go("/m/")
    row = agent.page.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("自动续费")
    expect(row.locator(".countdown")).to_have_text(re.compile(r"\d"))
    row.get_by_role("link", name=title).click()
    draft = agent.page.get_by_label(re.compile("处理结果"))
    expect(draft).to_have_value(re.compile("自动续费"))
    expect(agent.page.locator(".cite").first).to_contain_text("依据")
    # The merchant sees the masked narrative, never the consumer's account name.
    expect(agent.page.get_by_role("heading", level=1)).to_have_text(title)
    agent.shot("merchant-complaint")
    answer = "已为您办理退款25元并关闭自动续费，款项3个工作日内原路退回。"
    draft.fill(answer)
    agent.page.get_by_role("button", name="发送答复").click()
    expect(agent.page.get_by_test_id("state")).to_have_text("商家已回复")

    # The consumer reads the answer, confirms, and rates.
    consumer.go(f"/me/c/{complaint_id}")
    expect(page.get_by_test_id("thread")).to_contain_text(answer)
    page.get_by_role("button", name="已解决，确认").click()
    expect(page.get_by_test_id("state")).to_have_text("已解决")
    page.locator("label[for=star4]").click()
    page.get_by_label("评价（选填）").fill("处理及时")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("rating")).to_contain_text("4 ★")
    expect(page.get_by_test_id("timeline")).to_contain_text("消费者评价")
    consumer.shot("consumer-complaint-rated")


def test_merchant_cannot_open_another_merchants_complaint(open_session):
    agent = open_session("agent01")
    agent.go("/m/?tab=all")
    link = agent.page.locator("table a[href^='/m/c/']").first
    title = link.inner_text()
    href = link.get_attribute("href")

    other = open_session("agent02")
    response = other.go(href)
    assert response.status == 404
    expect(other.page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(other.page.locator("main")).not_to_contain_text(title)
    # Nor through the shared action URLs: a reply from the wrong merchant changes nothing.
    complaint_id = href.rsplit("/", 1)[-1]
    status = other.page.evaluate(
        """async (id) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const r = await fetch(`/c/${id}/act`, {method: "POST",
              headers: {"X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded"},
              body: "action=reply&reason=hijack", redirect: "manual"});
            return r.status; }""", complaint_id)
    assert status == 404
    agent.go(href)
    expect(agent.page.get_by_test_id("thread")).not_to_contain_text("hijack")


def chat_status(session) -> str:
    return session.page.get_by_test_id("chat-status").get_attribute("data-status")


def ask(session, text: str) -> None:
    page = session.page
    before = page.locator("#chat-log [data-side=user]").count()
    page.get_by_label("您的问题").fill(text)
    page.get_by_role("button", name="发送", exact=True).click()
    expect(page.locator("#chat-log [data-side=user]")).to_have_count(before + 1)


def test_fraud_message_goes_straight_to_the_emergency_queue(open_session):
    consumer = open_session("consumer002")
    consumer.go("/assistant")
    marker = uuid.uuid4().hex[:6]
    ask(consumer, f"我的银行卡刚刚被盗刷了三笔，卡一直在我身上，现在还在扣钱 {marker}")
    page = consumer.page
    expect(page.get_by_test_id("waiting")).to_contain_text("紧急通道")
    # No bot reply: the message is followed only by the hand-off notice.
    expect(page.locator("#chat-log [data-side=bot]")).to_have_count(0)
    expect(page.locator("#chat-log [data-side=system]")).to_contain_text("7×24 人工专员")
    consumer.shot("assistant-emergency")

    staff = open_session("moderator")
    staff.go("/staff/emergencies")
    table = staff.page.get_by_test_id("emergency-chat-table")
    row = table.get_by_role("row").filter(has_text="consumer002").first
    expect(row).to_contain_text("等待人工")
    staff.shot("staff-emergencies")
    row.get_by_role("link", name="接入").click()
    expect(staff.page.locator(".chat-log")).to_contain_text(marker)
    staff.page.get_by_role("button", name="接入会话").click()
    staff.page.get_by_label("回复").fill("您好，我是值班专员，已为您联系银行止付。")
    staff.page.get_by_role("button", name="发送", exact=True).click()

    # The consumer sees the person's reply without reloading (the log polls).
    expect(page.locator("#chat-log [data-side=staff]")).to_contain_text("值班专员",
                                                                         timeout=20_000)
    # Time to a person is recorded and reported.
    staff.go("/staff/chats")
    expect(staff.page.locator(".stat", has_text="紧急转人工 中位数")).not_to_contain_text("—")


def test_a_person_is_one_click_away_in_every_state(open_session):
    """转人工 is on screen and works with one click: before any message, after an answer,
    after a clarifying question, while waiting, while with a person, and after closing."""

    def one_click(session, expected: str = "waiting") -> None:
        button = session.page.get_by_test_id("to-human")
        expect(button).to_be_visible()
        button.click()
        expect(session.page.get_by_test_id("chat-status")).to_have_attribute(
            "data-status", expected)

    fresh = open_session()
    fresh.go("/assistant")
    one_click(fresh)  # a visitor who has not typed anything
    expect(fresh.page.locator("#chat-log")).to_contain_text("已为您转接人工客服")

    answered = open_session()
    answered.go("/assistant")
    ask(answered, "自动续费扣了我的钱，怎么退款？")
    bot = answered.page.locator("#chat-log [data-side=bot]").last
    expect(bot).to_have_attribute("data-kind", "answer")
    expect(bot).to_contain_text("依据")
    answered.shot("assistant-answer")
    one_click(answered)

    unsure = open_session()
    unsure.go("/assistant")
    ask(unsure, "qwzx plmk")
    expect(unsure.page.locator("#chat-log [data-side=bot]").last).to_have_attribute(
        "data-kind", "clarify")
    one_click(unsure)
    one_click(unsure)  # asking again while waiting keeps the place; nothing breaks
    expect(unsure.page.locator("#chat-log [data-side=system]")).to_have_count(1)

    # With a person, and after the person has closed the chat.
    staff = open_session("mediator")
    staff.go("/staff/chats")
    expect(staff.page.get_by_role("row").filter(has_text="访客")).not_to_have_count(0)
    staff.page.get_by_role("row").filter(has_text="访客").last.get_by_role(
        "link", name="接入").click()
    staff.page.get_by_role("button", name="接入会话").click()
    unsure.page.reload()
    expect(unsure.page.get_by_test_id("chat-status")).to_have_attribute("data-status",
                                                                        "with_human")
    one_click(unsure, "with_human")
    staff.page.get_by_role("button", name="结束服务").click()
    unsure.page.reload()
    expect(unsure.page.get_by_test_id("chat-status")).to_have_attribute("data-status", "closed")
    one_click(unsure)


def test_main_pages_are_labelled_and_switch_language(open_session):
    """Every main page has one h1, every form control a label; English is one click away."""
    unlabeled_js = """() => [...document.querySelectorAll(
        'main input:not([type=hidden]), main select, main textarea')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.name || el.id)"""
    pages = {
        "consumer001": ["/me/", "/me/new", "/me/privacy", "/assistant"],
        "agent01": ["/m/", "/m/collective", "/m/stats", "/m/feedback"],
        "moderator": ["/staff/", "/staff/emergencies", "/staff/chats", "/staff/callbacks",
                      "/staff/collective", "/staff/stats"],
        "regulator": ["/regulator/scorecard"],
        "": ["/", "/public/complaints", "/public/rankings", "/public/best",
             "/public/merchants/1", "/public/industries/ecommerce"],
    }
    for user, paths in pages.items():
        s = open_session(user or None)
        for path in paths:
            response = s.go(path)
            assert response.status == 200, path
            assert s.page.locator("h1").count() == 1, path
            assert s.page.evaluate(unlabeled_js) == [], path
            s.shot(("page" + path).rstrip("/").replace("/", "-").replace("?", "-"))
        s.page.keyboard.press("Tab")
        expect(s.page.locator(".skip")).to_be_focused()

    s = open_session("consumer001")
    s.go("/me/")
    s.page.get_by_role("button", name="English").click()
    expect(s.page.get_by_role("heading", level=1)).to_have_text("My complaints")
    s.go("/me/new")
    expect(s.page.get_by_role("button", name="Submit complaint")).to_be_visible()
    s.page.get_by_role("button", name="中文").click()
    expect(s.page.get_by_role("heading", level=1)).to_have_text("我要投诉")


def test_consumer_portal_on_a_phone(open_session):
    s = open_session("consumer001", mobile=True)
    s.go("/me/new")
    s.page.get_by_role("button", name="提交投诉").click()  # nothing filled in
    expect(s.page.locator("main")).to_contain_text("请选择要投诉的商家")
    expect(s.page.locator("main")).to_contain_text("需要您同意处理个人信息")
    width = s.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the form must fit a phone screen without sideways scrolling"
    s.shot("consumer-new-phone")


def test_a_visitor_searches_public_complaints_and_reads_rankings(open_session):
    s = open_session()
    s.go("/public/complaints")
    s.page.get_by_label("搜索投诉").fill("退款")
    s.page.get_by_role("button", name="搜索").click()
    first = s.page.locator("main a.card").first
    expect(first).to_contain_text("退款")
    title = first.locator("strong").inner_text()
    first.click()
    expect(s.page.get_by_role("heading", level=1)).to_have_text(title)
    narrative = s.page.get_by_test_id("narrative").inner_text()
    assert not re.search(r"1[3-9]\d{9}", narrative), "a phone number on a public page"
    s.shot("public-complaint")
    s.go("/public/rankings")
    expect(s.page.get_by_test_id("definitions")).to_contain_text("最低样本量")
    s.page.get_by_label("排序依据").select_option("response_rate")
    s.page.get_by_role("button", name="查看").click()
    expect(s.page).to_have_url(re.compile("by=response_rate"))
    top = s.page.get_by_test_id("ranking").locator("tbody tr").first
    expect(top.locator("td").first).to_have_text("1")
    s.shot("public-rankings")
    top.get_by_role("link").click()
    expect(s.page.get_by_test_id("rates")).to_contain_text("回复率")
    s.shot("public-merchant")
