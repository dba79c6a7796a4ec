"""The app collects cycles on the GUI thread only."""

import gc

from pytestqt.qtbot import QtBot

from app.ui import gui_gc
from app.ui.app import create_application


def test_the_app_collects_cycles_on_its_own_timer(qtbot: QtBot) -> None:
    app = create_application([])
    collector = gui_gc.install(app)
    assert gui_gc.install(app) is collector  # once per application
    assert not gc.isenabled() and collector.timer.isActive()

    class Node:
        def __init__(self) -> None:
            self.me = self

    before = gc.get_count()[0]
    for _ in range(collector.threshold[0] + 10):
        Node()
    assert gc.get_count()[0] > before
    qtbot.waitUntil(lambda: gc.get_count()[0] < collector.threshold[0], timeout=3000)
