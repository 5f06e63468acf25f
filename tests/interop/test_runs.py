"""Runs through the real client: fluent logging, nested runs, metrics and their history,
NaN values, tags, lifecycle, error codes, and a retried raw POST."""

import math
import sys
import time

import mlflow
import pytest
import requests
from mlflow.entities import Metric, Param, RunTag, ViewType
from mlflow.exceptions import MlflowException

MISSING_RUN_ID = "0" * 32


def test_fluent_run_logs_params_metrics_and_tags(client, experiment_id):
    with mlflow.start_run(run_name="fluent") as run:
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"optimizer": "adam", "epochs": 3})
        for step in range(3):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metrics({"acc": 0.9, "f1": 0.8}, step=2)
        mlflow.set_tag("owner", "interop")
        mlflow.set_tags({"kind": "smoke", "priority": "1"})
    run_id = run.info.run_id

    fetched = client.get_run(run_id)
    assert fetched.info.experiment_id == experiment_id
    assert fetched.info.run_name == "fluent"
    assert fetched.info.status == "FINISHED"
    assert fetched.info.end_time >= fetched.info.start_time
    assert fetched.info.artifact_uri.endswith(f"{run_id}/artifacts")
    assert fetched.data.params == {"lr": "0.01", "optimizer": "adam", "epochs": "3"}
    # runs/get carries the latest value per key: the one with the highest step.
    assert fetched.data.metrics == {"loss": pytest.approx(1 / 3), "acc": 0.9, "f1": 0.8}
    assert fetched.data.tags["owner"] == "interop"
    assert fetched.data.tags["kind"] == "smoke"
    assert fetched.data.tags["mlflow.runName"] == "fluent"


def test_metric_history_keeps_every_step(client, experiment_id):
    with mlflow.start_run() as run:
        for step in range(25):
            mlflow.log_metric("curve", step * step, step=step)
    history = client.get_metric_history(run.info.run_id, "curve")
    assert [m.step for m in history] == list(range(25))
    assert [m.value for m in history] == [float(s * s) for s in range(25)]
    assert all(m.timestamp > 0 for m in history)


def test_nested_runs(client, experiment_id):
    with mlflow.start_run(run_name="parent") as parent:
        with mlflow.start_run(run_name="child-a", nested=True) as child_a:
            mlflow.log_metric("score", 1)
        with mlflow.start_run(run_name="child-b", nested=True) as child_b:
            mlflow.log_metric("score", 2)
    parent_id = parent.info.run_id
    for child in (child_a, child_b):
        fetched = client.get_run(child.info.run_id)
        assert fetched.data.tags["mlflow.parentRunId"] == parent_id
    children = client.search_runs(
        [experiment_id], filter_string=f"tags.mlflow.parentRunId = '{parent_id}'"
    )
    assert sorted(r.info.run_name for r in children) == ["child-a", "child-b"]


def test_nan_and_infinite_metrics(client, experiment_id):
    with mlflow.start_run() as run:
        mlflow.log_metric("nan", float("nan"))
        mlflow.log_metric("inf", float("inf"))
        mlflow.log_metric("neg_inf", float("-inf"))
    metrics = client.get_run(run.info.run_id).data.metrics
    assert math.isnan(metrics["nan"])
    # MLflow's SQL store clamps infinities to the largest finite double; either is accepted.
    assert metrics["inf"] >= sys.float_info.max
    assert metrics["neg_inf"] <= -sys.float_info.max
    history = client.get_metric_history(run.info.run_id, "nan")
    assert len(history) == 1 and math.isnan(history[0].value)


