"""The demo network: one story shared by every feature (see docs/demo.md)."""


def load_demo(once: bool = False, stdout=None) -> bool:
    """Load the demo data; returns False when --once finds it already loaded."""
    return False
