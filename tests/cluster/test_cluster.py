"""The services shape end to end (issue #9): `scripts/cluster` with two backend instances, a
trading instance and its standby, PostgreSQL, Redis and nginx. The tests run in file order on one
cluster; the last two kill -9 processes of it."""
import datetime
import threading
import time
import uuid
from collections import Counter

import requests
import websocket

from conftest import Socket, call


def trade_updates_of(order_id):
    return lambda m: m.get("type") == "trade_update" and m["data"]["order"]["id"] == order_id


def test_order_through_nginx_fills_on_a_socket_held_by_backend_2(cluster):
    user_id, token = cluster.new_user(label="fill")
    socket = Socket(f"{cluster.backend_ws(2)}/api/ws/trading/{user_id}?token={token}")
    try:
        socket.ready()
        status, order = call(cluster.proxy, "POST", "/trading/orders",
                             {"symbol": "BTCUSD", "side": "buy", "type": "market", "qty": "0.01"}, token)
        assert status == 201, f"market order through nginx: {status} {order}"
        events = []
        deadline = time.time() + 15
        while "fill" not in [m["data"]["event"] for m in events]:
            message = socket.next(deadline)
            assert message is not None, f"no fill of order {order['id']} on backend-2 within 15 s; got {events}"
            if trade_updates_of(order["id"])(message):
                events.append(message)
    finally:
        socket.close()
    assert [m["data"]["event"] for m in events] == ["new", "fill"]
    fill = events[-1]
    assert fill["channel"] == f"trading.{user_id}"
    assert fill["data"]["fill"]["qty"] == "0.01" and fill["data"]["fill"]["symbol"] == "BTCUSD"
    assert fill["data"]["order"]["status"] == "filled"
    assert events[1]["seq"] == events[0]["seq"] + 1


def test_broadcast_reaches_users_on_both_backends(cluster):
    first, first_token = cluster.new_user(label="listener")
    second, second_token = cluster.new_user(label="listener")
    sockets = [Socket(f"{cluster.backend_ws(1)}/api/ws/notifications/{first}?token={first_token}"),
               Socket(f"{cluster.backend_ws(2)}/api/ws/notifications/{second}?token={second_token}")]
    try:
        for socket in sockets:
            socket.ready()
        text = f"cluster broadcast {uuid.uuid4().hex}"
        status, body = call(cluster.proxy, "POST", "/api/ws/push/broadcast", {"message": text}, cluster.admin_token())
        assert status == 202, f"broadcast through nginx: {status} {body}"
        for socket, user in zip(sockets, (first, second)):
            message = socket.wait_for(lambda m: m.get("type") == "broadcast" and m["data"]["message"] == text, 10,
                                      "the broadcast")
            assert message["channel"] == f"notifications.{user}"
    finally:
        for socket in sockets:
            socket.close()


def find_logs(cluster, base, **query):
    """GET /api/monitoring/logs on `base` with `query`; the records."""
    response = requests.get(base + "/api/monitoring/logs", params=query, timeout=10,
                            headers={"Authorization": "Bearer " + cluster.admin_token()})
    assert response.status_code == 200, f"GET /api/monitoring/logs {query}: {response.status_code} {response.text}"
    return response.json()


def deposit_and_find_its_log(cluster, number):
    """An admin deposit sent straight to backend-NUMBER (it logs "deposit by admin" with the user's
    id); returns that record as /api/monitoring/logs on the OTHER backend finds it."""
    user_id, _ = cluster.new_user(label=f"deposit{number}")
    since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    status, body = call(cluster.backend(number), "POST", f"/api/admin/accounts/{user_id}/deposit",
                        {"amount": "1234.56", "note": "cluster log test"}, cluster.admin_token())
    assert status == 200, f"deposit on backend-{number}: {status} {body}"
    other = cluster.backend(2 if number == 1 else 1)
    deadline = time.time() + 20
    while True:
        # The user's id is the text to find (it is in the record's metadata).
        records = find_logs(cluster, other, service="backend", level="info", q=user_id, since=since, limit=200)
        found = [r for r in records if r["message"] == "deposit by admin"]
        assert all(r["metadata"].get("user_id", "").lower() == user_id for r in found), found
        if found:
            assert len(found) == 1, f"the deposit was logged {len(found)} times: {found}"
            return found[0]
        assert time.time() < deadline, f"backend-{number}'s deposit log record not found on the other backend within 20 s; records: {records[:5]}"
        time.sleep(0.3)


