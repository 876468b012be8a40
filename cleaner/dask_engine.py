"""Run a batch on a Dask cluster: every worker runs the same ``clean_one`` as a local run.

Results come back in input order, so the written bytes are identical to a local run.
Dask is optional: ``pip install 'cleaner[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.batch import Item, Outcome, clean_one


class DaskUnavailable(RuntimeError):
    """Dask (with distributed) is not installed."""


def outcomes_on_dask(items: list[Item], scheduler: str | None = None,
                     workers: int = 2) -> Iterator[Outcome]:
    """Clean items on a Dask cluster (a local one unless ``scheduler`` gives an address)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskUnavailable("--engine dask needs Dask: pip install 'cleaner[dask]'") from exc
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = client.map(clean_one, items, pure=False)
        for future in futures:
            try:
                yield future.result()
            except Exception as exc:
                yield Outcome(future.key if isinstance(future.key, str) else "?", error=f"dask: {exc}")
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
