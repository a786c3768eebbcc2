"""Background work of matching: recompute every city's recommendations."""

from django_tasks import task

from strongcities.matching import services


@task()
def recompute_matches() -> dict:
    """Recompute the stored matches (enqueued by services.request_recompute and nightly)."""
    # From here on, a change of an input enqueues another run: nothing is left stale.
    services.start_queued_run()
    run = services.recompute_all()
    return {
        "cities": run.cities_done,
        "practices": run.practices_considered,
        "seconds": run.seconds,
    }
