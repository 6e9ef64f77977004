"""Debian's Chromium and the flags it needs on these machines, in one place.

Without the background-networking flags Chromium keeps trying hosts this
closed network refuses; the rest make it run headless as root.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
