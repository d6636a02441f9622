"""``tousu import``: whole files land or nothing does; bad lines are named by number."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tousu.complaints.models import Complaint

HEADER = "商家,标题,投诉内容,金额,诉求,提交时间,姓名,手机\n"
GOOD = [
    "易购商城,退货不退款已经半个月,买的空气炸锅退货了商家签收后一直不退款,459.00,退款,"
    "2026-10-03 10:20,李雷,13900001111\n",
    "速付钱包,账户被冻结无法提现,钱包余额两千多突然被冻结客服说风控但不给理由,2000,解冻账户;道歉,"
    "2026-10-05T08:00:00,韩梅梅,13900002222\n",
]


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", str(path), "--quiet-progress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_good_csv_imports_with_chinese_headers(tmp_path, merchants):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "".join(GOOD), encoding="utf-8")
    out, _ = run(path)
    assert "2 imported" in out
    c = Complaint.objects.get(title="账户被冻结无法提现")
    assert (c.channel, c.demands, str(c.amount)) == ("import", ["unfreeze", "apology"], "2000.00")
    assert c.submitted_at.isoformat().startswith("2026-10-05T00:00:00")  # 08:00 Shanghai
    assert [e.kind for e in c.events.all()] == ["imported", "analyzed"]
    assert c.scenario and c.route  # imports are typed and routed on the way in too


def test_bad_rows_are_listed_and_nothing_is_imported(tmp_path, merchants):
    bad = [
        "不存在的商家,标题正常的一条,内容足够长的一段投诉内容,10,退款,,张三,13900003333\n",
        "易购商城,,缺少标题的投诉内容也足够长,abc,飞上天,not-a-date,王五,13900004444\n",
    ]
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + GOOD[0] + bad[0] + GOOD[1] + bad[1], encoding="utf-8")
    with pytest.raises(CommandError, match="2 bad row"):
        run(path)
    assert Complaint.objects.count() == 0


def test_error_report_names_lines_and_problems(tmp_path, merchants, capsys):
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + GOOD[0] + "易购商城,,短,abc,飞上天,not-a-date,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--quiet-progress", stderr=err)
    report = err.getvalue()
    assert "line 3:" in report
    for problem in ("title is required", "narrative must be", "'abc' is not a number",
                    "unknown demand '飞上天'", "not-a-date"):
        assert problem in report


def test_skip_bad_imports_the_good_rows(tmp_path, merchants):
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + GOOD[0] + "无此商家,标题正常的一条,内容足够长的一段投诉内容,1,,,,\n"
                    + GOOD[1], encoding="utf-8")
    out, err = run(path, "--skip-bad")
    assert "2 imported" in out and "1 skipped" in out
    assert "line 3: unknown merchant '无此商家'" in err
    assert Complaint.objects.count() == 2


def test_reimport_does_not_duplicate(tmp_path, merchants):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "".join(GOOD), encoding="utf-8")
    run(path)
    out, _ = run(path)
    assert "0 imported, 2 already present" in out
    assert Complaint.objects.count() == 2


def test_gbk_csv_from_a_chinese_spreadsheet(tmp_path, merchants):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + "".join(GOOD)).encode("gbk"))
    out, _ = run(path)
    assert "2 imported" in out and "gb18030" in out
    assert "韩梅梅" in {c.consumer.name for c in Complaint.objects.select_related("consumer")}


def test_jsonl_with_malformed_line(tmp_path, merchants):
    rows = [
        {"merchant": "易购商城", "title": "快递丢件商家不管", "narrative": "快递显示签收但我没收到，商家让我找快递",
         "amount": 88, "demands": ["refund"], "external_id": "A-1"},
        "{not json",
        {"merchant": "速付钱包", "title": "被扣了不明费用", "narrative": "每个月被扣 9.9 元的会员费，我从没开通过",
         "external_id": "A-2"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                              for r in rows), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--quiet-progress", stderr=err)
    assert "line 2: malformed JSON" in err.getvalue()
    out, _ = run(path, "--skip-bad")
    assert "2 imported" in out
    assert Complaint.objects.filter(idempotency_key="ext:A-2").exists()


def test_file_level_errors(tmp_path, merchants):
    missing = tmp_path / "cols.csv"
    missing.write_text("商家,金额\n易购商城,1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing required column.*title.*narrative"):
        run(missing)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x80\x81\xff\xfe\x00" * 10)
    with pytest.raises(CommandError, match="neither UTF-8 nor GB18030"):
        run(binary)
    with pytest.raises(CommandError, match="unsupported file type"):
        run(tmp_path / "x.xlsx" if (tmp_path / "x.xlsx").write_text("x") else None)
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")
