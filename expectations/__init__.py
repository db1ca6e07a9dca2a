"""Great Expectations suites (``suites/*.json``, one per table) and the code that runs them as
blocking Dagster asset checks. GX is imported lazily: it costs 2–3 s and every step process
of the multiprocess executor would pay it at import time."""
