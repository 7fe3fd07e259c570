#!/usr/bin/env python3
"""syscalls.py TRACE UNIT: the system calls an strace -f log TRACE shows,
against UNIT's SystemCallFilter= lines (an allow list, then ~ deny lists),
with the groups expanded by `systemd-analyze syscall-filter`. Prints each
call the unit's filter would refuse and exits 1 if there is one: under
systemd that call would fail with EPERM (libzmq, for one, aborts when
sched_setscheduler does), so the service would not run as tested."""
import re
import subprocess
import sys


def groups():
    out = subprocess.run(["systemd-analyze", "syscall-filter"], capture_output=True,
                         text=True, check=True).stdout
    g, cur = {}, None
    for line in out.splitlines():
        if re.match(r"^@[a-z-]+$", line):
            cur = line
            g[cur] = []
        elif cur and line.strip() and not line.strip().startswith("#"):
            g[cur].append(line.strip())
    return g


def expand(names, g):
    out = set()
    for n in names:
        out |= expand(g.get(n, []), g) if n.startswith("@") else {n}
    return out


def main(trace, unit):
    used = set()
    with open(trace, errors="replace") as f:
        for line in f:
            m = re.match(r"^(?:\d+\s+)?([a-z_0-9]+)\(", line)
            if m:
                used.add(m.group(1))
    allow, deny = None, set()
    g = groups()
    with open(unit) as f:
        for line in f:
            m = re.match(r"^SystemCallFilter=(~?)(.*)$", line.strip())
            if m and m.group(1):
                deny |= expand(m.group(2).split(), g)
            elif m:
                allow = (allow or set()) | expand(m.group(2).split(), g)
    refused = sorted(c for c in used
                     if (allow is not None and c not in allow) or c in deny)
    # execve: the call that started the program, made before the filter
    # applies (systemd installs it in the child just before exec).
    refused = [c for c in refused if c != "execve"]
    print(f"{len(used)} system calls used; refused by the unit's filter: "
          f"{' '.join(refused) or 'none'}")
    return 1 if refused or not used else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
