"""The text of the error a call raises, for fixtures that store the real library's wording."""


def message(fn):
    """Calls `fn` and returns the message of the exception it raises; fails if it raises none."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - any error: we store its text
        return str(e)
    raise AssertionError("expected an error")
