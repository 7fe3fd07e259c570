#!/usr/bin/env python3
"""Crash safety: under load, hangvietd is killed with SIGKILL at random
moments, at least 20 times, and restarted; the lanes re-send every event that
was not acknowledged (from the first unacknowledged one, in order, as a
client's spool does). In the end every acknowledged event is in the journal
exactly once and the tallies equal the test's own recomputation."""
import signal
import threading

from event_model import Model, event_key
from hvtest import (SCALE, Client, Daemon, Journal, VALGRIND, done, eq, now_ms, nonzero, ok,
                    SRCDIR)

LANES = 4
KILLS = 3 if VALGRIND else 20
TOTAL = int(40_000 * max(SCALE, 0.05))
model = Model(7)
start = now_ms() - 3 * 24 * 3600 * 1000
streams = [model.lane_events(lane, TOTAL // LANES, start) for lane in range(1, LANES + 1)]

d = Daemon(catalog=f"{SRCDIR}/data/sample-catalog.csv",
           extra=["--province", "thai-nguyen", "--durability", "full"])
acked = [0] * LANES          # replies received: a prefix of each lane's stream
acked_keys = set()
errors = []
kills = 0
kills_in_flight = 0          # kills that found events sent but not yet answered
rounds = 0

while kills < KILLS or any(acked[i] < len(streams[i]) for i in range(LANES)):
    rounds += 1
    d.start()
    clients = [Client(d.endpoint, dealer=True, timeout_ms=100) for _ in range(LANES)]
    sent = list(acked)
    want_kill, timer = kills < KILLS, None
    # The kill comes a random few milliseconds after a random number of this
    # run's events were answered: at a random moment of the daemon's work,
    # spread over the stream, so that every kill finds events left to send
    # (a kill after a fixed time, on a fast machine, found the stream done).
    kill_after = sum(acked) + model.rng.randint(100, 1500)
    while d.proc.poll() is None:
        if want_kill and timer is None and sum(acked) >= min(kill_after, TOTAL - 1):
            timer = threading.Timer(model.rng.uniform(0, 0.01), d.proc.send_signal,
                                    (signal.SIGKILL,))
            timer.start()
        busy = False
        for i in range(LANES):
            while sent[i] < len(streams[i]) and sent[i] - acked[i] < 100:
                clients[i].send(dict(streams[i][sent[i]], id=sent[i]))
                sent[i] += 1
            while acked[i] < sent[i] and clients[i].sock.poll(0 if busy else 5):
                r = clients[i].recv()
                if r.get("id") != acked[i] or not r.get("ok"):
                    errors.append((i, acked[i], r))
                acked_keys.add(event_key(streams[i][acked[i]]))
                acked[i] += 1
                busy = True
        if not want_kill and all(acked[i] == len(streams[i]) for i in range(LANES)):
            break
    if want_kill:
        if timer is None:  # the daemon died on its own
            d.proc.send_signal(signal.SIGKILL)
        else:
            timer.join()
        d.proc.wait()
        kills += 1 if d.proc.returncode == -signal.SIGKILL else 0
        kills_in_flight += any(sent[i] > acked[i] for i in range(LANES))
    for c in clients:
        c.close()

ok(kills >= KILLS, f"killed with SIGKILL {kills} times over {rounds} runs")
ok(kills_in_flight >= KILLS // 2, f"{kills_in_flight} of the kills hit events in flight")
eq(errors[:3], [], "every reply, before and after the kills, accepted the event in order")
if d.proc.poll() is not None:
    d.start()  # after the last kill: the start counts what the checkpoint lacks
eq(d.stop(), 0, "the last run stops cleanly")
j = Journal(d.journal())
events = j.events()
keys = [(s, l, t, ln, o) for (s, l, t, ln, o, *_rest) in events]
eq(len(keys), len(set(keys)), "no event is in the journal twice")
eq(acked_keys - set(keys), set(), "every acknowledged event is in the journal")
eq(nonzero(j.tallies("total")), nonzero(model.total),
   "tallies equal the recomputation after the kills")
eq(nonzero(j.tallies("lane")), nonzero(model.lane), "per-lane tallies too")
done()
