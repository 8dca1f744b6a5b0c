"""kill -9 the server while clients place orders; after a restart every acknowledged order is
there exactly once, retries return the first order, and the ledger still balances."""
import sqlite3
import threading
import time

from conftest import call


def register_and_login(base, email):
    status, _ = call(base, "POST", "/api/auth/register", {"email": email, "password": "correct horse battery"})
    assert status == 201
    status, tokens = call(base, "POST", "/api/auth/login", {"email": email, "password": "correct horse battery"})
    assert status == 200
    return tokens["access_token"]


def test_acknowledged_orders_survive_kill_9(server):
    tokens = [register_and_login(server.base, f"crash{n}@example.com") for n in range(4)]
    acked = {}  # client_order_id -> (token, order id)
    lock = threading.Lock()
    stop = threading.Event()

    def client(worker, token):
        sequence = 0
        while not stop.is_set():
            sequence += 1
            client_order_id = f"w{worker}-{sequence}"
            order = {"symbol": "BTCUSD", "side": "buy", "type": "limit", "qty": "0.01",
                     "limit_price": f"{1000 + sequence % 50}.00", "time_in_force": "gtc", "client_order_id": client_order_id}
            if sequence % 3 == 0:
                order["time_in_force"] = "ioc"
            try:
                status, body = call(server.base, "POST", "/trading/orders", order, token, timeout=10)
            except OSError:
                return  # the server died under us: unacknowledged, and that is allowed
            if status == 201:
                with lock:
                    acked[client_order_id] = (token, body["id"], order)

    threads = [threading.Thread(target=client, args=(n, tokens[n % len(tokens)])) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    server.kill9()
    stop.set()
    for thread in threads:
        thread.join()
    assert len(acked) > 50, f"the load should have placed orders before the kill ({len(acked)})"

    server.start()
    # Every acknowledged order is there, once, with what was acknowledged.
    for client_order_id, (token, order_id, _) in acked.items():
        status, body = call(server.base, "GET", f"/trading/orders/{order_id}", token=token)
        assert status == 200, f"acknowledged order {order_id} lost"
        assert body["client_order_id"] == client_order_id
    # A retry of an acknowledged order returns the first one rather than placing another.
    for client_order_id, (token, order_id, order) in list(acked.items())[:20]:
        status, body = call(server.base, "POST", "/trading/orders", order, token)
        assert status == 201 and body["id"] == order_id

    database = sqlite3.connect(f"{server.data_dir}/bourse.sqlite")
    duplicates = database.execute(
        "SELECT COUNT(*) FROM (SELECT user_id, client_order_id FROM orders WHERE client_order_id IS NOT NULL "
        "GROUP BY user_id, client_order_id HAVING COUNT(*) > 1)").fetchone()[0]
    assert duplicates == 0
    # Each account's ledger sums to its cash; reservations equal what open orders hold.
    for account_id, cash, reserved in database.execute("SELECT id, cash_micros, reserved_micros FROM accounts").fetchall():
        ledger = database.execute("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries WHERE account_id = ?", (account_id,)).fetchone()[0]
        assert ledger == cash, f"account {account_id}: ledger {ledger} != cash {cash}"
        held = database.execute(
            "SELECT COALESCE(SUM(reserved_micros), 0) FROM orders WHERE account_id = ? AND status IN ('new', 'partially_filled')",
            (account_id,)).fetchone()[0]
        assert held == reserved, f"account {account_id}: reserved {reserved} != open orders {held}"
    total = database.execute("SELECT COALESCE(SUM(amount_micros), 0) FROM ledger_entries").fetchone()[0]
    assert total == 0
    # The rebuilt books hold the open orders: cancel-all works on every one of them.
    for token in tokens:
        status, canceled = call(server.base, "DELETE", "/trading/orders", token=token)
        assert status == 200
        status, account = call(server.base, "GET", "/api/account", token=token)
        assert account["reserved_cash"] == "0.00"
