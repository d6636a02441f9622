"""Two processes sweeping deadlines on one database at once: no step twice, none lost.

This is the scale-out configuration (several app/worker processes, one database, the
database job queue): a backlog of overdue complaints is swept by two separate processes
started at the same instant with the same clock. Each deadline step must be recorded once
— one escalation row and one timeline event — and every due step must be recorded by one
of them; the counts they report must add up to exactly the rows written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
TOUSU = str(Path(sys.executable).with_name("tousu"))
N = 300


def shell(env: dict, code: str, timeout: float = 300) -> subprocess.Popen:
    return subprocess.Popen([TOUSU, "shell", "-c", code], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def last_json(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_concurrent_sweeps_record_each_step_once(tmp_path):
    run = uuid.uuid4().hex[:8]
    env = {**os.environ, "TOUSU_DATA_DIR": str(tmp_path), "TOUSU_SUBMIT_PER_HOUR": "100000"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([TOUSU, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    setup = shell(env, (
        "import json\n"
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from tousu.accounts.models import User\n"
        "from tousu.complaints import services\n"
        "from tousu.merchants.models import Merchant\n"
        f"c = User.objects.create_user('sweep-{run}', role='consumer')\n"
        f"mod = User.objects.create_user('sweep-mod-{run}', role='moderator')\n"
        f"m = Merchant.objects.create(name='扩容测试商城-{run}', industry='ecommerce')\n"
        "ids = []\n"
        f"for i in range({N}):\n"
        "    at = timezone.now() - timedelta(days=5, minutes=i)\n"
        "    x, _ = services.submit(services.NewComplaint(merchant_id=m.pk, title=f'退款问题{i}',"
        " narrative='退货后商家一直不退款，要求尽快处理。', amount=99, demands=['refund']),"
        " user=c, now=at, auto_route=False)\n"
        "    services.transition(x.pk, user=mod, action='accept', now=at)\n"
        "    services.transition(x.pk, user=mod, action='forward', now=at)\n"
        "    ids.append(x.pk)\n"
        "print(json.dumps({'merchant': m.pk}))"))
    merchant = last_json(setup)["merchant"]
    start = time.time() + 4  # both begin at this instant, with the same clock
    sweeper = (
        "import json, time\n"
        "from datetime import datetime, timezone as tz\n"
        "from tousu.complaints.sla import sweep\n"
        f"now = datetime.fromtimestamp({start}, tz.utc)\n"
        f"time.sleep(max(0, {start} - time.time()))\n"
        "total = 0\n"
        "while True:\n"
        "    r = sweep(now, chunk=25, max_examined=50)\n"
        "    total += r.escalated\n"
        "    if r.examined == 0: break\n"
        "print(json.dumps({'escalated': total}))")
    a, b = shell(env, sweeper), shell(env, sweeper)
    reported = last_json(a)["escalated"] + last_json(b)["escalated"]
    check = (
        "import json\n"
        "from django.db.models import Count\n"
        "from tousu.complaints.models import Escalation, Event\n"
        f"esc = Escalation.objects.filter(merchant_id={merchant})\n"
        "rows = esc.count()\n"
        "per_step = dict(esc.values_list('step').annotate(n=Count('id')).order_by())\n"
        f"events = Event.objects.filter(kind='escalated', complaint__merchant_id={merchant})"
        ".count()\n"
        "dupes = esc.values('complaint_id', 'step').annotate(n=Count('id')).filter(n__gt=1)"
        ".count()\n"
        "print(json.dumps({'rows': rows, 'per_step': per_step, 'events': events,"
        " 'dupes': dupes}))")
    state = last_json(shell(env, check))
    assert state["dupes"] == 0
    assert state["rows"] == reported == state["events"]
    # Five days in with no answer: every complaint's response warning and breach are due.
    assert state["per_step"].get("response_warning") == N
    assert state["per_step"].get("response_breach") == N
