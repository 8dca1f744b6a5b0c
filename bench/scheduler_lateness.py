#!/usr/bin/env python3
"""Helper for bench/scheduler-lateness.sh: trigger lateness of 1-second interval jobs.

Lateness is the moment a job's function starts minus the time it was due.

  scheduler_lateness.py apscheduler --out FILE [--interval 1] [--max-seconds N]
      Runs an APScheduler 3.x BackgroundScheduler with one IntervalTrigger job until SIGTERM
      (or --max-seconds) and appends one CSV line per occurrence to FILE:
      outcome,due_epoch,started_epoch  (outcome: run | missed | max_instances).

  scheduler_lateness.py report --db bourse.sqlite --job ID --apscheduler FILE --from T0 --to T1
      Reads Bourse's run history (table scheduler_runs: due_at vs started_at) and the
      APScheduler CSV, keeps the occurrences due in [T0, T1] (Unix seconds) and prints the table.

How the due and start times are taken, so the two figures mean the same thing:
  * Bourse: `due_at` is the occurrence's due time (a multiple of the interval since the epoch),
    `started_at` is the scheduler's clock read right after it claimed the occurrence's lease
    and just before it spawns the task running the body; both are wall-clock `Date()`s stored
    as Unix seconds (SQLiteNIO stores a Date as a REAL). So Bourse's lateness covers the wake-up
    of its loop and the lease claim (a SQLite transaction), not the body.
  * APScheduler: the job function's first statement reads `time.time()` and returns it; the
    EVENT_JOB_EXECUTED event carries that return value (`retval`) together with the
    occurrence's `scheduled_run_time`, so each start is paired with its own due time exactly
    (no matching by order, no thread-local guess). Lateness covers the scheduler thread's
    wake-up, the hand-off to the thread pool and the pool thread starting the function.
  * Both use the wall clock (`time.time()` / `Date()`) of the same machine.
  * Percentiles are nearest-rank: p99 of n samples is the ceil(0.99 n)-th smallest.
"""
import argparse
import csv
import datetime as dt
import math
import signal
import sqlite3
import sys
import threading
import time


def run_apscheduler(args):
    import apscheduler
    from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    if not apscheduler.__version__.startswith("3."):
        sys.exit(f"APScheduler 3.x expected, found {apscheduler.__version__}")

    out = open(args.out, "a", buffering=1)  # line-buffered: every occurrence is on disk at once
    lock = threading.Lock()

    def write(outcome, due, started=""):
        with lock:
            out.write(f"{outcome},{due:.6f},{started if started == '' else f'{started:.6f}'}\n")

    def probe():
        # The first thing the job does: read the clock. Returned so that the EXECUTED event
        # pairs it with this occurrence's scheduled_run_time.
        return time.time()

    def on_event(event):
        if event.code == EVENT_JOB_EXECUTED:
            write("run", event.scheduled_run_time.timestamp(), event.retval)
        elif event.code == EVENT_JOB_MISSED:
            write("missed", event.scheduled_run_time.timestamp())
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            for due in event.scheduled_run_times:
                write("max_instances", due.timestamp())

    # The same policy as Bourse's scheduler (SchedulerConfiguration defaults): missed
    # occurrences coalesced into one, at most one run of the job at a time, a 30 s misfire grace.
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(10)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 30},
        timezone=dt.timezone.utc,
    )
    scheduler.add_listener(on_event, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    scheduler.add_job(probe, IntervalTrigger(seconds=args.interval), id="lateness_probe")

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    scheduler.start()
    print(f"APScheduler {apscheduler.__version__}: job every {args.interval} s", file=sys.stderr, flush=True)
    stop.wait(args.max_seconds)
    scheduler.shutdown(wait=True)
    out.close()


def epoch(value):
    """A Date column as Unix seconds: SQLiteNIO writes REAL; accept ISO-8601 text as well."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).replace(" ", "T")
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.timestamp()


def bourse_runs(db, job):
    """(outcome, due, started) of the job's scheduled occurrences; admin run-nows excluded."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT outcome, due_at, started_at FROM scheduler_runs WHERE job_id = ? AND trigger = 'schedule'",
            (job,),
        ).fetchall()
    finally:
        connection.close()
    # A skipped occurrence (misfire or previous run still going) never started: started_at is
    # only when the skip was recorded.
    return [("run" if outcome != "skipped" else "skipped", epoch(due), epoch(started)) for outcome, due, started in rows]


def apscheduler_runs(path):
    with open(path, newline="") as f:
        return [(row[0], float(row[1]), float(row[2]) if row[2] else None) for row in csv.reader(f) if row]


def percentile(sorted_values, p):
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def lateness_ms(occurrences):
    """Ascending lateness in ms of the occurrences that ran."""
    return sorted((started - due) * 1000 for outcome, due, started in occurrences if outcome == "run")


def summarize(name, window):
    late = lateness_ms(window)
    not_run = sum(1 for o in window if o[0] != "run")
    if not late:
        return [name, "0", str(not_run), "-", "-", "-"]
    return [name, str(len(late)), str(not_run), f"{percentile(late, 50):.2f}", f"{percentile(late, 99):.2f}", f"{late[-1]:.2f}"]


def brief(late):
    if not late:
        return "none"
    return f"{len(late)} runs, p50 {percentile(late, 50):.2f} ms, max {late[-1]:.2f} ms"


def report(args):
    import apscheduler

    def in_window(occurrences):
        return [o for o in occurrences if args.start <= o[1] <= args.end]

    bourse = in_window(bourse_runs(args.db, args.job))
    aps = in_window(apscheduler_runs(args.apscheduler))
    header = ["scheduler", "runs", "not run", "p50 ms", "p99 ms", "max ms"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in (summarize("Bourse (SQLite)", bourse), summarize(f"APScheduler {apscheduler.__version__}", aps)):
        print("| " + " | ".join(row) + " |")
    expected = int(math.floor(args.end) - math.ceil(args.start)) + 1
    print(f"(about {expected} occurrences due in the window per scheduler; 'not run' = skipped or missed"
          " occurrences, left out of the percentiles)")
    # Bourse's interval due times are anchored to the epoch, so the probe is due in the same
    # second as the default jobs (market_data_refresh every 5 s, alert_check 10 s,
    # system_health_check 30 s, market_analysis 60 s); those are claimed one after another.
    shared = [o for o in bourse if round(o[1]) % 5 == 0]
    alone = [o for o in bourse if round(o[1]) % 5 != 0]
    print(f"Bourse, due with other default jobs (multiples of 5 s): {brief(lateness_ms(shared))};"
          f" due alone: {brief(lateness_ms(alone))}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    aps = commands.add_parser("apscheduler", help="run the APScheduler probe until SIGTERM")
    aps.add_argument("--out", required=True)
    aps.add_argument("--interval", type=float, default=1.0)
    aps.add_argument("--max-seconds", type=float, default=3600, help="safety stop if never signalled")
    rep = commands.add_parser("report", help="print the lateness table")
    rep.add_argument("--db", required=True)
    rep.add_argument("--job", default="lateness_probe")
    rep.add_argument("--apscheduler", required=True)
    rep.add_argument("--from", dest="start", type=float, required=True)
    rep.add_argument("--to", dest="end", type=float, required=True)
    args = parser.parse_args()
    run_apscheduler(args) if args.command == "apscheduler" else report(args)


if __name__ == "__main__":
    main()