def test_client_log_batch_and_tags(client, experiment_id):
    run = client.create_run(experiment_id, tags={"source": "client"})
    run_id = run.info.run_id
    now = int(time.time() * 1000)
    client.log_batch(
        run_id,
        metrics=[Metric("m", float(i), now + i, i) for i in range(100)],
        params=[Param("p", "v")],
        tags=[RunTag("t", "1")],
    )
    client.set_tag(run_id, "t", "2")
    client.delete_tag(run_id, "source")
    client.set_terminated(run_id, status="FAILED")

    fetched = client.get_run(run_id)
    assert fetched.info.status == "FAILED"
    assert fetched.data.metrics["m"] == 99.0
    assert fetched.data.params["p"] == "v"
    assert fetched.data.tags["t"] == "2"
    assert "source" not in fetched.data.tags
    assert len(client.get_metric_history(run_id, "m")) == 100


def test_param_values_are_immutable(client, experiment_id):
    run = client.create_run(experiment_id)
    client.log_param(run.info.run_id, "alpha", "1")
    client.log_param(run.info.run_id, "alpha", "1")  # same value again: a no-op
    with pytest.raises(MlflowException) as raised:
        client.log_param(run.info.run_id, "alpha", "2")
    assert raised.value.error_code == "INVALID_PARAMETER_VALUE"
    assert client.get_run(run.info.run_id).data.params["alpha"] == "1"


def test_update_delete_restore_run(client, experiment_id):
    run = client.create_run(experiment_id, run_name="before")
    run_id = run.info.run_id
    client.update_run(run_id, name="after")
    assert client.get_run(run_id).info.run_name == "after"

    client.delete_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "deleted"
    assert client.search_runs([experiment_id]) == []
    deleted = client.search_runs([experiment_id], run_view_type=ViewType.DELETED_ONLY)
    assert [r.info.run_id for r in deleted] == [run_id]
    with pytest.raises(MlflowException) as raised:
        client.log_metric(run_id, "late", 1.0)
    assert raised.value.error_code == "INVALID_PARAMETER_VALUE"

    client.restore_run(run_id)
    assert client.get_run(run_id).info.lifecycle_stage == "active"
    assert [r.info.run_id for r in client.search_runs([experiment_id])] == [run_id]


def test_missing_run_error_codes(client):
    with pytest.raises(MlflowException) as raised:
        client.get_run(MISSING_RUN_ID)
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as raised:
        client.log_metric(MISSING_RUN_ID, "m", 1.0)
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    with pytest.raises(MlflowException) as raised:
        client.create_run("987654321")
    assert raised.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_retried_create_run_post_makes_one_run(tracking_uri, client, experiment_id):
    """The client retries POSTs on 5xx and timeouts, so the server must treat a byte-identical
    create as the same request rather than a second run. (MLflow itself fails this one.)"""
    body = {
        "experiment_id": experiment_id,
        "start_time": int(time.time() * 1000),
        "run_name": "retried",
        "tags": [{"key": "attempt", "value": "x"}],
    }
    url = f"{tracking_uri}/api/2.0/mlflow/runs/create"
    first = requests.post(url, json=body, timeout=30)
    second = requests.post(url, json=body, timeout=30)
    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text
    assert first.json()["run"]["info"]["run_id"] == second.json()["run"]["info"]["run_id"]
    runs = client.search_runs([experiment_id], filter_string="attributes.run_name = 'retried'")
    assert len(runs) == 1


def test_retried_log_batch_post_does_not_duplicate_points(tracking_uri, client, experiment_id):
    run = client.create_run(experiment_id)
    body = {
        "run_id": run.info.run_id,
        "metrics": [
            {"key": "m", "value": float(i), "timestamp": 1_700_000_000_000 + i, "step": i}
            for i in range(10)
        ],
    }
    url = f"{tracking_uri}/api/2.0/mlflow/runs/log-batch"
    for _ in range(2):
        response = requests.post(url, json=body, timeout=30)
        assert response.status_code == 200, response.text
    assert len(client.get_metric_history(run.info.run_id, "m")) == 10


def test_error_body_shape_on_the_wire(tracking_uri):
    response = requests.get(
        f"{tracking_uri}/api/2.0/mlflow/runs/get", params={"run_id": MISSING_RUN_ID}, timeout=30
    )
    assert response.status_code == 404
    payload = response.json()
    assert payload["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    assert isinstance(payload["message"], str) and payload["message"]
