# Runs commands as child processes and reports each run's CPU time and peak memory, which node's
# child_process does not expose: os.wait4 returns the child's rusage (user and system time in
# microseconds, ru_maxrss in KB on Linux, bytes on macOS). Used by scripts/bench.mjs.
#
# stdin: {"commands": [[argv...], ...], "rounds": N}
# Each round runs every command once; the order rotates from round to round so no command always
# runs first (paired runs under the same machine load). Children's stdout/stderr go to /dev/null.
# stdout: {"runs": [[{"wall_ms", "user_ms", "sys_ms", "maxrss_kb", "minflt", "status"}, ... per round], ... per command]}
# minflt (page faults served without I/O) counts the memory a run touches for the first time: it hardly moves with
# the machine's load, where CPU time does, and on a VM each fault is costly (README, "Performance").
import json
import os
import sys
import time

spec = json.load(sys.stdin)
commands = spec["commands"]
rounds = int(spec["rounds"])
rss_unit_kb = 1 / 1024 if sys.platform == "darwin" else 1
runs = [[] for _ in commands]
devnull = os.open(os.devnull, os.O_RDWR)

for r in range(rounds):
    for k in range(len(commands)):
        i = (k + r) % len(commands)
        argv = commands[i]
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            try:
                os.dup2(devnull, 0)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                os.execvp(argv[0], argv)
            finally:
                os._exit(127)
        _, status, ru = os.wait4(pid, 0)
        wall = (time.perf_counter() - started) * 1000
        runs[i].append({
            "wall_ms": wall,
            "user_ms": ru.ru_utime * 1000,
            "sys_ms": ru.ru_stime * 1000,
            "maxrss_kb": ru.ru_maxrss * rss_unit_kb,
            "minflt": ru.ru_minflt,
            "status": os.waitstatus_to_exitcode(status),
        })

json.dump({"runs": runs}, sys.stdout)
