"""Try the kiosk the way a museum technician would, unattended, in a virtual X display.

Starts Xvfb (``--display``, 1920x1080), the kiosk in it (fullscreen, the real story, a
throwaway config with a short idle timeout, its own log and usage file), and for
``--minutes`` plays visitors with xdotool: a click starts a session, some visitors touch
again, some press Escape or Alt+F4 (which must do nothing), most walk away (the "Still
there?" countdown and the reset). Every ``--sample-s`` seconds it records the kiosk's
resident memory, its thread count and its CPU time; at the end it opens the operator panel
(F12 five times, the PIN, a click on Quit) and checks the kiosk exits with status 0. Prints
the samples and a summary (growth per hour after the first sample), and writes
``samples.csv``, screenshots and the kiosk's log into ``--out``. Needs Xvfb and xdotool
(``apt-get install -y xvfb xdotool``). Run it at low priority on a shared machine:

    nice -n 19 .venv/bin/python deploy/try_kiosk_xvfb.py --minutes 20 --out /tmp/kiosk-run
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WIDTH_PX, HEIGHT_PX = 1920, 1080
PIN = "2468"


def proc_figures(pid: int) -> tuple[float, int, float]:
    """Resident MB, threads, CPU seconds of process ``pid``."""
    rss_kb = threads = 0
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    cpu_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss_kb / 1024, threads, cpu_s


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--sample-s", type=float, default=30.0)
    parser.add_argument("--display", default=":8")
    parser.add_argument("--out", type=Path, default=Path("/tmp/kiosk-run"))
    parser.add_argument("--idle-timeout-s", type=int, default=20)
    parser.add_argument("--kiosk-arg", action="append", default=[], help="extra kiosk option")
    parser.add_argument(
        "--prefix", default="",
        help="a command the kiosk runs under, e.g. 'heaptrack -o /tmp/kiosk.heaptrack' "
        "(the RSS samples are then the wrapper's; malloc.csv stays the kiosk's)",
    )  # fmt: skip
    parser.add_argument(
        "--no-visitors", action="store_true",
        help="nobody touches the screen: only the attract loop runs (bisecting memory growth)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    out = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    config = out / "kiosk.toml"
    config.write_text(
        f"idle_timeout_s = {args.idle_timeout_s}\ncountdown_s = 5\n"
        'opening_time = "00:00"\nclosing_time = "23:59"\nnightly_restart_time = "04:30"\n'
    )
    env = dict(os.environ, DISPLAY=args.display, XDG_CACHE_HOME=str(out / "cache"))
    env.pop("WAYLAND_DISPLAY", None)
    # glibc's own figures every 10 s (game.kiosk.memtrace): RSS hides a slow C-level leak
    env.setdefault("PINS_KIOSK_MEMTRACE", str(out / "malloc.csv"))
    xvfb = subprocess.Popen(
        ["Xvfb", args.display, "-screen", "0", f"{WIDTH_PX}x{HEIGHT_PX}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=open(out / "xvfb.log", "w"),  # noqa: SIM115 - open while Xvfb runs
    )
    time.sleep(2.0)
    # the numba cache stays where the developer's is (a cold compile is not what we measure)
    if "NUMBA_CACHE_DIR" in os.environ:
        env["NUMBA_CACHE_DIR"] = os.environ["NUMBA_CACHE_DIR"]
    kiosk_cmd = [
        *shlex.split(args.prefix), sys.executable, "-m", "game.kiosk", "--config", str(config),
        "--log-dir", str(out / "logs"), "--db", str(out / "usage.sqlite3"),
        "--size", f"{WIDTH_PX}x{HEIGHT_PX}", *args.kiosk_arg,
    ]  # fmt: skip
    kiosk_out = open(out / "kiosk.out", "w")  # noqa: SIM115 - open while the kiosk runs
    kiosk = subprocess.Popen(
        kiosk_cmd, cwd=REPO, env=env, stdout=kiosk_out, stderr=subprocess.STDOUT
    )

    def xdo(*words: str) -> None:
        subprocess.run(["xdotool", *words], env=env, check=False, capture_output=True)

    def shot(name: str) -> None:
        subprocess.run(
            ["import", "-window", "root", str(out / name)], env=env, check=False,
            capture_output=True,
        )  # fmt: skip

    samples: list[tuple[float, float, int, float, str]] = []
    start = time.monotonic()
    end = start + args.minutes * 60
    next_sample = start + 60.0  # the first sample once the nerve is built and running
    visitor = 0
    next_visitor = float("inf") if args.no_visitors else start + 45.0
    status = None
    try:
        while time.monotonic() < end:
            if kiosk.poll() is not None:
                status = kiosk.returncode
                print(f"the kiosk exited early with status {status}")
                break
            now = time.monotonic()
            if now >= next_visitor:
                visitor += 1
                xdo("mousemove", str(WIDTH_PX // 2), str(HEIGHT_PX // 2), "click", "1")
                if visitor % 4 == 1:
                    time.sleep(8.0)
                    xdo("key", "Escape")  # a visitor trying to get out: nothing happens
                    xdo("key", "alt+F4")
                    xdo("click", "1")
                elif visitor % 4 == 2:
                    time.sleep(5.0)
                    xdo("keydown", "space")  # crosses the legs in the story
                    time.sleep(6.0)
                    xdo("keyup", "space")
                if visitor in (1, 3):
                    time.sleep(3.0)
                    shot(f"visitor_{visitor}.png")
                # then they walk away: idle timeout, "Still there?", reset; the next comes later
                next_visitor = time.monotonic() + args.idle_timeout_s + 5 + 25
            if now >= next_sample:
                rss_mb, threads, cpu_s = proc_figures(kiosk.pid)
                t_min = (now - start) / 60
                samples.append((t_min, rss_mb, threads, cpu_s, ""))
                print(f"{t_min:6.1f} min  RSS {rss_mb:7.1f} MB  threads {threads:3d}  CPU {cpu_s:7.1f} s",
                      flush=True)  # fmt: skip
                next_sample += args.sample_s
            time.sleep(0.5)
        if status is None:
            shot("before_quit.png")
            for _ in range(5):
                xdo("key", "F12")
                time.sleep(0.2)
            time.sleep(1.0)
            for digit in PIN:
                xdo("key", digit)
            xdo("key", "Return")
            time.sleep(2.0)
            shot("operator_panel.png")
            # "Quit the exhibit": aspect2d (0.4, -0.76) on a 16:9 screen
            xdo("mousemove", str(int(WIDTH_PX / 2 + 0.4 * HEIGHT_PX / 2)),
                str(int(HEIGHT_PX / 2 + 0.76 * HEIGHT_PX / 2)), "click", "1")  # fmt: skip
            try:
                status = kiosk.wait(60)
            except subprocess.TimeoutExpired:
                status = None
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        xvfb.terminate()
        xvfb.wait()
    with (out / "samples.csv").open("w") as handle:
        handle.write("minutes,rss_mb,threads,cpu_s\n")
        for t_min, rss_mb, threads, cpu_s, _ in samples:
            handle.write(f"{t_min:.2f},{rss_mb:.1f},{threads},{cpu_s:.1f}\n")
    if len(samples) >= 2:
        (t0, r0, th0, c0, _), (t1, r1, th1, c1, _) = samples[0], samples[-1]
        hours = (t1 - t0) / 60
        print(
            f"{visitor} visitors in {args.minutes:g} min; RSS {r0:.1f} -> {r1:.1f} MB "
            f"({(r1 - r0) / hours:+.1f} MB/h), max {max(s[1] for s in samples):.1f} MB; "
            f"threads {th0} -> {th1} (max {max(s[2] for s in samples)}); "
            f"CPU {(c1 - c0) / ((t1 - t0) * 60) * 100:.0f}% of a core"
        )
    inuse = _malloc_in_use(out / "malloc.csv")
    if inuse is not None:
        print(f"glibc in use (game.kiosk.memtrace): {inuse[0]:.1f} -> {inuse[1]:.1f} MB "
              f"(max {inuse[2]:.1f}), from the first minute's last sample to the end")  # fmt: skip
    print(f"operator quit: exit status {status}")
    return 0 if status == 0 else 1


def _malloc_in_use(path: Path) -> tuple[float, float, float] | None:
    """(in use after the first minute, at the end, the most) in MB from the sampler's CSV."""
    try:
        rows = [line.split(",") for line in path.read_text().splitlines()[1:]]
    except OSError:
        return None
    samples = [(float(row[0]), float(row[2])) for row in rows if len(row) >= 3]
    if len(samples) < 3:
        return None
    warm = [mb for wall_s, mb in samples if wall_s <= samples[0][0] + 60.0]
    return warm[-1], samples[-1][1], max(mb for _, mb in samples)


if __name__ == "__main__":
    sys.exit(main())
