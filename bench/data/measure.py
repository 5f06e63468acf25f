"""Runs one command and records its wall time and peak RSS.

Usage: python3 measure.py <result.json> -- <command> [args...]

The command inherits stdin/stdout/stderr. Peak RSS is ru_maxrss of the waited-for children
(Linux reports KiB): the largest single process among the command and the descendants it
waited for, which is what "how much memory did this command need" means for both a Python
CLI and a Node CLI with worker threads (threads share their process's RSS).
"""

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    result_file, command = sys.argv[1], sys.argv[3:]
    started = time.perf_counter()
    code = subprocess.call(command)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_file, "w", encoding="utf-8") as out:
        json.dump(
            {
                "seconds": seconds,
                "maxRssKiB": usage.ru_maxrss,
                "userSeconds": usage.ru_utime,
                "systemSeconds": usage.ru_stime,
                "exitCode": code,
            },
            out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