def test_log_search_on_backend_1_finds_a_record_of_backend_2(cluster):
    record = deposit_and_find_its_log(cluster, 2)
    assert record["service"] == "backend"
    assert record["level"] == "info"
    assert record["message"] == "deposit by admin"
    # The same record through nginx, whichever instance answers.
    records = find_logs(cluster, cluster.proxy, service="backend", q="deposit by admin", limit=200)
    assert any(r["metadata"] == record["metadata"] for r in records)
    # And not under the trading service.
    records = find_logs(cluster, cluster.backend(1), service="trading", q="deposit by admin", limit=200)
    assert not any(r["metadata"] == record["metadata"] for r in records)


def test_log_records_tell_the_two_backend_instances_apart(cluster):
    """Both backends run on this host: a record's `instance` must still say which one wrote it,
    or the search cannot answer "which instance logged this"."""
    on_1 = deposit_and_find_its_log(cluster, 1)
    on_2 = deposit_and_find_its_log(cluster, 2)
    assert on_1["instance"] != on_2["instance"], \
        f"records of backend-1 and backend-2 carry the same instance {on_1['instance']!r}: {on_1} / {on_2}"


INTERVAL_JOBS = {"market_data_refresh": 5, "alert_check": 10, "system_health_check": 30}
# Each instance checks itself: these run at every due time on every backend, once each.
EVERY_INSTANCE_JOBS = {"alert_check", "system_health_check"}


