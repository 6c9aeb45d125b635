"""Two processes setting keys at the same time: every set lands."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from pyomero.conf.store import ConfigStore

WRITER = """
import sys
from pathlib import Path
from pyomero.conf.store import ConfigStore

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = ConfigStore(path)
for i in range(count):
    store.set(f"test.{name}.{i}", str(i))
"""


def test_two_processes_setting_keys_concurrently_both_land(store: ConfigStore) -> None:
    count = 40
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(store.path), name, str(count)])
        for name in ("first", "second")
    ]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    properties = store.read()
    for name in ("first", "second"):
        for i in range(count):
            assert properties[f"test.{name}.{i}"] == str(i)


def test_threads_setting_keys_concurrently_all_land(store: ConfigStore) -> None:
    def write(name: str) -> None:
        own = ConfigStore(Path(store.path))
        for i in range(15):
            own.set(f"test.{name}.{i}", "x")

    threads = [threading.Thread(target=write, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.read()) == 4 * 15
