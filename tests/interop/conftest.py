"""Fixtures for the interop suite: the real `mlflow` client against a running Cairn server.

The server is started by `scripts/run-tests.ts` (once on SQLite, once on PostgreSQL) and its
URL arrives in MLFLOW_TRACKING_URI. Tests share that server, so each one works in its own
uniquely named experiment and never assumes an empty database.
"""

import os
import uuid

import mlflow
import pytest
from mlflow.tracking import MlflowClient


def pytest_configure(config):
    if not os.environ.get("MLFLOW_TRACKING_URI", "").startswith("http"):
        raise pytest.UsageError(
            "MLFLOW_TRACKING_URI must point at a running Cairn server; run `npm test`."
        )
    # A failing call must fail the test at once, not after minutes of client back-off.
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
    os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "20")


@pytest.fixture(scope="session")
def tracking_uri():
    uri = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
    mlflow.set_tracking_uri(uri)
    return uri


@pytest.fixture(scope="session")
def client(tracking_uri):
    return MlflowClient(tracking_uri)


@pytest.fixture()
def unique_name():
    return f"interop-{uuid.uuid4().hex[:12]}"


@pytest.fixture()
def experiment_id(tracking_uri, unique_name):
    """A fresh experiment made the fluent way, and set as the active one."""
    experiment = mlflow.set_experiment(unique_name)
    yield experiment.experiment_id
    while mlflow.active_run() is not None:
        mlflow.end_run()


@pytest.fixture(autouse=True)
def _no_leaked_runs():
    yield
    while mlflow.active_run() is not None:
        mlflow.end_run()
