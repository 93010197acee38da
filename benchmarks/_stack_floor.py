"""A lower bound for the app's demo start, run by ``startup.py`` as ``python -m``.

It does what a demo start must do before its window shows the first workspace, with the
same libraries and the same import savings as the app's entry point, and nothing else:
PySide6 with its source scan skipped, asyncio on a qasync loop, httpx without its
command-line client, and the sandbox serving requests in the same process. It checks the demo key
(``/me``), lists the workspaces, fetches the first workspace's profiles, brand kits, hashtag
libraries, Studio templates and first page of posts at once, and shows the profiles and
posts in a plain list and table. None of the app's own code runs: no API client, models,
editor, AI panel, calendar or menus.

The app's start-up cannot be faster than this, so ``startup.py`` reports it next to the app:
the gap between the two is what the app's own code costs.
"""

from __future__ import annotations

import gc
import sys

# The same line start as benchmarks._common.START_MARKER, which is not imported because
# that module loads statistics and subprocess, which the app does not load at start.
START_MARKER = "Start-up complete"
POSTS_PER_PAGE = 50


def main() -> int:
    """Show the first demo workspace, print the start-up marker and return 0."""
    gc.disable()
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    from PySide6.QtWidgets import (
        QApplication,
        QListWidget,
        QMainWindow,
        QSplitter,
        QTableWidget,
        QTableWidgetItem,
    )

    from ocoya_desktop.ui.pyside_imports import skip_feature_source_scan

    skip_feature_source_scan()
    import asyncio

    import httpx
    import qasync

    from ocoya_desktop.sandbox import DEMO_API_KEY, create_app
    from ocoya_desktop.sandbox.transport import SandboxTransport

    gc.freeze()
    gc.enable()

    qt_app = QApplication(sys.argv[:1])
    window = QMainWindow()

    async def show_first_workspace() -> None:
        async with httpx.AsyncClient(
            transport=SandboxTransport(create_app()),
            base_url="http://demo.invalid/api/_public/v1",
            headers={"X-API-Key": DEMO_API_KEY},
        ) as http:
            (await http.get("/me")).raise_for_status()
            workspaces = (await http.get("/workspaces")).json()
            query = {"workspaceId": workspaces[0]["id"]}
            profiles, *_, posts = await asyncio.gather(
                http.get("/social-profiles", params=query),
                http.get("/brand-kits", params=query),
                http.get("/hashtag-libraries", params=query),
                http.get("/studio-templates", params=query),
                http.get("/post", params={**query, "page": 1, "perPage": POSTS_PER_PAGE}),
            )

        profile_list = QListWidget()
        profile_list.addItems([profile["name"] for profile in profiles.json()])
        groups = posts.json()
        table = QTableWidget(len(groups), 3)
        for row, group in enumerate(groups):
            captions = [post["caption"] for post in group["posts"]]
            texts = (captions[0], group["status"], group["scheduledAt"] or "")
            for column, text in enumerate(texts):
                table.setItem(row, column, QTableWidgetItem(text))

        splitter = QSplitter()
        splitter.addWidget(profile_list)
        splitter.addWidget(table)
        window.setCentralWidget(splitter)
        window.resize(1200, 720)

        window.show()
        window.repaint()
        print(START_MARKER + ": first workspace shown", flush=True)

    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(show_first_workspace())
    return 0


if __name__ == "__main__":
    sys.exit(main())