def test_each_scheduled_run_happens_once_across_the_cluster(cluster):
    backend_pids = {cluster.pid("backend-1"), cluster.pid("backend-2")}
    # Enough runs to compare: the cluster has run at least 25 s, and each job ran at least
    # as often as its interval allows in the time since the start (less one for the phase).
    deadline = cluster.started_at + 60
    while True:
        elapsed = time.time() - cluster.started_at
        jobs = {}
        for job_id in INTERVAL_JOBS:
            status, job = call(cluster.proxy, "GET", f"/api/scheduler/jobs/{job_id}", token=cluster.admin_token())
            assert status == 200, f"GET /api/scheduler/jobs/{job_id}: {status} {job}"
            jobs[job_id] = job
        wanted = {job_id: max(1, int(min(elapsed, 45) // seconds) - 1) for job_id, seconds in INTERVAL_JOBS.items()}
        ran = {job_id: len([r for r in job["history"] if r["trigger"] == "schedule"]) for job_id, job in jobs.items()}
        if elapsed >= 25 and all(ran[j] >= wanted[j] for j in INTERVAL_JOBS):
            break
        assert time.time() < deadline, f"too few runs {ran} (wanted {wanted}) {elapsed:.0f} s after the start"
        time.sleep(0.5)

    instances = set()
    for job_id, job in jobs.items():
        runs = job["history"]
        key = (lambda r: (r["due_at"], r["instance_id"])) if job_id in EVERY_INSTANCE_JOBS else (lambda r: r["due_at"])
        due = Counter(key(r) for r in runs)
        twice = {at: n for at, n in due.items() if n > 1}
        assert not twice, f"{job_id}: occurrences run more than once: {twice}; runs: {[(r['due_at'], r['instance_id']) for r in runs]}"
        for run in runs:
            assert run["outcome"] != "failure", f"{job_id}: {run}"
            # instance_id is host-pid-random: the run belongs to one of the two backends.
            pid = int(run["instance_id"].split("-")[-2])
            assert pid in backend_pids, f"{job_id}: run by {run['instance_id']}, not a backend instance ({backend_pids})"
            instances.add(run["instance_id"])
        # Every occurrence since the first run happened: the due times are one interval apart.
        stamps = sorted({datetime.datetime.fromisoformat(r["due_at"].replace("Z", "+00:00")) for r in runs if r["trigger"] == "schedule"})
        gaps = {(b - a).total_seconds() for a, b in zip(stamps, stamps[1:])}
        assert gaps <= {float(INTERVAL_JOBS[job_id])}, f"{job_id}: due times not one interval apart: {[s.isoformat() for s in stamps]}"
    assert instances, "no runs"


def test_monitoring_is_the_same_through_either_backend(cluster):
    """Health reports and alerts live in PostgreSQL: each backend lists both instances, and a rule
    made through one backend is evaluated by the other, whose alert the first one shows."""
    token = cluster.admin_token()
    name = f"cluster rule {uuid.uuid4().hex[:8]}"
    status, rule = call(cluster.backend(1), "POST", "/api/monitoring/alerts", token=token,
                        body={"name": name, "metric": "ws_connections", "op": ">=", "threshold": "0", "severity": "info"})
    assert status == 201, f"create rule on backend-1: {status} {rule}"
    for number in (1, 2):
        for job in ("system_health_check", "alert_check"):
            deadline = time.time() + 20
            while True:
                status, body = call(cluster.backend(number), "POST", f"/api/scheduler/jobs/{job}/run", token=token)
                if status < 300:
                    break
                assert status == 409 and time.time() < deadline, f"run {job} on backend-{number}: {status} {body}"
                time.sleep(0.2)
    deadline = time.time() + 30
    while True:
        summaries = [call(cluster.backend(n), "GET", "/api/monitoring/health/summary", token=token) for n in (1, 2)]
        backends = [{s["instance"] for s in body["services"] if s["service"] == "backend" and s["status"] == "up"} for _, body in summaries]
        _, alerts = call(cluster.backend(1), "GET", "/api/monitoring/alerts", token=token)
        observers = {a.get("instance") for a in alerts["alerts"] if a["name"] == name and a["state"] == "firing"}
        if all(len(b) == 2 for b in backends) and len(observers) == 2:
            break
        assert time.time() < deadline, f"backends up per summary: {backends}; instances firing {name!r}: {observers}"
        time.sleep(0.5)
    assert backends[0] == backends[1]
    # Every service process: both backends (from their reports) and the trading role (asked over HTTP).
    status, metrics = call(cluster.backend(1), "GET", "/api/monitoring/metrics", token=token)
    assert status == 200, f"/api/monitoring/metrics: {status} {metrics}"
    services = Counter(p["service"] for p in metrics["processes"])
    assert services["backend"] == 2 and services["trading"] >= 1, f"processes: {metrics['processes']}"


class NotificationClient(threading.Thread):
    """A notifications socket through nginx that reconnects through nginx with last_seq after
    a close, recording every envelope."""

    def __init__(self, cluster, user_id, token):
        super().__init__(daemon=True)
        self.cluster = cluster
        self.user_id = user_id
        self.token = token
        self.stop = threading.Event()
        self.ready = threading.Event()
        self.envelopes = []
        self.connects = 0
        self.errors = []
        self.socket = None

    def url(self):
        url = f"{self.cluster.proxy_ws}/ws/notifications/{self.user_id}?token={self.token}"
        seqs = [m["seq"] for m in self.envelopes if "seq" in m]
        return url + (f"&last_seq={seqs[-1]}" if seqs else "")

    def numbers(self):
        return [int(m["data"]["body"]) for m in self.envelopes if m.get("type") == "notification"]

    def connect(self):
        while not self.stop.is_set():
            try:
                self.socket = Socket(self.url(), timeout=5)
                # With last_seq the missed messages come before the pong.
                self.envelopes.extend(self.socket.ready())
                self.connects += 1
                return True
            except (OSError, websocket.WebSocketException, AssertionError) as error:
                self.errors.append(f"connect: {error!r}")
                time.sleep(0.1)
        return False

    def run(self):
        if not self.connect():
            return
        self.ready.set()
        while not self.stop.is_set():
            try:
                message = self.socket.next(time.time() + 0.5)
            except (OSError, websocket.WebSocketException) as error:
                self.errors.append(f"read: {error!r}")
                self.socket.close()
                if not self.connect():
                    return
                continue
            if message is not None and message.get("type") != "pong":
                self.envelopes.append(message)
        self.socket.close()


def stats_connections(cluster, number):
    status, stats = call(cluster.backend(number), "GET", "/api/ws/stats", token=cluster.admin_token())
    assert status == 200, f"/api/ws/stats on backend-{number}: {status} {stats}"
    return stats["connections_per_kind"].get("notifications", 0)


def test_notification_streams_survive_kill_9_of_a_backend(cluster):
    users = [cluster.new_user(label="stream") for _ in range(3)]
    before = {n: stats_connections(cluster, n) for n in (1, 2)}
    clients = [NotificationClient(cluster, *users[i % len(users)]) for i in range(8)]
    for client in clients:
        client.start()
        assert client.ready.wait(15), f"client could not connect through nginx: {client.errors}"
    # nginx round-robins the handshakes: both instances hold some of the sockets.
    placed = {n: stats_connections(cluster, n) - before[n] for n in (1, 2)}
    assert placed[1] > 0 and placed[2] > 0 and placed[1] + placed[2] == len(clients), f"sockets per backend: {placed}"

    acknowledged = {user_id: [] for user_id, _ in users}
    uncertain = {user_id: [] for user_id, _ in users}
    pusher_errors = []
    killed = {}

    def push(number):
        for user_id, _ in users:
            try:
                status, body = call(cluster.proxy, "POST", "/api/ws/push/notification",
                                    {"user_id": user_id, "title": f"number {number}", "body": str(number)},
                                    cluster.admin_token(), timeout=5)
            except requests.RequestException as error:
                status, body = None, repr(error)
            if status == 202:
                acknowledged[user_id].append(number)
            else:
                # Lost with the instance that took it, or sent before it died: either is allowed,
                # never twice. (nginx does not resend a POST that reached an instance.)
                uncertain[user_id].append(number)
                pusher_errors.append((number, status, body))

    try:
        number = 0
        started = time.time()
        # Pushes every ~100 ms: ~2 s before the kill, ~4 s after.
        while True:
            number += 1
            push(number)
            if "at" not in killed and time.time() - started >= 2:
                assert all(c.numbers() for c in clients), "every client has a notification before the kill"
                killed["at"] = cluster.kill9("backend-2")
            if "at" in killed and time.time() - killed["at"] >= 4:
                break
            time.sleep(max(0.0, started + number * 0.1 - time.time()))
        last = number

        # Every client gets through to the last acknowledged number of its user.
        deadline = time.time() + 20
        for client in clients:
            want = max(acknowledged[client.user_id])
            while want not in client.numbers():
                assert time.time() < deadline, \
                    f"client of {client.user_id} stuck at {client.numbers()[-3:]} (wants {want}); errors {client.errors[-5:]}"
                time.sleep(0.05)
    finally:
        for client in clients:
            client.stop.set()
        for client in clients:
            client.join(10)

    assert sum(1 for n in acknowledged.values() for _ in n) >= len(users) * (last - 5), \
        f"too few pushes acknowledged: {pusher_errors}"
    for client in clients:
        envelopes = client.envelopes
        resets = [m for m in envelopes if m.get("type") == "reset"]
        assert not resets, f"client of {client.user_id} got a reset after {client.connects} connects: {resets}"
        assert all(m["channel"] == f"notifications.{client.user_id}" for m in envelopes)
        seqs = [m["seq"] for m in envelopes]
        gaps = [(a, b) for a, b in zip(seqs, seqs[1:]) if b != a + 1]
        assert not gaps, f"client of {client.user_id}: seqs not contiguous at {gaps} (connects {client.connects})"
        numbers = client.numbers()
        first = numbers[0]
        assert numbers == sorted(set(numbers)), f"client of {client.user_id}: numbers out of order or twice: {numbers}"
        expected = [n for n in acknowledged[client.user_id] if n >= first]
        missing = sorted(set(expected) - set(numbers))
        assert not missing, f"client of {client.user_id} missed acknowledged notifications {missing} (connects {client.connects})"
        extra = sorted(set(numbers) - set(acknowledged[client.user_id]) - set(uncertain[client.user_id]))
        assert not extra, f"client of {client.user_id} got notifications never pushed: {extra}"
    # Those on the killed instance came back through nginx, on the survivor.
    assert sum(c.connects for c in clients) >= len(clients) + placed[2], \
        f"connects {[c.connects for c in clients]}, {placed[2]} sockets were on backend-2"


def test_standby_takes_over_trading_after_kill_9(cluster):
    user_id, token = cluster.new_user(label="failover")
    prefix = uuid.uuid4().hex[:10]
    acked = {}        # client_order_id -> (order id, time of the 201)
    failures = []     # (client_order_id, status or error) of attempts that were retried
    killed = {}
    stop = threading.Event()
    errors = []

    def loop():
        sequence = 0
        while not stop.is_set():
            sequence += 1
            client_order_id = f"{prefix}-{sequence}"
            order = {"symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01", "limit_price": "1000.00",
                     "time_in_force": "gtc", "client_order_id": client_order_id}
            # The same attempt is retried with the same client_order_id until it is acknowledged.
            while not stop.is_set():
                try:
                    status, body = call(cluster.proxy, "POST", "/trading/orders", order, token, timeout=5)
                except requests.RequestException as error:
                    status, body = None, repr(error)
                if status == 201:
                    acked[client_order_id] = (body["id"], time.time())
                    break
                if status in (None, 502, 503, 504):
                    failures.append((client_order_id, status, body))
                    time.sleep(0.05)
                    continue
                errors.append((client_order_id, status, body))
                stop.set()
            time.sleep(0.02)

    worker = threading.Thread(target=loop, daemon=True)
    worker.start()
    try:
        deadline = time.time() + 15
        while len(acked) < 20:
            assert not errors, f"orders refused: {errors}"
            assert time.time() < deadline, f"only {len(acked)} orders acknowledged before the kill"
            time.sleep(0.05)
        killed_at = cluster.kill9("trading")
        # The next 201 after the kill: the standby has the lock, the books and the port.
        deadline = killed_at + 30
        while not any(at > killed_at for _, at in acked.values()):
            assert not errors, f"orders refused: {errors}"
            assert time.time() < deadline, f"no order acknowledged within 30 s of the kill; failures {failures[-5:]}"
            time.sleep(0.02)
        takeover = min(at for _, at in acked.values() if at > killed_at) - killed_at
        # A few more on the new active instance.
        count = len(acked)
        deadline = time.time() + 10
        while len(acked) < count + 10:
            assert time.time() < deadline, "orders stopped after the takeover"
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join(15)
    assert not errors, f"orders refused: {errors}"
    assert takeover <= 10, f"the standby took {takeover:.1f} s to acknowledge an order after the kill"
    assert "taking over" in cluster.log("trading-standby"), "the standby did not log its takeover"

    # Every acknowledged order is there, through nginx, once.
    ids = [order_id for order_id, _ in acked.values()]
    assert len(set(ids)) == len(ids), f"one order acknowledged for two attempts: {Counter(ids).most_common(3)}"
    for client_order_id, (order_id, _) in acked.items():
        status, body = call(cluster.proxy, "GET", f"/trading/orders/{order_id}", token=token)
        assert status == 200, f"acknowledged order {order_id} ({client_order_id}) lost: {status} {body}"
        assert body["client_order_id"] == client_order_id
        assert body["status"] == "new", f"order {order_id} should rest at 1000.00: {body}"
    status, orders = call(cluster.proxy, "GET", "/trading/orders?status=all&limit=500", token=token)
    assert status == 200, f"{status} {orders}"
    assert len(orders) < 500, "more orders than one page holds: the duplicate check below would be partial"
    per_attempt = Counter(o["client_order_id"] for o in orders)
    assert max(per_attempt.values()) == 1, f"an attempt placed twice: {per_attempt.most_common(3)}"
    assert set(acked) <= set(per_attempt)
    # The new active instance rebuilt its books from the database: cancel-all finds every
    # resting order there and releases all the cash they held.
    status, canceled = call(cluster.proxy, "DELETE", "/trading/orders", token=token)
    assert status == 200, f"cancel all after the takeover: {status} {canceled}"
    assert {o["id"] for o in canceled} >= set(ids), "acknowledged orders missing from the rebuilt books"
    assert all(o["status"] == "canceled" for o in canceled)
    status, account = call(cluster.proxy, "GET", "/api/account", token=token)
    assert status == 200 and account["reserved_cash"] == "0.00", f"{status} {account}"
    print(f"takeover {takeover:.2f} s; {len(acked)} orders acknowledged, {len(failures)} failed attempts retried, "
          f"{len(per_attempt) - len(acked)} stored unacknowledged")
